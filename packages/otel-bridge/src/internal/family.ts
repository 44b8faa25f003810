import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import type { ExemplarStore, PromExemplar } from './exemplars.js';
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
 * The samples of `family` in one collection: every data point of every scope that produced this
 * name, equal label sets added up, histograms as cumulative `_bucket{le}` + `_sum` + `_count`.
 */
export function samplesOf(family: BridgedFamily, data: readonly MetricData[]): PromValue[] {
  const out = new Map<string, PromValue>();
  const add = (v: PromValue): void => {
    const key = `${v.metricName ?? ''}\u0002${seriesKey(v.labels)}`;
    const seen = out.get(key);
    if (seen) {
      if (family.type === 'gauge') seen.value = v.value;
      else seen.value += v.value;
      seen.exemplar = v.exemplar ?? seen.exemplar;
    } else out.set(key, v);
  };
  for (const metric of data) {
    if (metric.dataPointType === DataPointType.HISTOGRAM) {
      for (const dp of metric.dataPoints) {
        const labels = stringLabels(dp.attributes);
        const key = seriesKey(labels);
        const { boundaries, counts } = dp.value.buckets;
        let cumulative = 0;
        boundaries.forEach((le, i) => {
          cumulative += counts[i] ?? 0;
          add({
            labels: { ...labels, le },
            value: cumulative,
            metricName: `${family.name}_bucket`,
            exemplar: family.exemplars?.forBucket(key, i === 0 ? -Infinity : boundaries[i - 1], le),
          });
        });
        const last = boundaries.length ? boundaries[boundaries.length - 1] : -Infinity;
        add({
          labels: { ...labels, le: '+Inf' },
          value: dp.value.count,
          metricName: `${family.name}_bucket`,
          exemplar: family.exemplars?.forBucket(key, last, Infinity),
        });
        add({ labels, value: dp.value.sum ?? 0, metricName: `${family.name}_sum` });
        add({ labels, value: dp.value.count, metricName: `${family.name}_count` });
      }
    } else if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
      for (const dp of metric.dataPoints) add({ labels: stringLabels(dp.attributes), value: dp.value });
    }
    // Exponential histograms have no Prometheus text form; the bridge never selects them.
  }
  return [...out.values()];
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
