import { ALL_METRICS, LABELS, type LabelDef, type LabelName, type MetricDef } from '@obskit/catalog';
import type { ExtraHistoryMetric } from '@obskit/testing';

/** Label values where the catalog's bound gives none (patterns, open allow-lists). */
const SAMPLE_VALUES: Readonly<Record<string, readonly string[]>> = {
  http_route: ['/orders/:id', '/health'],
  http_response_status_code: ['200', '503'],
  http_request_method: ['GET', 'POST'],
  gen_ai_agent_name: ['planner', 'researcher'],
  queue: ['default', 'priority'],
  gen_ai_provider_name: ['openai', 'anthropic'],
  // the MCP panels read tool calls
  mcp_method_name: ['tools/call', 'tools/list'],
};

/** Up to two values of a label: the catalog's enum or allow-list defaults, else a sample. */
function labelValues(label: string): readonly string[] {
  const sample = SAMPLE_VALUES[label];
  if (sample) return sample;
  const bound = (LABELS as Readonly<Record<string, LabelDef | undefined>>)[label]?.bound;
  if (bound?.kind === 'enum') return bound.values.slice(0, 2);
  const defaults = bound?.kind === 'allowList' ? (bound.defaults ?? []) : [];
  return defaults.length > 0 ? defaults.slice(0, 2) : ['x'];
}

/** Level of a gauge or rate of a counter that reads plausibly for the unit. */
function baseFor(metric: MetricDef): number {
  if (metric.unit === 'ratio') return 0.5;
  if (metric.unit === 'bytes') return 1e9;
  if (metric.unit === 'seconds' && metric.type === 'gauge') return 0.05;
  return metric.type === 'gauge' ? 10 : 0.5;
}

/**
 * The catalog metrics the panel queries read besides `roles` (those the history's workload models),
 * each with a plain workload of two series per instance, so that every panel is timed on data rather
 * than on an empty answer.
 */
export function extraHistoryMetrics(
  exprs: readonly string[],
  roles: readonly MetricDef[],
): ExtraHistoryMetric[] {
  const modelled = new Set(roles.map((m) => m.name));
  const text = exprs.join('\n');
  const reads = (name: string) =>
    new RegExp(`(^|[^a-zA-Z0-9_:])${name}(_bucket|_count|_sum)?($|[^a-zA-Z0-9_:])`).test(text);
  return ALL_METRICS.filter((m) => !modelled.has(m.name) && m.type !== 'summary' && reads(m.name)).map(
    (m) => ({
      metric: { name: m.name, type: m.type, help: m.help, buckets: m.buckets },
      labels: Object.fromEntries(m.labels.map((l: LabelName) => [l, labelValues(l)])),
      base: baseFor(m),
    }),
  );
}

/**
 * The instant the backfilled recording rules were last evaluated: the newest sample every rule in
 * `records` holds at or before `endMs` (promtool's rule backfill stops up to one evaluation interval
 * before the history's last sample). Queries timed at the history's end would find no recorded sample
 * within the 5-minute lookback and time an empty answer.
 */
export async function lastRuleEvaluationMs(
  url: string,
  records: readonly string[],
  endMs: number,
): Promise<number> {
  let last = endMs;
  for (const record of new Set(records)) {
    const response = await fetch(`${url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: `${record}[6h]`, time: String(endMs / 1000) }),
    });
    const body = (await response.json()) as { data?: { result?: { values: [number, string][] }[] } };
    const newest = Math.max(
      ...(body.data?.result ?? []).flatMap((s) => s.values.map(([t]) => t * 1000)),
      Number.NEGATIVE_INFINITY,
    );
    if (Number.isFinite(newest)) last = Math.min(last, newest);
  }
  return last;
}
