import type { LabelName } from './labels.js';

/** Prometheus metric types that obskit emits. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/**
 * The unit of a metric's value. Base units per the Prometheus naming guide
 * (https://prometheus.io/docs/practices/naming/#base-units); the ones with a suffix must appear in
 * the name (`_seconds`, `_bytes`, `_ratio`, `_usd`).
 */
export type MetricUnit = 'seconds' | 'bytes' | 'ratio' | 'usd' | 'tokens' | 'score' | 'count' | 'info';

/** Units whose name suffix is required, in the order they appear before `_total`. */
export const UNIT_SUFFIXES: Readonly<Partial<Record<MetricUnit, string>>> = {
  seconds: '_seconds',
  bytes: '_bytes',
  ratio: '_ratio',
  usd: '_usd',
  info: '_info',
};

/** The areas of the kit; dashboards and docs group metrics by them. */
export type MetricFamily =
  | 'genai'
  | 'agent'
  | 'task'
  | 'http'
  | 'http_client'
  | 'db'
  | 'job'
  | 'business'
  | 'self'
  | 'runtime'
  | 'prometheus'
  | 'host';

/**
 * Who puts the metric on /metrics: obskit's own collectors, prom-client's default metrics, the OTel
 * bridge (`target_info`), Prometheus itself (`up`, `scrape_*`, `ALERTS`) or an exporter obskit deploys
 * beside the services (`node_exporter`: host CPU, memory, disk, network, file descriptors).
 */
export type MetricSource = 'obskit' | 'prom-client' | 'otel-bridge' | 'prometheus' | 'node_exporter';

/** The OpenTelemetry semantic-convention instrument a metric corresponds to, for the OTel bridge. */
export interface OtelInstrument {
  /** Instrument name, e.g. `gen_ai.client.operation.duration`. */
  readonly name: string;
  /** UCUM unit, e.g. `s`, `By`, `{token}`. */
  readonly unit: string;
  readonly kind: 'histogram' | 'counter' | 'updowncounter' | 'gauge';
}

/** One metric, as plain data. */
export interface MetricDef<N extends string = string, L extends LabelName = LabelName> {
  /** Full Prometheus name, e.g. `gen_ai_client_operation_duration_seconds`. */
  readonly name: N;
  readonly type: MetricType;
  /** One sentence that states what is measured and its unit. */
  readonly help: string;
  readonly unit: MetricUnit;
  /** Label names; every one is defined in {@link LABELS}. Histograms add `le` themselves. */
  readonly labels: readonly L[];
  /** Histogram bucket upper bounds, strictly increasing. */
  readonly buckets?: readonly number[];
  readonly family: MetricFamily;
  /** Who emits it. @defaultValue `'obskit'` */
  readonly source: MetricSource;
  /** Semantic-convention instrument this metric is the Prometheus form of. */
  readonly otel?: OtelInstrument;
}

/** Declares a metric with its literal name and label names kept in the type. */
export function defineMetric<const N extends string, const L extends LabelName>(
  def: Omit<MetricDef<N, L>, 'source'> & { readonly source?: MetricSource },
): MetricDef<N, L> {
  return { ...def, source: def.source ?? 'obskit' };
}

/** The label names of a metric definition, as a union. */
export type LabelsOf<M> = M extends MetricDef<string, infer L> ? L : never;
