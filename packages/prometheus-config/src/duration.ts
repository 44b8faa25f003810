import { CONFIG_CODES } from './codes.js';
import type { Problems } from './internal/problems.js';

/**
 * Prometheus duration syntax (`1h30m`, `15s`, `500ms`), as Prometheus and Alertmanager parse it
 * (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#duration).
 */
export const DURATION_PATTERN = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/;

const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1] as const;

/** A duration string in Prometheus syntax, e.g. `'15s'`, `'1h30m'`. */
export type Duration = string;

/**
 * Parses a Prometheus duration to milliseconds.
 * @returns the length in milliseconds, or `undefined` when `value` is not a valid duration.
 * @example parseDuration('1m30s') // 90000
 */
export function parseDuration(value: string): number | undefined {
  if (value === '0') return 0;
  if (value === '') return undefined;
  const match = DURATION_PATTERN.exec(value);
  if (!match) return undefined;
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const amount = match[2 + i * 2];
    if (amount !== undefined) ms += Number(amount) * UNIT_MS[i];
  }
  return ms;
}

/** Reports an invalid duration; returns its length in ms when valid. */
export function checkDuration(
  problems: Problems,
  subject: string,
  field: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) {
    problems.add(
      CONFIG_CODES.duration,
      subject,
      `Invalid duration "${String(value)}" in ${field}: must match ${DURATION_PATTERN} and not be empty (e.g. "15s", "1h30m")`,
    );
  }
  return ms;
}
