import { PROMQL_CODES } from '../codes.js';
import type { Window } from '../duration/duration.js';
import { PromqlError } from '../errors.js';
import {
  rangeSelector,
  type LabelOf,
  type Matchers,
  type SelectorOptions,
  type SeriesSource,
  type SeriesSuffix,
} from './selector.js';

/** Functions that turn a counter's range into a per-second rate or an increase. */
export type CounterFunction = 'rate' | 'irate' | 'increase';

function counterSuffix(source: SeriesSource, suffix: SeriesSuffix | undefined, fn: string): SeriesSuffix {
  if ((source.type === 'histogram' || source.type === 'summary') && !suffix) {
    throw new PromqlError(
      PROMQL_CODES.build,
      `Invalid ${fn}() of ${source.type} "${source.name}": pass suffix "_bucket", "_sum" or "_count"`,
    );
  }
  return suffix ?? '';
}

function counterFn<S extends SeriesSource>(
  fn: CounterFunction,
  source: S,
  window: Window,
  options: SelectorOptions<LabelOf<S>>,
): string {
  const suffix = counterSuffix(source, options.suffix, fn);
  return `${fn}(${rangeSelector(source, window, { ...options, suffix })})`;
}

/**
 * `rate(name{matchers}[window])`. Histograms need `suffix`.
 * @example rate(METRICS.agent.operations, '5m') // rate(obskit_agent_operations_total[5m])
 */
export function rate<S extends SeriesSource>(
  source: S,
  window: Window,
  options: SelectorOptions<LabelOf<S>> = {},
): string {
  return counterFn('rate', source, window, options);
}

/** `increase(name{matchers}[window])`. */
export function increase<S extends SeriesSource>(
  source: S,
  window: Window,
  options: SelectorOptions<LabelOf<S>> = {},
): string {
  return counterFn('increase', source, window, options);
}

/** `irate(name{matchers}[window])`. */
export function irate<S extends SeriesSource>(
  source: S,
  window: Window,
  options: SelectorOptions<LabelOf<S>> = {},
): string {
  return counterFn('irate', source, window, options);
}

/** PromQL aggregation operators the builders emit. */
export type AggregationOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar';

/** Grouping of an aggregation: `by` or `without` (not both). */
export interface GroupingOptions<L extends string = string> {
  /** `by (...)` labels; an empty array aggregates everything into one series. */
  readonly by?: readonly L[];
  /** `without (...)` labels. */
  readonly without?: readonly L[];
}

/**
 * `op by (labels) (expr)`, `op without (labels) (expr)` or `op(expr)`.
 * @example aggregate('sum', rate(METRICS.agent.operations, '5m'), { by: ['status'] })
 */
export function aggregate<L extends string>(
  op: AggregationOp,
  expr: string,
  options: GroupingOptions<L> = {},
): string {
  if (options.by && options.without) {
    throw new PromqlError(
      PROMQL_CODES.build,
      `Invalid grouping of ${op}(): pass "by" or "without", not both`,
    );
  }
  if (options.by && options.by.length > 0) return `${op} by (${options.by.join(', ')}) (${expr})`;
  if (options.without && options.without.length > 0)
    return `${op} without (${options.without.join(', ')}) (${expr})`;
  return `${op}(${expr})`;
}

/** `sum by (labels) (expr)`; see {@link aggregate}. */
export function sum<L extends string>(expr: string, options: GroupingOptions<L> = {}): string {
  return aggregate('sum', expr, options);
}

/** Options of the histogram and ratio builders. */
export interface HistogramOptions<L extends string = string> {
  readonly matchers?: Matchers<L>;
  /** Labels kept in the result (besides `le`, which is added for you). @defaultValue `[]` */
  readonly by?: readonly L[];
  readonly offset?: Window;
}

/**
 * `histogram_quantile(q, sum by (le, ...) (rate(name_bucket{...}[window])))`.
 * @example histogramQuantile(0.95, METRICS.genai.clientOperationDuration, '5m', { by: ['gen_ai_provider_name'] })
 */
