import { ObskitError } from '@obskit/catalog';

/** Stable codes of duration problems. */
export const DURATION_CODES = { invalid: 'OBSKIT_INVALID_DURATION' } as const;

/** A Prometheus duration such as `30s`, `5m` or `1h30m` (https://prometheus.io/docs/prometheus/latest/querying/basics/#time-durations). */
export type Duration = string;

const UNIT_MS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 24 * 3600 * 1000],
  ['w', 7 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
];

/** Prometheus duration syntax: units from largest to smallest, each at most once. */
export const DURATION_PATTERN =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** True when `text` is a non-zero Prometheus duration. */
export function isDuration(text: string): boolean {
  return typeof text === 'string' && text !== '' && DURATION_PATTERN.test(text) && parseMs(text) > 0;
}

function parseMs(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return Number.NaN;
  return UNIT_MS.reduce((total, [, ms], i) => total + Number(match[i + 1] ?? 0) * ms, 0);
}

/**
 * Parses a Prometheus duration into milliseconds.
 * @throws ObskitError `OBSKIT_INVALID_DURATION` when `text` is not a non-zero duration.
 * @example parseDuration('1h30m') // 5400000
 */
export function parseDuration(text: string): number {
  if (!isDuration(text)) {
    throw new ObskitError(
      DURATION_CODES.invalid,
      `Invalid duration "${String(text)}": must be a Prometheus duration like 30s, 5m or 1h30m`,
    );
  }
  return parseMs(text);
}

/**
 * Formats milliseconds as the shortest Prometheus duration (`90000` → `1m30s`), rounding to whole
 * milliseconds. Zero and negative values are rejected.
 */
export function formatDuration(ms: number): Duration {
  let rest = Math.round(ms);
  if (!Number.isFinite(rest) || rest <= 0) {
    throw new ObskitError(DURATION_CODES.invalid, `Invalid duration "${ms}ms": must be a positive number`);
  }
  let out = '';
  // Years are skipped: "365d" reads better and never loses precision.
  for (const [unit, size] of UNIT_MS.slice(1)) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Options of {@link scaleDuration}. */
export interface ScaleDurationOptions {
  /** Scaled durations never go below this one. @defaultValue no minimum */
  readonly min?: Duration;
}

/**
 * Multiplies a duration by `factor` (e.g. `1/60` turns `5m` into `5s`), never below `min`.
 * @example scaleDuration('1h', 1 / 60, { min: '4s' }) // '1m'
 */
export function scaleDuration(
  duration: Duration,
  factor: number,
  options: ScaleDurationOptions = {},
): Duration {
  if (!Number.isFinite(factor) || factor <= 0) {
    throw new ObskitError(
      DURATION_CODES.invalid,
      `Invalid scale factor "${factor}": must be a positive number`,
    );
  }
  const scaled = parseDuration(duration) * factor;
  const min = options.min === undefined ? 1 : parseDuration(options.min);
  return formatDuration(Math.max(scaled, min));
}
