import { METRICS } from '@obskit/catalog';
import { createMetrics } from '@obskit/metrics-core';
import { Registry } from 'prom-client';
import { createOtelBridge, type OtelBridge } from '../src';

describe('the bridge next to metrics-core on one registry', () => {
  let bridge: OtelBridge | undefined;
  afterEach(async () => {
    await bridge?.shutdown();
    bridge = undefined;
  });

  it('counts its overflow and failures in the self-metric series metrics-core serves', async () => {
    const registry = new Registry();
    const warnings: string[] = [];
    const metrics = createMetrics({
      registry,
      defaultMetrics: false,
      logger: { warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) },
    });
    bridge = createOtelBridge({ registry, metrics, maxSeriesPerMetric: 1 });
    const meter = bridge.getMeter('app');
    const counter = meter.createCounter('app.jobs');
    counter.add(1, { job: 'a' });
    counter.add(1, { job: 'b' });
    meter.createObservableGauge('app.broken').addCallback(() => {
      throw new Error('gone');
    });
    await registry.metrics();

    const text = await registry.metrics();
    expect(text.match(new RegExp(`# TYPE ${METRICS.self.seriesOverflow.name} `, 'g'))).toHaveLength(1);
    expect(text).toContain('app_jobs_total{job="a"} 1\n');
    expect(text).toContain('app_jobs_total{job="_OTHER"} 1\n');
    expect(text).toContain(`${METRICS.self.seriesOverflow.name}{metric="app_jobs_total"} 1\n`);
    // One failing callback per scrape, two scrapes.
    expect(await registry.getSingleMetricAsString(METRICS.self.instrumentationErrors.name)).toContain(
      `${METRICS.self.instrumentationErrors.name}{component="otel-bridge",reason="collector_failed"} 2`,
    );
    expect(warnings.some((w) => w.includes('observable callback of "app.broken" failed'))).toBe(true);
  });

  it('serves instruments renamed by a view from the scrape after their first collection', async () => {
    const registry = new Registry();
    bridge = createOtelBridge({ registry, views: [{ instrumentName: 'app.jobs', name: 'app.tasks' }] });
    bridge.getMeter('app').createCounter('app.jobs').add(2);
    const first = await registry.metrics();
    expect(first).not.toContain('app_tasks_total 2');
    const second = await registry.metrics();
    expect(second).toContain('# TYPE app_tasks_total counter\napp_tasks_total 2\n');
  });

  it("merges a GenAI instrument into metrics-core's family even when the bridge creates it before metrics-core first used GenAI", async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    const name = METRICS.genai.clientOperationDuration.name;
    expect(registry.getSingleMetric(name)).toBeUndefined();
    bridge = createOtelBridge({ registry, metrics });
    bridge.getMeter('app').createHistogram('gen_ai.client.operation.duration', { unit: 's' }).record(1, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'm',
    });
    metrics.agents.recordOperation({
      agent: 'planner',
      operation: 'chat',
      provider: 'openai',
      requestModel: 'm',
      status: 'success',
      durationSeconds: 1,
    });
    const text = await registry.metrics();
    expect(text.match(new RegExp(`# TYPE ${name} histogram`, 'g'))).toHaveLength(1);
    expect(text).toMatch(new RegExp(`^${name}_count\\{[^}]*gen_ai_provider_name="openai"[^}]*\\} 2$`, 'm'));
  });
});
