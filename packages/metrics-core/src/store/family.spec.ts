import { Counter, Gauge, Histogram, Registry, type OpenMetricsContentType } from 'prom-client';
import {
  createCounterFamily,
  createGaugeFamily,
  createHistogramFamily,
  isMetricFamily,
  seriesKey,
  type CounterFamily,
  type GaugeFamily,
  type HistogramFamily,
} from './family';
import type { MetricSample } from './samples';
import { seriesStoreOf } from './series-store';

type Labels = Record<string, string>;

const BUCKETS = [0.1, 1, 10];

const add = (family: CounterFamily | GaugeFamily, labels: Labels, value: number): void => {
  family.seriesOf(Object.freeze({ ...labels }), seriesKey(labels)).value += value;
};

/** Records `value` on the series of `labels`, as a guarded histogram handle does. */
function observe(family: HistogramFamily, labels: Labels, value: number, exemplar?: Labels): void {
  const series = family.seriesOf(Object.freeze({ ...labels }), seriesKey(labels));
  let i = 0;
  while (i < family.buckets.length && !(value <= family.buckets[i])) i++;
  if (i < family.buckets.length) series.counts[i] += 1;
  series.sum += value;
  series.count += 1;
  if (exemplar) family.setExemplar(series, i, value, exemplar);
}

const SETS: Labels[] = [
  { method: 'GET', route: '/a' },
  { route: '/b', method: 'POST' },
  { method: 'GET' },
  { method: 'GET', route: '/a' },
  { route: 'we"ird\\\n' },
];
const VALUES = [1, 0.5, 0.1 + 0.2, 12, 1e-9];

/**
 * The samples of `get()` with exemplar timestamps masked (prom-client and the store each stamp their
 * own), and the one difference evened out: prom-client's `+Inf` bucket has an `undefined` exemplar
 * until one is recorded there, a store histogram's has `null` as all its other buckets (pinned below).
 */
async function samplesOf(metric: { get(): Promise<{ values: unknown[] }> }): Promise<unknown> {
  const data = await metric.get();
  return {
    ...data,
    values: (data.values as MetricSample[]).map((v) => {
      if (v.exemplar) return { ...v, exemplar: { ...v.exemplar, timestamp: 'T' } };
      return v.labels['le'] === '+Inf' ? { ...v, exemplar: v.exemplar ?? null } : v;
    }),
  };
}

