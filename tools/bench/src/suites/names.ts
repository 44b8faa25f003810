/**
 * Names of the metrics the benchmark itself creates (not catalog metrics: the catalog only holds what
 * obskit emits). Defined once here and imported by every suite.
 */
export const BENCH_COUNTER = {
  name: 'bench_record_operations_total',
  help: 'Operations recorded by the benchmark, as a count.',
} as const;

export const BENCH_HISTOGRAM = {
  name: 'bench_record_duration_seconds',
  help: 'Durations observed by the benchmark, in seconds.',
} as const;

export const BENCH_MEMORY_COUNTER = {
  name: 'bench_memory_offers_total',
  help: 'Label values offered by the memory benchmark, as a count.',
} as const;

/** Label names of the record suite, taken in order: 0, 1, 3 or 6 of them. */
export const BENCH_LABELS = ['route', 'method', 'status', 'tier', 'region', 'model'] as const;

/** Name of the OpenTelemetry histogram of the otel suite, and its attribute. */
export const BENCH_OTEL_INSTRUMENT = 'bench.request.duration';
export const BENCH_OTEL_ATTRIBUTE = 'bench.key';
