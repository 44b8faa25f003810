import { promQuery, type PromSample } from '../servers.js';
import { startPrometheusWithHistory, type HistoryPrometheus } from './backfill.js';

// A week and three hours of the workload backfilled into the real Prometheus (default line: 3.5.3) with
// promtool; then the queries that need history: week over week (`offset 1w`) and a `predict_linear` forecast.
jest.setTimeout(120_000);

const seconds = [0.01, 0.04, 0.16, 0.64, 1.28, 2.56, 5.12, 10.24, 40.96];
// This package imports no library; the e2e and the bench pass @obskit/catalog's METRICS.
const metrics = {
  operationDuration: {
    name: 'gen_ai_client_operation_duration_seconds',
    type: 'histogram',
    help: 'Duration.',
    buckets: seconds,
  },
  tokenUsage: {
    name: 'gen_ai_client_token_usage',
    type: 'histogram',
    help: 'Tokens.',
    buckets: [1, 16, 256, 4096, 65536],
  },
  agentOperations: { name: 'obskit_agent_operations_total', type: 'counter', help: 'Operations.' },
  cost: { name: 'obskit_gen_ai_cost_usd_total', type: 'counter', help: 'Cost.' },
  businessOperations: { name: 'obskit_business_operations_total', type: 'counter', help: 'Business.' },
  queueDepth: { name: 'obskit_task_queue_depth', type: 'gauge', help: 'Queue depth.' },
  httpDuration: {
    name: 'http_server_request_duration_seconds',
    type: 'histogram',
    help: 'HTTP.',
    buckets: seconds,
  },
  up: { name: 'up', type: 'gauge', help: 'Target up.' },
} as const;

const STEP_SECONDS = 600;
const HOUR = 3_600_000;
const END = Math.floor(Date.now() / HOUR) * HOUR;
// a week, plus the hour window before `offset 1w` and two hours of slack
const DURATION_SECONDS = 7 * 24 * 3600 + 3 * 3600;

let history: HistoryPrometheus;

/** An instant query at `ms` (Unix ms) against the history's Prometheus. */
function queryAt(expr: string, ms: number): Promise<PromSample[]> {
  return promQuery(history.server.url, expr, { time: ms / 1000 });
}

beforeAll(async () => {
  history = await startPrometheusWithHistory({
    history: {
      metrics,
      end: END,
      durationSeconds: DURATION_SECONDS,
      stepSeconds: STEP_SECONDS,
      seed: 3,
      maxBlockHours: 24 * 8,
    },
    prometheus: { config: {} },
  });
}, 120_000);

afterAll(async () => {
  await history?.stop();
});

describe('startPrometheusWithHistory (real promtool and Prometheus)', () => {
  it('holds the whole history: the first and the last day both answer', async () => {
    expect(history.summary.end - history.summary.start).toBe(DURATION_SECONDS * 1000);
    const first = await queryAt('count(up == 1)', history.summary.start + HOUR);
    const last = await queryAt('count(up == 1)', END);
    expect(first.map((s) => s.value[1])).toEqual(['1']);
    expect(last.map((s) => s.value[1])).toEqual(['1']);
  });

  it('answers week over week (offset 1w): the same hour a week earlier has the same daily load', async () => {
    const at = END - HOUR;
    const raw = await queryAt(
      'sum(rate(gen_ai_client_token_usage_sum[1h])) / sum(rate(gen_ai_client_token_usage_sum[1h] offset 1w))',
      at,
    );
    expect(raw).toHaveLength(1);
    expect(Number(raw[0].value[1])).toBeGreaterThan(0.8);
    expect(Number(raw[0].value[1])).toBeLessThan(1.25);
  });

  it('forecasts with predict_linear over days of history: the growing queue is forecast higher', async () => {
    const forecast = await queryAt('predict_linear(obskit_task_queue_depth[3d], 86400)', END);
    const average = await queryAt('avg_over_time(obskit_task_queue_depth[3d])', END);
    expect(forecast.map((s) => s.metric.queue).sort()).toEqual(['default', 'priority']);
    for (const s of forecast) {
      const mean = Number(average.find((a) => a.metric.queue === s.metric.queue)?.value[1]);
      expect(Number(s.value[1])).toBeGreaterThan(mean);
    }
  });
});
