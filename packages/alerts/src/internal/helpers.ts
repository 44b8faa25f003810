import type { LabelOf, Matchers, SeriesSource, SeriesSuffix } from '@obskit/promql';
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
  return `${start}+${perMinute}x${minutes}`;
}

/** A constant for `minutes` samples after the first. */
export function constant(value: number, minutes: number): string {
  return `${value}x${minutes}`;
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
      out.push(`${value}+${perMinute}x${minutes}`);
      value += perMinute * minutes;
    } else {
      value += perMinute;
      out.push(`${value}+${perMinute}x${minutes - 1}`);
      value += perMinute * (minutes - 1);
    }
  });
  return out.join(' ');
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

/** The target of test series: `demo-api`, or the config's own `job`/`instance` equality matchers. */
export function testTarget(config: AlertsConfig): { readonly job: string; readonly instance: string } {
  const pick = (label: 'job' | 'instance', fallback: string) => {
    const m = config.matchers[label];
    return typeof m === 'string' ? m : m?.op === '=' ? m.value : fallback;
  };
  return { job: pick('job', 'demo-api'), instance: pick('instance', 'demo-api:3000') };
}
