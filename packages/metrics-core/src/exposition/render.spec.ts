import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';
import type { OpenMetricsContentType } from 'prom-client';
import { seriesStoreOf } from '../store/series-store';
import type { HistogramFamily } from '../store/family';
import { collectExposition, renderExposition, streamExposition } from './render';

/** Records `value` on the series of `labels` of a store histogram, as a guarded handle would. */
function observe(family: HistogramFamily, labels: Record<string, string>, value: number): void {
  const key = Object.keys(labels)
    .sort()
    .map((name) => `${name}:${labels[name]},`)
    .join('');
  const series = family.seriesOf(Object.freeze({ ...labels }), key);
  const i = family.buckets.findIndex((bound) => value <= bound);
  if (i >= 0) series.counts[i] += 1;
  series.sum += value;
  series.count += 1;
}
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

  it('yields to the event loop between metric families once the time slice is used up', async () => {
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
    // a slice of 0 ms is used up at every check, so every family ends with a turn of the loop
    const result = await renderExposition([registry], { sliceMs: 0 });
    running = false;
    // rendering synchronously in one go would leave the other callback a single turn at most
    expect(turns).toBeGreaterThanOrEqual(50);
    expect(result.body).toBe(await registry.metrics());
  });

  it('yields to the event loop while it renders one store family of 20k histogram series', async () => {
    const registry = new Registry();
    const family = seriesStoreOf(registry).histogram({
      name: 'big_duration_seconds',
      help: 'Big.',
      labelNames: ['route'],
      buckets: [0.1, 0.5, 1, 5],
    });
    for (let i = 0; i < 20_000; i++) observe(family, { route: `/r/${i}` }, (i % 10) / 10);
    let ticks = 0;
    const probe = setInterval(() => ticks++, 1);
    let result;
    try {
      result = await renderExposition([registry]);
    } finally {
      clearInterval(probe);
    }
    // formatted in one go, the 1 ms interval could not fire during the render at all
    expect(ticks).toBeGreaterThan(10);
    expect(result.body).toBe(await registry.metrics());
  });
});

describe('renderExposition in time slices', () => {
  /** Holds the thread for `ms` milliseconds, the way slow formatting would. */
  function busy(ms: number): void {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // spin
    }
  }

  it('lets a timer run in the middle of one family when the slice is used up, whatever the series count', async () => {
    const registry = new Registry();
    let read = 0;
    let readWhenTimerRan: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    // 200 samples that each take 0.2 ms to read, one piece's worth by count (chunkSize 200)
    const values = Array.from({ length: 200 }, (_, i) => ({
      value: i,
      get labels() {
        // a timer set as the family starts being formatted
        if (read++ === 0) timer = setTimeout(() => (readWhenTimerRan = read), 0);
        busy(0.2);
        return { n: String(i) };
      },
    }));
    registry.registerMetric({
      name: 'slow_value',
      help: 'Slow to read.',
      type: 'gauge',
      get: () => ({ name: 'slow_value', help: 'Slow to read.', type: 'gauge', values }),
    } as never);
    const pieces: string[] = [];
    try {
      // OpenMetrics from a text registry: formatted here from `get()`, not by prom-client
      await streamExposition([registry], (piece) => void pieces.push(piece), {
        sliceMs: 5,
        chunkSize: 200,
        format: 'openmetrics',
      });
    } finally {
      clearTimeout(timer);
    }
    // the timer ran while the family was still being read, not after it
    expect(readWhenTimerRan).toBeGreaterThan(1);
    expect(readWhenTimerRan).toBeLessThan(200);
    // the text formatted before each turn of the loop went out as a piece of its own
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(
      `# HELP slow_value Slow to read.\n# TYPE slow_value gauge\n${values.map((_, i) => `slow_value{n="${i}"} ${i}`).join('\n')}\n# EOF\n`,
    );
  });

  it('writes a family of many series in pieces of at most about 64 KiB, however many series a piece may hold', async () => {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 'wide_seconds',
      help: 'Wide.',
      labelNames: ['route'],
      buckets: [0.1, 0.5, 1, 5],
      registers: [registry],
    });
    for (let i = 0; i < 3000; i++) histogram.observe({ route: `/r/${i}` }, (i % 10) / 10);
    const sizes: number[] = [];
    const body: string[] = [];
    await streamExposition(
      [registry],
      (piece) => {
        sizes.push(piece.length);
        body.push(piece);
      },
      { chunkSize: 10_000 },
    );
    // 3000 series of 7 lines: about 1 MB, never in one piece
    expect(body.join('')).toBe(await registry.metrics());
    expect(Math.max(...sizes)).toBeLessThan(80 * 1024);
    expect(sizes.length).toBeGreaterThan(10);
  });
});

