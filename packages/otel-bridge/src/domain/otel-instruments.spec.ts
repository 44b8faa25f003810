import { LABELS, METRICS, OBSKIT_METRICS, type LabelName, type MetricDef } from '@obskit/catalog';
import type { ReportError } from '@obskit/metrics-core';
import { Registry, type OpenMetricsContentType } from 'prom-client';
import { parseExposition } from '../../test/exposition';
import { createOtelBridge } from '../bridge/create-otel-bridge';
import type { OtelBridge } from '../bridge/types';
import { createOtelInstruments, otelGaugeWrite } from './otel-instruments';

/** A value every catalog label accepts as it is (an enum's first value, a pattern's example). */
function valueOf(label: LabelName): string {
  const bound = LABELS[label].bound;
  if (bound.kind === 'enum') return bound.values[0];
  const examples: Partial<Record<LabelName, string>> = {
    http_route: '/orders/:id',
    http_response_status_code: '200',
    metric: 'app_metric',
  };
  return examples[label] ?? 'x';
}

describe('createOtelInstruments', () => {
  let bridge: OtelBridge | undefined;
  afterEach(async () => {
    await bridge?.shutdown();
    bridge = undefined;
  });

  function setUp(registry: Registry = new Registry()) {
    bridge = createOtelBridge({ registry });
    const reports: string[] = [];
    const report: ReportError = (component, reason, detail) =>
      void reports.push(`${component} ${reason} ${detail}`);
    const ins = createOtelInstruments(bridge.getMeter('test'), { report });
    return { registry, ins, reports };
  }

  it("gives every obskit catalog metric recorded with all its labels exactly the catalog's name and labels", async () => {
    const { registry, ins, reports } = setUp();
    const defs = OBSKIT_METRICS.filter((m) => m.family !== 'self' && m.type !== 'summary');
    expect(defs.length).toBeGreaterThan(40);
    const expected: string[] = [];
    for (const def of defs as readonly MetricDef[]) {
      const labels = Object.fromEntries(def.labels.map((l) => [l, valueOf(l)]));
      if (def.type === 'counter') ins.counter(def).inc(labels, 2);
      else if (def.type === 'histogram') ins.histogram(def).observe(labels, 0.5);
      else if (otelGaugeWrite(def) === 'add') ins.gauge(def).inc(labels, 2);
      else ins.gauge(def).set(labels, 2);
      // A histogram's count is its one observation; counters and gauges hold 2.
      const [series, value] = def.type === 'histogram' ? [`${def.name}_count`, 1] : [def.name, 2];
      const rendered = def.labels.map((l) => `${l}="${valueOf(l)}"`).sort();
      expected.push(`${series}${rendered.length > 0 ? `{${rendered.join(',')}}` : ''} ${value}`);
    }
    const served = new Set(
      [...parseExposition(await registry.metrics()).values()]
        .flatMap((family) => family.samples)
        .map((sample) => sample.replace('{}', '')),
    );
    expect(expected.filter((line) => !served.has(line))).toEqual([]);
    expect(reports).toEqual([]);
  });

  it('records a gauge one way only and reports the other calls instead of throwing', async () => {
    const { registry, ins, reports } = setUp();
    const moved = ins.gauge(METRICS.task.queueDepth);
    const set = ins.gauge(METRICS.agent.rateLimitRemaining);
    const rate = {
      gen_ai_provider_name: 'openai',
      gen_ai_request_model: 'm',
      gen_ai_rate_limit_resource: 'requests',
    };
    moved.inc({ queue: 'q' }, 3);
    moved.dec({ queue: 'q' });
    expect(() => moved.set({ queue: 'q' }, 10)).not.toThrow();
    expect(() => moved.labels({ queue: 'q' }).set(10)).not.toThrow();
    set.labels(rate).set(7);
    expect(() => set.inc(rate)).not.toThrow();
    expect(() => set.dec(rate)).not.toThrow();

    const text = await registry.metrics();
    expect(text).toContain(`${METRICS.task.queueDepth.name}{queue="q"} 2\n`);
    expect(text).toContain(
      `${METRICS.agent.rateLimitRemaining.name}{gen_ai_provider_name="openai",gen_ai_request_model="m",gen_ai_rate_limit_resource="requests"} 7\n`,
    );
    expect(reports).toEqual([
      `otel-bridge invalid_value ${METRICS.task.queueDepth.name}: set() on a gauge recorded as an OTel UpDownCounter`,
      `otel-bridge invalid_value ${METRICS.task.queueDepth.name}: set() on a gauge recorded as an OTel UpDownCounter`,
      `otel-bridge invalid_value ${METRICS.agent.rateLimitRemaining.name}: inc() on a gauge recorded as an OTel Gauge`,
      `otel-bridge invalid_value ${METRICS.agent.rateLimitRemaining.name}: dec() on a gauge recorded as an OTel Gauge`,
    ]);
  });

  it('drops and reports negative increments and observations that OTel would drop silently', async () => {
    const { registry, ins, reports } = setUp();
    const features = ins.counter(METRICS.business.featureUsage);
    features.inc({ feature: 'search' }, -1);
    features.labels({ feature: 'search' }).inc(Number.NaN);
    features.inc({ feature: 'search' });
    ins.histogram(METRICS.business.sessionDuration).observe({}, -5);
    const text = await registry.metrics();
    expect(text).toContain(`${METRICS.business.featureUsage.name}{feature="search"} 1\n`);
    expect(text).not.toContain(`${METRICS.business.sessionDuration.name}_count`);
    expect(reports).toEqual([
      `otel-bridge negative_increment ${METRICS.business.featureUsage.name}: increment must be a finite non-negative number`,
      `otel-bridge invalid_value ${METRICS.business.featureUsage.name}: increment must be a finite non-negative number`,
      `otel-bridge invalid_value ${METRICS.business.sessionDuration.name}: observation is not a finite non-negative number`,
    ]);
  });

  it('leaves missing and empty label values out, as metrics-core does', async () => {
    const { registry, ins } = setUp();
    ins
      .histogram(METRICS.genai.executeToolDuration)
      .observe({ gen_ai_tool_name: 'search', gen_ai_agent_name: '', error_type: undefined }, 0.2);
    expect(await registry.metrics()).toContain(
      `${METRICS.genai.executeToolDuration.name}_count{gen_ai_tool_name="search"} 1\n`,
    );
  });

  it("keeps an observation's exemplar in OpenMetrics", async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const { ins } = setUp(registry as unknown as Registry);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const spanId = 'b7ad6b7169203331';
    ins.histogram(METRICS.genai.executeToolDuration).labels({ gen_ai_tool_name: 'search' }).observe(0.2, {
      traceId,
      spanId,
    });
    expect(await registry.metrics()).toMatch(
      new RegExp(
        `^${METRICS.genai.executeToolDuration.name}_bucket\\{gen_ai_tool_name="search",le="[^"]+"\\} 1 # \\{trace_id="${traceId}",span_id="${spanId}"\\} 0.2 `,
        'm',
      ),
    );
  });

  it('validates the price table at creation', () => {
    bridge = createOtelBridge({ registry: new Registry() });
    const meter = bridge.getMeter('test');
    expect(() =>
      createOtelInstruments(meter, { prices: { openai: { m: { inputPer1k: -1, outputPer1k: 0.01 } } } }),
    ).toThrow(expect.objectContaining({ code: expect.stringMatching(/^OBSKIT_/) }));
  });
});
