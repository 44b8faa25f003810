import type { Registry, RegistryContentType } from 'prom-client';
import type { LoggerLike } from './log-once.js';

/** Components and reasons of `obskit_instrumentation_errors_total` used by this package. */
export type ReportedReason =
  | 'invalid_label_value'
  | 'invalid_value'
  | 'negative_increment'
  | 'unknown_label'
  | 'collector_failed'
  | 'collector_timeout'
  | 'exception';

/**
 * The part of `ObskitMetrics` (@obskit/metrics-core) that the `/metrics` handler uses; any
 * `ObskitMetrics` satisfies it.
 */
export interface ExpositionMetrics {
  readonly registry: Registry<RegistryContentType>;
  readonly logger: LoggerLike;
  reportError(
    component: 'metrics-core' | 'middleware' | 'otel-bridge' | 'exposition' | 'cluster',
    reason: ReportedReason,
    detail: string,
    error?: unknown,
  ): void;
}
