import { METRICS } from '@obskit/catalog';
import { Registry } from 'prom-client';
import { createMetrics } from '../create-metrics';
import type { ObskitLogger } from '../logger';

function recordingLogger() {
  const warnings: { message: string; meta?: Record<string, unknown> }[] = [];
  const logger: ObskitLogger = {
    warn: (message, meta) => warnings.push({ message, meta }),
    error: (message, meta) => warnings.push({ message, meta }),
  };
  return { logger, warnings };
}

function seriesOf(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

describe('cardinality guard', () => {
  it('bounds 10,000 distinct model names by the series cap and counts the overflow', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false, maxSeriesPerMetric: 50 });
    const ops = metrics.counter(METRICS.agent.cost);
    for (let i = 0; i < 10_000; i++) {
      ops.inc(
        {
          gen_ai_provider_name: 'openai',
          gen_ai_request_model: `model-${i}`,
          gen_ai_agent_name: 'planner',
          gen_ai_token_type: 'input',
        },
        0.5,
      );
    }
    const text = await registry.metrics();
    const series = seriesOf(text, METRICS.agent.cost.name);
    expect(series).toHaveLength(51);
    expect(series).toContain(
      'obskit_gen_ai_cost_usd_total{gen_ai_provider_name="_OTHER",gen_ai_request_model="_OTHER",gen_ai_agent_name="_OTHER",gen_ai_token_type="_OTHER"} 4975',
    );
    expect(text).toContain('obskit_metric_series_overflow_total{metric="obskit_gen_ai_cost_usd_total"} 9950');
  });

  it('bounds 10,000 distinct routes by the default cap of 2000', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    const duration = metrics.histogram(METRICS.http.serverRequestDuration);
    for (let i = 0; i < 10_000; i++) {
      duration.observe(
        { http_request_method: 'GET', http_route: `/orders/${i}`, http_response_status_code: 200 },
        0.01,
      );
    }
    const text = await registry.metrics();
    const counts = seriesOf(text, 'http_server_request_duration_seconds_count');
    expect(counts).toHaveLength(2001);
    expect(counts).toContain(
      'http_server_request_duration_seconds_count{http_request_method="_OTHER",http_route="_OTHER",http_response_status_code="_OTHER"} 8000',
    );
    expect(text).toContain(
      'obskit_metric_series_overflow_total{metric="http_server_request_duration_seconds"} 8000',
    );
  });

  it('keeps values in an allow-list, folds others into _OTHER without reporting', async () => {
    const registry = new Registry();
    const { logger, warnings } = recordingLogger();
    const metrics = createMetrics({
      registry,
      logger,
      defaultMetrics: false,
      allowLists: { gen_ai_request_model: ['gpt-4o'] },
    });
    const tokens = metrics.histogram(METRICS.genai.clientTokenUsage);
    const base = {
      gen_ai_operation_name: 'chat',
      gen_ai_provider_name: 'openai',
      gen_ai_token_type: 'input',
    };
    tokens.observe({ ...base, gen_ai_request_model: 'gpt-4o' }, 10);
    tokens.observe({ ...base, gen_ai_request_model: 'my-finetune-123' }, 10);
    tokens.observe({ ...base, gen_ai_provider_name: 'acme-llm', gen_ai_request_model: 'gpt-4o' }, 10);
    const counts = seriesOf(await registry.metrics(), 'gen_ai_client_token_usage_count');
    expect(counts).toEqual([
      'gen_ai_client_token_usage_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="input"} 1',
      'gen_ai_client_token_usage_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="_OTHER",gen_ai_token_type="input"} 1',
      'gen_ai_client_token_usage_count{gen_ai_operation_name="chat",gen_ai_provider_name="_OTHER",gen_ai_request_model="gpt-4o",gen_ai_token_type="input"} 1',
    ]);
    expect(warnings).toEqual([]);
  });

  it('folds enum values outside the set (HTTP methods) into _OTHER', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    metrics.gauge(METRICS.http.serverActiveRequests).inc({ http_request_method: 'PROPFIND' });
    metrics.gauge(METRICS.http.serverActiveRequests).inc({ http_request_method: 'GET' });
    expect(seriesOf(await registry.metrics(), 'http_server_active_requests')).toEqual([
      'http_server_active_requests{http_request_method="_OTHER"} 1',
      'http_server_active_requests{http_request_method="GET"} 1',
    ]);
  });

  it('records a raw URL as _OTHER, reports it once and counts every occurrence', async () => {
    const registry = new Registry();
    const { logger, warnings } = recordingLogger();
    const metrics = createMetrics({ registry, logger, defaultMetrics: false });
    const duration = metrics.histogram(METRICS.http.serverRequestDuration);
    for (const url of ['orders/1?x=1', 'orders/2?x=2', 'orders/3?x=3']) {
      expect(() =>
        duration.observe(
          { http_request_method: 'GET', http_route: url, http_response_status_code: 200 },
          0.1,
        ),
      ).not.toThrow();
    }
    const text = await registry.metrics();
    expect(text).toContain(
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="_OTHER",http_response_status_code="200"} 3',
    );
    expect(text).toContain(
      'obskit_instrumentation_errors_total{component="metrics-core",reason="invalid_label_value"} 3',
    );
    expect(warnings.map((w) => w.message)).toEqual([
      'obskit metrics-core: invalid_label_value: http_server_request_duration_seconds: label "http_route" must be a route template starting with "/" or "__unmatched__", recorded as _OTHER (logged once; counted in obskit_instrumentation_errors_total)',
    ]);
  });

  it('drops negative and non-finite increments, never throws, logs once per distinct problem', async () => {
    const registry = new Registry();
    const { logger, warnings } = recordingLogger();
    const metrics = createMetrics({ registry, logger, defaultMetrics: false });
    const features = metrics.counter(METRICS.business.featureUsage);
    features.inc({ feature: 'search' }, 2);
    expect(() => features.inc({ feature: 'search' }, -1)).not.toThrow();
    features.inc({ feature: 'search' }, -5);
    features.inc({ feature: 'search' }, Number.NaN);
    features.inc({ feature: 'search' }, Infinity);
    metrics.histogram(METRICS.task.duration).observe({ queue: 'q' }, -1);
    metrics.gauge(METRICS.task.queueDepth).set({ queue: 'q' }, Number.NaN);
    const text = await registry.metrics();
    expect(text).toContain('obskit_feature_usage_total{feature="search"} 2');
    expect(text).toContain(
      'obskit_instrumentation_errors_total{component="metrics-core",reason="negative_increment"} 2',
    );
    expect(text).toContain(
      'obskit_instrumentation_errors_total{component="metrics-core",reason="invalid_value"} 4',
    );
    expect(text).not.toContain('obskit_task_duration_seconds_count');
    expect(warnings.map((w) => w.message)).toEqual([
      'obskit metrics-core: negative_increment: obskit_feature_usage_total: counters only go up (logged once; counted in obskit_instrumentation_errors_total)',
      'obskit metrics-core: invalid_value: obskit_feature_usage_total: increment is not a finite number (logged once; counted in obskit_instrumentation_errors_total)',
      'obskit metrics-core: invalid_value: obskit_task_duration_seconds: observation is not a finite non-negative number (logged once; counted in obskit_instrumentation_errors_total)',
      'obskit metrics-core: invalid_value: obskit_task_queue_depth: value is not a finite number (logged once; counted in obskit_instrumentation_errors_total)',
    ]);
  });

  it('drops unknown labels, records the rest, and reports the unknown one', async () => {
    const registry = new Registry();
    const { logger, warnings } = recordingLogger();
    const metrics = createMetrics({ registry, logger, defaultMetrics: false });
    metrics.counter(METRICS.business.featureUsage).inc({ feature: 'search', user_id: '42' } as never);
    const text = await registry.metrics();
    expect(text).toContain('obskit_feature_usage_total{feature="search"} 1');
    expect(text).toContain(
      'obskit_instrumentation_errors_total{component="metrics-core",reason="unknown_label"} 1',
    );
    expect(warnings[0].message).toBe(
      'obskit metrics-core: unknown_label: obskit_feature_usage_total: label "user_id" is not one of its labels (logged once; counted in obskit_instrumentation_errors_total)',
    );
  });

  it('records non-string label values as _OTHER and long ones as _OTHER', async () => {
    const registry = new Registry();
    const { logger, warnings } = recordingLogger();
    const metrics = createMetrics({ registry, logger, defaultMetrics: false });
    const features = metrics.counter(METRICS.business.featureUsage);
    features.inc({ feature: { id: 1 } as never });
    features.inc({ feature: 'x'.repeat(200) });
    expect(await registry.getSingleMetricAsString(METRICS.business.featureUsage.name)).toContain(
      'obskit_feature_usage_total{feature="_OTHER"} 2',
    );
    expect(warnings.map((w) => w.message)).toEqual([
      'obskit metrics-core: invalid_label_value: obskit_feature_usage_total: label "feature" got a value of type object (logged once; counted in obskit_instrumentation_errors_total)',
      'obskit metrics-core: invalid_label_value: obskit_feature_usage_total: label "feature" longer than 128 characters, recorded as _OTHER (logged once; counted in obskit_instrumentation_errors_total)',
    ]);
  });

  it('survives a logger that throws', async () => {
    const registry = new Registry();
    const metrics = createMetrics({
      registry,
      defaultMetrics: false,
      logger: {
        warn: () => {
          throw new Error('logger down');
        },
        error: () => undefined,
      },
    });
    expect(() => metrics.counter(METRICS.business.featureUsage).inc({ feature: 'a' }, -1)).not.toThrow();
    expect(await registry.metrics()).toContain(
      'obskit_instrumentation_errors_total{component="metrics-core",reason="negative_increment"} 1',
    );
  });

  it('leaves absent and empty labels out of the series', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    metrics
      .histogram(METRICS.genai.workflowDuration)
      .observe({ gen_ai_workflow_name: 'triage', error_type: '' }, 1);
    expect(await registry.metrics()).toContain(
      'gen_ai_workflow_duration_seconds_count{gen_ai_workflow_name="triage"} 1',
    );
  });
});
