import { OTHER_VALUE } from '@obskit/catalog';
import { Counter, Gauge, Histogram, Registry, type OpenMetricsContentType } from 'prom-client';
import type { GuardedCounter, GuardedGauge, GuardedHistogram } from '../types';
import { guardCounter, guardGauge, guardHistogram, type GuardContext } from './guarded';
import { createLabelGuard, type LabelGuard } from './label-guard';

/*
 * The guarded handles update prom-client's own series in place once they have seen them (see
 * guarded.ts). These tests feed the same observations to a guarded metric and to a plain prom-client
 * metric on another Registry and require byte-identical exposition, including after reset(),
 * remove() and updates made through prom-client directly.
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

function pair<T>(make: (registry: Registry) => T): { guarded: T; raw: T; a: Registry; b: Registry } {
  const a = new Registry();
  const b = new Registry();
  return { guarded: make(a), raw: make(b), a, b };
}

/** Two OpenMetrics registries, each with an exemplar-enabled histogram `x_seconds` over `labelNames`. */
function openMetricsHistogramPair(labelNames: readonly string[]) {
  const make = (r: Registry<OpenMetricsContentType>) =>
    new Histogram({
      name: 'x_seconds',
      help: 'h',
      labelNames,
      buckets: BUCKETS,
      registers: [r],
      enableExemplars: true,
    });
  const a = new Registry<OpenMetricsContentType>();
  const b = new Registry<OpenMetricsContentType>();
  a.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  b.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return { guarded: make(a), raw: make(b), a, b };
}

async function expectSameExposition(a: Registry, b: Registry): Promise<string> {
  const text = await a.metrics();
  expect(text).toBe(await b.metrics());
  return text;
}

