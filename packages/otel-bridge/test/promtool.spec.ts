import { METRICS } from '@obskit/catalog';
import { createMetrics } from '@obskit/metrics-core';
import { promtoolCheckMetrics, requireBinary } from '@obskit/testing';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Registry } from 'prom-client';
import {
  createAgentMeter,
  createBusinessMeter,
  createOtelBridge,
  createTaskMeter,
  type OtelBridge,
} from '../src';

describe('promtool check metrics on a bridged exposition', () => {
  let bridge: OtelBridge | undefined;
  beforeAll(() => requireBinary('promtool'));
  afterEach(async () => {
    await bridge?.shutdown();
    bridge = undefined;
  });

  it('prints nothing for the bridge alone', async () => {
    const registry = new Registry();
    bridge = createOtelBridge({
      registry,
      resource: resourceFromAttributes({ 'service.name': 'demo', 'service.version': '1.0.0' }),
    });
    const meter = bridge.getMeter('app');
    const agents = createAgentMeter(meter);
    agents.recordOperation({
      agent: 'planner',
      operation: 'chat',
      provider: 'openai',
      requestModel: 'gpt-4o',
      status: 'success',
      durationSeconds: 1.2,
      inputTokens: 10,
      outputTokens: 5,
    });
    agents.recordHandoff({ from: 'planner', to: 'coder', durationSeconds: 0.3 });
    createTaskMeter(meter).enqueued({ queue: 'q', taskType: 't' }).started();
    createBusinessMeter(meter).featureUsed('search');
    meter
      .createCounter('app.requests', { unit: '{request}', description: 'Requests served.' })
      .add(1, { 'http.route': '/a' });
    meter
      .createObservableGauge('app.memory.used', { unit: 'By', description: 'Memory in use.' })
      .addCallback((r) => r.observe(1024));
    meter.createObservableGauge('app.broken', { description: 'A broken gauge.' }).addCallback(() => {
      throw new Error('broken');
    });

    const text = await registry.metrics();
    expect(text).toContain(`${METRICS.genai.clientOperationDuration.name}_count{`);
    expect(text).toContain('app_memory_used_bytes 1024');
    expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  });

  it('prints nothing for metrics-core and the bridge merged on one registry', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry });
    bridge = createOtelBridge({ registry, metrics });
    metrics.agents.recordOperation({
      agent: 'planner',
      operation: 'chat',
      provider: 'openai',
      requestModel: 'gpt-4o',
      status: 'success',
      durationSeconds: 0.5,
    });
    bridge.getMeter('genai').createHistogram('gen_ai.client.operation.duration', { unit: 's' }).record(2, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
    });

    const text = await registry.metrics();
    expect(text).toContain(
      `${METRICS.genai.clientOperationDuration.name}_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"} 2`,
    );
    expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  });
});
