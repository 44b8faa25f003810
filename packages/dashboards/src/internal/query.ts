import { TARGET_LABELS, type LabelName, type LabelsOf, type MetricDef } from '@obskit/catalog';
import { GRAFANA_INTERVALS } from '../config.js';

/** A label matcher: a plain value matches with `=`, a Grafana variable (`$x`) with `=~`. */
export type MatcherValue = string | { readonly op: '=' | '!=' | '=~' | '!~'; readonly value: string };

/** Matchers keyed by the metric's own labels (and `le` for histogram buckets). */
export type Matchers<M extends MetricDef> = Partial<Record<LabelsOf<M> | 'le', MatcherValue>>;

/** `label!="value"`. */
export const ne = (value: string): MatcherValue => ({ op: '!=', value });
/** `label=~"regex"`. */
export const re = (value: string): MatcherValue => ({ op: '=~', value });

type Series = '' | '_bucket' | '_sum' | '_count';

const quote = (value: string): string => JSON.stringify(value);

function renderMatcher(label: string, value: MatcherValue): string {
  if (typeof value === 'string') return `${label}${value.startsWith('$') ? '=~' : '='}${quote(value)}`;
  return `${label}${value.op}${quote(value.value)}`;
}

/** The Grafana variable of a Prometheus target label: `$job`, `$instance`. */
const targetVariable = (label: (typeof TARGET_LABELS)[number]): string => `$${label}`;

/**
 * A vector selector of `metric`, always filtered by the `job` and `instance` variables:
 * `name{job=~"$job", instance=~"$instance", status="error"}`.
 */
export function sel<M extends MetricDef>(metric: M, matchers: Matchers<M> = {}, series: Series = ''): string {
  const parts = TARGET_LABELS.map((label) => renderMatcher(label, targetVariable(label)));
  for (const [label, value] of Object.entries(matchers) as [string, MatcherValue | undefined][]) {
    if (value !== undefined) parts.push(renderMatcher(label, value));
  }
  return `${metric.name}${series}{${parts.join(', ')}}`;
}

/** ` by (a, b)` or the empty string. */
const byClause = (by: readonly string[]): string => (by.length > 0 ? ` by (${by.join(', ')})` : '');

/** Options of the aggregating helpers. */
export interface AggOptions<M extends MetricDef> {
  readonly by?: readonly (LabelsOf<M> | LabelName)[];
  readonly where?: Matchers<M>;
  /** Range of the rate; `$__rate_interval` unless given. */
  readonly window?: string;
  readonly series?: Series;
}

/** `sum by (…) (rate(metric{…}[$__rate_interval]))`. */
export function sumRate<M extends MetricDef>(metric: M, options: AggOptions<M> = {}): string {
  const series = options.series ?? (metric.type === 'histogram' ? '_count' : '');
  const window = options.window ?? GRAFANA_INTERVALS.rate;
  return `sum${byClause(options.by ?? [])} (rate(${sel(metric, options.where, series)}[${window}]))`;
}

/** `sum by (…) (increase(metric{…}[window]))`, by default over the dashboard's time range. */
export function sumIncrease<M extends MetricDef>(metric: M, options: AggOptions<M> = {}): string {
  const series = options.series ?? (metric.type === 'histogram' ? '_count' : '');
  const window = options.window ?? GRAFANA_INTERVALS.range;
  return `sum${byClause(options.by ?? [])} (increase(${sel(metric, options.where, series)}[${window}]))`;
}

/** `sum by (…) (metric{…})` of a gauge. */
export function sumGauge<M extends MetricDef>(
  metric: M,
  options: Pick<AggOptions<M>, 'by' | 'where'> = {},
): string {
  return `sum${byClause(options.by ?? [])} (${sel(metric, options.where)})`;
}

/** `histogram_quantile(q, sum by (le, …) (rate(metric_bucket{…}[$__rate_interval])))`. */
export function quantile<M extends MetricDef>(q: number, metric: M, options: AggOptions<M> = {}): string {
  const by = ['le', ...(options.by ?? [])];
  const window = options.window ?? GRAFANA_INTERVALS.rate;
  return `histogram_quantile(${q}, sum${byClause(by)} (rate(${sel(metric, options.where, '_bucket')}[${window}])))`;
}

/** Mean of a histogram: `sum(rate(x_sum)) / sum(rate(x_count))`. */
export function mean<M extends MetricDef>(metric: M, options: AggOptions<M> = {}): string {
  return `${sumRate(metric, { ...options, series: '_sum' })} / ${sumRate(metric, { ...options, series: '_count' })}`;
}

/** A Grafana legend that shows the given labels: `{{a}} {{b}}`. */
export function legend(...labels: readonly LabelName[]): string {
  return labels.map((label) => `{{${label}}}`).join(' ');
}

/**
 * `(bad or total * 0) / total`: the share of `bad` in `total`, 0 rather than no data while nothing
 * is bad. Both sides must be aggregated by the same labels.
 */
export function errorRatio(bad: string, total: string): string {
  return `(${bad} or ${total} * 0) / ${total}`;
}
