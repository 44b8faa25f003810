import { METRICS } from '@obskit/catalog';
import type { Meter } from '@opentelemetry/api';
import { catalogCounter, catalogHistogram, catalogUpDownCounter } from './instruments.js';

/** Business metrics through the OpenTelemetry API, under the catalog's names. */
export interface BusinessMeter {
  /** A user session started: started +1, active +1. */
  sessionStarted(): void;
  /** A user session ended: active −1; its length is recorded when given. */
  sessionEnded(durationSeconds?: number): void;
  featureUsed(feature: string): void;
  exposure(experiment: string, variant: string): void;
  /** Conversions attributed to `variant` of `experiment`. @defaultValue count 1 */
  conversion(experiment: string, variant: string, count?: number): void;
  /** A business operation by outcome: the input of availability SLOs. */
  operation(name: string, outcome: 'success' | 'failure'): void;
}

/** Creates the business instruments on `meter`. */
export function createBusinessMeter(meter: Meter): BusinessMeter {
  const b = METRICS.business;
  const active = catalogUpDownCounter(meter, b.sessionsActive);
  const started = catalogCounter(meter, b.sessionsStarted);
  const sessionDuration = catalogHistogram(meter, b.sessionDuration);
  const features = catalogCounter(meter, b.featureUsage);
  const exposures = catalogCounter(meter, b.experimentExposures);
  const conversions = catalogCounter(meter, b.experimentConversions);
  const operations = catalogCounter(meter, b.operations);
  return {
    sessionStarted() {
      started.add(1);
      active.add(1);
    },
    sessionEnded(durationSeconds) {
      active.add(-1);
      if (durationSeconds !== undefined) sessionDuration.record(durationSeconds);
    },
    featureUsed(feature) {
      features.add(1, { feature });
    },
    exposure(experiment, variant) {
      exposures.add(1, { experiment, variant });
    },
    conversion(experiment, variant, count = 1) {
      conversions.add(count, { experiment, variant });
    },
    operation(operation, outcome) {
      operations.add(1, { operation, outcome });
    },
  };
}
