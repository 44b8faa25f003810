import { EXPRESSION_CODES } from './check/codes.js';

/**
 * Every code @obskit/promql's errors carry: the query builders and the expression check.
 * {@link PromqlError} carries one of them; `assertValidExpression` throws an `ObskitValidationError`
 * of @obskit/catalog listing every problem. (The re-exported `parseDuration` throws the catalog's
 * `CatalogError`, code `OBSKIT_INVALID_DURATION`.)
 */
export const PROMQL_CODES = {
  /** The query builders (`selector`, `rate`, `histogramQuantile`, `recordingRuleName`, …): an invalid window, grouping, quantile, suffix or rule name. */
  build: 'OBSKIT_PROMQL_BUILD',
  /** `checkExpression`, `expressionProblems` and `assertValidExpression`: one code per kind of expression problem. */
  ...EXPRESSION_CODES,
} as const;

/** One of {@link PROMQL_CODES}. */
export type PromqlCode = (typeof PROMQL_CODES)[keyof typeof PROMQL_CODES];