describe.each(LABEL_COUNTS)('guarded handles with %i labels', (count) => {
  const names = namesOf(count);
  const sets = labelSets(names);

  it('counters render byte-identically to prom-client, also after reset and remove', async () => {
    const { guarded, raw, a, b } = pair(
      (r) => new Counter({ name: 'c_total', help: 'h', labelNames: names, registers: [r] }),
    );
    const { ctx, problems } = context('c_total', names);
    const handle: GuardedCounter<string> = guardCounter(ctx, guarded);
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
    feed(0);
    const text = await expectSameExposition(a, b);
    expect(text).toContain('# TYPE c_total counter');
    a.resetMetrics();
    b.resetMetrics();
    await expectSameExposition(a, b);
    feed(1);
    await expectSameExposition(a, b);
    guarded.remove(sets[0]);
    raw.remove(sets[0]);
    await expectSameExposition(a, b);
    feed(2);
    // prom-client's own inc on the guarded metric lands on the same series
    guarded.inc(sets[1 % sets.length], 3);
    raw.inc(sets[1 % sets.length], 3);
    handle.inc(sets[1 % sets.length], 2);
    raw.inc(sets[1 % sets.length], 2);
    await expectSameExposition(a, b);
    expect(problems).toEqual([]);
  });

  it('gauges render byte-identically to prom-client, also after reset and remove', async () => {
    const { guarded, raw, a, b } = pair(
      (r) => new Gauge({ name: 'g', help: 'h', labelNames: names, registers: [r] }),
    );
    const { ctx, problems } = context('g', names);
    const handle: GuardedGauge<string> = guardGauge(ctx, guarded);
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
    await expectSameExposition(a, b);
    guarded.remove(sets[0]);
    raw.remove(sets[0]);
    feed(2);
    // prom-client's set replaces the series object; the handle must follow it
    guarded.set(sets[1 % sets.length], 10);
    raw.set(sets[1 % sets.length], 10);
    handle.inc(sets[1 % sets.length], 2);
    raw.inc(sets[1 % sets.length], 2);
    const text = await expectSameExposition(a, b);
    expect(text).toContain('# TYPE g gauge');
    expect(problems).toEqual([]);
  });

  it('histograms render byte-identically to prom-client, also after reset, remove and zero', async () => {
    const { guarded, raw, a, b } = pair(
      (r) =>
        new Histogram({ name: 'h_seconds', help: 'h', labelNames: names, buckets: BUCKETS, registers: [r] }),
    );
    const { ctx, problems } = context('h_seconds', names);
    const handle: GuardedHistogram<string> = guardHistogram(ctx, guarded, {
      exemplars: false,
      nonNegative: false,
    });
    const feed = (round: number) => {
      for (let i = 0; i < 60; i++) {
        const labels = sets[(i * 5 + round) % sets.length];
        const value = VALUES[i % VALUES.length] * (i % 7 === 6 ? -1 : 1);
        handle.observe(labels, value);
        raw.observe(labels, value);
      }
    };
    feed(0);
    const text = await expectSameExposition(a, b);
    expect(text).toContain('h_seconds_bucket{le="+Inf"');
    a.resetMetrics();
    b.resetMetrics();
    await expectSameExposition(a, b);
    feed(1);
    await expectSameExposition(a, b);
    guarded.remove(sets[0]);
    raw.remove(sets[0]);
    await expectSameExposition(a, b);
    feed(2);
    guarded.zero(sets[1 % sets.length]);
    raw.zero(sets[1 % sets.length]);
    handle.observe(sets[1 % sets.length], 0.2);
    raw.observe(sets[1 % sets.length], 0.2);
    await expectSameExposition(a, b);
    expect(problems).toEqual([]);
  });

  it('bound histogram series render byte-identically to prom-client, also after reset, remove and zero', async () => {
    const { guarded, raw, a, b } = pair(
      (r) =>
        new Histogram({ name: 'h_seconds', help: 'h', labelNames: names, buckets: BUCKETS, registers: [r] }),
    );
    const { ctx, problems } = context('h_seconds', names);
    const handle = guardHistogram(ctx, guarded, { exemplars: false, nonNegative: true });
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
    feed(1);
    await expectSameExposition(a, b);
    guarded.remove(sets[0]);
    raw.remove(sets[0]);
    feed(2);
    guarded.zero(sets[1 % sets.length]);
    raw.zero(sets[1 % sets.length]);
    bound[1 % sets.length].observe(0.2);
    raw.observe(sets[1 % sets.length], 0.2);
    await expectSameExposition(a, b);
    expect(problems).toEqual([]);
  });

  it('bound counter and gauge series render byte-identically to prom-client, also after reset and remove', async () => {
    const counters = pair(
      (r) => new Counter({ name: 'c_total', help: 'h', labelNames: names, registers: [r] }),
    );
    const gauges = pair((r) => new Gauge({ name: 'g', help: 'h', labelNames: names, registers: [r] }));
    const { ctx, problems } = context('c_total', names);
    const gaugeCtx = context('g', names);
    const counter = guardCounter(ctx, counters.guarded);
    const gauge = guardGauge(gaugeCtx.ctx, gauges.guarded);
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
    feed(1);
    await same();
    counters.guarded.remove(sets[0]);
    counters.raw.remove(sets[0]);
    gauges.guarded.remove(sets[0]);
    gauges.raw.remove(sets[0]);
    feed(2);
    await same();
    expect(problems).toEqual([]);
    expect(gaugeCtx.problems).toEqual([]);
  });

  it('histogram exemplars render byte-identically in OpenMetrics', async () => {
    const { guarded, raw, a, b } = openMetricsHistogramPair(names);
    const { ctx, problems } = context('x_seconds', names);
    const handle = guardHistogram(ctx, guarded, { exemplars: true, nonNegative: true });
    const feed = (round: number) => {
      for (let i = 0; i < 30; i++) {
        const labels = sets[(i + round) % sets.length];
        const value = VALUES[i % VALUES.length];
        if (i % 3 === 2) {
          handle.observe(labels, value);
          raw.observe({ labels, value });
        } else {
          const exemplar = { traceId: `trace${round}${i}`, spanId: `span${i}` };
          handle.observe(labels, value, exemplar);
          raw.observe({
            labels,
            value,
            exemplarLabels: { trace_id: exemplar.traceId, span_id: exemplar.spanId },
          });
        }
      }
    };
    const same = async () => {
      const text = (await a.metrics()).replace(EXEMPLAR_TIMESTAMP, '$1 T');
      expect(text).toBe((await b.metrics()).replace(EXEMPLAR_TIMESTAMP, '$1 T'));
      return text;
    };
    feed(0);
    const text = await same();
    expect(text).toMatch(
      /^x_seconds_bucket\{le="\+Inf".*\} \d+ # \{trace_id="trace0\d+",span_id="span\d+"\} 7 T$/m,
    );
    expect(text.endsWith('# EOF\n')).toBe(true);
    a.resetMetrics();
    b.resetMetrics();
    feed(1);
    await same();
    expect(problems).toEqual([]);
  });
});

