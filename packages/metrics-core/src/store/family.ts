import {
  mergeSamples,
  type ExemplarData,
  type FamilyType,
  type MetricFamilyData,
  type MetricSample,
} from './samples.js';

/** Label values of one series, as recorded (the label guard's frozen objects). */
export type SeriesLabels = Readonly<Record<string, string>>;

/**
 * The key a family files the series of `labels` under: `name:value,` over the sorted names with a
 * value. Everything that records into a family keys its series this way, so one label set is one
 * series whoever records it.
 */
export function seriesKey(labels: Readonly<Record<string, string | undefined>>): string {
  let key = '';
  for (const name of Object.keys(labels).sort()) {
    if (labels[name] !== undefined) key += `${name}:${labels[name]},`;
  }
  return key;
}

/** One series of a counter or a gauge. */
export interface ValueSeries {
  readonly labels: SeriesLabels;
  value: number;
  /** `false` once the family was reset: a handle holding it fetches the family's new series. */
  live: boolean;
}

/** One series of a histogram; `counts[i]` observations fell in bucket `i` (not cumulative). */
export interface HistogramSeries {
  readonly labels: SeriesLabels;
  readonly counts: Float64Array;
  sum: number;
  count: number;
  /** The latest exemplar of each bucket, `+Inf` last; only on families that keep exemplars. */
  readonly exemplars: (ExemplarData | undefined)[] | undefined;
  live: boolean;
}

/**
 * More samples of a family from elsewhere (the OpenTelemetry bridge's streams of the same metric),
 * flat labels as `get()` returns them; a source that rejects is left out of that read.
 */
export type FamilySource = () => Promise<readonly MetricSample[]>;

/** What every family of the store has, whatever its type. */
interface FamilyBase<S> {
  /**
   * The metric name. Writable because prom-client's `Registry#metrics()` renames an OpenMetrics
   * registry's counters (drops `_total`) on the metric object itself.
   */
  name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** How prom-client's cluster `AggregatorRegistry` combines the workers' values. */
  readonly aggregator: string;
  /**
   * The series, in the order they were first recorded (prom-client's order). Read them while
   * formatting, not later: `reset()` starts a new list.
   */
  series(): readonly S[];
  /** The series of `labels` (created empty on first use), filed under `key`, one per label set. */
  seriesOf(labels: SeriesLabels, key: string): S;
  /**
   * prom-client's metric contract: runs the collect callbacks, then returns every sample, the
   * sources' added in; `registry.metrics()` and `getMetricsAsJSON()` read this.
   */
  get(): Promise<MetricFamilyData>;
  /** Drops every series (prom-client's `registry.resetMetrics()` calls it). */
  reset(): void;
  /** Runs the collect callbacks (a callback that throws rejects it after the others ran). */
  collect(): Promise<void>;
  /** Adds a callback run before every read of the family; returns its removal. */
  onCollect(callback: () => void | Promise<void>): () => void;
  /** Adds a source of more samples of this family; returns its removal. */
  addSource(source: FamilySource): () => void;
  /** Whether a source was added: then only `get()` gives every sample. */
  readonly sourced: boolean;
  /** Whether collect callbacks were added. */
  readonly collects: boolean;
}

/** A counter family of the store. */
export interface CounterFamily extends FamilyBase<ValueSeries> {
  readonly type: 'counter';
}
/** A gauge family of the store. */
export interface GaugeFamily extends FamilyBase<ValueSeries> {
  readonly type: 'gauge';
}
/** A histogram family of the store. */
export interface HistogramFamily extends FamilyBase<HistogramSeries> {
  readonly type: 'histogram';
  /** The bucket upper bounds, ascending, without `+Inf`. */
  readonly buckets: readonly number[];
  /** Whether series keep each bucket's latest exemplar. */
  readonly exemplars: boolean;
  /** Records an exemplar on `series` for an observation of `value` that fell in bucket `index`. */
  setExemplar(series: HistogramSeries, index: number, value: number, labelSet: Record<string, string>): void;
}

/** A family of metrics-core's series store. */
export type MetricFamily = CounterFamily | GaugeFamily | HistogramFamily;

const BRAND: unique symbol = Symbol.for('@obskit/metrics-core.MetricFamily') as never;

/** Whether `metric` (e.g. from `registry.getMetricsAsArray()`) is a family of metrics-core's store. */
export function isMetricFamily(metric: unknown): metric is MetricFamily {
  return typeof metric === 'object' && metric !== null && (metric as { [BRAND]?: unknown })[BRAND] === true;
}

/** What a family is created from. */
export interface FamilyOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly aggregator?: string;
}

/** Options of a histogram family. */
export interface HistogramFamilyOptions extends FamilyOptions {
  readonly buckets: readonly number[];
  readonly exemplars?: boolean;
}

interface Core<S> {
  readonly map: () => Map<string, S>;
  readonly base: Omit<FamilyBase<S>, 'get' | 'series'> & { series(): readonly S[] };
  /** Runs the callbacks, then returns the own samples merged with the sources'. */
  readonly read: (own: () => MetricSample[], type: FamilyType) => Promise<MetricSample[]>;
}

