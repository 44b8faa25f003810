import { OTHER_VALUE } from '@obskit/catalog';
import { Counter, Gauge, Histogram, Registry, type OpenMetricsContentType } from 'prom-client';
import { seriesStoreOf } from '../store/series-store';
import type { GuardedCounter, GuardedGauge, GuardedHistogram } from '../types';
import { guardCounter, guardGauge, guardHistogram, type GuardContext } from './guarded';
import { createLabelGuard, type LabelGuard } from './label-guard';

/*
 * The guarded handles record into the families of metrics-core's series store (see guarded.ts).
 * These tests feed the same observations to a guarded handle on a store family (registry `a`) and
 * to a plain prom-client metric (registry `b`) and require byte-identical exposition and equal
 * `getMetricsAsJSON()` (what the cluster aggregator reads), also after `resetMetrics()`.
 */

const LABEL_COUNTS = [0, 1, 3, 6] as const;
const BUCKETS = [0.005, 0.1, 1, 2.5];
const EXEMPLAR_TIMESTAMP = /(# \{[^}]*\} \S+) \d+(\.\d+)?$/gm;

type Labels = Record<string, string>;

interface Problem {
  reason: string;
  detail: string;
}

function context(name: string, labelNames: readonly string[], maxSeries = 100) {
  const problems: Problem[] = [];
  let overflows = 0;
  const report: GuardContext['report'] = (_component, reason, detail) => problems.push({ reason, detail });
  const guard: LabelGuard = createLabelGuard({
    metric: name,
    rules: labelNames.map((l) => ({ name: l })),
    maxSeries,
    report,
    onOverflow: () => {
      overflows += 1;
    },
  });
  const ctx: GuardContext = { name, guard, report, clock: () => 0 };
  return { ctx, guard, problems, overflows: () => overflows };
}

const namesOf = (count: number): string[] => Array.from({ length: count }, (_, i) => `l${i}`);

/** Label sets over `names`: some repeat, some leave a label out (prom-client omits it). */
function labelSets(names: readonly string[]): Labels[] {
  if (names.length === 0) return [{}];
  const sets: Labels[] = [];
  for (let s = 0; s < 5; s++) {
    const labels: Labels = {};
    names.forEach((n, i) => {
      if (!(s === 4 && i === names.length - 1)) labels[n] = `v${(s + i) % 3}`;
    });
    sets.push(labels);
  }
  return sets;
}

const VALUES = [0, 0.005, 0.0049, 0.1, 0.3, 1, 2.5, 2.51, 7, 0.1 + 0.2, 1e-9];

/** A store family on registry `a`, a plain prom-client metric on registry `b`. */
function pair<F, M>(
  family: (store: ReturnType<typeof seriesStoreOf>) => F,
  raw: (registry: Registry) => M,
): { family: F; raw: M; a: Registry; b: Registry } {
  const a = new Registry();
  const b = new Registry();
  return { family: family(seriesStoreOf(a)), raw: raw(b), a, b };
}

const counterPair = (names: readonly string[]) =>
  pair(
    (store) => store.counter({ name: 'c_total', help: 'h', labelNames: names }),
    (r) => new Counter({ name: 'c_total', help: 'h', labelNames: names, registers: [r] }),
  );
const gaugePair = (names: readonly string[]) =>
  pair(
    (store) => store.gauge({ name: 'g', help: 'h', labelNames: names }),
    (r) => new Gauge({ name: 'g', help: 'h', labelNames: names, registers: [r] }),
  );
const histogramPair = (names: readonly string[]) =>
  pair(
    (store) => store.histogram({ name: 'h_seconds', help: 'h', labelNames: names, buckets: BUCKETS }),
    (r) =>
      new Histogram({ name: 'h_seconds', help: 'h', labelNames: names, buckets: BUCKETS, registers: [r] }),
  );

/** Two OpenMetrics registries, each with an exemplar-keeping histogram `x_seconds` over `labelNames`. */
function openMetricsHistogramPair(labelNames: readonly string[]) {
  const a = new Registry<OpenMetricsContentType>();
  const b = new Registry<OpenMetricsContentType>();
  a.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  b.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const family = seriesStoreOf(a as unknown as Registry).histogram({
    name: 'x_seconds',
    help: 'h',
    labelNames,
    buckets: BUCKETS,
    exemplars: true,
  });
  const raw = new Histogram({
    name: 'x_seconds',
    help: 'h',
    labelNames,
    buckets: BUCKETS,
    registers: [b],
    enableExemplars: true,
  });
  return { family, raw, a: a as unknown as Registry, b: b as unknown as Registry };
}

const maskText = (text: string): string => text.replace(EXEMPLAR_TIMESTAMP, '$1 T');

type JsonSample = { labels: Record<string, unknown>; exemplar?: { timestamp: unknown } | null };

/**
 * `getMetricsAsJSON()` with exemplar timestamps masked, and the one documented difference evened
 * out: prom-client leaves a `+Inf` bucket's exemplar `undefined` until one is recorded there (its
 * other buckets start at `null`), where a store family says `null` for every bucket. Both mean
 * "none", and the cluster aggregator drops exemplars anyway; a spec below pins the difference.
 */
async function json(registry: Registry): Promise<unknown> {
  const metrics = await registry.getMetricsAsJSON();
  return metrics.map((metric) => ({
    ...metric,
    values: (metric.values as JsonSample[]).map((value) => {
      const out: JsonSample = { ...value };
      if (value.exemplar) out.exemplar = { ...value.exemplar, timestamp: 'T' };
      else if (value.labels['le'] === '+Inf') out.exemplar = value.exemplar ?? null;
      return out;
    }),
  }));
}

async function expectSameExposition(a: Registry, b: Registry): Promise<string> {
  const text = maskText(await a.metrics());
  expect(text).toBe(maskText(await b.metrics()));
  expect(await json(a)).toEqual(await json(b));
  return text;
}

describe.each(LABEL_COUNTS)('guarded handles with %i labels', (count) => {
  const names = namesOf(count);
  const sets = labelSets(names);

  it('counters render byte-identically to prom-client, also after a reset', async () => {
    const { family, raw, a, b } = counterPair(names);
    const { ctx, problems } = context('c_total', names);
    const handle: GuardedCounter<string> = guardCounter(ctx, family);
    const feed = (round: number) => {
      for (let i = 0; i < 40; i++) {
        const labels = sets[(i * 7 + round) % sets.length];
        const value = VALUES[i % VALUES.length];
        handle.inc(labels, value);
        raw.inc(labels, value);
        handle.inc(labels);
        raw.inc(labels);
      }
    };
    const empty = await expectSameExposition(a, b);
    expect(empty).toBe(
      count === 0
        ? '# HELP c_total h\n# TYPE c_total counter\nc_total 0\n'
        : '# HELP c_total h\n# TYPE c_total counter\n',
    );
    feed(0);
    const text = await expectSameExposition(a, b);
    expect(text).toContain('# TYPE c_total counter');
    a.resetMetrics();
    b.resetMetrics();
    expect(await expectSameExposition(a, b)).toBe(empty);
    feed(1);
    await expectSameExposition(a, b);
    expect(problems).toEqual([]);
  });

  it('gauges render byte-identically to prom-client, also after a reset', async () => {
    const { family, raw, a, b } = gaugePair(names);
    const { ctx, problems } = context('g', names);
    const handle: GuardedGauge<string> = guardGauge(ctx, family);
    const feed = (round: number) => {
      for (let i = 0; i < 40; i++) {
        const labels = sets[(i * 3 + round) % sets.length];
        const value = VALUES[i % VALUES.length] - 0.5;
        if (i % 3 === 0) {
          handle.set(labels, value);
          raw.set(labels, value);
        } else if (i % 3 === 1) {
          handle.inc(labels, value);
          raw.inc(labels, value);
          handle.inc(labels);
          raw.inc(labels);
        } else {
          handle.dec(labels, value);
          raw.dec(labels, value);
          handle.dec(labels);
          raw.dec(labels);
        }
      }
    };
    feed(0);
    await expectSameExposition(a, b);
    a.resetMetrics();
    b.resetMetrics();
    await expectSameExposition(a, b);
    feed(1);
    const text = await expectSameExposition(a, b);
    expect(text).toContain('# TYPE g gauge');
    expect(problems).toEqual([]);
  });

  it('histograms render byte-identically to prom-client, also after a reset', async () => {
    const { family, raw, a, b } = histogramPair(names);
    const { ctx, problems } = context('h_seconds', names);
    const handle: GuardedHistogram<string> = guardHistogram(ctx, family, { nonNegative: false });
    const feed = (round: number) => {
      for (let i = 0; i < 60; i++) {
        const labels = sets[(i * 5 + round) % sets.length];
        const value = VALUES[i % VALUES.length] * (i % 7 === 6 ? -1 : 1);
        handle.observe(labels, value);
        raw.observe(labels, value);
      }
    };
    await expectSameExposition(a, b);
    feed(0);
    const text = await expectSameExposition(a, b);
    expect(text).toContain('h_seconds_bucket{le="+Inf"');
    a.resetMetrics();
    b.resetMetrics();
    await expectSameExposition(a, b);
    feed(1);
    await expectSameExposition(a, b);
    expect(problems).toEqual([]);
  });

  it('bound histogram series render byte-identically to prom-client, also after a reset', async () => {
    const { family, raw, a, b } = histogramPair(names);
    const { ctx, problems } = context('h_seconds', names);
    const handle = guardHistogram(ctx, family, { nonNegative: true });
    const bound = sets.map((labels) => handle.labels(labels));
    const feed = (round: number) => {
      for (let i = 0; i < 60; i++) {
        const k = (i * 5 + round) % sets.length;
        const value = VALUES[i % VALUES.length];
        bound[k].observe(value);
        raw.observe(sets[k], value);
      }
    };
    feed(0);
    const text = await expectSameExposition(a, b);
    expect(text).toContain('h_seconds_bucket{le="+Inf"');
    a.resetMetrics();
    b.resetMetrics();
    // the bound series were dropped by the reset: the next observations start new ones
    feed(1);
    await expectSameExposition(a, b);
    expect(problems).toEqual([]);
  });

  it('bound counter and gauge series render byte-identically to prom-client, also after a reset', async () => {
    const counters = counterPair(names);
    const gauges = gaugePair(names);
    const { ctx, problems } = context('c_total', names);
    const gaugeCtx = context('g', names);
    const counter = guardCounter(ctx, counters.family);
    const gauge = guardGauge(gaugeCtx.ctx, gauges.family);
    const boundCounters = sets.map((labels) => counter.labels(labels));
    const boundGauges = sets.map((labels) => gauge.labels(labels));
    const feed = (round: number) => {
      for (let i = 0; i < 40; i++) {
        const k = (i * 7 + round) % sets.length;
        const value = VALUES[i % VALUES.length];
        boundCounters[k].inc(value);
        counters.raw.inc(sets[k], value);
        boundCounters[k].inc();
        counters.raw.inc(sets[k]);
        boundGauges[k].set(value + i);
        gauges.raw.set(sets[k], value + i);
      }
    };
    const same = async () => {
      await expectSameExposition(counters.a, counters.b);
      await expectSameExposition(gauges.a, gauges.b);
    };
    feed(0);
    await same();
    for (const r of [counters.a, counters.b, gauges.a, gauges.b]) r.resetMetrics();
    await same();
    feed(1);
    await same();
    expect(problems).toEqual([]);
    expect(gaugeCtx.problems).toEqual([]);
  });

  it('histogram exemplars render byte-identically in OpenMetrics', async () => {
    const { family, raw, a, b } = openMetricsHistogramPair(names);
    const { ctx, problems } = context('x_seconds', names);
    const handle = guardHistogram(ctx, family, { nonNegative: true });
    const bound = sets.map((labels) => handle.labels(labels));
    const feed = (round: number) => {
      for (let i = 0; i < 30; i++) {
        const k = (i + round) % sets.length;
        const labels = sets[k];
        const value = VALUES[i % VALUES.length];
        if (i % 3 === 2) {
          handle.observe(labels, value);
          raw.observe({ labels, value });
        } else {
          const exemplar = { traceId: `trace${round}${i}`, spanId: `span${i}` };
          if (i % 3 === 0) handle.observe(labels, value, exemplar);
          else bound[k].observe(value, exemplar);
          raw.observe({
            labels,
            value,
            exemplarLabels: { trace_id: exemplar.traceId, span_id: exemplar.spanId },
          });
        }
      }
    };
    feed(0);
    const text = await expectSameExposition(a, b);
    expect(text).toMatch(
      /^x_seconds_bucket\{le="\+Inf".*\} \d+ # \{trace_id="trace0\d+",span_id="span\d+"\} 7 T$/m,
    );
    expect(text.endsWith('# EOF\n')).toBe(true);
    a.resetMetrics();
    b.resetMetrics();
    await expectSameExposition(a, b);
    feed(1);
    await expectSameExposition(a, b);
    expect(problems).toEqual([]);
  });
});

describe('guarded handles over store families', () => {
  it("give a histogram family prom-client's flat get() labels: le first, then the series labels", async () => {
    const { family, raw, a, b } = histogramPair(['b', 'a']);
    const handle = guardHistogram(context('h_seconds', ['b', 'a']).ctx, family, { nonNegative: true });
    handle.observe({ a: 'x', b: 'y' }, 0.05);
    // the guard records labels in the metric's label-name order, whatever order they came in
    raw.observe({ b: 'y', a: 'x' }, 0.05);
    const [data] = await a.getMetricsAsJSON();
    expect(data.values.map((v) => v.labels)).toEqual([
      { le: 0.005, a: 'x', b: 'y' },
      { le: 0.1, a: 'x', b: 'y' },
      { le: 1, a: 'x', b: 'y' },
      { le: 2.5, a: 'x', b: 'y' },
      { le: '+Inf', a: 'x', b: 'y' },
      { a: 'x', b: 'y' },
      { a: 'x', b: 'y' },
    ]);
    expect(Object.keys(data.values[0].labels)).toEqual(['le', 'b', 'a']);
    expect(data).toEqual(await raw.get());
    await expectSameExposition(a, b);
  });

  it("differ from prom-client's JSON only in the +Inf bucket's absent exemplar: null, not undefined", async () => {
    const { family, raw, a, b } = openMetricsHistogramPair(['a']);
    const handle = guardHistogram(context('x_seconds', ['a']).ctx, family, { nonNegative: true });
    handle.observe({ a: 'x' }, 0.05, { traceId: 't1', spanId: 's1' });
    raw.observe({ labels: { a: 'x' }, value: 0.05, exemplarLabels: { trace_id: 't1', span_id: 's1' } });
    const [ours] = await a.getMetricsAsJSON();
    const [theirs] = await b.getMetricsAsJSON();
    const inf = (values: typeof ours.values) =>
      values.find((v) => v.labels['le'] === '+Inf') as JsonSample | undefined;
    expect(inf(ours.values)?.exemplar).toBeNull();
    expect(inf(theirs.values)?.exemplar).toBeUndefined();
    // an exemplar in the +Inf bucket makes them equal there too
    handle.observe({ a: 'x' }, 9, { traceId: 't2', spanId: 's2' });
    raw.observe({ labels: { a: 'x' }, value: 9, exemplarLabels: { trace_id: 't2', span_id: 's2' } });
    const [after] = await a.getMetricsAsJSON();
    expect(inf(after.values)?.exemplar).toMatchObject({
      labelSet: { trace_id: 't2', span_id: 's2' },
      value: 9,
    });
    expect(await json(a)).toEqual(await json(b));
  });

  it('fold label sets past the series cap into the _OTHER series exactly as prom-client would render them', async () => {
    const names = ['a', 'b'];
    const { family, raw, a, b } = histogramPair(names);
    const { ctx, overflows } = context('h_seconds', names, 2);
    const handle = guardHistogram(ctx, family, { nonNegative: true });
    const other = { a: OTHER_VALUE, b: OTHER_VALUE };
    for (let i = 0; i < 6; i++) {
      for (const labels of [
        { a: 'x', b: '1' },
        { a: 'x', b: '2' },
        { a: 'y', b: `${i}` },
      ]) {
        handle.observe(labels, i / 10);
        raw.observe(labels.a === 'y' ? other : labels, i / 10);
      }
    }
    const text = await expectSameExposition(a, b);
    expect(text).toContain(`h_seconds_count{a="${OTHER_VALUE}",b="${OTHER_VALUE}"} 6\n`);
    expect(overflows()).toBe(6);
    a.resetMetrics();
    b.resetMetrics();
    handle.observe({ a: 'z', b: '9' }, 1);
    raw.observe(other, 1);
    await expectSameExposition(a, b);
    expect(overflows()).toBe(7);
  });

  it('drop invalid counter increments, report each, and keep the series untouched', async () => {
    const { family, raw, a, b } = counterPair(['a']);
    const { ctx, problems } = context('c_total', ['a']);
    const handle = guardCounter(ctx, family);
    handle.inc({ a: 'x' }, 2);
    raw.inc({ a: 'x' }, 2);
    expect(() => {
      handle.inc({ a: 'x' }, -1);
      handle.inc({ a: 'x' }, Number.NaN);
      handle.inc({ a: 'x' }, Infinity);
    }).not.toThrow();
    expect(await expectSameExposition(a, b)).toContain('c_total{a="x"} 2\n');
    expect(problems.map((p) => p.reason)).toEqual(['negative_increment', 'invalid_value', 'invalid_value']);
  });

  it('drop invalid gauge values and histogram observations, report each, and keep the series untouched', async () => {
    const gauges = gaugePair(['a']);
    const histograms = histogramPair(['a']);
    const g = context('g', ['a']);
    const h = context('h_seconds', ['a']);
    const gauge = guardGauge(g.ctx, gauges.family);
    const histogram = guardHistogram(h.ctx, histograms.family, { nonNegative: true });
    gauge.set({ a: 'x' }, 4);
    gauges.raw.set({ a: 'x' }, 4);
    histogram.observe({ a: 'x' }, 0.5);
    histograms.raw.observe({ a: 'x' }, 0.5);
    expect(() => {
      gauge.set({ a: 'x' }, Number.NaN);
      gauge.inc({ a: 'x' }, -Infinity);
      gauge.dec({ a: 'x' }, Number.NaN);
      histogram.observe({ a: 'x' }, -0.1);
      histogram.observe({ a: 'x' }, Infinity);
    }).not.toThrow();
    expect(await expectSameExposition(gauges.a, gauges.b)).toContain('g{a="x"} 4\n');
    expect(await expectSameExposition(histograms.a, histograms.b)).toContain('h_seconds_count{a="x"} 1\n');
    expect(g.problems.map((p) => p.reason)).toEqual(['invalid_value', 'invalid_value', 'invalid_value']);
    expect(h.problems.map((p) => p.reason)).toEqual(['invalid_value', 'invalid_value']);
  });
});

describe('bound histogram series', () => {
  it('drop invalid values and exemplars that do not fit, reporting each, as observe() does', async () => {
    const { family, raw, a, b } = openMetricsHistogramPair(namesOf(1));
    const { ctx, problems } = context('x_seconds', namesOf(1));
    const series = guardHistogram(ctx, family, { nonNegative: true }).labels({ l0: 'x' });
    expect(() => {
      series.observe(-1);
      series.observe(Number.NaN);
      series.observe(0.3, { traceId: 't'.repeat(100), spanId: 's'.repeat(40) });
      series.observe(0.05, { traceId: 'abc', spanId: 'def' });
    }).not.toThrow();
    raw.observe({ labels: { l0: 'x' }, value: 0.3 });
    raw.observe({ labels: { l0: 'x' }, value: 0.05, exemplarLabels: { trace_id: 'abc', span_id: 'def' } });
    const text = await expectSameExposition(a, b);
    expect(text).toContain('x_seconds_bucket{le="0.1",l0="x"} 1 # {trace_id="abc",span_id="def"} 0.05 T\n');
    expect(problems.map((p) => p.reason)).toEqual(['invalid_value', 'invalid_value', 'invalid_label_value']);
  });

  it('past the series cap, count every observation as folded into the _OTHER series', async () => {
    const { family, raw, a, b } = histogramPair(['a']);
    const { ctx, overflows } = context('h_seconds', ['a'], 1);
    const handle = guardHistogram(ctx, family, { nonNegative: true });
    const first = handle.labels({ a: 'x' });
    const folded = handle.labels({ a: 'y' });
    first.observe(1);
    folded.observe(2);
    folded.observe(3);
    raw.observe({ a: 'x' }, 1);
    raw.observe({ a: OTHER_VALUE }, 2);
    raw.observe({ a: OTHER_VALUE }, 3);
    await expectSameExposition(a, b);
    // one fold when bound, one per observation
    expect(overflows()).toBe(3);
  });
});

describe('bound counter and gauge series', () => {
  it('drop invalid values, reporting each, as inc() and set() do', async () => {
    const counters = counterPair(['a']);
    const gauges = gaugePair(['a']);
    const { ctx, problems } = context('c_total', ['a']);
    const counter = guardCounter(ctx, counters.family).labels({ a: 'x' });
    const gauge = guardGauge(context('g', ['a']).ctx, gauges.family).labels({ a: 'x' });
    counter.inc(2);
    expect(() => {
      counter.inc(-1);
      counter.inc(Number.NaN);
      gauge.set(5);
      gauge.set(Number.POSITIVE_INFINITY);
    }).not.toThrow();
    counters.raw.inc({ a: 'x' }, 2);
    gauges.raw.set({ a: 'x' }, 5);
    await expectSameExposition(counters.a, counters.b);
    await expectSameExposition(gauges.a, gauges.b);
    expect(problems.map((p) => p.reason)).toEqual(['negative_increment', 'invalid_value']);
  });

  it('past the series cap, count every update as folded into the _OTHER series', async () => {
    const { family, raw, a, b } = counterPair(['a']);
    const { ctx, overflows } = context('c_total', ['a'], 1);
    const handle = guardCounter(ctx, family);
    const first = handle.labels({ a: 'x' });
    const folded = handle.labels({ a: 'y' });
    first.inc(1);
    folded.inc(2);
    folded.inc(3);
    handle.inc({ a: 'z' }, 4);
    raw.inc({ a: 'x' }, 1);
    raw.inc({ a: OTHER_VALUE }, 2);
    raw.inc({ a: OTHER_VALUE }, 3);
    raw.inc({ a: OTHER_VALUE }, 4);
    expect(await expectSameExposition(a, b)).toContain(`c_total{a="${OTHER_VALUE}"} 9\n`);
    // one fold when bound, one per update
    expect(overflows()).toBe(4);
  });
});

describe('gauge collect callbacks', () => {
  it('run on every scrape before the gauge is read, and stop when removed', async () => {
    const registry = new Registry();
    const family = seriesStoreOf(registry).gauge({ name: 'g', help: 'h', labelNames: ['a'] });
    const { ctx, problems } = context('g', ['a']);
    const handle = guardGauge(ctx, family);
    let inFlight = 0;
    let applied = 0;
    const remove = handle.onCollect(() => {
      handle.inc({ a: 'x' }, inFlight - applied);
      applied = inFlight;
    });
    expect(family.collects).toBe(true);
    inFlight = 3;
    expect(await registry.metrics()).toContain('g{a="x"} 3\n');
    inFlight = 1;
    expect(await registry.getMetricsAsJSON()).toEqual([
      expect.objectContaining({ name: 'g', values: [{ value: 1, labels: { a: 'x' } }] }),
    ]);
    remove();
    expect(family.collects).toBe(false);
    inFlight = 7;
    expect(await registry.metrics()).toContain('g{a="x"} 1\n');
    expect(problems).toEqual([]);
  });

  it('report a callback that throws once per scrape and still run the others', async () => {
    const registry = new Registry();
    const family = seriesStoreOf(registry).gauge({ name: 'g', help: 'h', labelNames: [] });
    const { ctx, problems } = context('g', []);
    const handle = guardGauge(ctx, family);
    handle.onCollect(() => {
      throw new Error('callback broke');
    });
    handle.onCollect(() => handle.set({}, 5));
    expect(await registry.metrics()).toContain('g 5\n');
    expect(problems).toEqual([{ reason: 'exception', detail: 'g: collect callback failed' }]);
    await registry.metrics();
    expect(problems).toHaveLength(2);
  });

  it('leave a gauge without callbacks without collect work', () => {
    const family = seriesStoreOf(new Registry()).gauge({ name: 'g', help: 'h', labelNames: [] });
    guardGauge(context('g', []).ctx, family);
    expect(family.collects).toBe(false);
  });
});
