import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';
import type { OpenMetricsContentType } from 'prom-client';
import { renderExposition } from './render';
import type { CollectorFailure } from './render';

function openMetricsRegistry(): Registry {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry as unknown as Registry;
}

function populate(registry: Registry, exemplars = false): void {
  const counter = new Counter({
    name: 'orders_total',
    help: 'Orders placed.\nSecond line with \\ backslash.',
    labelNames: ['status'],
    registers: [registry],
    enableExemplars: exemplars,
  });
  const histogram = new Histogram({
    name: 'request_duration_seconds',
    help: 'Request duration, in seconds.',
    labelNames: ['route', 'method'],
    buckets: [0.1, 0.5, 1],
    registers: [registry],
    enableExemplars: exemplars,
  });
  new Gauge({ name: 'queue_depth', help: 'Depth.', labelNames: ['queue'], registers: [registry] }).set(
    { queue: 'a "quoted"\nvalue\\' },
    3,
  );
  new Gauge({
    name: 'weird_values',
    help: 'NaN and infinities.',
    labelNames: ['k'],
    registers: [registry],
  }).set({ k: 'nan' }, NaN);
  const summary = new Summary({
    name: 'payload_bytes',
    help: 'Payload.',
    percentiles: [0.5, 0.9],
    registers: [registry],
  });
  summary.observe(10);
  summary.observe(20);
  if (exemplars) {
    counter.inc({
      labels: { status: 'ok' },
      value: 2,
      exemplarLabels: { trace_id: 'abc', span_id: 'def' } as never,
    });
    histogram.observe({
      labels: { route: '/orders/:id', method: 'GET' },
      value: 0.3,
      exemplarLabels: { trace_id: 'abc', span_id: 'def' } as never,
    });
  } else {
    counter.inc({ status: 'ok' }, 2);
    histogram.observe({ route: '/orders/:id', method: 'GET' }, 0.3);
  }
  if (exemplars) histogram.observe({ labels: { route: '/', method: 'POST' }, value: 2 });
  else histogram.observe({ route: '/', method: 'POST' }, 2);
  const noSuffix = new Counter({
    name: 'no_suffix',
    help: 'A counter without the suffix.',
    registers: [registry],
    enableExemplars: exemplars,
  });
  if (exemplars) noSuffix.inc({ value: 1 });
  else noSuffix.inc();
}

