import { ALL_METRICS, METRICS } from '@obskit/catalog';
import { buildDashboards, listPanelQueries, toLiveQuery } from '@obskit/dashboards';
import { promQuery, startPrometheus, waitFor, type RunningServer } from '@obskit/testing';
import { startPrometheusAgent, type RunningAgent } from './support/agent';
import { APP_JOB, startE2eStack, type E2eStack } from './support/stack';

jest.setTimeout(120_000);

// Every GenAI family, time per output chunk included: the demo's agents time the chunks of their
// real SDK streams and record them through the OTel API on this path.
const GENAI_METRICS = ALL_METRICS.filter((m) => m.name.startsWith('gen_ai_')).map((m) => m.name);
const mentions = (expr: string, name: string) => new RegExp(`\\b${name}(_bucket|_sum|_count)?\\b`).test(expr);

/**
 * Metric names of the app's own series. What the local rules write is left out: recording rules (with
 * a `:`) and the alert state (`ALERTS`, `ALERTS_FOR_STATE`, which keep the alert's `job`).
 */
async function appMetricNames(url: string): Promise<string[]> {
  const samples = await promQuery(url, `count by (__name__) ({job="${APP_JOB}"})`);
  return samples
    .map((s) => s.metric['__name__'])
    .filter((n) => !n.includes(':') && !n.startsWith('ALERTS'))
    .sort();
}

let stack: E2eStack;
let receiver: RunningServer;
let agent: RunningAgent;

beforeAll(async () => {
  // OBSKIT_GENAI_VIA=otel: the GenAI semconv metrics go through the OTel API and @obskit/otel-bridge.
  stack = await startE2eStack({ genAiVia: 'otel' });
  await stack.loadRules();
  receiver = await startPrometheus({
    config: { global: { scrape_interval: '15s' }, scrape_configs: [] },
    args: ['--web.enable-remote-write-receiver'],
  });
  agent = await startPrometheusAgent(new URL(stack.demo.url).host, `${receiver.url}/api/v1/write`);
}, 120_000);

afterAll(async () => {
  for (const s of [agent, receiver, stack]) await s?.stop().catch(() => undefined);
}, 60_000);

describe('GenAI metrics through OpenTelemetry (OBSKIT_GENAI_VIA=otel)', () => {
  it('answers every GenAI dashboard panel query with data', async () => {
    const queries = listPanelQueries(buildDashboards())
      .filter((q) => GENAI_METRICS.some((name) => mentions(q.expr, name)))
      // The prompt-cache panels read obskit's cache_read/cache_creation token types. OTel's
      // gen_ai.token.type has only input and output (the cache counts are span attributes, see the
      // catalog README's mapping table), so an app measured through the OTel API has none.
      .filter((q) => !/gen_ai_token_type=~?"[^"]*cache_/.test(q.expr))
      // The anomaly z-scores compare with a week of history (half a week at least before the records
      // exist): history.e2e.spec.ts asserts their panel queries on a backfilled week.
      .filter((q) => !/_zscore1w\b/.test(q.expr))
      .map((q) => ({
        ...q,
        live: toLiveQuery(q.expr, { rateInterval: '1m', range: '5m', dropOffsets: true }),
      }));
    expect(queries.length).toBeGreaterThan(5);
    let missing = queries;
    await waitFor(
      'every GenAI panel query to return data',
      async () => {
        const still: typeof queries = [];
        for (const q of missing) {
          if ((await promQuery(stack.prometheus.url, q.live).catch(() => [])).length === 0) still.push(q);
        }
        missing = still;
        return missing.length === 0;
      },
      60_000,
      2_000,
    ).catch(() => undefined);
    console.log(
      `GenAI panel queries with data via OTel: ${queries.length - missing.length}/${queries.length}`,
    );
    expect(missing.map((q) => `${q.dashboardUid} / ${q.panelTitle} / ${q.refId}: ${q.live}`)).toEqual([]);
  });

  it('exposes every GenAI semconv metric the catalog defines under its catalog name', async () => {
    const names = await appMetricNames(stack.prometheus.url);
    const families = GENAI_METRICS.filter((name) => names.some((n) => n === name || mentions(n, name)));
    expect(families.sort()).toEqual([...GENAI_METRICS].sort());
  });
});

describe('an agent-mode Prometheus remote-writing to a second Prometheus (the path to Mimir/Thanos)', () => {
  it('delivers every app series to the receiver, the per-model GenAI latency buckets included', async () => {
    let local: string[] = [];
    let remote: string[] = [];
    await waitFor(
      'the receiver to hold every series name the local Prometheus scraped',
      async () => {
        local = await appMetricNames(stack.prometheus.url);
        remote = await appMetricNames(receiver.url);
        return local.length > 50 && local.every((n) => remote.includes(n));
      },
      60_000,
      1_000,
    ).catch(() => undefined);
    expect(local.filter((n) => !remote.includes(n))).toEqual([]);
    // The GenAI p95 is queryable at the receiver (its panels and the latency anomaly rule read it). A
    // rate needs two samples in its window: the first batch can hold one, so the query is retried.
    const p95Query = `histogram_quantile(0.95, sum by (le) (rate(${METRICS.genai.clientOperationDuration.name}_bucket[1m])))`;
    let p95: Awaited<ReturnType<typeof promQuery>> = [];
    await waitFor(
      'the receiver to answer the GenAI p95',
      async () => (p95 = await promQuery(receiver.url, p95Query)).length > 0,
      30_000,
      1_000,
    ).catch(() => undefined);
    expect(p95.length).toBe(1);
    // The agent's external label says where the series came from.
    const up = await promQuery(receiver.url, `up{job="${APP_JOB}"}`);
    expect(up.map((s) => [s.metric['cluster'], s.value[1]])).toEqual([['agent', '1']]);
    // Prometheus 3 says so in its start-up line; 2.x as an experimental feature.
    expect(agent.output()).toMatch(/Starting Prometheus Agent|Experimental agent mode enabled/);
  });
});
