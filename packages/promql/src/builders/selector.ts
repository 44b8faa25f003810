import { TARGET_LABELS } from '@obskit/catalog';
import { PROMQL_CODES } from '../codes.js';
import { isDuration, type Window } from '../duration/duration.js';
import { PromqlError } from '../errors.js';

/**
 * Stable code of errors thrown while building a query.
 * @deprecated Use `PROMQL_CODES.build` (the same value).
 */
export const BUILD_CODE = PROMQL_CODES.build;

/** A label matcher operator. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher: operator and value (the value is escaped for you). */
export interface LabelMatcher {
  readonly op: MatchOp;
  readonly value: string;
}

/** `label="value"` — a plain string in a {@link Matchers} object means the same. */
export const eq = (value: string): LabelMatcher => ({ op: '=', value });
/** `label!="value"`. */
export const neq = (value: string): LabelMatcher => ({ op: '!=', value });
/** `label=~"regex"` (fully anchored by Prometheus). */
export const re = (value: string): LabelMatcher => ({ op: '=~', value });
/** `label!~"regex"`. */
export const nre = (value: string): LabelMatcher => ({ op: '!~', value });

/**
 * Matcher for a histogram bucket boundary (`le`) or summary quantile that works on Prometheus 2 and 3.
 * Prometheus 3 normalises these labels to float form when it scrapes classic histograms (`le="1"` is
 * stored as `le="1.0"`), Prometheus 2 keeps the exposition's text (`le="1"`). A whole number therefore
 * matches both spellings (`le=~"1|1\\.0"`); any other bound is written the same by both (`"10.24"`).
 */
export function bucketBound(bound: number): string | LabelMatcher {
  if (!Number.isFinite(bound)) return bound > 0 ? '+Inf' : '-Inf';
  const text = String(bound);
  return Number.isInteger(bound) && !text.includes('e') ? re(`${text}|${text}\\.0`) : text;
}

/** Anything that names series: a catalog {@link @obskit/catalog#MetricDef | MetricDef} or a recording rule. */
export interface SeriesSource {
  readonly name: string;
  readonly labels: readonly string[];
  /** Metric type; `histogram` makes the builders ask for a `_bucket`, `_sum` or `_count` suffix. */
  readonly type?: string;
}

/** Labels Prometheus adds from the target: `job`, `instance`. */
export type TargetLabel = (typeof TARGET_LABELS)[number];

/** The label names usable on a source: its own labels, the target labels and `le` (for `_bucket`). */
export type LabelOf<S> =
  (S extends { readonly labels: readonly (infer L)[] } ? L & string : string) | TargetLabel | 'le';

/** Matchers keyed by label name; values are strings (`=`) or {@link LabelMatcher}s. */
export type Matchers<L extends string = string> = { readonly [K in L]?: string | LabelMatcher };

/** Child series of a classic histogram or summary. */
export type SeriesSuffix = '' | '_bucket' | '_sum' | '_count';

/** Options shared by the selector builders. */
export interface SelectorOptions<L extends string = string> {
  /** Label matchers. */
  readonly matchers?: Matchers<L>;
  /** Histogram child series. @defaultValue `''` */
  readonly suffix?: SeriesSuffix;
  /** `offset` modifier, e.g. `1w` for period-over-period queries. */
  readonly offset?: Window;
}

/**
 * Escapes a string for a PromQL double-quoted literal (backslash, quote, newline). Grafana variables
 * such as `$job` are left as they are.
 */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Renders a matcher set: `{a="x", b=~"y|z"}`, or `''` when empty. Keys keep their order. */
export function renderMatchers(matchers: Matchers = {}): string {
  const parts = Object.entries(matchers)
    .filter((entry): entry is [string, string | LabelMatcher] => entry[1] !== undefined)
    .map(([label, m]) => {
      const { op, value } = typeof m === 'string' ? eq(m) : m;
      return `${label}${op}${quote(value)}`;
    });
  return parts.length === 0 ? '' : `{${parts.join(', ')}}`;
}

/** A window is a Prometheus duration or a Grafana interval variable such as `$__rate_interval`. */
export function assertWindow(window: string, what = 'window'): void {
  if (
    !isDuration(window, { positive: true }) &&
    !/^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(window)
  ) {
    throw new PromqlError(
      PROMQL_CODES.build,
      `Invalid ${what} "${window}": must be a Prometheus duration like 5m or a Grafana variable like $__rate_interval`,
    );
  }
}

/**
 * An instant-vector selector: `name_suffix{matchers} offset 1w`.
 * @example selector(METRICS.agent.operations, { matchers: { status: neq('success') } })
 */
export function selector<S extends SeriesSource>(
  source: S,
  options: SelectorOptions<LabelOf<S>> = {},
): string {
  const name = `${source.name}${options.suffix ?? ''}`;
  if (options.offset !== undefined) assertWindow(options.offset, 'offset');
  const offset = options.offset ? ` offset ${options.offset}` : '';
  return `${name}${renderMatchers(options.matchers)}${offset}`;
}

/** A range-vector selector: `name{matchers}[5m] offset 1w`. */
export function rangeSelector<S extends SeriesSource>(
  source: S,
  window: Window,
  options: SelectorOptions<LabelOf<S>> = {},
): string {
  assertWindow(window);
  if (options.offset !== undefined) assertWindow(options.offset, 'offset');
  const name = `${source.name}${options.suffix ?? ''}`;
  const offset = options.offset ? ` offset ${options.offset}` : '';
  return `${name}${renderMatchers(options.matchers)}[${window}]${offset}`;
}