describe('renderExposition series by series', () => {
  /** Many series per family so that small chunks split every family several times. */
  function populateMany(registry: Registry, exemplars: boolean): void {
    const counter = new Counter({
      name: 'jobs_total',
      help: 'Jobs "done".',
      labelNames: ['queue', 'service'],
      registers: [registry],
      enableExemplars: exemplars,
    });
    const gauge = new Gauge({
      name: 'temperature',
      help: 'Temp.',
      labelNames: ['room'],
      registers: [registry],
    });
    const histogram = new Histogram({
      name: 'latency_seconds',
      help: 'Latency.',
      labelNames: ['route'],
      buckets: [0.005, 0.1, 1, 2.5],
      registers: [registry],
      enableExemplars: exemplars,
    });
    new Histogram({ name: 'unlabelled_seconds', help: 'No labels.', registers: [registry] }).observe(0.2);
    new Counter({
      name: 'never_total',
      help: 'Never incremented.',
      labelNames: ['x'],
      registers: [registry],
    });
    for (let i = 0; i < 40; i++) {
      const labels = { queue: `q"${i}"\n\\`, service: i % 2 ? 'own' : 'other' };
      if (exemplars) counter.inc({ labels, value: i + 1, exemplarLabels: { trace_id: `t${i}` } as never });
      else counter.inc(labels, i + 1);
      gauge.set({ room: `room_${i}` }, i % 3 === 0 ? -Infinity : i / 7);
      const route = { route: `/r/${i % 13}` };
      if (exemplars) {
        histogram.observe({ labels: route, value: i / 10, exemplarLabels: { trace_id: `h${i}` } as never });
      } else histogram.observe(route, i / 10);
    }
  }

  it.each([1, 3, 128])(
    'is byte-identical to registry.metrics() in the text format with default labels (chunk %i)',
    async (chunkSize) => {
      const registry = new Registry();
      populate(registry);
      populateMany(registry, false);
      // `service` is also a label of jobs_total: a series' own value wins, as in prom-client
      registry.setDefaultLabels({ service: 'api', region: 'eu\n"1"' });
      const ours = await renderExposition([registry], { chunkSize });
      expect(ours.body).toBe(await registry.metrics());
      expect(ours.body).toContain(
        'jobs_total{queue="q\\"1\\"\\n\\\\",service="own",region="eu\\n\\"1\\""} 2',
      );
      expect(ours.body).toContain(
        'latency_seconds_bucket{le="0.005",service="api",region="eu\\n\\"1\\"",route="/r/0"} 1',
      );
      expect(ours.failures).toEqual([]);
    },
  );

  it.each([1, 5, 128])(
    'is byte-identical to registry.metrics() in OpenMetrics with exemplars and default labels (chunk %i)',
    async (chunkSize) => {
      const om = openMetricsRegistry();
      populate(om, true);
      populateMany(om, true);
      om.setDefaultLabels({ service: 'api' });
      const ours = await renderExposition([om], { format: 'openmetrics', chunkSize });
      expect(ours.body).toBe(await om.metrics());
      expect(ours.body).toMatch(
        /\njobs_total\{queue="q\\"3\\"\\n\\\\",service="own"\} 4 # \{trace_id="t3"\} 4 \d/,
      );
      // 3.9 s lands above the last bucket: its exemplar is on +Inf
      expect(ours.body).toMatch(
        /\nlatency_seconds_bucket\{le="\+Inf",service="api",route="\/r\/0"\} 4 # \{trace_id="h39"\} 3\.9 \d/,
      );
    },
  );

  it('reads a plain metric’s collect callback, and formats a subclass through its own get()', async () => {
    const registry = new Registry();
    let reads = 0;
    new Gauge({
      name: 'pool_size',
      help: 'Pool.',
      labelNames: ['pool'],
      registers: [registry],
      async collect() {
        reads++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        this.set({ pool: 'main' }, 4);
      },
    });
    class Doubled extends Gauge {
      override async get() {
        const data = await super.get();
        return { ...data, values: data.values.map((v) => ({ ...v, value: v.value * 2 })) };
      }
    }
    new Doubled({ name: 'doubled', help: 'Doubled.', registers: [registry] }).set(21);
    const body = (await renderExposition([registry], { chunkSize: 1 })).body;
    expect(body).toBe(
      '# HELP pool_size Pool.\n# TYPE pool_size gauge\npool_size{pool="main"} 4\n\n' +
        '# HELP doubled Doubled.\n# TYPE doubled gauge\ndoubled 42\n',
    );
    expect(reads).toBe(1);
  });

  it('leaves out a collector that throws or hangs between large families, before any byte is written', async () => {
    const registry = new Registry();
    const before = new Counter({
      name: 'before_total',
      help: 'B.',
      labelNames: ['n'],
      registers: [registry],
    });
    new Gauge({
      name: 'throws_value',
      help: 'T.',
      registers: [registry],
      collect() {
        throw new Error('gone');
      },
    });
    new Gauge({
      name: 'hangs_value',
      help: 'H.',
      registers: [registry],
      collect: () => new Promise(() => undefined),
    });
    const after = new Counter({ name: 'after_total', help: 'A.', labelNames: ['n'], registers: [registry] });
    for (let i = 0; i < 300; i++) {
      before.inc({ n: i });
      after.inc({ n: i });
    }
    const pieces: string[] = [];
    const reported: string[] = [];
    const collected = await collectExposition([registry], {
      timeoutMs: 100,
      chunkSize: 16,
      onCollectorError: (metric, reason) => reported.push(`${metric}:${reason}`),
    });
    // every collector has run (or been given up on) before the first piece
    expect(reported).toEqual(['throws_value:collector_failed', 'hangs_value:collector_timeout']);
    await collected.write((piece) => {
      pieces.push(piece);
    });
    expect(pieces.length).toBeGreaterThan(30);
    registry.removeSingleMetric('throws_value');
    registry.removeSingleMetric('hangs_value');
    expect(pieces.join('')).toBe(await registry.metrics());
  });

  it('keeps the series written before a family fails mid-way, reports it and goes on', async () => {
    const registry = new Registry();
    const broken = seriesStoreOf(registry).gauge({ name: 'broken', help: 'B.', labelNames: ['n'] });
    for (let i = 0; i < 10; i++) {
      // a label object that cannot be read, at the 6th series
      const labels =
        i === 5
          ? {
              get n(): string {
                throw new Error('unreadable');
              },
            }
          : { n: String(i) };
      broken.seriesOf(labels, `n:${i},`).value = i;
    }
    new Gauge({ name: 'next_value', help: 'N.', registers: [registry] }).set(1);
    const reported: unknown[] = [];
    const result = await renderExposition([registry], {
      chunkSize: 2,
      onCollectorError: (metric, reason, error) => reported.push([metric, reason, (error as Error).message]),
    });
    expect(result.body).toBe(
      '# HELP broken B.\n# TYPE broken gauge\nbroken{n="0"} 0\nbroken{n="1"} 1\nbroken{n="2"} 2\nbroken{n="3"} 3\n\n' +
        '# HELP next_value N.\n# TYPE next_value gauge\nnext_value 1\n',
    );
    expect(reported).toEqual([['broken', 'collector_failed', 'unreadable']]);
    expect(result.failures).toEqual([{ metric: 'broken', reason: 'collector_failed' }]);
  });

  it('stops when the sink rejects or the signal aborts', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'many_total', help: 'M.', labelNames: ['n'], registers: [registry] });
    for (let i = 0; i < 100; i++) counter.inc({ n: i });
    new Gauge({ name: 'last_value', help: 'L.', registers: [registry] }).set(1);

    let calls = 0;
    await expect(
      streamExposition(
        [registry],
        () => {
          calls++;
          return calls === 3 ? Promise.reject(new Error('socket closed')) : undefined;
        },
        { chunkSize: 10 },
      ),
    ).rejects.toThrow('socket closed');
    expect(calls).toBe(3);

    const controller = new AbortController();
    const pieces: string[] = [];
    await streamExposition(
      [registry],
      (piece) => {
        pieces.push(piece);
        if (pieces.length === 2) controller.abort();
      },
      { chunkSize: 10, signal: controller.signal },
    );
    expect(pieces).toHaveLength(2);
    expect(pieces.join('')).not.toContain('last_value');
  });
});
