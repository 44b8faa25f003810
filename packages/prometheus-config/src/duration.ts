import { DURATION_EXPECTED, DURATION_PATTERN, isDuration, parseDuration as parseMs } from '@obskit/catalog';
import { PROMETHEUS_CONFIG_CODES } from './codes.js';
import type { Problems } from './internal/problems.js';

// The Prometheus duration grammar and type live in @obskit/catalog; this package re-exports them under
// the names it has always exported.
export { DURATION_PATTERN };
export type { Duration } from '@obskit/catalog';

/**
 * Parses a Prometheus duration to milliseconds, without throwing.
 * @returns the length in milliseconds, or `undefined` when `value` is not a valid duration.
 * @deprecated Use `isDuration` and `parseDuration` of `@obskit/catalog`, which throws an `ObskitError`
 * naming the value.
 * @example parseDuration('1m30s') // 90000
 */
export function parseDuration(value: string): number | undefined {
  return isDuration(value) ? parseMs(value) : undefined;
}

/** Reports an invalid duration; returns its length in ms when valid. */
export function checkDuration(
  problems: Problems,
  subject: string,
  field: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  if (isDuration(value)) return parseMs(value);
  problems.add(
    PROMETHEUS_CONFIG_CODES.duration,
    subject,
    `Invalid duration "${String(value)}" in ${field}: ${DURATION_EXPECTED}`,
  );
  return undefined;
}
