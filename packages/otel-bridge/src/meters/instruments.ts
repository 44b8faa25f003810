import type { MetricDef } from '@obskit/catalog';
import type { Counter, Gauge, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import { otelInstrumentOf } from '../naming/catalog-instruments.js';

/** Creates the OTel histogram of a catalog histogram, with the catalog's buckets as advice. */
export function catalogHistogram(meter: Meter, def: MetricDef): Histogram {
  const { name, unit } = otelInstrumentOf(def);
  return meter.createHistogram(name, {
    unit,
    description: def.help,
    advice: def.buckets ? { explicitBucketBoundaries: [...def.buckets] } : undefined,
  });
}

/** Creates the OTel counter of a catalog counter. */
export function catalogCounter(meter: Meter, def: MetricDef): Counter {
  const { name, unit } = otelInstrumentOf(def);
  return meter.createCounter(name, { unit, description: def.help });
}

/** Creates the OTel up-down counter of a catalog gauge that goes up and down (in-flight counts). */
export function catalogUpDownCounter(meter: Meter, def: MetricDef): UpDownCounter {
  const { name, unit } = otelInstrumentOf(def);
  return meter.createUpDownCounter(name, { unit, description: def.help });
}

/** Creates the OTel synchronous gauge of a catalog gauge that is set (`@opentelemetry/api` 1.9). */
export function catalogGauge(meter: Meter, def: MetricDef): Gauge {
  const { name, unit } = otelInstrumentOf(def);
  return meter.createGauge(name, { unit, description: def.help });
}