describe('guarded handles over prom-client series', () => {
  it('update the prom-client series in place once seen (prom-client hashMap layout is as assumed)', () => {
    const registry = new Registry();
    const names = ['b', 'a', 'c'];
    const counter = new Counter({ name: 'c_total', help: 'h', labelNames: names, registers: [registry] });
    const histogram = new Histogram({
      name: 'h_seconds',
      help: 'h',
      labelNames: names,
      buckets: BUCKETS,
      registers: [registry],
    });
    const c = context('c_total', names);
    const h = context('h_seconds', names);
    const counterHandle = guardCounter(c.ctx, counter);
    const histogramHandle = guardHistogram(h.ctx, histogram, { exemplars: false, nonNegative: true });
    const labels = { a: 'x', b: 'y' };
    counterHandle.inc(labels);
    histogramHandle.observe(labels, 0.05);
    const cs = c.guard.series(labels);
    const hs = h.guard.series(labels);
    expect(cs.hash).toBe('a:x,b:y,');
    const counterMap = (counter as unknown as { hashMap: Record<string, unknown> }).hashMap;
    const histogramMap = (histogram as unknown as { hashMap: Record<string, unknown> }).hashMap;
    expect(Object.keys(counterMap)).toEqual([cs.hash]);
    expect(counterMap[cs.hash]).toBe(cs.entry);
    expect(histogramMap[hs.hash]).toBe(hs.entry);
    expect(hs.entry).toMatchObject({ sum: 0.05, count: 1, bucketValues: { '0.005': 0, '0.1': 1 } });
  });

  it('fold label sets past the series cap into the _OTHER series exactly as prom-client would render them', async () => {
    const names = ['a', 'b'];
    const { guarded, raw, a, b } = pair(
      (r) =>
        new Histogram({ name: 'h_seconds', help: 'h', labelNames: names, buckets: BUCKETS, registers: [r] }),
    );
    const { ctx, overflows } = context('h_seconds', names, 2);
    const handle = guardHistogram(ctx, guarded, { exemplars: false, nonNegative: true });
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
    await expectSameExposition(a, b);
    expect(overflows()).toBe(6);
    a.resetMetrics();
    b.resetMetrics();
    handle.observe({ a: 'z', b: '9' }, 1);
    raw.observe(other, 1);
    await expectSameExposition(a, b);
    expect(overflows()).toBe(7);
  });

  it('drop invalid values, report each, and keep the series untouched', async () => {
    const { guarded, raw, a, b } = pair(
      (r) => new Counter({ name: 'c_total', help: 'h', labelNames: ['a'], registers: [r] }),
    );
    const { ctx, problems } = context('c_total', ['a']);
    const handle = guardCounter(ctx, guarded);
    handle.inc({ a: 'x' }, 2);
    raw.inc({ a: 'x' }, 2);
    expect(() => {
      handle.inc({ a: 'x' }, -1);
      handle.inc({ a: 'x' }, Number.NaN);
      handle.inc({ a: 'x' }, Infinity);
    }).not.toThrow();
    await expectSameExposition(a, b);
    expect(problems.map((p) => p.reason)).toEqual(['negative_increment', 'invalid_value', 'invalid_value']);
  });
});

