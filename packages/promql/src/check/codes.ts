/** Stable codes of expression problems. */
export const EXPRESSION_CODES = {
  syntax: 'OBSKIT_PROMQL_SYNTAX',
  unknownMetric: 'OBSKIT_PROMQL_UNKNOWN_METRIC',
  unknownLabel: 'OBSKIT_PROMQL_UNKNOWN_LABEL',
  rawCounter: 'OBSKIT_PROMQL_RAW_COUNTER',
  type: 'OBSKIT_PROMQL_TYPE',
  duration: 'OBSKIT_INVALID_DURATION',
  grafanaVariable: 'OBSKIT_PROMQL_GRAFANA_VARIABLE',
  invalid: 'OBSKIT_INVALID_EXPRESSION',
} as const;

/** One of the {@link EXPRESSION_CODES}. */
export type ExpressionCode = (typeof EXPRESSION_CODES)[keyof typeof EXPRESSION_CODES];
