import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { latestInBucket, type ExemplarStore, type PromExemplar } from './exemplars.js';
import { seriesKey } from './series.js';
import type { PrometheusType } from '../naming/prometheus-name.js';

/** One sample as prom-client's registry formatter reads it. */
export interface PromValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
  exemplar?: PromExemplar;
  sharedLabels?: Record<string, string | number>;
}

/** What a prom-client metric's `get()` returns. */
export interface PromMetricData {
  name: string;
  help: string;
  type: PrometheusType;
  values: PromValue[];
  aggregator: 'sum';
}

/** The bridge's data for one Prometheus metric name, shared by the OTel instruments that map to it. */
export interface BridgedFamily {
  readonly name: string;
  readonly type: PrometheusType;
  readonly help: string;
  /** Histogram upper bounds, when known up front (catalog metrics). */
  readonly buckets?: readonly number[];
  readonly exemplars?: ExemplarStore;
}

/**
 * How bucket samples carry their `le` label.
 * - `flat`: every bucket sample has its own label object with `le` last, as prom-client's `get()`
 *   returns them (what `getMetricsAsJSON` and the cluster aggregator read).
 * - `shared`: bucket samples share the series' label object and take `le` from `sharedLabels`, one
 *   frozen object per bound, as prom-client's `getForPromString()` does; the formatters print
 *   `sharedLabels` last, so the text is the same as `flat`'s.
 */
export type BucketLabels = 'flat' | 'shared';

/**
 * The samples of `family` in one collection: every data point of every scope that produced this
 * name, equal label sets added up, histograms as cumulative `_bucket{le}` + `_sum` + `_count`.
 */
export function samplesOf(
  family: BridgedFamily,
  data: readonly MetricData[],
  bucketLabels: BucketLabels = 'flat',
): PromValue[] {
  // One data stream has one data point per attribute set (the SDK keys them): when they are all
  // strings, as the bridge records them, no two samples are equal and none need adding up.
  if (data.length === 1) {
    const single: PromValue[] = [];
    if (pushSamples(family, data[0], bucketLabels, (v) => single.push(v))) return single;
  }
  const out: PromValue[] = [];
  const byKey = new Map<string, PromValue>();
  const add = (v: PromValue): void => {
    const key = `${v.metricName ?? ''}\u0002${seriesKey(v.labels)}`;
    const seen = byKey.get(key);
    if (seen) {
      if (family.type === 'gauge') seen.value = v.value;
      else seen.value += v.value;
      seen.exemplar = v.exemplar ?? seen.exemplar;
    } else {
      byKey.set(key, v);
      out.push(v);
    }
  };
  for (const metric of data) pushSamples(family, metric, 'flat', add);
  return out;
}

/** Frozen `{ le }` objects of each bound and `+Inf`, per boundaries array of the SDK. */
const sharedBounds = new WeakMap<readonly number[], ReadonlyArray<Readonly<{ le: number | string }>>>();

function boundLabels(boundaries: readonly number[]): ReadonlyArray<Readonly<{ le: number | string }>> {
  let labels = sharedBounds.get(boundaries);
  if (!labels) {
    labels = [...boundaries.map((le) => Object.freeze({ le })), Object.freeze({ le: '+Inf' })];
    sharedBounds.set(boundaries, labels);
  }
  return labels;
}

/** Pushes the samples of one data stream; `false` when an attribute value was not a string. */
function pushSamples(
  family: BridgedFamily,
  metric: MetricData,
  bucketLabels: BucketLabels,
  push: (v: PromValue) => void,
): boolean {
  let strings = true;
  const labelsOf = (attributes: Readonly<Record<string, unknown>>): Record<string, string> => {
    for (const k in attributes) {
      if (typeof attributes[k] !== 'string') {
        strings = false;
        return stringLabels(attributes);
      }
    }
    // the attributes themselves: the bridge's resolver made them, nobody changes them
    return attributes as Record<string, string>;
  };
  if (metric.dataPointType === DataPointType.HISTOGRAM) {
    const bucketName = `${family.name}_bucket`;
    const sumName = `${family.name}_sum`;
    const countName = `${family.name}_count`;
    const store = family.exemplars;
    for (const dp of metric.dataPoints) {
      const labels = labelsOf(dp.attributes);
      const recent = store && store.size > 0 ? store.recent(seriesKey(labels)) : undefined;
      const { boundaries, counts } = dp.value.buckets;
      // a label named `le` is overwritten in place by the bucket's: only a flat object keeps that order
      const shared = bucketLabels === 'shared' && !Object.prototype.hasOwnProperty.call(labels, 'le');
      const bounds = shared ? boundLabels(boundaries) : undefined;
      let cumulative = 0;
      let lower = -Infinity;
      for (let i = 0; i <= boundaries.length; i++) {
        const last = i === boundaries.length;
        const le = last ? Infinity : boundaries[i];
        cumulative = last ? dp.value.count : cumulative + (counts[i] ?? 0);
        const exemplar = recent ? latestInBucket(recent, lower, le) : undefined;
        if (bounds) {
          push({ labels, value: cumulative, metricName: bucketName, exemplar, sharedLabels: bounds[i] });
        } else {
          push({
            labels: { ...labels, le: last ? '+Inf' : le },
            value: cumulative,
            metricName: bucketName,
            exemplar,
          });
        }
        lower = le;
      }
      push({ labels, value: dp.value.sum ?? 0, metricName: sumName });
      push({ labels, value: dp.value.count, metricName: countName });
    }
  } else if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
    for (const dp of metric.dataPoints) push({ labels: labelsOf(dp.attributes), value: dp.value });
  }
  // Exponential histograms have no Prometheus text form; the bridge never selects them.
  return strings;
}

/**
 * Merges the samples of two sources of one metric family into valid exposition samples: labels
 * flattened, equal series added up (gauges: the bridged value wins), order of first appearance kept.
 */
export function mergeSamples(
  type: PrometheusType,
  first: readonly PromValue[],
  second: readonly PromValue[],
): PromValue[] {
  const out = new Map<string, PromValue>();
  for (const [i, list] of [first, second].entries()) {
    for (const v of list) {
      const labels = { ...(v.sharedLabels ?? {}), ...v.labels };
      const key = `${v.metricName ?? ''}\u0002${seriesKey(labels)}`;
      const seen = out.get(key);
      if (!seen) {
        out.set(key, { labels, value: v.value, metricName: v.metricName, exemplar: v.exemplar ?? undefined });
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

function stringLabels(attributes: Readonly<Record<string, unknown>>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) labels[k] = String(v);
  return labels;
}
