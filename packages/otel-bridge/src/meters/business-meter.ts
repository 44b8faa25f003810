import { createBusinessHelpers, type BusinessHelpers } from '@obskit/metrics-core';
import type { Meter } from '@opentelemetry/api';
import { createOtelInstruments, type OtelInstrumentsOptions } from '../domain/otel-instruments.js';

/**
 * metrics-core's business helpers (`BusinessHelpers`) recording through the OpenTelemetry API, under
 * the catalog's names: sessions, feature use, experiments and business operations.
 */
export type BusinessMeter = BusinessHelpers;

/** Creates the business helpers on `meter`, over {@link createOtelInstruments}. */
export function createBusinessMeter(meter: Meter, options: OtelInstrumentsOptions = {}): BusinessMeter {
  return createBusinessHelpers(createOtelInstruments(meter, options));
}
