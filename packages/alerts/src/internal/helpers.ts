import { formatDuration, parseDuration } from '@obskit/catalog';
import { formatNumber } from '@obskit/promql';
import type { LabelMatcher, LabelOf, Matchers, SeriesSource, SeriesSuffix } from '@obskit/promql';
import type { AlertsConfig } from '../config.js';
import type { AlertCase, ExpectedAlert, TestSeries } from '../model/types.js';

/** Config matchers merged with a selector's own; typed against the source. */
export function withScope<S extends SeriesSource>(
  config: AlertsConfig,
  _source: S,
  matchers: Matchers<LabelOf<S>> = {},
): Matchers<LabelOf<S>> {
  return { ...(config.matchers as Matchers<LabelOf<S>>), ...matchers };
}

/** `0.1` → `10%`, as Prometheus' humanizePercentage prints it. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(4))}%`;
}

/**
 * A value of 1 or more as Prometheus' `humanize` prints it: `%.4g` with a k/M/G/… prefix per factor
 * of 1000 (`360`, `23.04k`).
 */
export function humanize(value: number): string {
  const prefixes = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < prefixes.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(4))}${prefixes[i]}`;
}

/** One typed input series. */
export function series<S extends SeriesSource>(
  source: S,
  labels: { readonly [K in LabelOf<S>]?: string },
  values: string,
  suffix?: SeriesSuffix,
): TestSeries {
  return { source, labels, values, suffix } as TestSeries;
}

/** A counter that grows by `perMinute` for `minutes` samples after its first (promtool notation). */
export function counter(perMinute: number, minutes: number, start = 0): string {
  return `${num(start)}+${num(perMinute)}x${minutes}`;
}

/**
 * Two ratios around a ratio threshold `r` in (0, 1), for fixtures that follow it: `r / 2` (quiet) and
 * `(1 + r) / 2` (fires), rounded to 4 digits.
 */
export function around(r: number): [below: number, above: number] {
  return [Number((r / 2).toPrecision(4)), Number(((1 + r) / 2).toPrecision(4))];
}

/** A constant for `minutes` samples after the first. */
export function constant(value: number, minutes: number): string {
  return `${formatNumber(value)}x${minutes}`;
}

/**
 * A counter through consecutive segments of constant growth per minute, e.g. 6h at 600/min then 6h
 * at 1200/min; one sample per minute.
 */
export function segments(parts: ReadonlyArray<readonly [perMinute: number, minutes: number]>): string {
  let value = 0;
  const out: string[] = [];
  parts.forEach(([perMinute, minutes], i) => {
    if (i === 0) {
      out.push(`${num(value)}+${num(perMinute)}x${minutes}`);
      value += perMinute * minutes;
    } else {
      value += perMinute;
      out.push(`${num(value)}+${num(perMinute)}x${minutes - 1}`);
      value += perMinute * (minutes - 1);
    }
  });
  return out.join(' ');
}

/** Whole minutes of a Prometheus duration, rounded up (`for` and windows of fixtures): `15m` → 15. */
export function minutesOf(duration: string): number {
  return Math.ceil(parseDuration(duration) / 60_000);
}

/** A promtool evaluation time `minutes` after the start of the series: `100` → `1h40m`. */
export function afterMinutes(minutes: number): string {
  return formatDuration(minutes * 60_000);
}

/** A case where the alert fires at `at` with exactly `expect`. */
export function fires(
  name: string,
  seriesList: readonly TestSeries[],
  at: string,
  expect: readonly ExpectedAlert[],
): AlertCase {
  return { name, series: seriesList, checks: [{ at, expect }] };
}

/** A case where the alert must not fire at `at`. */
export function quiet(name: string, seriesList: readonly TestSeries[], at: string): AlertCase {
  return { name, series: seriesList, checks: [{ at, expect: [] }] };
}

/**
 * The value a test series takes for a label the config matches on: the value of an equality matcher,
 * or the first alternative of a `=~"a|b"` one; `undefined` for other matchers.
 */
export function matcherValue(m: string | LabelMatcher | undefined): string | undefined {
  if (typeof m === 'string') return m;
  if (m?.op === '=') return m.value;
  if (m?.op === '=~' && /^[A-Za-z0-9_:.-]+(\|[A-Za-z0-9_:.-]+)*$/.test(m.value)) return m.value.split('|')[0];
  return undefined;
}

/** The target of test series: the config's own `job`/`instance` matchers, else `api` / `api:3000`. */
export function testTarget(config: AlertsConfig): { readonly job: string; readonly instance: string } {
  const job = matcherValue(config.matchers.job) ?? 'api';
  return { job, instance: matcherValue(config.matchers.instance) ?? `${job}:3000` };
}

/**
 * A description that names its service: `{{ $labels.job }}: ` before it unless it already names the
 * job; with `job`, the same text as Prometheus renders it for that job.
 */
export function withJob(description: string): string {
  return namesJob(description) ? description : `{{ $labels.job }}: ${description}`;
}

/** Whether a description template already names the job. */
export function namesJob(description: string): boolean {
  return /\$labels\.job \}\}/.test(description);
}

/** `%.4g` as Go prints it for values Prometheus' humanize functions produce. */
function g4(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** Seconds as Prometheus' `humanizeDuration` prints them: `1.95s`, `487.5ms`, `2m 30s`, `7h 0m 0s`. */
export function humanizeDuration(seconds: number): string {
  if (Math.abs(seconds) >= 1) {
    const whole = Math.trunc(seconds);
    const s = whole % 60;
    const m = Math.trunc(whole / 60) % 60;
    const h = Math.trunc(whole / 3600) % 24;
    const d = Math.trunc(whole / 86400);
    if (d !== 0) return `${d}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${h}h ${m}m ${s}s`;
    if (m !== 0) return `${m}m ${s}s`;
    return `${g4(seconds)}s`;
  }
  if (seconds === 0) return '0s';
  let v = seconds;
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${g4(v)}${prefix}s`;
}

/**
 * A number as a test series or `le` label prints it, without float noise (`0.6`, not
 * `0.6000000000000001`): `formatNumber` of @obskit/promql, the one formatter of rules and queries.
 */
export function num(v: number): string {
  return formatNumber(v);
}
