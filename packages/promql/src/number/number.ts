/**
 * Significant digits kept by {@link exactNumber}: a float64 holds 15 to 17, and arithmetic on values
 * as people write them (`1 - 0.99`, `14.4 * 0.001`, `0.3 * 1000`) leaves noise in the last two or three.
 */
const SIGNIFICANT_DIGITS = 12;

/**
 * A number without binary float noise: the value rounded to 12 significant digits, so that
 * `1 - 0.99` is `0.01` (not `0.010000000000000009`) and `0.1 + 0.2` is `0.3`.
 *
 * Use it wherever a threshold, objective or factor is computed from configured values before it is
 * written into a query, rule, annotation or dashboard.
 *
 * @param value - Any number; non-finite values are returned as they are.
 * @example exactNumber(1 - 0.999) // 0.001
 */
export function exactNumber(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(SIGNIFICANT_DIGITS));
}

/**
 * A number as PromQL, a rule file or a promtool series writes it, without float noise: `0.01`,
 * `14.4`, `1e-7`, `+Inf`, `-Inf`, `NaN` (https://prometheus.io/docs/prometheus/latest/querying/basics/#float-literals-and-time-durations).
 *
 * @param value - The number, possibly the result of arithmetic on configured values.
 * @example formatNumber(14.4 * (1 - 0.999)) // '0.0144'
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(exactNumber(value));
}
