import type { Duration } from '@obskit/catalog';

// The Prometheus duration grammar lives in @obskit/catalog; these are its re-exports under the names
// this package has always exported.
export {
  DURATION_CODES,
  DURATION_PATTERN,
  formatDuration,
  isDuration,
  parseDuration,
  scaleDuration,
} from '@obskit/catalog';
export type { Duration, ScaleDurationOptions } from '@obskit/catalog';

/** A Grafana variable standing in for a duration, e.g. `$__rate_interval` or `${window}`. */
export type DurationVariable = `$${string}`;

/** What a range or an offset takes: a Prometheus duration (`5m`) or a Grafana variable (`$__rate_interval`). */
export type Window = Duration | DurationVariable;
