import type { LabelsOf, MetricDef } from '@obskit/catalog';
import type { ReportError } from '../internal/error-reporter.js';
import type { PriceTable } from '../pricing.js';
import type { InternalCounter, InternalGauge } from '../internal/guarded.js';
import type { GuardedHistogram } from '../types.js';

/** What the domain helpers are built from: the guarded catalog metrics, a clock and the reporter. */
export interface Instruments {
  counter<M extends MetricDef>(def: M): InternalCounter<LabelsOf<M>>;
  gauge<M extends MetricDef>(def: M): InternalGauge<LabelsOf<M>>;
  histogram<M extends MetricDef>(def: M): GuardedHistogram<LabelsOf<M>>;
  readonly report: ReportError;
  /** Milliseconds since the Unix epoch. */
  readonly clock: () => number;
  readonly prices?: PriceTable;
}

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