describe('store families', () => {
  it("give prom-client's get() for the same data: counters and gauges", async () => {
    const store = seriesStoreOf(new Registry());
    const registry = new Registry();
    const labelNames = ['method', 'route'];
    const counter = store.counter({ name: 'c_total', help: 'Counts.', labelNames });
    const gauge = store.gauge({ name: 'g', help: 'Gauges.', labelNames, aggregator: 'max' });
    const rawCounter = new Counter({ name: 'c_total', help: 'Counts.', labelNames, registers: [registry] });
    const rawGauge = new Gauge({
      name: 'g',
      help: 'Gauges.',
      labelNames,
      registers: [registry],
      aggregator: 'max',
    });
    SETS.forEach((labels, i) => {
      add(counter, labels, VALUES[i]);
      rawCounter.inc(labels, VALUES[i]);
      add(gauge, labels, -VALUES[i]);
      rawGauge.inc(labels, -VALUES[i]);
    });
    expect(await counter.get()).toEqual(await rawCounter.get());
    expect(await gauge.get()).toEqual(await rawGauge.get());
    expect((await gauge.get()).aggregator).toBe('max');
    expect((await counter.get()).values.map((v) => v.value)).toEqual([13, 0.5, 0.30000000000000004, 1e-9]);
  });

  it("give prom-client's get() for the same data: histograms, le first, with and without exemplars", async () => {
    for (const exemplars of [false, true]) {
      const registry = new Registry<OpenMetricsContentType>();
      registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
      const family = createHistogramFamily({
        name: 'h_seconds',
        help: 'h',
        labelNames: ['method', 'route'],
        buckets: BUCKETS,
        exemplars,
      });
      const raw = new Histogram<string>({
        name: 'h_seconds',
        help: 'h',
        labelNames: ['method', 'route'],
        buckets: BUCKETS,
        registers: [registry],
        enableExemplars: exemplars,
      });
      SETS.forEach((labels, i) => {
        // an exemplar in a bound bucket on every series, and one past the last bound
        const exemplar = exemplars ? { trace_id: `t${i}` } : undefined;
        observe(family, labels, VALUES[i], exemplar);
        if (exemplar) raw.observe({ labels, value: VALUES[i], exemplarLabels: exemplar });
        else raw.observe(labels, VALUES[i]);
      });
      expect(await samplesOf(family)).toEqual(await samplesOf(raw));
      const infOf = async (metric: { get(): Promise<{ values: MetricSample[] }> }) =>
        (await metric.get()).values.filter((v) => v.labels['le'] === '+Inf').map((v) => v.exemplar);
      const ours = await infOf(family);
      expect(ours.map((e) => e?.labelSet ?? e)).toEqual(
        exemplars ? [{ trace_id: 't3' }, null, null, null] : [null, null, null, null],
      );
      expect((await infOf(raw as never)).slice(1)).toEqual(
        exemplars ? [undefined, undefined, undefined] : [null, null, null],
      );
      const [first] = (await family.get()).values;
      expect(first).toMatchObject({
        labels: { le: 0.1, method: 'GET', route: '/a' },
        metricName: 'h_seconds_bucket',
      });
      expect(Object.keys(first.labels)).toEqual(['le', 'method', 'route']);
    }
  });

  it('show the one series of an unlabelled counter or gauge at zero from the start and after a reset, as prom-client does', async () => {
    const registry = new Registry();
    const counter = createCounterFamily({ name: 'c_total', help: 'h', labelNames: [] });
    const gauge = createGaugeFamily({ name: 'g', help: 'h', labelNames: [] });
    const rawCounter = new Counter({ name: 'c_total', help: 'h', registers: [registry] });
    const rawGauge = new Gauge({ name: 'g', help: 'h', registers: [registry] });
    expect((await counter.get()).values).toEqual([{ value: 0, labels: {} }]);
    expect(await counter.get()).toEqual(await rawCounter.get());
    expect(await gauge.get()).toEqual(await rawGauge.get());
    add(counter, {}, 3);
    add(gauge, {}, -2);
    counter.reset();
    gauge.reset();
    rawCounter.inc(3);
    rawGauge.dec(2);
    rawCounter.reset();
    rawGauge.reset();
    expect((await counter.get()).values).toEqual([{ value: 0, labels: {} }]);
    expect(await counter.get()).toEqual(await rawCounter.get());
    expect(await gauge.get()).toEqual(await rawGauge.get());
  });

  it("show an unlabelled histogram's zero series from the start, and none after a reset, as prom-client does", async () => {
    const family = createHistogramFamily({ name: 'h', help: 'h', labelNames: [], buckets: BUCKETS });
    const raw = new Histogram({ name: 'h', help: 'h', buckets: BUCKETS, registers: [new Registry()] });
    expect((await family.get()).values.map((v) => v.value)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await family.get()).toEqual(await raw.get());
    observe(family, {}, 2);
    raw.observe(2);
    family.reset();
    raw.reset();
    expect((await family.get()).values).toEqual([]);
    expect(await family.get()).toEqual(await raw.get());
    observe(family, {}, 0.5);
    raw.observe(0.5);
    expect(await family.get()).toEqual(await raw.get());
  });

  it('show a labelled family without series as no samples', async () => {
    const family = createCounterFamily({ name: 'c_total', help: 'h', labelNames: ['a'] });
    expect(family.series()).toEqual([]);
    expect(await family.get()).toEqual({
      name: 'c_total',
      help: 'h',
      type: 'counter',
      values: [],
      aggregator: 'sum',
    });
  });

  it('keep one series per key, in the order first recorded', () => {
    const family = createCounterFamily({ name: 'c_total', help: 'h', labelNames: ['a'] });
    const x = family.seriesOf({ a: 'x' }, 'a:x,');
    const y = family.seriesOf({ a: 'y' }, 'a:y,');
    expect(family.seriesOf({ a: 'x' }, 'a:x,')).toBe(x);
    expect(family.series()).toEqual([x, y]);
    expect(x).toEqual({ labels: { a: 'x' }, value: 0, live: true });
  });

  it("make a reset retire the series a handle holds, so the handle's next write fetches a new one", async () => {
    for (const family of [
      createCounterFamily({ name: 'c_total', help: 'h', labelNames: ['a'] }),
      createHistogramFamily({ name: 'h', help: 'h', labelNames: ['a'], buckets: BUCKETS }),
    ]) {
      const held = family.seriesOf({ a: 'x' }, 'a:x,');
      expect(held.live).toBe(true);
      const listed = family.series();
      family.reset();
      expect(held.live).toBe(false);
      expect(family.series()).toEqual([]);
      // a list read before the reset is not changed by it
      expect(listed).toEqual([held]);
      const fresh = family.seriesOf({ a: 'x' }, 'a:x,');
      expect(fresh).not.toBe(held);
      expect(fresh.live).toBe(true);
      // what a handle still writes to the retired series never shows
      if ('value' in held) held.value += 5;
      else held.sum += 5;
      const sums = (await family.get()).values.map((v) => v.value);
      expect(sums.every((v) => v === 0)).toBe(true);
    }
  });

  it('run the collect callbacks on every get() and collect(), in order, awaiting each', async () => {
    const family = createGaugeFamily({ name: 'g', help: 'h', labelNames: [] });
    const calls: string[] = [];
    expect(family.collects).toBe(false);
    const removeFirst = family.onCollect(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      calls.push('first');
      family.seriesOf({}, '').value = calls.length;
    });
    family.onCollect(() => {
      calls.push('second');
    });
    expect(family.collects).toBe(true);
    expect((await family.get()).values).toEqual([{ value: 1, labels: {} }]);
    await family.collect();
    expect(calls).toEqual(['first', 'second', 'first', 'second']);
    removeFirst();
    await family.get();
    expect(calls).toEqual(['first', 'second', 'first', 'second', 'second']);
  });

  it('run every collect callback when one throws, then reject with its error', async () => {
    const family = createCounterFamily({ name: 'c_total', help: 'h', labelNames: [] });
    const ran: string[] = [];
    const broke = new Error('broke');
    family.onCollect(() => {
      ran.push('a');
      throw broke;
    });
    family.onCollect(() => {
      ran.push('b');
      throw new Error('second');
    });
    family.onCollect(async () => {
      ran.push('c');
    });
    await expect(family.collect()).rejects.toBe(broke);
    expect(ran).toEqual(['a', 'b', 'c']);
    await expect(family.get()).rejects.toBe(broke);
    expect(ran).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('add the samples of a source: equal series added up, new ones after, in order of first appearance', async () => {
    const family = createCounterFamily({ name: 'c_total', help: 'h', labelNames: ['a', 'b'] });
    add(family, { a: 'x', b: '1' }, 2);
    add(family, { a: 'y', b: '1' }, 1);
    expect(family.sourced).toBe(false);
    const remove = family.addSource(async () => [
      { labels: { a: 'z', b: '1' }, value: 10 },
      // the same series as the family's own, its labels in another order
      { labels: { b: '1', a: 'x' }, value: 5 },
    ]);
    family.addSource(async () => [{ labels: { a: 'z', b: '1' }, value: 1 }]);
    expect(family.sourced).toBe(true);
    expect((await family.get()).values).toEqual([
      { labels: { a: 'x', b: '1' }, value: 7 },
      { labels: { a: 'y', b: '1' }, value: 1 },
      { labels: { a: 'z', b: '1' }, value: 11 },
    ]);
    remove();
    expect((await family.get()).values).toEqual([
      { labels: { a: 'x', b: '1' }, value: 2 },
      { labels: { a: 'y', b: '1' }, value: 1 },
      { labels: { a: 'z', b: '1' }, value: 1 },
    ]);
    // the family's own series are not changed by a read
    expect(family.series().map((s) => s.value)).toEqual([2, 1]);
  });

  it("let a gauge source's value win over the family's own", async () => {
    const family = createGaugeFamily({ name: 'g', help: 'h', labelNames: ['a'] });
    add(family, { a: 'x' }, 2);
    add(family, { a: 'y' }, 3);
    family.addSource(async () => [{ labels: { a: 'x' }, value: 9 }]);
    expect((await family.get()).values).toEqual([
      { labels: { a: 'x' }, value: 9 },
      { labels: { a: 'y' }, value: 3 },
    ]);
  });

  it("merge a histogram source's series, keeping each series' bucket, sum and count lines together", async () => {
    const family = createHistogramFamily({ name: 'h', help: 'h', labelNames: ['a'], buckets: [1] });
    observe(family, { a: 'x' }, 0.5);
    const line = (name: string, labels: Record<string, string | number>, value: number): MetricSample => ({
      labels,
      value,
      metricName: name,
    });
    family.addSource(async () => [
      line('h_bucket', { le: 1, a: 'y' }, 0),
      line('h_bucket', { le: '+Inf', a: 'y' }, 1),
      line('h_sum', { a: 'y' }, 4),
      line('h_count', { a: 'y' }, 1),
      line('h_bucket', { le: 1, a: 'x' }, 2),
      line('h_bucket', { le: '+Inf', a: 'x' }, 2),
      line('h_sum', { a: 'x' }, 1),
      line('h_count', { a: 'x' }, 2),
    ]);
    const values = (await family.get()).values;
    expect(values.map((v) => [v.metricName, v.labels, v.value])).toEqual([
      ['h_bucket', { le: 1, a: 'x' }, 3],
      ['h_bucket', { le: '+Inf', a: 'x' }, 3],
      ['h_sum', { a: 'x' }, 1.5],
      ['h_count', { a: 'x' }, 3],
      ['h_bucket', { le: 1, a: 'y' }, 0],
      ['h_bucket', { le: '+Inf', a: 'y' }, 1],
      ['h_sum', { a: 'y' }, 4],
      ['h_count', { a: 'y' }, 1],
    ]);
  });

  it('leave out a source that rejects, for that read only', async () => {
    const family = createCounterFamily({ name: 'c_total', help: 'h', labelNames: ['a'] });
    add(family, { a: 'x' }, 1);
    let fail = true;
    family.addSource(async () => {
      if (fail) throw new Error('source down');
      return [{ labels: { a: 'x' }, value: 4 }];
    });
    expect((await family.get()).values).toEqual([{ labels: { a: 'x' }, value: 1 }]);
    fail = false;
    expect((await family.get()).values).toEqual([{ labels: { a: 'x' }, value: 5 }]);
  });
});

describe('isMetricFamily', () => {
  it('is true for the families of the store only', () => {
    const registry = new Registry();
    const store = seriesStoreOf(registry);
    const families = [
      store.counter({ name: 'c_total', help: 'h', labelNames: [] }),
      store.gauge({ name: 'g', help: 'h', labelNames: [] }),
      store.histogram({ name: 'h', help: 'h', labelNames: [], buckets: BUCKETS }),
      createCounterFamily({ name: 'free_total', help: 'h', labelNames: [] }),
    ];
    for (const family of families) expect(isMetricFamily(family)).toBe(true);
    const counter = new Counter({ name: 'p_total', help: 'h', registers: [registry] });
    const lookalike = { name: 'x', help: 'h', type: 'counter', get: () => undefined, reset: () => undefined };
    for (const other of [counter, lookalike, { ...families[0] }, {}, null, undefined, 'c_total', 1]) {
      expect(isMetricFamily(other)).toBe(false);
    }
    expect(registry.getMetricsAsArray().filter(isMetricFamily)).toEqual(families.slice(0, 3));
  });
});

describe('store families on a registry', () => {
  it("render as prom-client's own metrics would, in text and in OpenMetrics", async () => {
    for (const openMetrics of [false, true]) {
      const a = new Registry();
      const b = new Registry();
      if (openMetrics) {
        a.setContentType(Registry.OPENMETRICS_CONTENT_TYPE as never);
        b.setContentType(Registry.OPENMETRICS_CONTENT_TYPE as never);
      }
      const store = seriesStoreOf(a);
      const counter = store.counter({
        name: 'req_total',
        help: 'Requests.',
        labelNames: ['method', 'route'],
      });
      const gauge = store.gauge({ name: 'depth', help: 'Depth\\n.', labelNames: [] });
      const rawCounter = new Counter({
        name: 'req_total',
        help: 'Requests.',
        labelNames: ['method', 'route'],
        registers: [b],
      });
      const rawGauge = new Gauge({ name: 'depth', help: 'Depth\\n.', registers: [b] });
      SETS.forEach((labels, i) => {
        add(counter, labels, VALUES[i]);
        rawCounter.inc(labels, VALUES[i]);
      });
      add(gauge, {}, Number.NaN);
      rawGauge.set(Number.NaN);
      const text = await a.metrics();
      expect(text).toBe(await b.metrics());
      expect(text).toContain(
        openMetrics ? 'req_total{method="GET",route="/a"} 13\n' : '# TYPE req_total counter\n',
      );
      // prom-client renames an OpenMetrics registry's counters on the metric itself
      expect(counter.name).toBe(openMetrics ? 'req' : 'req_total');
      expect(await a.metrics()).toBe(text);
    }
  });

  it("refuse a second metric of a taken name with prom-client's error", () => {
    const registry = new Registry();
    const store = seriesStoreOf(registry);
    store.counter({ name: 'c_total', help: 'h', labelNames: [] });
    const message = 'A metric with the name c_total has already been registered.';
    expect(() => store.counter({ name: 'c_total', help: 'h', labelNames: [] })).toThrow(message);
    expect(() => store.gauge({ name: 'c_total', help: 'h', labelNames: [] })).toThrow(message);
    expect(() => new Counter({ name: 'c_total', help: 'h', registers: [registry] })).toThrow(message);
    new Gauge({ name: 'g', help: 'h', registers: [registry] });
    expect(() => store.histogram({ name: 'g', help: 'h', labelNames: [], buckets: BUCKETS })).toThrow(
      'A metric with the name g has already been registered.',
    );
    expect(store.families().map((f) => f.name)).toEqual(['c_total']);
  });
});
