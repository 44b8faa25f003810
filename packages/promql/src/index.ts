export { PROMQL_CODES } from './codes.js';
export type { PromqlCode } from './codes.js';
export { PromqlError } from './errors.js';
export {
  DURATION_CODES,
  DURATION_PATTERN,
  formatDuration,
  isDuration,
  parseDuration,
  scaleDuration,
} from './duration/duration.js';
export type { Duration, DurationVariable, ScaleDurationOptions, Window } from './duration/duration.js';
export { exactNumber, formatNumber } from './number/number.js';
export {
  BUILD_CODE,
  assertWindow,
  bucketBound,
  eq,
  neq,
  nre,
  quote,
  rangeSelector,
  re,
  renderMatchers,
  selector,
} from './builders/selector.js';
export type {
  LabelMatcher,
  LabelOf,
  MatchOp,
  Matchers,
  SelectorOptions,
  SeriesSource,
  SeriesSuffix,
  TargetLabel,
} from './builders/selector.js';
export {
  aggregate,
  errorRatio,
  histogramAverage,
  histogramQuantile,
  increase,
  irate,
  rate,
  ratio,
  recordingRuleName,
  sum,
} from './builders/functions.js';
export type {
  AggregationOp,
  CounterFunction,
  ErrorRatioOptions,
  GroupingOptions,
  HistogramOptions,
} from './builders/functions.js';
export {
  EXPRESSION_CODES,
  assertValidExpression,
  checkExpression,
  expressionProblems,
} from './check/check-expression.js';
export type {
  CheckExpressionOptions,
  ExpressionCheckResult,
  ExpressionProblem,
  KnownSeries,
} from './check/check-expression.js';
export { listSelectors } from './check/list-selectors.js';
export type { ExpressionSelector, SelectorMatcher } from './check/list-selectors.js';
export { COUNTER_SAFE_AGGREGATIONS, COUNTER_SAFE_FUNCTIONS, FUNCTION_SIGNATURES } from './check/functions.js';
export type { FunctionSignature, ValueType } from './check/functions.js';
export {
  GRAFANA_DURATION_STANDIN,
  GRAFANA_LABEL_STANDIN,
  GRAFANA_VARIABLE_PATTERN,
  replaceGrafanaVariables,
  substituteGrafanaVariables,
} from './check/grafana.js';
export type { GrafanaVariable, SubstitutedExpression } from './check/grafana.js';
