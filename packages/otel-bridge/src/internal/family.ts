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
 * The samples of `family` in one collection: every data point of every scope that produced this
 * name, equal label sets added up, histograms as cumulative `_bucket{le}` + `_sum` + `_count`.
 */
export function samplesOf(family: BridgedFamily, data: readonly MetricData[]): PromValue[] {
  // One data stream has one data point per attribute set (the SDK keys them): when they are all
  // strings, as the bridge records them, no two samples are equal and none need adding up.
  if (data.length === 1) {
    const single: PromValue[] = [];
    if (pushSamples(family, data[0], (v) => single.push(v))) return single;
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
  for (const metric of data) pushSamples(family, metric, add);
  return out;
}

/** Pushes the samples of one data stream; `false` when an attribute value was not a string. */
function pushSamples(family: BridgedFamily, metric: MetricData, push: (v: PromValue) => void): boolean {
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
      let cumulative = 0;
      let lower = -Infinity;
      for (let i = 0; i <= boundaries.length; i++) {
        const last = i === boundaries.length;
        const le = last ? Infinity : boundaries[i];
        cumulative = last ? dp.value.count : cumulative + (counts[i] ?? 0);
        const exemplar = recent ? latestInBucket(recent, lower, le) : undefined;
        push({
          labels: { ...labels, le: last ? '+Inf' : le },
          value: cumulative,
          metricName: bucketName,
          exemplar,
        });
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

function stringLabels(attributes: Readonly<Record<string, unknown>>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) labels[k] = String(v);
  return labels;
}
