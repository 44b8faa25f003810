import type { ObskitMetrics } from '@obskit/metrics-core';

/** The metrics the adapters of this package record to. */
export type GenAiMetrics = Pick<ObskitMetrics, 'agents' | 'reportError'>;

/** Who reports a failure: the metrics it records to and its name, e.g. `openai adapter`. */
export interface Reporter {
  readonly metrics: GenAiMetrics;
  /** The subject of "`who` failed to `what`". */
  readonly who: string;
}

/** Reports, as a `genai` exception, that "`who` failed to `what`". */
export function reportFailure(reporter: Reporter, what: string, error: unknown): void {
  reporter.metrics.reportError('genai', 'exception', `${reporter.who} failed to ${what}`, error);
}

/** Runs `fn`, reporting (never throwing) what failed as "`who` failed to `what`". */
export function safely(reporter: Reporter, what: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportFailure(reporter, what, error);
  }
}
