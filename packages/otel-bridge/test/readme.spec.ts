import { createMetrics } from '@obskit/metrics-core';
import { metrics as otelMetrics } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Registry } from 'prom-client';
import { createOtelBridge, createOtelDomain, type OtelBridge } from '../src';

// The README's snippets, run as written, and what they say comes out.
describe('README examples', () => {
  let bridge: OtelBridge | undefined;
  afterEach(async () => {
    otelMetrics.disable();
    await bridge?.shutdown();
  });

  it('serves OTel API metrics next to metrics-core, GenAI recordings under the catalog names', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry });
    bridge = createOtelBridge({
      registry,
      metrics,
      resource: resourceFromAttributes({ 'service.name': 'agent-api' }),
    });
    otelMetrics.setGlobalMeterProvider(bridge.meterProvider);
    const meter = otelMetrics.getMeter('checkout');
    meter.createCounter('checkout.orders', { unit: '{order}' }).add(1, { 'payment.method': 'card' });

    const duration = otelMetrics
      .getMeter('@example/openai-instrumentation')
      .createHistogram('gen_ai.client.operation.duration', { unit: 's' });
    duration.record(1.42, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
    });

    const prices = { openai: { 'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01 } } };
    const { agents, tasks, business } = createOtelDomain(meter, { prices, report: metrics.reportError });
    agents.recordOperation({
      agent: 'planner',
      operation: 'chat',
      provider: 'openai',
      requestModel: 'gpt-4o',
      status: 'success',
      durationSeconds: 1.4,
      inputTokens: 812,
      outputTokens: 96,
    });
    const task = tasks.enqueued({ queue: 'research', taskType: 'summarise' });
    task.started();
    task.finished();
    business.featureUsed('deep_research');

    const text = await registry.metrics();
    expect(text).toContain('checkout_orders_total{payment_method="card"} 1\n');
    expect(text).toContain(
      'gen_ai_client_operation_duration_seconds_bucket{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_response_model="gpt-4o-2024-08-06",le="1.28"} 0\n',
    );
    expect(text).toContain('target_info{service_name="agent-api"');
    expect(text).toContain(
      'obskit_agent_operations_total{gen_ai_agent_name="planner",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="success"} 1\n',
    );
    expect(text).toContain(
      'obskit_task_transitions_total{queue="research",from_state="running",to_state="succeeded"} 1\n',
    );
    expect(text).toContain('obskit_feature_usage_total{feature="deep_research"} 1\n');
    expect(text).toContain(
      'obskit_gen_ai_cost_usd_total{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_agent_name="planner",gen_ai_token_type="output"} 0.00096\n',
    );
  });
});
