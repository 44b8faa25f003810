/**
 * How Grafana turns a panel query into a Prometheus request, and how a query that reads recording
 * rules is turned back into the raw query it stands for. Pure functions: the dashboards suite uses
 * them, `grafana-queries.spec.ts` checks them.
 */

/** A recording rule as in a generated rule file. */
export interface RuleDefinition {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Grafana's `roundInterval` (public/app/core/utils/kbn / @grafana/data rangeutil): the raw interval
 * rounded to a "nice" one. Milliseconds in, milliseconds out.
 */
export function roundInterval(ms: number): number {
  const steps: readonly [number, number][] = [
    [15, 10],
    [35, 20],
    [75, 50],
    [150, 100],
    [350, 200],
    [750, 500],
    [1500, SECOND],
    [3500, 2 * SECOND],
    [7500, 5 * SECOND],
    [12500, 10 * SECOND],
    [17500, 15 * SECOND],
    [25000, 20 * SECOND],
    [45000, 30 * SECOND],
    [90000, MINUTE],
    [210000, 2 * MINUTE],
    [450000, 5 * MINUTE],
    [750000, 10 * MINUTE],
    [1050000, 15 * MINUTE],
    [1500000, 20 * MINUTE],
    [2700000, 30 * MINUTE],
    [5400000, HOUR],
    [9000000, 2 * HOUR],
    [16200000, 3 * HOUR],
    [32400000, 6 * HOUR],
    [86400000, 12 * HOUR],
    [604800000, DAY],
    [1814400000, 7 * DAY],
    [3628800000, 30 * DAY],
  ];
  for (const [below, value] of steps) if (ms < below) return value;
  return 365 * DAY;
}

/** What Grafana substitutes for one panel query over one time range. */
export interface GrafanaQueryTiming {
  /** `$__interval` and the query_range step, milliseconds. */
  readonly intervalMs: number;
  /** `$__rate_interval`, milliseconds. */
  readonly rateIntervalMs: number;
  /** `$__range`, milliseconds. */
  readonly rangeMs: number;
  /** `maxDataPoints` the panel asked for. */
  readonly maxDataPoints: number;
}

/** Pixels per grid unit on a 1920 px wide screen (24 units). */
export const PIXELS_PER_GRID_UNIT = 80;

/**
 * The variables Grafana sets for a Prometheus panel query: `maxDataPoints` is the panel's width in
 * pixels (grid width × {@link PIXELS_PER_GRID_UNIT}), `$__interval` is the range over it rounded by
 * {@link roundInterval} and at least the scrape interval (the datasource's `timeInterval`),
 * `$__rate_interval` is max(`$__interval` + scrape interval, 4 × scrape interval).
 */
export function grafanaQueryTiming(
  rangeMs: number,
  panelGridWidth: number,
  scrapeIntervalMs: number,
): GrafanaQueryTiming {
  if (!(rangeMs > 0)) throw new Error(`Invalid range ${rangeMs} ms: expected a positive number`);
  if (!(scrapeIntervalMs > 0))
    throw new Error(`Invalid scrape interval ${scrapeIntervalMs} ms: expected a positive number`);
  const maxDataPoints = Math.max(1, Math.round((panelGridWidth || 24) * PIXELS_PER_GRID_UNIT));
  const intervalMs = Math.max(roundInterval(rangeMs / maxDataPoints), scrapeIntervalMs);
  const rateIntervalMs = Math.max(intervalMs + scrapeIntervalMs, 4 * scrapeIntervalMs);
  return { intervalMs, rateIntervalMs, rangeMs, maxDataPoints };
}

/** A duration in milliseconds as PromQL text in whole seconds (`90s`). */
export function promDuration(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))}s`;
}

/** Grafana's relative time (`now-6h`, `now-30d`) as milliseconds before now. */
export function parseRelativeTime(from: string): number {
  const match = /^now-(\d+)(s|m|h|d|w|M|y)$/.exec(from.trim());
  if (!match) throw new Error(`Unsupported dashboard time "${from}": expected now-<number><s|m|h|d|w|M|y>`);
  const unit = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY, M: 30 * DAY, y: 365 * DAY }[match[2]];
  return Number(match[1]) * (unit as number);
}

const NAME_CHAR = /[a-zA-Z0-9_:]/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Equality matchers of a selector's body (`a="x", b=~"y"` → `{ a: 'x' }`). */
function equalityMatchers(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) out[m[1]] = m[2];
  return out;
}

/**
 * Replaces every recording-rule name in `expr` by the expression it records, recursively, so that
 * the query reads raw series only: `rule{m}` becomes `(expr)` (several rules of one name, told apart
 * by their static labels, become the `or` of those whose labels the selector's equality matchers
 * allow, each labelled with its static labels by `label_replace`); `rule[5m]` becomes the subquery
 * `(expr)[5m:<evalInterval>]`, which is how the rule's samples came to be. Matchers on labels the rule
 * does not set are dropped: the dashboards' "All" values match every series anyway.
 * @returns the expanded query, or `expr` itself when it reads no rule
 */
export function expandRecordingRules(
  expr: string,
  rules: readonly RuleDefinition[],
  evalInterval = '1m',
  depth = 0,
): string {
  if (depth > 10) throw new Error(`Recording rules nest deeper than 10 levels while expanding "${expr}"`);
  const byName = new Map<string, RuleDefinition[]>();
  for (const rule of rules) byName.set(rule.record, [...(byName.get(rule.record) ?? []), rule]);
  const names = [...byName.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (names.length === 0) return expr;
  const pattern = new RegExp(`(${names.join('|')})(\\s*\\{([^}]*)\\})?(\\s*\\[([0-9]+[smhdwy])\\])?`, 'g');
  let changed = false;
  const out = expr.replace(
    pattern,
    (text, name: string, _sel, body: string | undefined, _r, range, offset: number, all: string) => {
      const before = all[offset - 1];
      const after = all[offset + text.length];
      // part of a longer name, a label value or a label name
      if ((before && NAME_CHAR.test(before)) || (before === '"' && after === '"')) return text;
      if (!body && !range && after && NAME_CHAR.test(after)) return text;
      const wanted = equalityMatchers(body ?? '');
      const candidates = (byName.get(name) ?? []).filter((r) =>
        Object.entries(r.labels ?? {}).every(([k, v]) => wanted[k] === undefined || wanted[k] === v),
      );
      if (candidates.length === 0) return text;
      const parts = candidates.map((r) => {
        let e = `(${r.expr})`;
        for (const [k, v] of Object.entries(r.labels ?? {}))
          e = `label_replace(${e}, "${k}", "${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}", "", "")`;
        return e;
      });
      changed = true;
      const joined = parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
      return range ? `${joined}[${range}:${evalInterval}]` : joined;
    },
  );
  return changed ? expandRecordingRules(out, rules, evalInterval, depth + 1) : out;
}
