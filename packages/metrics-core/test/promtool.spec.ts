import { promtoolCheckMetrics, requireBinary } from '@obskit/testing';
import { ALL_METRICS, METRICS, OBSKIT_METRICS } from '@obskit/catalog';
import { Registry } from 'prom-client';
import { createMetrics, type ObskitMetrics } from '../src';

const exemplar = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

/** Puts at least one sample into every metric obskit creates. */
async function populateEveryFamily(metrics: ObskitMetrics): Promise<void> {
  const op = { agent: 'planner', provider: 'openai', requestModel: 'gpt-4o' } as const;
  metrics.agents.recordOperation({
    ...op,
    operation: 'invoke_agent',
    responseModel: 'gpt-4o-2024-08-06',
    status: 'success',
    durationSeconds: 1.2,
    inputTokens: 1200,
    outputTokens: 300,
    timeToFirstChunkSeconds: 0.2,
    exemplar,
  });
  metrics.agents.recordOperation({
    ...op,
    requestModel: 'unknown-model',
    operation: 'chat',
    status: 'error',
    errorType: 'rate_limited',
    durationSeconds: 0.1,
    inputTokens: 5,
  });
  metrics.agents.recordOperation({ ...op, operation: 'chat', status: 'success', durationSeconds: 0.5 });
  await metrics.agents.timeOperation({ ...op, operation: 'chat' }, async () => 'ok');
  metrics.agents.recordDecision('planner', 0.9);
  metrics.agents.recordHandoff({ from: 'planner', to: 'coder', durationSeconds: 0.4 });
  metrics.agents.recordToolCall({ tool: 'web_search', agent: 'coder', durationSeconds: 0.3 });
  metrics.agents.recordWorkflow({ workflow: 'triage', durationSeconds: 4 });
  metrics.agents.recordOperation({
    ...op,
    operation: 'chat',
    status: 'success',
    durationSeconds: 0.7,
    inputTokens: 100,
    cacheReadInputTokens: 40,
    cacheCreationInputTokens: 10,
    outputTokens: 30,
    reasoningOutputTokens: 20,
    timePerOutputChunkSeconds: [0.02, 0.03],
  });
  metrics.agents.recordRateLimit({
    provider: 'openai',
    requestModel: 'gpt-4o',
    resource: 'tokens',
    remaining: 9000,
    limit: 10000,
  });
  metrics.agents.recordMcpOperation({
    side: 'client',
    method: 'tools/call',
    tool: 'search',
    durationSeconds: 0.1,
  });
  metrics.agents.recordMcpOperation({ side: 'server', method: 'tools/list', durationSeconds: 0.01 });
  metrics.agents.recordMcpSession({ side: 'client', durationSeconds: 12 });
  metrics.agents.recordMcpSession({ side: 'server', durationSeconds: 12, errorType: 'cancelled' });
  const task = metrics.tasks.enqueued({ queue: 'etl', taskType: 'load', waitingOnDependencies: true });
  task.dependenciesResolved();
  task.started();
  task.failed({ retry: true });
  await metrics.tasks.execute(task, () => undefined);
  metrics.tasks.enqueued({ queue: 'etl', taskType: 'load' }).failed({ deadLetter: true });
  const done = metrics.http.requestStarted('GET');
  metrics.http.recordServerRequest({
    method: 'GET',
    route: '/orders/:id',
    statusCode: 200,
    durationSeconds: 0.02,
    requestBytes: 10,
    responseBytes: 200,
    exemplar,
  });
  done();
  metrics.http.recordClientRequest({
    method: 'POST',
    serverAddress: 'api.openai.com',
    statusCode: 200,
    durationSeconds: 0.8,
  });
  await metrics.db.timeQuery({ system: 'sqlite', operation: 'SELECT', collection: 'orders' }, () => [1]);
  metrics.db.setPool({ pool: 'main', used: 1, idle: 4, max: 5, pending: 0 });
  await metrics.jobs.run('nightly-report', () => undefined);
  metrics.business.sessionStarted();
  metrics.business.sessionEnded(60);
  metrics.business.featureUsed('export_pdf');
  metrics.business.exposure('checkout_v2', 'b');
  metrics.business.conversion('checkout_v2', 'b');
  metrics.business.operation('place_order', 'success');
  metrics.counter(METRICS.business.featureUsage).inc({ feature: 'x' }, -1);
  metrics.counter(METRICS.self.collectorErrors).inc({ metric: 'some_metric', reason: 'collector_timeout' });
  metrics.gauge(METRICS.self.clusterWorkers).set({ worker_outcome: 'answered' }, 1);
  metrics
    .createHistogram({
      name: 'shop_render_duration_seconds',
      help: 'Time to render a page, in seconds.',
      unit: 'seconds',
      buckets: [0.1, 1],
    })
    .observe({}, 0.3);
  metrics
    .createSummary({
      name: 'shop_basket_size_bytes',
      help: 'Serialized basket size, in bytes.',
      unit: 'bytes',
    })
    .observe({}, 300);
}

describe('promtool check metrics', () => {
  beforeAll(() => {
    requireBinary('promtool');
  });

  it('prints nothing for the full exposition of a registry with every family populated', async () => {
    const registry = new Registry();
    const metrics = createMetrics({
      registry,
      maxSeriesPerMetric: 3,
      prices: { openai: { 'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01 } } },
      defaultLabels: { service: 'checkout' },
    });
    await populateEveryFamily(metrics);
    const features = metrics.counter(METRICS.business.featureUsage);
    for (let i = 0; i < 10; i++) features.inc({ feature: `f${i}` });
    const text = await registry.metrics();

    // every metric the kit emits from this process has samples (not only HELP/TYPE)
    const sampled = new Set(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(l)?.[0]),
    );
    const expected = [
      ...OBSKIT_METRICS,
      ...ALL_METRICS.filter((m) => m.source === 'prom-client' && m.family === 'runtime'),
    ];
    const missing = expected.filter((m) => !sampled.has(m.name) && !sampled.has(`${m.name}_count`));
    // These only have samples when a GC ran / a handle, request or resource of some type is open.
    const environmentDependent = new Set<string>([
      METRICS.runtime.gcDuration.name,
      METRICS.runtime.activeHandles.name,
      METRICS.runtime.activeRequests.name,
      METRICS.runtime.activeResources.name,
    ]);
    expect(missing.map((m) => m.name).filter((n) => !environmentDependent.has(n))).toEqual([]);
    expect(text).toContain(
      'obskit_metric_series_overflow_total{metric="obskit_feature_usage_total",service="checkout"}',
    );

    const result = await promtoolCheckMetrics(text);
    expect(result).toEqual({ code: 0, output: '' });
  });

  it('flags a broken exposition (the check is real)', async () => {
    const result = await promtoolCheckMetrics(
      '# HELP bad_gauge_total A gauge.\n# TYPE bad_gauge_total gauge\nbad_gauge_total 1\n',
    );
    expect(result.output).toContain('non-counter metrics should not have "_total" suffix');
  });
});
