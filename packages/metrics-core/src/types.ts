import type { INSTRUMENTATION_ERROR_REASONS, OBSKIT_COMPONENTS } from '@obskit/catalog';

/** A trace reference attached to a histogram observation; rendered as `{trace_id, span_id}`. */
export interface Exemplar {
  readonly traceId: string;
  readonly spanId: string;
}

/** Label values of an observation; missing or empty values leave the label out of the series. */
export type LabelValues<L extends string> = Partial<Record<L, string | number>>;

/** A counter whose calls never throw: bad values are dropped, logged once and counted. */
export interface GuardedCounter<L extends string> {
  /** Metric name as registered. */
  readonly name: string;
  /** Adds `value` (default 1); negative or non-finite values are dropped. */
  inc(labels?: LabelValues<L>, value?: number): void;
}

/** A gauge whose calls never throw. */
export interface GuardedGauge<L extends string> {
  readonly name: string;
  set(labels: LabelValues<L>, value: number): void;
  inc(labels?: LabelValues<L>, value?: number): void;
  dec(labels?: LabelValues<L>, value?: number): void;
  /**
   * Calls `callback` each time the gauge is collected (every scrape, before its value is read), so
   * a hot path can count in plain variables and apply the change there, e.g. requests in flight.
   * A callback that throws is reported and the others still run. Returns a function that removes it.
   */
  onCollect(callback: () => void): () => void;
}

/** A histogram whose calls never throw; exemplars are kept when the registry speaks OpenMetrics. */
export interface GuardedHistogram<L extends string> {
  readonly name: string;
  observe(labels: LabelValues<L>, value: number, exemplar?: Exemplar): void;
  /**
   * Starts a timer; the returned function observes the elapsed seconds with the start and end labels
   * merged, and returns them.
   */
  startTimer(labels?: LabelValues<L>): (endLabels?: LabelValues<L>, exemplar?: Exemplar) => number;
  /**
   * The series of one label set, resolved through the label guard once (allow-lists, patterns, the
   * series limit): observing on it skips the label lookup of {@link GuardedHistogram.observe}. Keep
   * it for label sets you observe again and again. A label set past the series limit is resolved on
   * each observation, so every one of them is counted as folded.
   */
  labels(labels: LabelValues<L>): BoundHistogram;
}

/** One series of a {@link GuardedHistogram}; its calls never throw. */
export interface BoundHistogram {
  observe(value: number, exemplar?: Exemplar): void;
}

/** A summary whose calls never throw. */
export interface GuardedSummary<L extends string> {
  readonly name: string;
  observe(labels: LabelValues<L>, value: number): void;
}

/** Components that report instrumentation problems (the catalog's `component` label values). */
export type ObskitComponent = (typeof OBSKIT_COMPONENTS)[number];

/** Why an observation was dropped or a collector left out (the catalog's `reason` label values). */
export type InstrumentationErrorReason = (typeof INSTRUMENTATION_ERROR_REASONS)[number];

/**
 * A prom-client registry of either exposition format. obskit's own name for it, so that a later move
 * to another client library changes one line.
 */
export type MetricsRegistry = import('prom-client').Registry<import('prom-client').RegistryContentType>;
