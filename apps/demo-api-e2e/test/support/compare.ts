import { promQuery } from '@obskit/testing';

/**
 * One query's answer: its series by label set (`{a="1",b="2"}`, sorted) and their values, NaN kept —
 * Prometheus answers NaN where VictoriaMetrics, which stores no NaN sample, answers from the numbers
 * alone or not at all (see {@link compareAnswers}).
 */
export type Answer = Map<string, number>;

/** The label sets of an {@link Answer} with a number (not NaN). */
export const withNumbers = (answer: Answer): string[] =>
  [...answer].filter(([, v]) => !Number.isNaN(v)).map(([key]) => key);

/**
 * Labels the comparison ignores: `cluster` is the external label the shards and vmalert add on the
 * way to storage; a Prometheus server adds its external labels only on egress, never to its own
 * query results.
 */
const IGNORED_LABELS = new Set(['cluster']);

/** The key of a label set in an {@link Answer}: its labels but the ignored ones, sorted by name. */
function keyOf(labels: Record<string, string>): string {
  const kept = Object.entries(labels)
    .filter(([name]) => !IGNORED_LABELS.has(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, v]) => `${name}=${JSON.stringify(v)}`);
  return `{${kept.join(',')}}`;
}

/** An instant query at `time` (s) against a Prometheus-compatible query API. */
export async function instantQuery(url: string, expr: string, time: number): Promise<Answer> {
  const out: Answer = new Map();
  for (const row of await promQuery(url, expr, { time })) out.set(keyOf(row.metric), Number(row.value[1]));
  return out;
}

/** How two answers differ: label sets only one side has, and values further apart than allowed. */
export interface Difference {
  readonly series: string[];
  readonly values: string[];
  /** The largest relative difference over the series both sides have (0 when none). */
  readonly worst: number;
}

/** |a − b| / max(|a|, |b|), 0 when both are 0. */
export const relativeDifference = (a: number, b: number): number => {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
};

/**
 * `got` against `want`: the series only one side has a number for, and values more than `tolerance`
 * apart. A series `want` answers NaN is not compared: VictoriaMetrics stores no NaN sample, so where
 * Prometheus propagates one (a quantile of no requests, an `avg_over_time` over a window holding it)
 * VictoriaMetrics answers from the numbers alone, or nothing. A NaN in `got` counts as no answer.
 */
export function compareAnswers(want: Answer, got: Answer, tolerance: number): Difference {
  const series: string[] = [];
  const values: string[] = [];
  let worst = 0;
  for (const [key, a] of want) {
    if (Number.isNaN(a)) continue;
    const b = got.get(key);
    if (b === undefined || Number.isNaN(b)) {
      series.push(`only in the reference: ${key} ${a}`);
      continue;
    }
    const d = relativeDifference(a, b);
    worst = Math.max(worst, d);
    if (d > tolerance) values.push(`${key}: ${a} vs ${b} (${(d * 100).toFixed(1)} %)`);
  }
  for (const [key, b] of got)
    if (!Number.isNaN(b) && !want.has(key)) series.push(`only in the answer: ${key} ${b}`);
  return { series, values, worst };
}

/**
 * The expression with MetricsQL's Prometheus-compatible counter functions: `rate` → `rate_prometheus`,
 * `increase` → `increase_prometheus` (VictoriaMetrics ≥ 1.120). They read only the samples inside the
 * window, as Prometheus does, instead of MetricsQL's default of counting from the last sample before
 * it. Asked of VictoriaMetrics, they separate that documented difference from any other.
 */
