import type { Metric } from 'prom-client';
import type { MetricsRegistry } from '../types.js';
import {
  createCounterFamily,
  createGaugeFamily,
  createHistogramFamily,
  type CounterFamily,
  type FamilyOptions,
  type GaugeFamily,
  type HistogramFamily,
  type HistogramFamilyOptions,
  type MetricFamily,
} from './family.js';

/**
 * metrics-core's series store on one prom-client registry: it creates the families the guarded
 * handles record into and registers each with `registry.registerMetric` (prom-client's public
 * API), so `registry.metrics()`, `getMetricsAsJSON()`, the cluster aggregator and the
 * application's own prom-client metrics on that registry keep working as before.
 */
export interface SeriesStore {
  readonly registry: MetricsRegistry;
  /** Creates and registers a counter family; throws prom-client's error when the name is taken. */
  counter(options: FamilyOptions): CounterFamily;
  /** Creates and registers a gauge family; throws prom-client's error when the name is taken. */
  gauge(options: FamilyOptions): GaugeFamily;
  /** Creates and registers a histogram family; throws prom-client's error when the name is taken. */
  histogram(options: HistogramFamilyOptions): HistogramFamily;
  /** The store's families still registered on the registry, in registration order. */
  families(): MetricFamily[];
}

const stores = new WeakMap<MetricsRegistry, SeriesStore>();

/** The series store of `registry`: one per registry, created on first use. */
export function seriesStoreOf(registry: MetricsRegistry): SeriesStore {
  let store = stores.get(registry);
  if (store === undefined) {
    store = createSeriesStore(registry);
    stores.set(registry, store);
  }
  return store;
}

function createSeriesStore(registry: MetricsRegistry): SeriesStore {
  const own: MetricFamily[] = [];
  const register = <F extends MetricFamily>(family: F): F => {
    // a family has prom-client's metric shape (name, help, type, aggregator, get, reset)
    registry.registerMetric(family as unknown as Metric);
    own.push(family);
    return family;
  };
  return {
    registry,
    counter: (options) => register(createCounterFamily(options)),
    gauge: (options) => register(createGaugeFamily(options)),
    histogram: (options) => register(createHistogramFamily(options)),
    families: () => {
      const registered = new Set<unknown>(registry.getMetricsAsArray());
      return own.filter((f) => registered.has(f));
    },
  };
}
