import { CatalogError } from '../errors.js';

/**
 * The units of a Prometheus duration, largest first, with their length in milliseconds. A year is
 * 365 days and a week 7 days, as Prometheus counts them
 * (https://prometheus.io/docs/prometheus/latest/querying/basics/#float-literals-and-time-durations).
 */
export const DURATION_UNITS = {
  y: 31_536_000_000,
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
} as const;

/** One of the keys of {@link DURATION_UNITS}: `y`, `w`, `d`, `h`, `m`, `s` or `ms`. */
export type DurationUnit = keyof typeof DURATION_UNITS;

/**
 * A Prometheus duration: one or more `<integer><unit>` with the units of {@link DURATION_UNITS} in
 * that order, each at most once (`30s`, `5m`, `1h30m`, `500ms`), or a bare `0`. The type only holds
 * the shape of its start; {@link isDuration} and {@link parseDuration} check the whole grammar.
 */
export type Duration = `${number}${DurationUnit}${string}` | '0';

/** Stable code of every duration problem. */
export const DURATION_CODES = { invalid: 'OBSKIT_INVALID_DURATION' } as const;

/**
 * The Prometheus duration grammar, as Prometheus' `model.ParseDuration` reads it: units from the
 * largest to the smallest, each at most once, at least one of them, or a bare `0`. Group `i + 1` holds
 * the amount of the `i`-th unit of {@link DURATION_UNITS}.
 */
export const DURATION_PATTERN =
  /^(?:0|(?!$)(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?)$/;

/** What a valid duration looks like, as messages about an invalid one say it. */
export const DURATION_EXPECTED = 'must be a Prometheus duration like 30s, 5m or 1h30m';

// Prometheus keeps a duration in int64 nanoseconds (~292 years): a longer one does not parse.
const MAX_MS = 9_223_372_036_854;
const UNIT_ENTRIES = Object.entries(DURATION_UNITS) as ReadonlyArray<[DurationUnit, number]>;

function lengthOf(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  const ms = UNIT_ENTRIES.reduce((total, [, size], i) => total + Number(match[i + 1] ?? 0) * size, 0);
  return ms <= MAX_MS ? ms : undefined;
}

/** Options of {@link isDuration} and {@link parseDuration}. */
export interface DurationOptions {
  /**
   * Rejects zero (`0`, `0s`), as PromQL does for range, subquery and step durations.
   * @defaultValue `false`: zero is a duration, as in Prometheus' configuration files
   */
  readonly positive?: boolean;
}

/**
 * True when `text` is a Prometheus duration (see {@link DURATION_PATTERN}) of at most ~292 years (int64 nanoseconds).
 * @example isDuration('1h30m') // true
 * @example isDuration('90s', { positive: true }) // true; '0s' would be false
 */
export function isDuration(text: unknown, options: DurationOptions = {}): text is Duration {
  const ms = lengthOf(text);
  return ms !== undefined && (ms > 0 || !options.positive);
}

/**
 * The message of an invalid duration: `Invalid duration "5x": must be a Prometheus duration like 30s,
 * 5m or 1h30m`, with `what` in place of `duration` when given.
 */
export function invalidDurationMessage(value: unknown, what = 'duration'): string {
  return `Invalid ${what} "${String(value)}": ${DURATION_EXPECTED}`;
}

/**
 * Parses a Prometheus duration into milliseconds.
 * @throws CatalogError `OBSKIT_INVALID_DURATION` naming the value, when `text` is not a duration (or is
 * zero with `positive`)
 * @example parseDuration('1h30m') // 5400000
 */
export function parseDuration(text: string, options: DurationOptions = {}): number {
  if (!isDuration(text, options)) {
    const expected = options.positive ? `${DURATION_EXPECTED}, above zero` : DURATION_EXPECTED;
    throw new CatalogError(DURATION_CODES.invalid, `Invalid duration "${String(text)}": ${expected}`);
  }
  return lengthOf(text) as number;
}

/**
 * The length of a Prometheus duration in seconds, for expressions that compare with time
 * (`time() - x > 21600`).
 * @throws CatalogError `OBSKIT_INVALID_DURATION` as {@link parseDuration}
 * @example durationSeconds('6h') // 21600
 */
export function durationSeconds(text: string, options: DurationOptions = {}): number {
  return parseDuration(text, options) / 1000;
}

/**
 * Formats milliseconds (rounded to whole ones) as Prometheus prints a duration: the largest units
 * first, years and weeks only when they are exact (`90d`, not `12w6d`), `0s` for zero.
 * @throws CatalogError `OBSKIT_INVALID_DURATION` for a negative, non-finite or too long length
 * @example formatDuration(90_000) // '1m30s'
 */
export function formatDuration(ms: number): Duration {
  let rest = Math.round(ms);
  if (!Number.isFinite(rest) || rest < 0 || rest > MAX_MS) {
    throw new CatalogError(
      DURATION_CODES.invalid,
      `Invalid duration "${ms}ms": must be a length in milliseconds from 0 to ${MAX_MS}`,
    );
  }
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, size] of UNIT_ENTRIES) {
    const exactOnly = unit === 'y' || unit === 'w';
    if (rest >= size && (!exactOnly || rest % size === 0)) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out as Duration;
}

/** Options of {@link scaleDuration}. */
export interface ScaleDurationOptions {
  /** Scaled durations never go below this one. @defaultValue `1ms` */
  readonly min?: string;
}

/**
 * Multiplies a positive duration by `factor` (e.g. `1/60` turns `5m` into `5s`), never below `min`.
 * @throws CatalogError `OBSKIT_INVALID_DURATION` for a zero or invalid duration or a factor that is not
 * a positive number
 * @example scaleDuration('1h', 1 / 60, { min: '4s' }) // '1m'
 */
export function scaleDuration(
  duration: string,
  factor: number,
  options: ScaleDurationOptions = {},
): Duration {
  if (!Number.isFinite(factor) || factor <= 0) {
    throw new CatalogError(
      DURATION_CODES.invalid,
      `Invalid scale factor "${factor}": must be a positive number`,
    );
  }
  const scaled = parseDuration(duration, { positive: true }) * factor;
  const min = options.min === undefined ? 1 : parseDuration(options.min, { positive: true });
  return formatDuration(Math.max(scaled, min));
}
