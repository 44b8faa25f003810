import { Registry } from 'prom-client';
import { seriesKey, type CounterFamily, type GaugeFamily, type HistogramFamily } from '../store/family';
import type { MetricSample } from '../store/samples';
import { seriesStoreOf } from '../store/series-store';
import type { ExpositionFormat } from './format';
import { renderExposition } from './render';

/*
 * A store family is written series by series by family-text.ts; prom-client's registry formats the
 * same family from its `get()`. For store families of every type, 0..4 labels, awkward label values
 * and help texts, gauges at NaN and ±Inf and OpenMetrics exemplars, the two must agree byte for byte.
 */

type Labels = Record<string, string>;

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LABEL_VALUES = ['GET', '/api/v1', 'say "hi"', 'C:\\dir\\', 'line\nbreak', 'zürich ✓', 'a,b=c}', '0.5'];
const GAUGE_VALUES = [Number.NaN, Infinity, -Infinity, -1.5, 0.1 + 0.2, 1e21, 0, 42];
const BOUNDS = [0.001, 0.01, 0.1, 0.25, 1, 2.5, 10];
const DEFAULTS: Labels = { env: 'pr"od\\', l1: 'default\nvalue', region: 'eu' };

/** Registries of one content type filled with random-ish store families. */
function filledRegistry(seed: number, format: ExpositionFormat, defaults: boolean): Registry {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const registry = new Registry();
  if (format === 'openmetrics') registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE as never);
  const store = seriesStoreOf(registry);
  const families: (CounterFamily | GaugeFamily | HistogramFamily)[] = [];

  for (let f = 0; f < 12; f++) {
    const labelNames = Array.from({ length: Math.floor(next() * 5) }, (_, i) => `l${i}`);
    const help = pick([
      'Plain help.',
      'Help with \\ backslash\nand a newline.',
      'Quotes "stay" as they are.',
    ]);
    const kind = f % 3;
    let family: CounterFamily | GaugeFamily | HistogramFamily;
    if (kind === 0) {
      family = store.counter({ name: `counter_${f}${f % 2 ? '_total' : ''}`, help, labelNames });
    } else if (kind === 1) {
      family = store.gauge({ name: `gauge_${f}`, help, labelNames });
    } else {
      const buckets = BOUNDS.filter(() => next() < 0.6);
      family = store.histogram({
        name: `histogram_${f}_seconds`,
        help,
        labelNames,
        buckets,
        exemplars: format === 'openmetrics' && next() < 0.7,
      });
    }
    families.push(family);
    const seriesCount = labelNames.length === 0 ? 1 : Math.floor(next() * 7);
    for (let s = 0; s < seriesCount; s++) {
      const labels: Labels = {};
      // a label is sometimes left out, as prom-client allows
      for (const name of labelNames) if (next() < 0.85) labels[name] = pick(LABEL_VALUES);
      const frozen = Object.freeze(labels);
      if (family.type === 'histogram') {
        const series = family.seriesOf(frozen, seriesKey(labels));
        for (let o = Math.floor(next() * 6); o > 0; o--) {
          const value = next() < 0.15 ? 20 + next() : next() * next() * 3;
          let i = 0;
          while (i < family.buckets.length && !(value <= family.buckets[i])) i++;
          if (i < family.buckets.length) series.counts[i] += 1;
          series.sum += value;
          series.count += 1;
          if (family.exemplars && next() < 0.6) {
            family.setExemplar(series, i, value, { trace_id: `t${seed}${f}${s}${o}`, span_id: `s${o}` });
          }
        }
      } else if (family.type === 'gauge') {
        family.seriesOf(frozen, seriesKey(labels)).value = pick(GAUGE_VALUES);
      } else {
        family.seriesOf(frozen, seriesKey(labels)).value += next() < 0.5 ? Math.floor(next() * 100) : next();
      }
    }
  }

  // a gauge set by a collect callback, and families with a source: read through get()
  const collected = store.gauge({ name: 'collected', help: 'Set on collect.', labelNames: ['l0'] });
  collected.onCollect(() => {
    collected.seriesOf({ l0: 'x' }, 'l0:x,').value = seed;
  });
  const sourced = store.counter({ name: 'sourced_total', help: 'With a source.', labelNames: ['l0', 'l1'] });
  sourced.seriesOf({ l0: 'a' }, 'l0:a,').value = 2;
  sourced.addSource(async (): Promise<MetricSample[]> => [
    { labels: { l0: 'a' }, value: 1 },
    { labels: { l0: 'b"\\', l1: 'c' }, value: 0.5 },
  ]);
  const sourcedHistogram = store.histogram({
    name: 'sourced_seconds',
    help: 'A histogram with a source.',
    labelNames: ['l1'],
    buckets: [1],
  });
  const own = sourcedHistogram.seriesOf({ l1: 'mine' }, 'l1:mine,');
  own.counts[0] = 1;
  own.count = 1;
  own.sum = 0.5;
  const line = (metricName: string, labels: MetricSample['labels'], value: number): MetricSample => ({
    metricName,
    labels,
    value,
  });
  sourcedHistogram.addSource(async () => [
    line('sourced_seconds_bucket', { le: 1 }, 0),
    line('sourced_seconds_bucket', { le: '+Inf' }, 2),
    line('sourced_seconds_sum', {}, 7),
    line('sourced_seconds_count', {}, 2),
  ]);

  if (defaults) registry.setDefaultLabels(DEFAULTS);
  return registry;
}

