import { TARGET_LABELS, type LabelName, type LabelsOf, type MetricDef } from '@obskit/catalog';
import {
  errorRatio as promqlErrorRatio,
  histogramAverage,
  histogramQuantile,
  increase,
  rate,
  selector,
  sum,
  type LabelMatcher,
  type LabelOf,
  type Matchers as PromqlMatchers,
  type SeriesSuffix,
  type TargetLabel,
  type Window,
} from '@obskit/promql';
import { GRAFANA_INTERVALS } from '../config.js';

/** A label matcher: a plain value matches with `=`, a Grafana variable (`$x`) with `=~`. */
export type MatcherValue = string | LabelMatcher;

/** Matchers keyed by the metric's own labels (and `le` for histogram buckets). */
export type Matchers<M extends MetricDef> = Partial<Record<LabelsOf<M> | 'le', MatcherValue>>;

export { neq as ne, re } from '@obskit/promql';

/** `matchers` where a value that is a Grafana variable (`$agent`) matches as a regex (multi-value variables). */
function withVariables(matchers: Readonly<Record<string, MatcherValue | undefined>> = {}): PromqlMatchers {
  const out: Record<string, MatcherValue> = {};
  for (const [label, value] of Object.entries(matchers)) {
    if (value === undefined) continue;
    out[label] = typeof value === 'string' && value.startsWith('$') ? { op: '=~', value } : value;
  }
  return out;
}

/** The matchers of every dashboard query: `job=~"$job", instance=~"$instance"`, then `matchers` (see {@link withVariables}). */
function withTargets(matchers: Readonly<Record<string, MatcherValue | undefined>> = {}): PromqlMatchers {
  const out: Record<string, MatcherValue> = {};
  for (const label of TARGET_LABELS) out[label] = { op: '=~', value: `$${label}` };
  return { ...out, ...withVariables(matchers) };
}

/**
 * A vector selector of `metric`, always filtered by the `job` and `instance` variables:
 * `name{job=~"$job", instance=~"$instance", status="error"}`.
 */
export function sel<M extends MetricDef>(
  metric: M,
  matchers: Matchers<M> = {},
  suffix: SeriesSuffix = '',
): string {
  return selector(metric, { matchers: withTargets(matchers), suffix });
}

/** Options of the aggregating helpers. */
export interface AggOptions<M extends MetricDef> {
  readonly by?: readonly (LabelsOf<M> | TargetLabel | 'le')[];
  readonly where?: Matchers<M>;
  /** `offset` of the selector, for period-over-period queries. */
  readonly offset?: Window;
  /** Range of the rate; `$__rate_interval` (or `$__range` for increases) unless given. */
  readonly window?: Window;
  /** Histogram child series; `_count` for histograms unless given. */
  readonly series?: SeriesSuffix;
}

const countSeries = (metric: MetricDef, series: SeriesSuffix | undefined): SeriesSuffix =>
  series ?? (metric.type === 'histogram' ? '_count' : '');

/** `sum by (…) (rate(metric{…}[$__rate_interval]))`. */
export function sumRate<M extends MetricDef>(metric: M, options: AggOptions<M> = {}): string {
  const inner = rate(metric, options.window ?? GRAFANA_INTERVALS.rate, {
    matchers: withTargets(options.where),
    suffix: countSeries(metric, options.series),
    offset: options.offset,
  });
  return sum(inner, { by: options.by ?? [] });
}

/** `sum by (…) (increase(metric{…}[window]))`, by default over the dashboard's time range. */
export function sumIncrease<M extends MetricDef>(metric: M, options: AggOptions<M> = {}): string {
  const inner = increase(metric, options.window ?? GRAFANA_INTERVALS.range, {
    matchers: withTargets(options.where),
    suffix: countSeries(metric, options.series),
    offset: options.offset,
  });
  return sum(inner, { by: options.by ?? [] });
}

/** `sum by (…) (metric{…})` of a gauge. */
export function sumGauge<M extends MetricDef>(
  metric: M,
  options: Pick<AggOptions<M>, 'by' | 'where'> = {},
): string {
  return sum(sel(metric, options.where), { by: options.by ?? [] });
}

/** `histogram_quantile(q, sum by (le, …) (rate(metric_bucket{…}[$__rate_interval])))`. */
export function quantile<M extends MetricDef>(q: number, metric: M, options: AggOptions<M> = {}): string {
  return histogramQuantile(q, metric, options.window ?? GRAFANA_INTERVALS.rate, {
    matchers: withTargets(options.where),
    by: [...(options.by ?? [])] as LabelOf<M>[],
  });
}

/** Mean of a histogram: `sum(rate(x_sum)) / sum(rate(x_count))`. */
export function mean<M extends MetricDef>(metric: M, options: AggOptions<M> = {}): string {
  return histogramAverage(metric, options.window ?? GRAFANA_INTERVALS.rate, {
    matchers: withTargets(options.where),
    by: [...(options.by ?? [])] as LabelOf<M>[],
  });
}

/** A Grafana legend that shows the given labels: `{{a}} {{b}}`. */
export function legend(...labels: readonly LabelName[]): string {
  return labels.map((label) => `{{${label}}}`).join(' ');
}

/** Options of {@link errorRatio}. */
export interface ErrorRatioOptions<M extends MetricDef> extends AggOptions<M> {
  /** Matchers of the failed events, added to `where` in the numerator. */
  readonly errors: Matchers<M>;
  /** `increase` over the window (by default the dashboard's range) instead of `rate`. @defaultValue `'rate'` */
  readonly counter?: 'rate' | 'increase';
}

/**
 * `@obskit/promql`'s `errorRatio` — the share of failed events of `metric` — filtered by the
 * dashboard's variables and zero-filled, so a panel shows 0 rather than no data while nothing failed:
 * `(sum by (…) (rate(x{…, errors}[$__rate_interval])) or sum by (…) (rate(x{…}[…])) * 0) / sum by (…) (rate(x{…}[…]))`.
 */
export function errorRatio<M extends MetricDef>(metric: M, options: ErrorRatioOptions<M>): string {
  const counter = options.counter ?? 'rate';
  return promqlErrorRatio(
    metric,
    options.window ?? (counter === 'rate' ? GRAFANA_INTERVALS.rate : GRAFANA_INTERVALS.range),
    {
      matchers: withTargets(options.where),
      errors: withVariables(options.errors),
      by: [...(options.by ?? [])] as LabelOf<M>[],
      suffix: countSeries(metric, options.series),
      offset: options.offset,
      counter,
      zeroFill: true,
    },
  );
}
