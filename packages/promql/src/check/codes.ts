/** Stable codes of expression problems. */
export const EXPRESSION_CODES = {
  /** The parser: the expression does not parse, or is empty. */
  syntax: 'OBSKIT_PROMQL_SYNTAX',
  /** A selector names a metric the known series (`KnownSeries`) do not hold. */
  unknownMetric: 'OBSKIT_PROMQL_UNKNOWN_METRIC',
  /** A matcher, grouping or `label_*` call names a label the metric does not carry. */
  unknownLabel: 'OBSKIT_PROMQL_UNKNOWN_LABEL',
  /** A counter is read without `rate()`, `irate()` or `increase()`. */
  rawCounter: 'OBSKIT_PROMQL_RAW_COUNTER',
  /** A function or operator gets an argument of the wrong type (a range vector where an instant vector is expected, …). */
  type: 'OBSKIT_PROMQL_TYPE',
  /** A range, offset or subquery step that is not a Prometheus duration. */
  duration: 'OBSKIT_INVALID_DURATION',
  /** A Grafana variable where PromQL cannot take one, or one left unsubstituted. */
  grafanaVariable: 'OBSKIT_PROMQL_GRAFANA_VARIABLE',
  /** `assertValidExpression`: the umbrella code of the error listing the problems. */
  invalid: 'OBSKIT_INVALID_EXPRESSION',
} as const;

/** One of the {@link EXPRESSION_CODES}. */
export type ExpressionCode = (typeof EXPRESSION_CODES)[keyof typeof EXPRESSION_CODES];
