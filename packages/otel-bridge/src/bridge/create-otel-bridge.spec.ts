import { BUCKETS, METRICS } from '@obskit/catalog';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { AggregatorRegistry, Counter, Registry, type OpenMetricsContentType } from 'prom-client';
import { createMetrics } from '@obskit/metrics-core';
import { createOtelBridge } from './create-otel-bridge';
import { OTEL_BRIDGE_CODES } from '../codes';
import { OtelNameCollisionError } from './errors';
import type { AnyRegistry, BridgeLogger, OtelBridge } from './types';

const chat = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o',
};
const chatLabels = 'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"';

function recordingLogger(): BridgeLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) };
}

function openMetricsRegistry(): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));

describe('createOtelBridge', () => {
  let bridges: OtelBridge[] = [];
  const bridgeOn = (registry: AnyRegistry, options: Partial<Parameters<typeof createOtelBridge>[0]> = {}) => {
    const bridge = createOtelBridge({ registry, ...options });
    bridges.push(bridge);
    return bridge;
  };
  afterEach(async () => {
    await Promise.all(bridges.map((b) => b.shutdown()));
    bridges = [];
  });

  it('serves a GenAI histogram under the catalog name, labels and buckets', async () => {
    const registry = new Registry();
    const meter = bridgeOn(registry).getMeter('genai-instrumentation', '1.0.0');
    const histogram = meter.createHistogram('gen_ai.client.operation.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: [1, 2, 3] },
    });
    histogram.record(0.7, chat);
    histogram.record(3, chat);

    const text = await registry.metrics();
    const name = METRICS.genai.clientOperationDuration.name;
    expect(text).toContain(
      `# HELP ${name} ${METRICS.genai.clientOperationDuration.help}\n# TYPE ${name} histogram\n`,
    );
    const buckets = lines(text, `${name}_bucket`);
    expect(buckets.map((l) => /le="([^"]+)"/.exec(l)?.[1])).toEqual([
      ...BUCKETS.genAiDuration.map(String),
      '+Inf',
    ]);
    expect(text).toContain(`${name}_bucket{${chatLabels},le="0.64"} 0\n`);
    expect(text).toContain(`${name}_bucket{${chatLabels},le="1.28"} 1\n`);
    expect(text).toContain(`${name}_bucket{${chatLabels},le="5.12"} 2\n`);
    expect(text).toContain(`${name}_sum{${chatLabels}} 3.7\n`);
    expect(text).toContain(`${name}_count{${chatLabels}} 2\n`);
    expect(text).not.toMatch(/otel_scope|service_name="[^"]*",gen_ai/);
  });

  it('takes gen_ai.system as gen_ai.provider.name and an SDK error class as the bounded error_type', async () => {
    const registry = new Registry();
    const histogram = bridgeOn(registry)
      .getMeter('@opentelemetry/instrumentation-openai')
      .createHistogram('gen_ai.client.operation.duration', { unit: 's' });
    const { 'gen_ai.provider.name': _provider, ...rest } = chat;
    histogram.record(0.5, { ...rest, 'gen_ai.system': 'openai', 'error.type': 'RateLimitError' });
    histogram.record(0.5, { ...rest, 'gen_ai.system': 'openai', 'error.type': 'SomethingElse' });
    // The current attribute wins over the deprecated one when both are present.
    histogram.record(0.5, { ...chat, 'gen_ai.system': 'anthropic' });

    const text = await registry.metrics();
    const name = METRICS.genai.clientOperationDuration.name;
    expect(lines(text, `${name}_count`).sort()).toEqual(
      [
        `${name}_count{gen_ai_operation_name="chat",gen_ai_request_model="gpt-4o",gen_ai_provider_name="openai",error_type="rate_limited"} 1`,
        `${name}_count{gen_ai_operation_name="chat",gen_ai_request_model="gpt-4o",gen_ai_provider_name="openai",error_type="_OTHER"} 1`,
        `${name}_count{${chatLabels}} 1`,
      ].sort(),
    );
  });

  it('names other instruments per the OTel→Prometheus spec and keeps their description as help', async () => {
    const registry = new Registry();
    const meter = bridgeOn(registry).getMeter('app');
    meter.createCounter('app.requests', { unit: '{request}', description: 'Requests served.' }).add(2, {
      'http.route': '/a',
    });
    meter.createUpDownCounter('app.queue.size', { unit: 'By' }).add(5);
    meter.createGauge('app.cpu.utilization', { unit: '1' }).record(0.25);

    const text = await registry.metrics();
    expect(text).toContain('# HELP app_requests_total Requests served.\n# TYPE app_requests_total counter\n');
    expect(text).toContain('app_requests_total{http_route="/a"} 2\n');
    expect(text).toContain('# TYPE app_queue_size_bytes gauge\napp_queue_size_bytes 5\n');
    expect(text).toContain('# TYPE app_cpu_utilization_ratio gauge\napp_cpu_utilization_ratio 0.25\n');
  });

  it('puts the resource on target_info only', async () => {
    const registry = new Registry();
    const resource = resourceFromAttributes({
      'service.name': 'checkout',
      'service.version': '1.4.2',
      'deployment.environment.name': 'staging',
      'host.name': 'box-1',
    });
    bridgeOn(registry, { resource }).getMeter('app').createCounter('app.jobs').add(1);

    const text = await registry.metrics();
    expect(text).toContain(
      '# TYPE target_info gauge\ntarget_info{service_name="checkout",service_version="1.4.2",deployment_environment="staging"} 1\n',
    );
    expect(text).toContain('app_jobs_total 1\n');
  });

  it('answers OpenMetrics with _total counters and # EOF', async () => {
    const registry = openMetricsRegistry();
    bridgeOn(registry).getMeter('app').createCounter('app.jobs').add(3, { kind: 'x' });
    const text = await registry.metrics();
    expect(text).toContain('# TYPE app_jobs counter\napp_jobs_total{kind="x"} 3\n');
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('adds up equal series that several meters record under one name', async () => {
    const registry = new Registry();
    const bridge = bridgeOn(registry);
    for (const scope of ['worker', 'scheduler']) {
      const meter = bridge.getMeter(scope);
      meter.createCounter('app.jobs').add(2, { kind: 'x' });
      meter
        .createHistogram('app.wait', { unit: 's', advice: { explicitBucketBoundaries: [1] } })
        .record(scope === 'worker' ? 0.5 : 3, { kind: 'x' });
    }
    bridge.getMeter('worker').createCounter('app.jobs').add(1, { kind: 'y' });

    const text = await registry.metrics();
    expect(lines(text, 'app_jobs_total')).toEqual([
      'app_jobs_total{kind="x"} 4',
      'app_jobs_total{kind="y"} 1',
    ]);
    expect(lines(text, 'app_wait_seconds')).toEqual([
      'app_wait_seconds_bucket{kind="x",le="1"} 1',
      'app_wait_seconds_bucket{kind="x",le="+Inf"} 2',
      'app_wait_seconds_sum{kind="x"} 3.5',
      'app_wait_seconds_count{kind="x"} 2',
    ]);
  });

  it('prints le right after the series labels, before the registry default labels', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'api' });
    bridgeOn(registry)
      .getMeter('app')
      .createHistogram('app.wait', { unit: 's', advice: { explicitBucketBoundaries: [1] } })
      .record(0.5, { kind: 'x' });

    expect(lines(await registry.metrics(), 'app_wait_seconds')).toEqual([
      'app_wait_seconds_bucket{kind="x",le="1",service="api"} 1',
      'app_wait_seconds_bucket{kind="x",le="+Inf",service="api"} 1',
      'app_wait_seconds_sum{kind="x",service="api"} 0.5',
      'app_wait_seconds_count{kind="x",service="api"} 1',
    ]);
  });

  it('gives getMetricsAsJSON and the cluster aggregator one label set per bucket', async () => {
    const registry = new Registry();
    const histogram = bridgeOn(registry)
      .getMeter('app')
      .createHistogram('app.wait', { unit: 's', advice: { explicitBucketBoundaries: [1, 2] } });
    histogram.record(1.5, { kind: 'x' });
    histogram.record(0.5, { kind: 'y' });

    const json = await registry.getMetricsAsJSON();
    const wait = json.find((m) => m.name === 'app_wait_seconds');
    expect(wait?.values.filter((v) => v.labels.kind === 'x')).toEqual([
      { labels: { kind: 'x', le: 1 }, value: 0, metricName: 'app_wait_seconds_bucket' },
      { labels: { kind: 'x', le: 2 }, value: 1, metricName: 'app_wait_seconds_bucket' },
      { labels: { kind: 'x', le: '+Inf' }, value: 1, metricName: 'app_wait_seconds_bucket' },
      { labels: { kind: 'x' }, value: 1.5, metricName: 'app_wait_seconds_sum' },
      { labels: { kind: 'x' }, value: 1, metricName: 'app_wait_seconds_count' },
    ]);

    // two workers reporting the same JSON: every bucket adds up on its own
    const aggregated = AggregatorRegistry.aggregate([json, await registry.getMetricsAsJSON()]);
    expect(lines(await aggregated.metrics(), 'app_wait_seconds')).toEqual([
      'app_wait_seconds_bucket{kind="x",le="1"} 0',
      'app_wait_seconds_bucket{kind="x",le="2"} 2',
      'app_wait_seconds_bucket{kind="x",le="+Inf"} 2',
      'app_wait_seconds_sum{kind="x"} 3',
      'app_wait_seconds_count{kind="x"} 2',
      'app_wait_seconds_bucket{kind="y",le="1"} 2',
      'app_wait_seconds_bucket{kind="y",le="2"} 2',
      'app_wait_seconds_bucket{kind="y",le="+Inf"} 2',
      'app_wait_seconds_sum{kind="y"} 1',
      'app_wait_seconds_count{kind="y"} 2',
    ]);
  });

  it('throws a clear error when an instrument would reuse the name of a prom-client metric', () => {
    const registry = new Registry();
    new Counter({ name: 'app_requests_total', help: 'Requests.', registers: [registry] });
    const meter = bridgeOn(registry).getMeter('app');
    const create = () => meter.createCounter('app.requests');
    expect(create).toThrow(OtelNameCollisionError);
    expect(create).toThrow(
      'OpenTelemetry instrument "app.requests" maps to metric "app_requests_total", which is already registered on the registry as a counter: rename the instrument or unregister the other metric',
    );
    try {
      create();
    } catch (error) {
      expect((error as OtelNameCollisionError).code).toBe(OTEL_BRIDGE_CODES.nameCollision);
    }
  });

  it('throws when two instruments of different kinds map to one name', () => {
    const meter = bridgeOn(new Registry()).getMeter('app');
    meter.createUpDownCounter('app.size', { unit: 'By' });
    expect(() => meter.createHistogram('app.size_bytes')).toThrow(
      'OpenTelemetry instrument "app.size_bytes" maps to metric "app_size_bytes", which is already registered on the registry by another OpenTelemetry instrument, as a gauge',
    );
  });

  it('rejects an instrument that contradicts the catalog type of its name', () => {
    const meter = bridgeOn(new Registry()).getMeter('app');
    expect(() => meter.createGauge('gen_ai.client.operation.duration', { unit: 's' })).toThrow(
      expect.objectContaining({
        code: OTEL_BRIDGE_CODES.catalogMismatch,
        message:
          'OpenTelemetry instrument "gen_ai.client.operation.duration" maps to catalog metric "gen_ai_client_operation_duration_seconds", which is a histogram, not a gauge: record it with a histogram instrument',
      }),
    );
  });

  it('merges into a catalog histogram already registered (metrics-core) and adds up equal series', async () => {
    const registry = new Registry();
    const def = METRICS.genai.clientOperationDuration;
    const metrics = createMetrics({
      registry,
      defaultMetrics: false,
      allowLists: { gen_ai_request_model: ['gpt-4o'] },
    });
    metrics
      .histogram(def)
      .observe(
        { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o' },
        0.5,
      );
    const bridge = bridgeOn(registry);
    bridge
      .getMeter('genai')
      .createHistogram('gen_ai.client.operation.duration', { unit: 's' })
      .record(2, chat);

    const text = await registry.metrics();
    expect(text.match(/# TYPE gen_ai_client_operation_duration_seconds /g)).toHaveLength(1);
    expect(text).toContain(`${def.name}_count{${chatLabels}} 2\n`);
    expect(text).toContain(`${def.name}_sum{${chatLabels}} 2.5\n`);
    // the series metrics-core recorded first: its label order (`le` first, as prom-client's histograms)
    expect(text).toContain(`${def.name}_bucket{le="0.64",${chatLabels}} 1\n`);
    expect(text).toContain(`${def.name}_bucket{le="2.56",${chatLabels}} 2\n`);

    // getMetricsAsJSON (and so the cluster aggregator) reads get(): the same sums, one label set per bucket
    const json = (await registry.getMetricsAsJSON()).find((m) => m.name === def.name);
    const values = (json?.values ?? []) as {
      labels: Record<string, unknown>;
      value: number;
      metricName?: string;
    }[];
    const chatSamples = values.filter((v) => v.labels.gen_ai_provider_name === 'openai');
    expect(chatSamples.find((v) => v.metricName === `${def.name}_count`)?.value).toBe(2);
    expect(chatSamples.find((v) => v.metricName === `${def.name}_sum`)?.value).toBe(2.5);
    expect(chatSamples.find((v) => v.labels.le === 0.64)?.value).toBe(1);
    expect(chatSamples.find((v) => v.labels.le === 2.56)?.value).toBe(2);
    expect(chatSamples.filter((v) => v.metricName === `${def.name}_bucket`)).toHaveLength(
      (def.buckets ?? []).length + 1,
    );

    await bridge.shutdown();
    const after = await registry.metrics();
    expect(after).toContain(`${def.name}_count{${chatLabels}} 1\n`);
  });

  it('does not merge when told not to', () => {
    const registry = new Registry();
    const def = METRICS.business.featureUsage;
    new Counter({ name: def.name, help: def.help, labelNames: [...def.labels], registers: [registry] });
    const meter = bridgeOn(registry, { mergeCatalogMetrics: false }).getMeter('app');
    expect(() => meter.createCounter('obskit_feature_usage', { unit: '{count}' })).toThrow(
      OtelNameCollisionError,
    );
  });

  it('keeps the scrape intact when an observable callback throws or rejects, and counts it', async () => {
    const registry = new Registry();
    const logger = recordingLogger();
    const meter = bridgeOn(registry, { logger }).getMeter('app');
    meter.createObservableGauge('app.broken').addCallback(() => {
      throw new Error('database gone');
    });
    meter.createObservableGauge('app.broken.async').addCallback(async () => {
      throw new Error('timeout talking to queue');
    });
    meter
      .createObservableGauge('app.fine', { unit: 'By' })
      .addCallback((r) => r.observe(42, { pool: 'main' }));

    const first = await registry.metrics();
    expect(first).toContain('app_fine_bytes{pool="main"} 42\n');
    expect(first).toContain('# TYPE app_broken gauge\n');
    expect(lines(first, 'app_broken')).toEqual([]);
    const second = await registry.metrics();
    expect(second).toContain('app_fine_bytes{pool="main"} 42\n');
    // Two failing callbacks per scrape, two scrapes.
    expect(await registry.getSingleMetricAsString('obskit_instrumentation_errors_total')).toContain(
      'obskit_instrumentation_errors_total{component="otel-bridge",reason="collector_failed"} 4',
    );
    expect(logger.warnings).toEqual([
      'obskit otel-bridge: app_broken: observable callback of "app.broken" failed; its observations are left out of this scrape',
      'obskit otel-bridge: app_broken_async: observable callback of "app.broken.async" failed; its observations are left out of this scrape',
    ]);
  });

  it('collects OTel once per scrape, however many instruments there are', async () => {
    const registry = new Registry();
    const meter = bridgeOn(registry).getMeter('app');
    let calls = 0;
    meter.createObservableGauge('app.calls').addCallback((r) => r.observe(++calls));
    for (let i = 0; i < 5; i++) meter.createCounter(`app.c${i}`).add(1);

    await registry.metrics();
    const second = await registry.metrics();
    expect(calls).toBe(2);
    expect(second).toContain('app_calls 2\n');
  });

  it('collects once per scrape when a renderer reads metrics one by one, yielding in between', async () => {
    const registry = new Registry();
    const meter = bridgeOn(registry).getMeter('app');
    let calls = 0;
    meter.createObservableGauge('app.calls').addCallback((r) => r.observe(++calls));
    for (let i = 0; i < 3; i++) meter.createCounter(`app.c${i}`).add(1);
    // What the obskit /metrics renderer does: start each metric's read on its own turn of the loop.
    const scrape = async () => {
      const reads: Promise<unknown>[] = [];
      for (const metric of registry.getMetricsAsArray() as unknown as { get(): Promise<unknown> }[]) {
        reads.push(metric.get());
        await new Promise((resolve) => setImmediate(resolve));
      }
      return Promise.all(reads);
    };
    await scrape();
    await scrape();
    expect(calls).toBe(2);
  });

  it('folds series past the cap into one _OTHER series and counts the overflow', async () => {
    const registry = new Registry();
    const meter = bridgeOn(registry, { maxSeriesPerMetric: 3 }).getMeter('app');
    const counter = meter.createCounter('obskit_feature_usage', { unit: '{count}' });
    for (const feature of ['a', 'b', 'c', 'd', 'e', 'd']) counter.add(1, { feature });

    const text = await registry.metrics();
    expect(lines(text, 'obskit_feature_usage_total')).toEqual([
      'obskit_feature_usage_total{feature="a"} 1',
      'obskit_feature_usage_total{feature="b"} 1',
      'obskit_feature_usage_total{feature="c"} 1',
      'obskit_feature_usage_total{feature="_OTHER"} 3',
    ]);
    expect(text).toContain('obskit_metric_series_overflow_total{metric="obskit_feature_usage_total"} 3\n');
  });

  it('bounds catalog labels like metrics-core: enums, allow-lists, unknown attributes', async () => {
    const registry = new Registry();
    const logger = recordingLogger();
    const meter = bridgeOn(registry, { logger, allowLists: { gen_ai_request_model: ['gpt-4o'] } }).getMeter(
      'g',
    );
    const histogram = meter.createHistogram('gen_ai.client.operation.duration', { unit: 's' });
    histogram.record(1, {
      ...chat,
      'gen_ai.operation.name': 'dance',
      'gen_ai.request.model': 'secret-model',
      'user.id': 'u1',
    });

    const text = await registry.metrics();
    expect(text).toContain(
      'gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name="_OTHER",gen_ai_provider_name="openai",gen_ai_request_model="_OTHER"} 1\n',
    );
    expect(text).toContain(
      'obskit_instrumentation_errors_total{component="otel-bridge",reason="unknown_label"} 1\n',
    );
    expect(logger.warnings).toEqual([
      'obskit otel-bridge: gen_ai_client_operation_duration_seconds: attribute "user.id" is not one of its labels',
    ]);
  });

  it('drops and counts invalid values instead of throwing', async () => {
    const registry = new Registry();
    const meter = bridgeOn(registry).getMeter('app');
    const counter = meter.createCounter('app.jobs');
    const histogram = meter.createHistogram('app.latency', { unit: 's' });
    expect(() => {
      counter.add(-1);
      counter.add(Number.NaN);
      histogram.record(-2);
      counter.add(1);
    }).not.toThrow();
    const text = await registry.metrics();
    expect(text).toContain('app_jobs_total 1\n');
    expect(text).toContain('reason="negative_increment"} 1\n');
    expect(text).toContain('reason="invalid_value"} 2\n');
  });

  it('unregisters everything on shutdown', async () => {
    const registry = new Registry();
    const bridge = bridgeOn(registry);
    bridge.getMeter('app').createCounter('app.jobs').add(1);
    expect(bridge.metricNames()).toEqual(['target_info', 'app_jobs_total']);
    await bridge.shutdown();
    expect(registry.getSingleMetric('app_jobs_total')).toBeUndefined();
    expect(registry.getSingleMetric('target_info')).toBeUndefined();
  });

  it('validates its options', () => {
    expect(() => createOtelBridge({ registry: new Registry(), maxSeriesPerMetric: 0 })).toThrow(
      expect.objectContaining({
        code: OTEL_BRIDGE_CODES.invalidOptions,
        message: 'Invalid option "maxSeriesPerMetric" 0: must be a positive integer',
      }),
    );
  });

  describe('exemplars', () => {
    const contextManager = new AsyncLocalStorageContextManager();
    const tracer = new BasicTracerProvider().getTracer('test');
    beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
    afterAll(() => context.disable());

    it('attaches trace_id/span_id of the active span to duration buckets in OpenMetrics only', async () => {
      const registry = openMetricsRegistry();
      const histogram = bridgeOn(registry)
        .getMeter('genai')
        .createHistogram('gen_ai.client.operation.duration', { unit: 's' });
      const span = tracer.startSpan('chat gpt-4o');
      context.with(trace.setSpan(context.active(), span), () => histogram.record(1.2, chat));
      span.end();
      histogram.record(30, chat); // no active span: no exemplar

      const { traceId, spanId } = span.spanContext();
      const text = await registry.metrics();
      const withExemplar = text.split('\n').filter((l) => l.includes(' # {'));
      expect(withExemplar).toHaveLength(1);
      expect(withExemplar[0]).toMatch(
        new RegExp(
          `^gen_ai_client_operation_duration_seconds_bucket\\{${chatLabels},le="1.28"\\} 1 # \\{trace_id="${traceId}",span_id="${spanId}"\\} 1.2 \\d+(\\.\\d+)?$`,
        ),
      );

      (registry as unknown as Registry).setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
      expect(await registry.metrics()).not.toContain('trace_id');
    });

    it('takes the span from an explicitly passed context too', async () => {
      const registry = openMetricsRegistry();
      const histogram = bridgeOn(registry)
        .getMeter('db')
        .createHistogram('db.client.operation.duration', { unit: 's' });
      const span = tracer.startSpan('SELECT');
      histogram.record(0.003, { 'db.system.name': 'sqlite' }, trace.setSpan(context.active(), span));
      span.end();
      const text = await registry.metrics();
      expect(text).toContain(
        `db_client_operation_duration_seconds_bucket{db_system_name="sqlite",le="0.005"} 1 # {trace_id="${span.spanContext().traceId}",span_id="${span.spanContext().spanId}"} 0.003`,
      );
    });
  });
});
