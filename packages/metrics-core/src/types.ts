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