/** Runs every callback, in order; rejects with the first failure once all have run. */
async function runCallbacks(callbacks: Iterable<() => void | Promise<void>>): Promise<void> {
  let failure: { error: unknown } | undefined;
  for (const callback of callbacks) {
    try {
      await callback();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

function familyCore<S extends { live: boolean }>(
  options: FamilyOptions,
  create: (labels: SeriesLabels) => S,
  /** prom-client's counters and gauges show it again after a reset, its histograms do not. */
  seedOnReset: boolean,
): Core<S> {
  let map = new Map<string, S>();
  const callbacks = new Set<() => void | Promise<void>>();
  const sources = new Set<FamilySource>();
  // prom-client shows the one series of a metric without labels from the start, at zero
  const seed = (): void => {
    if (options.labelNames.length === 0) map.set('', create(Object.freeze({})));
  };
  seed();
  const collect = (): Promise<void> => runCallbacks(callbacks);
  const base: Core<S>['base'] = {
    name: options.name,
    help: options.help,
    labelNames: options.labelNames,
    aggregator: options.aggregator ?? 'sum',
    series: () => [...map.values()],
    seriesOf(labels, key) {
      let s = map.get(key);
      if (s === undefined) {
        s = create(labels);
        map.set(key, s);
      }
      return s;
    },
    reset() {
      for (const s of map.values()) s.live = false;
      map = new Map();
      if (seedOnReset) seed();
    },
    collect,
    onCollect(callback) {
      callbacks.add(callback);
      return () => {
        callbacks.delete(callback);
      };
    },
    addSource(source) {
      sources.add(source);
      return () => {
        sources.delete(source);
      };
    },
    get sourced() {
      return sources.size > 0;
    },
    get collects() {
      return callbacks.size > 0;
    },
  };
  return {
    map: () => map,
    base,
    async read(own, type) {
      if (callbacks.size > 0) await collect();
      let values = own();
      for (const source of sources) {
        let added: readonly MetricSample[];
        try {
          added = await source();
        } catch {
          continue;
        }
        if (added.length > 0) values = mergeSamples(type, values, added);
      }
      return values;
    },
  };
}

function valueFamily<T extends 'counter' | 'gauge'>(type: T, options: FamilyOptions) {
  const core = familyCore<ValueSeries>(options, (labels) => ({ labels, value: 0, live: true }), true);
  const family = Object.defineProperties(
    {
      ...core.base,
      type,
      series: () => [...core.map().values()],
      async get(): Promise<MetricFamilyData> {
        const values = await core.read(
          () => Array.from(core.map().values(), (s) => ({ value: s.value, labels: s.labels })),
          type,
        );
        return { name: family.name, help: options.help, type, values, aggregator: family.aggregator };
      },
    },
    {
      sourced: Object.getOwnPropertyDescriptor(core.base, 'sourced') as PropertyDescriptor,
      collects: Object.getOwnPropertyDescriptor(core.base, 'collects') as PropertyDescriptor,
      [BRAND]: { value: true },
    },
  );
  return family;
}

/** A counter family (not registered anywhere; see `createSeriesStore`). */
export function createCounterFamily(options: FamilyOptions): CounterFamily {
  return valueFamily('counter', options);
}

/** A gauge family (not registered anywhere; see `createSeriesStore`). */
export function createGaugeFamily(options: FamilyOptions): GaugeFamily {
  return valueFamily('gauge', options);
}

/** A histogram family (not registered anywhere; see `createSeriesStore`). */
export function createHistogramFamily(options: HistogramFamilyOptions): HistogramFamily {
  const buckets = Object.freeze([...options.buckets]);
  const nb = buckets.length;
  const withExemplars = options.exemplars === true;
  const core = familyCore<HistogramSeries>(
    options,
    (labels) => ({
      labels,
      counts: new Float64Array(nb),
      sum: 0,
      count: 0,
      exemplars: withExemplars ? new Array<ExemplarData | undefined>(nb + 1) : undefined,
      live: true,
    }),
    false,
  );
  /** Samples as prom-client's `Histogram#get()` returns them: `le` first, then the series' labels. */
  const samples = (): MetricSample[] => {
    const out: MetricSample[] = [];
    const bucketName = `${family.name}_bucket`;
    for (const s of core.map().values()) {
      let acc = 0;
      for (let b = 0; b < nb; b++) {
        acc += s.counts[b];
        out.push({
          labels: { le: buckets[b], ...s.labels },
          value: acc,
          metricName: bucketName,
          exemplar: s.exemplars?.[b] ?? null,
        });
      }
      out.push({
        labels: { le: '+Inf', ...s.labels },
        value: s.count,
        metricName: bucketName,
        exemplar: s.exemplars?.[nb] ?? null,
      });
      out.push({ labels: { ...s.labels }, value: s.sum, metricName: `${family.name}_sum` });
      out.push({ labels: { ...s.labels }, value: s.count, metricName: `${family.name}_count` });
    }
    return out;
  };
  const family: HistogramFamily = Object.defineProperties(
    {
      ...core.base,
      type: 'histogram' as const,
      buckets,
      exemplars: withExemplars,
      series: () => [...core.map().values()],
      setExemplar(series: HistogramSeries, index: number, value: number, labelSet: Record<string, string>) {
        if (series.exemplars) series.exemplars[index] = { labelSet, value, timestamp: Date.now() / 1000 };
      },
      async get(): Promise<MetricFamilyData> {
        const values = await core.read(samples, 'histogram');
        return {
          name: family.name,
          help: options.help,
          type: 'histogram',
          values,
          aggregator: family.aggregator,
        };
      },
    },
    {
      sourced: Object.getOwnPropertyDescriptor(core.base, 'sourced') as PropertyDescriptor,
      collects: Object.getOwnPropertyDescriptor(core.base, 'collects') as PropertyDescriptor,
      [BRAND]: { value: true },
    },
  );
  return family;
}
