import type { LabelsOf, MetricDef } from '@obskit/catalog';
import type { ReportError } from '../internal/error-reporter.js';
import type { BoundCounter, BoundGauge } from '../internal/guarded.js';
import type { PriceTable } from '../pricing.js';
import type { BoundHistogram, Exemplar, LabelValues } from '../types.js';

export type { BoundCounter, BoundGauge } from '../internal/guarded.js';
export type { ReportError } from '../internal/error-reporter.js';

/**
 * A counter as the domain helpers use it. Implementations never throw: a negative or non-finite
 * increment is dropped and reported.
 */
export interface DomainCounter<L extends string> {
  /** Adds `value` (default 1) to the series of `labels`; missing or empty values leave a label out. */
  inc(labels?: LabelValues<L>, value?: number): void;
  /** The series of one label set, resolved once, for label sets recorded again and again. */
  labels(labels: LabelValues<L>): BoundCounter;
}

/**
 * A gauge as the domain helpers use it: either set (`set`, `labels().set`) or moved (`inc`, `dec`),
 * never both for one metric. Implementations never throw.
 */
export interface DomainGauge<L extends string> {
  /** Sets the series of `labels` to `value`; a non-finite value is dropped and reported. */
  set(labels: LabelValues<L>, value: number): void;
  /** Adds `value` (default 1) to the series of `labels`. */
  inc(labels?: LabelValues<L>, value?: number): void;
  /** Subtracts `value` (default 1) from the series of `labels`. */
  dec(labels?: LabelValues<L>, value?: number): void;
  /** The series of one label set, resolved once, for label sets set again and again. */
  labels(labels: LabelValues<L>): BoundGauge;
  /**
   * Calls `callback` each time the gauge is collected, before its values are read; absent where
   * values are not read at collection (OpenTelemetry's synchronous Gauge). Returns its remover.
   */
  onCollect?(callback: () => void): () => void;
}

/** A histogram as the domain helpers use it. Implementations never throw. */
export interface DomainHistogram<L extends string> {
  /** Observes `value`; `exemplar` links it to a trace where the implementation keeps exemplars. */
  observe(labels: LabelValues<L>, value: number, exemplar?: Exemplar): void;
  /** The series of one label set, resolved once, for label sets observed again and again. */
  labels(labels: LabelValues<L>): BoundHistogram;
}

/**
 * What the domain helpers (`createAgentHelpers`, `createTaskHelpers`, …) are built from: a handle per
 * catalog metric, a reporter, a clock and a price table. `createMetrics` implements it over
 * metrics-core's guarded store handles; @obskit/otel-bridge's `createOtelInstruments` over an
 * OpenTelemetry `Meter`. The helpers' behaviour (pricing, recovery time, task states) is written once,
 * over this interface.
 *
 * @example
 * const agents = createAgentHelpers(myInstruments);
 * agents.recordOperation({ agent: 'planner', operation: 'chat', provider: 'openai',
 *   requestModel: 'gpt-4o', status: 'success', durationSeconds: 1.2, inputTokens: 800 });
 */
export interface DomainInstruments {
  /** The counter of a catalog counter. */
  counter<M extends MetricDef>(def: M): DomainCounter<LabelsOf<M>>;
  /** The gauge of a catalog gauge. */
  gauge<M extends MetricDef>(def: M): DomainGauge<LabelsOf<M>>;
  /** The histogram of a catalog histogram, with the catalog's buckets. */
  histogram<M extends MetricDef>(def: M): DomainHistogram<LabelsOf<M>>;
  /** Where the helpers report a value they dropped (counted and logged once); never throws. */
  readonly report: ReportError;
  /** Milliseconds since the Unix epoch. */
  readonly clock: () => number;
  /** USD per 1k tokens by provider and model, for `obskit_agent_cost_usd_total`. */
  readonly prices?: PriceTable;
}

/** The name the domain modules use for {@link DomainInstruments}. */
export type Instruments = DomainInstruments;

/** Runs `fn` (sync or async) and hands its outcome to `settle`, then returns or rethrows. */
export async function settled<T>(
  fn: () => Promise<T> | T,
  settle: (error: unknown | undefined, failed: boolean, result?: T) => void,
): Promise<T> {
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    settle(error, true);
    throw error;
  }
  settle(undefined, false, result);
  return result;
}
