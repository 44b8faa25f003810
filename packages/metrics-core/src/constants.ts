/**
 * The constants of the public API whose modules load prom-client or Node built-ins, given one home
 * that loads neither, so that the Edge entry (`edge.ts`) exports the very same values.
 */

/** IPC message type of the primary's metrics request; distinct from prom-client's so both can coexist. */
export const CLUSTER_REQUEST = 'obskit:metrics-request';
/** IPC message type of a worker's answer: `{ requestId, metrics }` or `{ requestId, error }`. */
export const CLUSTER_RESPONSE = 'obskit:metrics-response';

/** Default of `CreateMetricsOptions.maxSeriesPerMetric`. */
export const DEFAULT_MAX_SERIES_PER_METRIC = 2000;

/** The metric domains `CreateMetricsOptions.domains` can turn on at creation. */
export const METRICS_DOMAINS = ['http', 'genai', 'tasks', 'jobs', 'business', 'db'] as const;

/** The `globalThis` slot that survives module re-evaluation (Next.js dev, HMR, jest module resets). */
export const GLOBAL_KEY: unique symbol = Symbol.for('obskit.metrics') as never;

/**
 * prom-client gauges named like counters (`promtool check metrics`: "non-counter metrics should not
 * have _total suffix"); the per-type `nodejs_active_*` gauges carry the same information.
 */
export const DROPPED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;
