import { throwIfProblems } from './errors.js';
import { agentMetrics } from './metrics/agent.js';
import { businessMetrics } from './metrics/business.js';
import { dbMetrics } from './metrics/db.js';
import { genAiMetrics, mcpMetrics } from './metrics/genai.js';
import { hostMetrics } from './metrics/host.js';
import { httpClientMetrics, httpMetrics } from './metrics/http.js';
import { jobMetrics } from './metrics/job.js';
import { prometheusMetrics, runtimeMetrics } from './metrics/runtime.js';
import { selfMetrics } from './metrics/self.js';
import { taskMetrics } from './metrics/task.js';
import type { MetricDef } from './model/types.js';
import { validateMetrics } from './validation/naming.js';

/**
 * Every metric of the kit, by family and handle: `METRICS.genai.clientOperationDuration.name` is
 * `gen_ai_client_operation_duration_seconds`. Import names from here; never retype them.
 */
export const METRICS = {
  genai: genAiMetrics,
  mcp: mcpMetrics,
  agent: agentMetrics,
  task: taskMetrics,
  http: httpMetrics,
  httpClient: httpClientMetrics,
  db: dbMetrics,
  job: jobMetrics,
  business: businessMetrics,
  self: selfMetrics,
  runtime: runtimeMetrics,
  prometheus: prometheusMetrics,
  host: hostMetrics,
} as const;

/** Every metric definition as a flat list, in catalog order. */
export const ALL_METRICS: readonly MetricDef[] = Object.values(METRICS).flatMap(
  (family) => Object.values(family) as MetricDef[],
);

/** The metrics obskit's own code creates (not prom-client defaults, Prometheus' or the bridge's). */
export const OBSKIT_METRICS: readonly MetricDef[] = ALL_METRICS.filter((m) => m.source === 'obskit');

const byName = new Map<string, MetricDef>(ALL_METRICS.map((m) => [m.name, m]));

/** The definition of `name`, or `undefined`. */
export function findMetric(name: string): MetricDef | undefined {
  return byName.get(name);
}

/**
 * Resolves a series name as it appears in PromQL or an exposition to its metric: `x_bucket`,
 * `x_sum`, `x_count` of a histogram or summary resolve to `x`.
 */
export function resolveSeriesName(
  seriesName: string,
): { metric: MetricDef; suffix: '' | '_bucket' | '_sum' | '_count' } | undefined {
  const direct = byName.get(seriesName);
  if (direct) return { metric: direct, suffix: '' };
  const match = /^(.*)(_bucket|_sum|_count)$/.exec(seriesName);
  if (!match) return undefined;
  const metric = byName.get(match[1]);
  if (!metric || (metric.type !== 'histogram' && metric.type !== 'summary')) return undefined;
  if (match[2] === '_bucket' && metric.type !== 'histogram') return undefined;
  return { metric, suffix: match[2] as '_bucket' | '_sum' | '_count' };
}

/** Validates the whole catalog; throws one error listing every problem. Run by the catalog's spec. */
export function assertCatalogValid(defs: readonly MetricDef[] = ALL_METRICS): void {
  throwIfProblems('OBSKIT_INVALID_CATALOG', 'Invalid metric catalog', validateMetrics(defs));
}