describe('renderExposition', () => {
  it('is byte-identical to registry.metrics() in the text format', async () => {
    const registry = new Registry();
    populate(registry);
    registry.setDefaultLabels({ service: 'api' });
    collectDefaultMetrics({ register: registry });
    const ours = await renderExposition([registry], { format: 'text' });
    // prom-client's default metrics read live process values; format once more from the same state
    const theirs = await registry.metrics();
    const stable = (s: string) =>
      s
        .split('\n')
        .filter((l) => !/^(process_|nodejs_)/.test(l))
        .join('\n');
    expect(stable(ours.body)).toBe(stable(theirs));
    expect(ours.failures).toEqual([]);
  });

  it('is byte-identical to registry.metrics() without default metrics, for both formats', async () => {
    const text = new Registry();
    populate(text);
    expect((await renderExposition([text])).body).toBe(await text.metrics());

    const om = openMetricsRegistry();
    populate(om, true);
    const ours = (await renderExposition([om], { format: 'openmetrics' })).body;
    expect(ours).toBe(await om.metrics());
    expect(ours).toContain(
      '# TYPE orders counter\norders_total{status="ok"} 2 # {trace_id="abc",span_id="def"} 2 ',
    );
    expect(ours.endsWith('\n# EOF\n')).toBe(true);
  });

  it('serves an OpenMetrics registry as text without exemplars and keeps counter names', async () => {
    const om = openMetricsRegistry();
    populate(om, true);
    const body = (await renderExposition([om], { format: 'text' })).body;
    expect(body).toContain('# TYPE orders_total counter\norders_total{status="ok"} 2\n');
    expect(body).not.toContain('trace_id');
    expect(body).not.toContain('# EOF');
    // prom-client would have formatted it the same from a text registry
    const text = new Registry();
    populate(text);
    expect(body).toBe(await text.metrics());
  });

  it('renders an empty registry like prom-client', async () => {
    expect((await renderExposition([new Registry()])).body).toBe(await new Registry().metrics());
    const om = openMetricsRegistry();
    expect((await renderExposition([om], { format: 'openmetrics' })).body).toBe(await om.metrics());
  });

  it('merges several registries and serves a duplicated name once, from the first', async () => {
    const a = new Registry();
    const b = new Registry();
    new Gauge({ name: 'a_value', help: 'A.', registers: [a] }).set(1);
    new Gauge({ name: 'shared_value', help: 'From a.', registers: [a] }).set(1);
    new Gauge({ name: 'shared_value', help: 'From b.', registers: [b] }).set(2);
    new Gauge({ name: 'b_value', help: 'B.', registers: [b] }).set(3);
    const body = (await renderExposition([a, b])).body;
    expect(body).toBe(
      '# HELP a_value A.\n# TYPE a_value gauge\na_value 1\n\n' +
        '# HELP shared_value From a.\n# TYPE shared_value gauge\nshared_value 1\n\n' +
        '# HELP b_value B.\n# TYPE b_value gauge\nb_value 3\n',
    );
  });

  it('leaves out a collector that throws, serves the rest and reports it once', async () => {
    const registry = new Registry();
    new Gauge({ name: 'good_value', help: 'Good.', registers: [registry] }).set(1);
    new Gauge({
      name: 'broken_value',
      help: 'Broken.',
      registers: [registry],
      collect() {
        throw new Error('database is down');
      },
    });
    new Gauge({ name: 'later_value', help: 'Later.', registers: [registry] }).set(2);
    const reported: Array<[string, CollectorFailure, unknown]> = [];
    const result = await renderExposition([registry], {
      onCollectorError: (metric, reason, error) => reported.push([metric, reason, error]),
    });
    expect(result.body).toBe(
      '# HELP good_value Good.\n# TYPE good_value gauge\ngood_value 1\n\n' +
        '# HELP later_value Later.\n# TYPE later_value gauge\nlater_value 2\n',
    );
    expect(result.failures).toEqual([{ metric: 'broken_value', reason: 'collector_failed' }]);
    expect(reported).toHaveLength(1);
    expect(reported[0][0]).toBe('broken_value');
    expect((reported[0][2] as Error).message).toBe('database is down');
  });

  it('leaves out a collector that hangs past the deadline and shows the self-metric in the same scrape', async () => {
    const registry = new Registry();
    const errors = new Counter({
      name: 'scrape_errors_total',
      help: 'Errors.',
      labelNames: ['metric', 'reason'],
      registers: [registry],
    });
    new Gauge({
      name: 'slow_value',
      help: 'Slow.',
      registers: [registry],
      collect: () => new Promise<void>(() => undefined),
    });
    new Gauge({ name: 'fast_value', help: 'Fast.', registers: [registry] }).set(5);
    const started = Date.now();
    const result = await renderExposition([registry], {
      timeoutMs: 200,
      onCollectorError: (metric, reason) => errors.inc({ metric, reason }),
      refreshAfterErrors: ['scrape_errors_total'],
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.failures).toEqual([{ metric: 'slow_value', reason: 'collector_timeout' }]);
    expect(result.body).toContain('scrape_errors_total{metric="slow_value",reason="collector_timeout"} 1');
    expect(result.body).toContain('fast_value 5');
    expect(result.body).not.toContain('# HELP slow_value');
  });

  it('accepts plain objects that look like prom-client metrics, including ones that throw synchronously', async () => {
    const registry = new Registry();
    registry.registerMetric({
      name: 'bridge_value',
      get: () => ({
        name: 'bridge_value',
        help: 'From a bridge.',
        type: 'gauge',
        values: [{ value: 7, labels: {} }],
      }),
    } as never);
    registry.registerMetric({
      name: 'sync_throw',
      get: () => {
        throw new Error('boom');
      },
    } as never);
    const result = await renderExposition([registry]);
    expect(result.body).toBe(
      '# HELP bridge_value From a bridge.\n# TYPE bridge_value gauge\nbridge_value 7\n',
    );
    expect(result.failures).toEqual([{ metric: 'sync_throw', reason: 'collector_failed' }]);
  });

  it('yields to the event loop between metric families', async () => {
    const registry = new Registry();
    for (let i = 0; i < 50; i++) {
      new Gauge({ name: `family_${i}`, help: 'One of many.', labelNames: ['n'], registers: [registry] }).set(
        { n: 'x' },
        i,
      );
    }
    let turns = 0;
    let running = true;
    const spin = (): void => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const result = await renderExposition([registry]);
    running = false;
    // rendering synchronously in one go would leave the other callback a single turn at most
    expect(turns).toBeGreaterThanOrEqual(50);
    expect(result.body).toBe(await registry.metrics());
  });
});