describe('bound histogram series', () => {
  it('drop invalid values and exemplars that do not fit, reporting each, as observe() does', async () => {
    const { guarded, raw, a, b } = openMetricsHistogramPair(namesOf(1));
    const { ctx, problems } = context('x_seconds', namesOf(1));
    const series = guardHistogram(ctx, guarded, { exemplars: true, nonNegative: true }).labels({ l0: 'x' });
    expect(() => {
      series.observe(-1);
      series.observe(Number.NaN);
      series.observe(0.3, { traceId: 't'.repeat(100), spanId: 's'.repeat(40) });
      series.observe(0.05, { traceId: 'abc', spanId: 'def' });
    }).not.toThrow();
    raw.observe({ labels: { l0: 'x' }, value: 0.3 });
    raw.observe({ labels: { l0: 'x' }, value: 0.05, exemplarLabels: { trace_id: 'abc', span_id: 'def' } });
    const strip = (text: string) => text.replace(EXEMPLAR_TIMESTAMP, '$1 T');
    expect(strip(await a.metrics())).toBe(strip(await b.metrics()));
    expect(problems.map((p) => p.reason)).toEqual(['invalid_value', 'invalid_value', 'invalid_label_value']);
  });

  it('past the series cap, count every observation as folded into the _OTHER series', async () => {
    const { guarded, raw, a, b } = pair(
      (r) =>
        new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['a'], buckets: BUCKETS, registers: [r] }),
    );
    const { ctx, overflows } = context('h_seconds', ['a'], 1);
    const handle = guardHistogram(ctx, guarded, { exemplars: false, nonNegative: true });
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
    const counters = pair(
      (r) => new Counter({ name: 'c_total', help: 'h', labelNames: ['a'], registers: [r] }),
    );
    const gauges = pair((r) => new Gauge({ name: 'g', help: 'h', labelNames: ['a'], registers: [r] }));
    const { ctx, problems } = context('c_total', ['a']);
    const counter = guardCounter(ctx, counters.guarded).labels({ a: 'x' });
    const gauge = guardGauge(context('g', ['a']).ctx, gauges.guarded).labels({ a: 'x' });
    counter.inc(2);
    counter.inc(-1);
    counter.inc(Number.NaN);
    gauge.set(5);
    gauge.set(Number.POSITIVE_INFINITY);
    counters.raw.inc({ a: 'x' }, 2);
    gauges.raw.set({ a: 'x' }, 5);
    await expectSameExposition(counters.a, counters.b);
    await expectSameExposition(gauges.a, gauges.b);
    expect(problems.map((p) => p.reason)).toEqual(['negative_increment', 'invalid_value']);
  });

  it('past the series cap, count every update as folded into the _OTHER series', async () => {
    const { guarded, raw, a, b } = pair(
      (r) => new Counter({ name: 'c_total', help: 'h', labelNames: ['a'], registers: [r] }),
    );
    const { ctx, overflows } = context('c_total', ['a'], 1);
    const handle = guardCounter(ctx, guarded);
    const first = handle.labels({ a: 'x' });
    const folded = handle.labels({ a: 'y' });
    first.inc(1);
    folded.inc(2);
    folded.inc(3);
    raw.inc({ a: 'x' }, 1);
    raw.inc({ a: OTHER_VALUE }, 2);
    raw.inc({ a: OTHER_VALUE }, 3);
    await expectSameExposition(a, b);
    // one fold when bound, one per update
    expect(overflows()).toBe(3);
  });
});

describe('gauge collect callbacks', () => {
  it('run on every scrape before the gauge is read, and stop when removed', async () => {
    const registry = new Registry();
    const gauge = new Gauge({ name: 'g', help: 'h', labelNames: ['a'], registers: [registry] });
    const { ctx, problems } = context('g', ['a']);
    const handle = guardGauge(ctx, gauge);
    let inFlight = 0;
    let applied = 0;
    const remove = handle.onCollect(() => {
      handle.inc({ a: 'x' }, inFlight - applied);
      applied = inFlight;
    });
    inFlight = 3;
    expect(await registry.metrics()).toContain('g{a="x"} 3\n');
    inFlight = 1;
    expect(await registry.metrics()).toContain('g{a="x"} 1\n');
    remove();
    inFlight = 7;
    expect(await registry.metrics()).toContain('g{a="x"} 1\n');
    expect(problems).toEqual([]);
  });

  it('report a callback that throws once per scrape and still run the others', async () => {
    const registry = new Registry();
    const gauge = new Gauge({ name: 'g', help: 'h', registers: [registry] });
    const { ctx, problems } = context('g', []);
    const handle = guardGauge(ctx, gauge);
    handle.onCollect(() => {
      throw new Error('callback broke');
    });
    handle.onCollect(() => handle.set({}, 5));
    expect(await registry.metrics()).toContain('g 5\n');
    expect(problems).toEqual([{ reason: 'exception', detail: 'g: collect callback failed' }]);
  });

  it('leave a gauge without callbacks a plain prom-client gauge', () => {
    const gauge = new Gauge({ name: 'g', help: 'h', registers: [new Registry()] });
    guardGauge(context('g', []).ctx, gauge);
    expect(Object.prototype.hasOwnProperty.call(gauge, 'collect')).toBe(false);
  });
});
