import { OTHER_VALUE } from '@obskit/catalog';
import type { Registry, RegistryContentType } from 'prom-client';

/**
 * PROTOTYPE for @obskit/metrics-core (bench-only, not used by the kit): a guarded counter and
 * histogram that keep their own series instead of handing labels to prom-client. The guard's cache
 * (raw label values → series) already identifies the series, so an observation is one Map lookup
 * and a few additions, where guard + prom-client hash the labels twice. They register on the
 * prom-client Registry as collectors whose `getForPromString()` has prom-client's shape, so
 * `registry.metrics()` renders them exactly like prom-client metrics. Label values are capped at
 * `maxSeries` (then folded into one `_OTHER` series) but not checked against allow-lists here.
 */
export interface SeriesHandleOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly registry: Registry<RegistryContentType>;
  readonly maxSeries: number;
}

const SEP = '\u0001';

interface Keyed<S> {
  get(labels: Record<string, string | number> | undefined): S;
  readonly all: Map<string, S>;
}

function keyedSeries<S extends { labels: Record<string, string | number> }>(
  labelNames: readonly string[],
  maxSeries: number,
  create: (labels: Record<string, string | number>) => S,
): Keyed<S> {
  const all = new Map<string, S>();
  const n = labelNames.length;
  const overflow = create(Object.fromEntries(labelNames.map((l) => [l, OTHER_VALUE])));
  let overflowUsed = false;
  return {
    all,
    get(labels) {
      let key = '';
      if (labels !== undefined) for (let i = 0; i < n; i++) key += `${labels[labelNames[i]] ?? ''}${SEP}`;
      let series = all.get(key);
      if (series !== undefined) return series;
      if (all.size >= maxSeries) {
        if (!overflowUsed) {
          overflowUsed = true;
          all.set('\u0000overflow', overflow);
        }
        return overflow;
      }
      const own: Record<string, string | number> = {};
      for (let i = 0; i < n; i++) {
        const v = labels?.[labelNames[i]];
        if (v !== undefined && v !== '') own[labelNames[i]] = v;
      }
      series = create(own);
      all.set(key, series);
      return series;
    },
  };
}

/** A counter with its own series; `inc` never throws (bad values are dropped). */
export function createSeriesCounter(options: SeriesHandleOptions) {
  const series = keyedSeries(options.labelNames, options.maxSeries, (labels) => ({ labels, value: 0 }));
  const metric = {
    name: options.name,
    help: options.help,
    type: 'counter',
    aggregator: 'sum',
    get: () => metric.getForPromString(),
    getForPromString: () => ({
      name: options.name,
      help: options.help,
      type: 'counter',
      aggregator: 'sum',
      values: [...series.all.values()].map((s) => ({ labels: s.labels, value: s.value })),
    }),
    reset: () => series.all.clear(),
  };
  options.registry.registerMetric(metric as never);
  return {
    inc(labels?: Record<string, string | number>, value = 1): void {
      if (!(value >= 0) || value === Infinity) return;
      series.get(labels).value += value;
    },
  };
}

/** A histogram with its own series; `observe` never throws (bad values are dropped). */
export function createSeriesHistogram(
  options: SeriesHandleOptions & { readonly buckets: readonly number[] },
) {
  const bounds = [...options.buckets];
  const series = keyedSeries(options.labelNames, options.maxSeries, (labels) => ({
    labels,
    counts: new Float64Array(bounds.length),
    sum: 0,
    count: 0,
  }));
  const name = options.name;
  const metric = {
    name,
    help: options.help,
    type: 'histogram',
    aggregator: 'sum',
    get: () => metric.getForPromString(),
    getForPromString: () => {
      const values: unknown[] = [];
      for (const s of series.all.values()) {
        let acc = 0;
        for (let i = 0; i < bounds.length; i++) {
          acc += s.counts[i];
          values.push({
            labels: { le: bounds[i] },
            sharedLabels: s.labels,
            value: acc,
            metricName: `${name}_bucket`,
          });
        }
        values.push(
          { labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: `${name}_bucket` },
          { labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${name}_sum` },
          { labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${name}_count` },
        );
      }
      return { name, help: options.help, type: 'histogram', aggregator: 'sum', values };
    },
    reset: () => series.all.clear(),
  };
  options.registry.registerMetric(metric as never);
  return {
    observe(labels: Record<string, string | number> | undefined, value: number): void {
      if (!(value >= 0) || value === Infinity) return;
      const s = series.get(labels);
      // prom-client counts a value into the first bucket whose bound is >= it
      for (let i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          s.counts[i] += 1;
          break;
        }
      }
      s.sum += value;
      s.count += 1;
    },
  };
}
