/** PromQL value types (https://prometheus.io/docs/prometheus/latest/querying/basics/#expression-language-data-types). */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Argument and return types of a PromQL function. */
export interface FunctionSignature {
  readonly args: readonly ValueType[];
  /** How many of `args` are optional, counted from the end. */
  readonly optional?: number;
  /** Type of further arguments, when the function takes any number of them. */
  readonly variadic?: ValueType;
  readonly returns: ValueType;
}

const v = (...args: ValueType[]): FunctionSignature => ({ args, returns: 'vector' });
const vOpt = (...args: ValueType[]): FunctionSignature => ({
  args,
  optional: args.length,
  returns: 'vector',
});

const ELEMENTWISE = [
  'abs',
  'ceil',
  'floor',
  'exp',
  'ln',
  'log2',
  'log10',
  'sqrt',
  'sgn',
  'deg',
  'rad',
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atanh',
  'cos',
  'cosh',
  'sin',
  'sinh',
  'tan',
  'tanh',
  'timestamp',
  'sort',
  'sort_desc',
  'absent',
  'histogram_count',
  'histogram_sum',
  'histogram_avg',
  'histogram_stddev',
  'histogram_stdvar',
];
const OVER_TIME = [
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'changes',
  'resets',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'last_over_time',
  'first_over_time',
  'mad_over_time',
  'present_over_time',
  'absent_over_time',
  'ts_of_max_over_time',
  'ts_of_min_over_time',
  'ts_of_last_over_time',
  'ts_of_first_over_time',
];
const DATE = [
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'hour',
  'minute',
  'month',
  'year',
];

/** Signatures of the PromQL functions the checker knows (https://prometheus.io/docs/prometheus/latest/querying/functions/). */
export const FUNCTION_SIGNATURES: Readonly<Record<string, FunctionSignature>> = {
  ...Object.fromEntries(ELEMENTWISE.map((name) => [name, v('vector')])),
  ...Object.fromEntries(OVER_TIME.map((name) => [name, v('matrix')])),
  ...Object.fromEntries(DATE.map((name) => [name, vOpt('vector')])),
  quantile_over_time: v('scalar', 'matrix'),
  predict_linear: v('matrix', 'scalar'),
  holt_winters: v('matrix', 'scalar', 'scalar'),
  double_exponential_smoothing: v('matrix', 'scalar', 'scalar'),
  clamp: v('vector', 'scalar', 'scalar'),
  clamp_max: v('vector', 'scalar'),
  clamp_min: v('vector', 'scalar'),
  round: { args: ['vector', 'scalar'], optional: 1, returns: 'vector' },
  histogram_quantile: v('scalar', 'vector'),
  histogram_fraction: v('scalar', 'scalar', 'vector'),
  label_replace: v('vector', 'string', 'string', 'string', 'string'),
  label_join: { args: ['vector', 'string', 'string'], variadic: 'string', returns: 'vector' },
  sort_by_label: { args: ['vector'], variadic: 'string', returns: 'vector' },
  sort_by_label_desc: { args: ['vector'], variadic: 'string', returns: 'vector' },
  pi: { args: [], returns: 'scalar' },
  time: { args: [], returns: 'scalar' },
  scalar: { args: ['vector'], returns: 'scalar' },
  vector: v('scalar'),
};

/**
 * Functions a raw counter (or a histogram's `_bucket`/`_sum`/`_count`) may be passed to: the rate
 * family, plus those that only look at whether or when series exist.
 */
export const COUNTER_SAFE_FUNCTIONS: ReadonlySet<string> = new Set([
  'rate',
  'irate',
  'increase',
  'resets',
  'absent',
  'absent_over_time',
  'present_over_time',
  'count_over_time',
  'timestamp',
  'changes',
]);

/** Aggregations that only count series, so they may take a raw counter. */
export const COUNTER_SAFE_AGGREGATIONS: ReadonlySet<string> = new Set(['count', 'group']);
