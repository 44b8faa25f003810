/**
 * The data a metric family hands to prom-client's `Registry`: what `metric.get()` returns. The
 * store's families produce it for `registry.metrics()`, `getMetricsAsJSON()` and the cluster
 * aggregator; the `/metrics` writer reads the series themselves (see `exposition/family-text.ts`).
 */

/** An OpenMetrics exemplar of a sample, as prom-client formats it. */
export interface ExemplarData {
  readonly labelSet: Readonly<Record<string, string>>;
  readonly value: number;
  /** Seconds since the epoch, as prom-client records it (`Date.now() / 1000`). */
  readonly timestamp: number;
}

/** One sample of a family; histogram samples name their `_bucket`/`_sum`/`_count` line. */
export interface MetricSample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
  exemplar?: ExemplarData | null;
}

/** The Prometheus type of a family the store keeps. */
export type FamilyType = 'counter' | 'gauge' | 'histogram';

/** What a family's `get()` returns: prom-client's `MetricObjectWithValues` shape. */
export interface MetricFamilyData {
  name: string;
  help: string;
  type: FamilyType;
  values: MetricSample[];
  aggregator: string;
}

const SEP = '\u0001';

/** A key of a sample's series: its line name and its labels, sorted by name. */
function sampleKey(sample: MetricSample): string {
  let key = `${sample.metricName ?? ''}${SEP}`;
  const labels = sample.labels;
  for (const name of Object.keys(labels).sort()) key += `${name}=${labels[name]}${SEP}`;
  return key;
}

/**
 * Merges the samples of a second source into a family's own: equal series added up (for a gauge
 * the second source's value wins), the order of first appearance kept, so a histogram's new series
 * keep their `_bucket…_sum, _count` run together.
 */
export function mergeSamples(
  type: FamilyType,
  own: readonly MetricSample[],
  added: readonly MetricSample[],
): MetricSample[] {
  const out = new Map<string, MetricSample>();
  for (const [i, list] of [own, added].entries()) {
    for (const v of list) {
      const key = sampleKey(v);
      const seen = out.get(key);
      if (!seen) {
        out.set(key, {
          labels: v.labels,
          value: v.value,
          metricName: v.metricName,
          exemplar: v.exemplar ?? undefined,
        });
      } else if (type === 'gauge') {
        if (i === 1) seen.value = v.value;
      } else {
        seen.value += v.value;
        seen.exemplar = v.exemplar ?? seen.exemplar;
      }
    }
  }
  return [...out.values()];
}