const SEEDS = [1, 2, 3, 4, 5, 6];
const FORMATS: ExpositionFormat[] = ['text', 'openmetrics'];
const OPTIONS = [{}, { chunkSize: 1, sliceMs: 0 }];

describe.each(FORMATS)('store families rendered in %s', (format) => {
  describe.each([false, true])('with default labels: %s', (defaults) => {
    it.each(SEEDS)('equal registry.metrics() byte for byte (seed %i)', async (seed) => {
      const registry = filledRegistry(seed, format, defaults);
      // rendered before and after registry.metrics(), which renames OpenMetrics counters in place
      const before = await Promise.all(
        OPTIONS.map((options) => renderExposition([registry], { format, ...options })),
      );
      const expected = await registry.metrics();
      const after = await Promise.all(
        OPTIONS.map((options) => renderExposition([registry], { format, ...options })),
      );
      for (const rendered of [...before, ...after]) {
        expect(rendered.failures).toEqual([]);
        expect(rendered.body).toBe(expected);
      }
      expect(expected).toContain('sourced_total{l0="a"');
      expect(expected).toContain(
        defaults
          ? 'collected{l0="x",env="pr\\"od\\\\",l1="default\\nvalue",region="eu"}'
          : `collected{l0="x"} ${seed}`,
      );
    });
  });

  it('cover what they claim: escapes, NaN and infinities, exemplars, empty and unlabelled families', async () => {
    const bodies = await Promise.all(
      SEEDS.map(
        async (seed) => (await renderExposition([filledRegistry(seed, format, true)], { format })).body,
      ),
    );
    const all = bodies.join('');
    for (const piece of [
      'say \\"hi\\"',
      'C:\\\\dir\\\\',
      'line\\nbreak',
      ' Nan\n',
      ' +Inf\n',
      ' -Inf\n',
      '_bucket{le="+Inf"',
    ]) {
      expect(all).toContain(piece);
    }
    if (format === 'openmetrics') {
      expect(all).toMatch(
        /_bucket\{le="[^"]+",.*\} \d+ # \{trace_id="t\d+",span_id="s\d"\} \S+ \d+(\.\d+)?\n/,
      );
      expect(all).toMatch(/^counter_\d+_total\{/m);
      expect(all).toMatch(/^# TYPE counter_\d+ counter$/m);
    }
    // a family without series (its header only) and a family without labels
    expect(all).toMatch(/# TYPE \w+ \w+\n\n?# HELP /);
    expect(all).toMatch(/^\w+_seconds_sum\{env=/m);
  });
});

describe('a store histogram and a default label named le', () => {
  it("keeps the series' own le on the buckets and the default's on _sum and _count, as prom-client does", async () => {
    const registry = new Registry();
    const family = seriesStoreOf(registry).histogram({
      name: 'h',
      help: 'h',
      labelNames: ['a'],
      buckets: [1],
    });
    const series = family.seriesOf({ a: 'x' }, 'a:x,');
    series.counts[0] = 1;
    series.count = 1;
    series.sum = 0.5;
    registry.setDefaultLabels({ le: 'odd', z: 'last' });
    const expected = await registry.metrics();
    expect(expected).toContain('h_bucket{le="1",a="x",z="last"} 1\n');
    expect(expected).toContain('h_sum{a="x",le="odd",z="last"} 0.5\n');
    for (const options of OPTIONS) {
      expect((await renderExposition([registry], { format: 'text', ...options })).body).toBe(expected);
    }
  });
});