export const withPrometheusCounterFunctions = (expr: string): string =>
  expr.replace(/\brate\(/g, 'rate_prometheus(').replace(/\bincrease\(/g, 'increase_prometheus(');

/** A query the scale spec asks of the mirror (a Prometheus 3.5) and of VictoriaMetrics. */
export interface AskedQuery {
  readonly name: string;
  readonly expr: string;
}

/** Why VictoriaMetrics may answer a query otherwise than Prometheus over the same samples. */
export type KnownCause = 'vmalert-evaluation' | 'metricsql-counter-functions' | 'metricsql-keeps-metric-name';

/** A documented difference: what it is, which queries it covers, and what is still checked for them. */
export interface KnownDifference {
  readonly cause: KnownCause;
  readonly reason: string;
  readonly covers: (q: AskedQuery) => boolean;
}

/** Outside these, VictoriaMetrics' values must be within 5 % of the mirror's. */
export const VALUE_TOLERANCE = 0.05;
/** How far the `_prometheus` form of a counter query may be from Prometheus' answer (see below). */
export const COUNTER_FORM_TOLERANCE = 0.15;

const withoutStrings = (expr: string): string => expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
/** A recorded series (a name with a colon) or the ALERTS series: both written by vmalert at VictoriaMetrics. */
const readsRuleOutput = (expr: string): boolean =>
  /\b[a-zA-Z_]\w*:[\w:]*/.test(withoutStrings(expr)) || /\bALERTS\b/.test(expr);

/**
 * The differences the scale spec accepts between VictoriaMetrics (+ vmalert) and a Prometheus 3.5 that
 * holds the same samples, keyed by cause. Anything else — a missing or extra series in any query, or a
 * value more than 5 % off — fails the spec.
 */
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    cause: 'vmalert-evaluation',
    reason:
      'recorded series and ALERTS are written by vmalert at its own evaluation instants, with MetricsQL, and ' +
      'alert `for` timers start when vmalert first saw the condition: same series (ALERTS: answered), values not compared',
    covers: (q) => q.name.startsWith('record ') || readsRuleOutput(q.expr),
  },
  {
    cause: 'metricsql-counter-functions',
    reason:
      'MetricsQL rate/increase count from the last sample before the window, do not extrapolate, divide by the ' +
      'sampled span (not the window) and count a new series from 0: the query in its rate_prometheus/' +
      'increase_prometheus form must match, values within 15 % (that form divides by the window where Prometheus ' +
      'divides by the sampled span and extrapolates to the window: 29/30 at 1 s scrapes in 30 s windows, 27/30 ' +
      'for a sparse counter after a late scrape)',
    covers: (q) => /\b(rate|increase)\(/.test(q.expr),
  },
  {
    cause: 'metricsql-keeps-metric-name',
    reason:
      'MetricsQL keeps the metric name through functions that keep the meaning (avg_over_time, min_over_time, …); ' +
      'Prometheus drops it: series compared without __name__',
    covers: (q) => /\b(avg|min|max|last|first)_over_time\(/.test(q.expr),
  },
];

/** The known differences that cover `q`. */
export const causesOf = (q: AskedQuery): Set<KnownCause> =>
  new Set(KNOWN_DIFFERENCES.filter((k) => k.covers(q)).map((k) => k.cause));

const withoutName = (answer: Answer): Answer =>
  new Map([...answer].map(([key, v]) => [key.replace(/__name__="[^"]*",?/, '').replace(/,}$/, '}'), v]));

/** One query's answers: the mirror's, VictoriaMetrics' as asked and, for counter queries, in `_prometheus` form. */
export interface Answers {
  readonly mirror: Answer;
  readonly vm: Answer;
  readonly vmPrometheusForm?: Answer;
}

/**
 * What is wrong with VictoriaMetrics' answer to `q` once the known differences are allowed for: an
 * empty list when it answers as the mirror does. A counter query may differ as asked in values and in
 * series (a rate of 0 is a NaN quantile or ratio in Prometheus and a number in MetricsQL when an
 * increment just before the window counts); its `_prometheus` form must then match.
 */
export function judge(q: AskedQuery, a: Answers): string[] {
  const causes = causesOf(q);
  const strip = causes.has('metricsql-keeps-metric-name') ? withoutName : (x: Answer) => x;
  const want = strip(a.mirror);
  const got = strip(a.vm);
  if (/\bALERTS\b/.test(q.expr)) return want.size > 0 && got.size === 0 ? ['unanswered'] : [];
  const valuesCount = !causes.has('vmalert-evaluation');
  const problems = (d: Difference) => (valuesCount ? [...d.series, ...d.values] : d.series);
  const asked = problems(compareAnswers(want, got, VALUE_TOLERANCE));
  if (asked.length === 0) return [];
  if (!causes.has('metricsql-counter-functions') || !a.vmPrometheusForm) return asked;
  const form = problems(compareAnswers(want, strip(a.vmPrometheusForm), COUNTER_FORM_TOLERANCE));
  return form.length === 0
    ? []
    : [...asked, ...form.map((p) => `in rate_prometheus/increase_prometheus form: ${p}`)];
}

/** Label sets (as {@link instantQuery} keys them) of the series `match` selects in [start, end] (s). */
export async function seriesIn(url: string, match: string, start: number, end: number): Promise<Set<string>> {
  const query = `match[]=${encodeURIComponent(match)}&start=${start}&end=${end}`;
  const body = (await (await fetch(`${url}/api/v1/series?${query}`)).json()) as {
    status: string;
    data: Record<string, string>[];
  };
  if (body.status !== 'success') throw new Error(`${url}: series of ${match} failed`);
  return new Set(body.data.map(keyOf));
}
