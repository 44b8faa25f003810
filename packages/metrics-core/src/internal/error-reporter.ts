import {
  INSTRUMENTATION_ERROR_REASONS,
  METRICS,
  OBSKIT_COMPONENTS,
  createLogOnce,
  type ObskitLogger,
} from '@obskit/catalog';
import type { InstrumentationErrorReason, ObskitComponent } from '../types.js';

/** Counts and logs-once instrumentation problems. */
export type ReportError = (
  component: ObskitComponent,
  reason: InstrumentationErrorReason,
  detail: string,
  error?: unknown,
) => void;

const COMPONENTS = new Set<string>(OBSKIT_COMPONENTS);
const REASONS = new Set<string>(INSTRUMENTATION_ERROR_REASONS);

/**
 * Builds the reporter behind `obskit_instrumentation_errors_total`. Each distinct
 * component/reason/detail is logged once (up to `maxDistinct` of them, so a flood of distinct
 * problems cannot grow memory); every occurrence is counted. Never throws.
 */
export function createErrorReporter(
  counter: { inc(labels: { component: string; reason: string }): void },
  logger: ObskitLogger,
  maxDistinct = 1000,
): ReportError {
  const logOnce = createLogOnce(logger, maxDistinct);
  return (component, reason, detail, error) => {
    const c = COMPONENTS.has(component) ? component : 'metrics-core';
    const r = REASONS.has(reason) ? reason : 'exception';
    try {
      counter.inc({ component: c, reason: r });
    } catch {
      // The self-metric itself failed: nothing left to count with; the log below still says it.
    }
    const meta: Record<string, unknown> = { component: c, reason: r, detail };
    if (error !== undefined) meta['error'] = error;
    logOnce(
      `${c}\u0000${r}\u0000${detail}`,
      `obskit ${c}: ${r}: ${detail} (logged once; counted in ${METRICS.self.instrumentationErrors.name})`,
      meta,
    );
  };
}