export function histogramQuantile<S extends SeriesSource>(
  quantile: number,
  source: S,
  window: Window,
  options: HistogramOptions<LabelOf<S>> = {},
): string {
  if (!(quantile >= 0 && quantile <= 1)) {
    throw new PromqlError(PROMQL_CODES.build, `Invalid quantile "${quantile}": must be between 0 and 1`);
  }
  const inner = rate(source, window, {
    matchers: options.matchers,
    suffix: '_bucket',
    offset: options.offset,
  });
  return `histogram_quantile(${quantile}, ${sum(inner, { by: ['le', ...(options.by ?? [])] })})`;
}

/** Average of a histogram over the window: `sum(rate(x_sum)) / sum(rate(x_count))`. */
export function histogramAverage<S extends SeriesSource>(
  source: S,
  window: Window,
  options: HistogramOptions<LabelOf<S>> = {},
): string {
  const part = (suffix: '_sum' | '_count') =>
    sum(rate(source, window, { matchers: options.matchers, suffix, offset: options.offset }), {
      by: options.by,
    });
  return `${part('_sum')} / ${part('_count')}`;
}

/** `(numerator) / (denominator)`. */
export function ratio(numerator: string, denominator: string): string {
  return `(${numerator}) / (${denominator})`;
}

/** Options of {@link errorRatio}. */
export interface ErrorRatioOptions<L extends string = string> extends HistogramOptions<L> {
  /** Matchers that select the failed series, added to `matchers` in the numerator. */
  readonly errors: Matchers<L>;
  /** Histogram child series to count. @defaultValue `'_count'` for histograms, `''` otherwise */
  readonly suffix?: SeriesSuffix;
  /** Count the events with `rate` (per second) or `increase` (over the window); the ratio is the same. @defaultValue `'rate'` */
  readonly counter?: 'rate' | 'increase';
  /**
   * `(errors or total * 0) / total`: 0 rather than no data while no series has failed yet (a panel
   * shows 0 %); without it, `(errors) / (total)` has no data then (an alert stays quiet).
   * @defaultValue false
   */
  readonly zeroFill?: boolean;
}

/**
 * Share of failed events over the window:
 * `(sum by (...) (rate(x{errors}[w]))) / (sum by (...) (rate(x[w])))`, or with `zeroFill`
 * `(sum by (...) (rate(x{errors}[w])) or sum by (...) (rate(x[w])) * 0) / sum by (...) (rate(x[w]))`.
 * @example errorRatio(METRICS.agent.operations, '5m', { errors: { status: neq('success') } })
 */
export function errorRatio<S extends SeriesSource>(
  source: S,
  window: Window,
  options: ErrorRatioOptions<LabelOf<S>>,
): string {
  const suffix = options.suffix ?? (source.type === 'histogram' || source.type === 'summary' ? '_count' : '');
  const fn = options.counter === 'increase' ? increase : rate;
  const part = (matchers: Matchers<LabelOf<S>> | undefined) =>
    sum(fn(source, window, { matchers, suffix, offset: options.offset }), { by: options.by });
  const errors = part({ ...options.matchers, ...options.errors });
  const total = part(options.matchers);
  // Both sides are aggregations, so `or` (the loosest operator) and `/` need no parentheses here.
  return options.zeroFill ? `(${errors} or ${total} * 0) / ${total}` : ratio(errors, total);
}

/**
 * The recording-rule name `level:metric:operations` of the Prometheus naming practice
 * (https://prometheus.io/docs/practices/rules/#naming); `_total` is dropped from counters under rate.
 * @example recordingRuleName('job', METRICS.agent.operations, 'rate5m') // 'job:obskit_agent_operations:rate5m'
 */
export function recordingRuleName(level: string, source: SeriesSource | string, operations: string): string {
  const name = typeof source === 'string' ? source : source.name;
  const metric = /(^|_)(rate|irate|increase)/.test(operations) ? name.replace(/_total$/, '') : name;
  const valid = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
  for (const [what, value] of [
    ['level', level],
    ['operations', operations],
  ] as const) {
    if (!valid.test(value)) {
      throw new PromqlError(
        PROMQL_CODES.build,
        `Invalid recording rule ${what} "${value}": must match ${valid}`,
      );
    }
  }
  return `${level}:${metric}:${operations}`;
}
