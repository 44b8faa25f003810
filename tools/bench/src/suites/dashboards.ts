import { performance } from 'node:perf_hooks';
import { buildRuleGroups, type RecordingRule } from '@obskit/alerts';
import { METRICS } from '@obskit/catalog';
import { buildDashboards, listPanels, toLiveQuery } from '@obskit/dashboards';
import { startPrometheusWithHistory, type HistoryPrometheus } from '@obskit/testing';
import { fmt, median } from '../harness/stats.js';
import type { GoalCheck, SuiteResult, Table } from '../harness/table.js';
import {
  expandRecordingRules,
  grafanaQueryTiming,
  parseRelativeTime,
  promDuration,
  type RuleDefinition,
} from './grafana-queries.js';

/** One history the dashboards are measured on. */
export interface DashboardsVariant {
  /** Name in the tables (`demo`, `10k series`). */
  readonly name: string;
  /** At least this many series (instances of the demo's workload are added). @defaultValue one instance */
  readonly minSeries?: number;
  /** Scrape interval of the backfilled history, seconds. */
  readonly stepSeconds: number;
  /** Evaluation interval of the recording-rule backfill, seconds. */
  readonly ruleEvalSeconds: number;
  /** Length of the history, days. */
  readonly days: number;
}

/** Options of {@link runDashboardsSuite}. */
export interface DashboardsSuiteOptions {
  readonly variants: readonly DashboardsVariant[];
  /** Times each query is run; the median counts. */
  readonly repeats: number;
  /** The long range, Grafana's relative time. @defaultValue `'now-30d'` */
  readonly longRange?: string;
  /** Query timeout sent to Prometheus, seconds. @defaultValue `60` */
  readonly timeoutSeconds?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** Goals of issue 18, milliseconds and ratio. */
const PANEL_GOAL_DEFAULT_MS = 300;
const PANEL_GOAL_LONG_MS = 1000;
const RULE_SPEEDUP_GOAL = 5;

const HISTORY_METRICS = {
  operationDuration: METRICS.genai.clientOperationDuration,
  tokenUsage: METRICS.genai.clientTokenUsage,
  agentOperations: METRICS.agent.operations,
  cost: METRICS.agent.cost,
  businessOperations: METRICS.business.operations,
  queueDepth: METRICS.task.queueDepth,
  httpDuration: METRICS.http.serverRequestDuration,
  up: METRICS.prometheus.up,
};

interface Target {
  readonly refId: string;
  readonly expr: string;
  readonly instant: boolean;
}

interface PanelPlan {
  readonly dashboard: string;
  readonly defaultRange: string;
  readonly title: string;
  readonly width: number;
  readonly targets: readonly Target[];
}

/** A panel's measured time: all its queries, rule-backed and their raw equivalents. */
interface PanelTime {
  readonly panel: PanelPlan;
  readonly ms: number;
  /** Time of the targets that read a recording rule, and of their raw expansion. */
  readonly ruleMs: number;
  readonly rawMs: number;
  readonly ruleBacked: boolean;
  readonly failures: string[];
}

function planPanels(): PanelPlan[] {
  const out: PanelPlan[] = [];
  for (const model of buildDashboards()) {
    const time = (model.time as { from?: string } | undefined)?.from ?? 'now-6h';
    for (const panel of listPanels(model)) {
      const targets = ((panel.targets ?? []) as { refId?: string; expr?: unknown; instant?: boolean }[])
        .filter((t) => typeof t.expr === 'string' && t.expr.trim() !== '')
        .map((t) => ({ refId: t.refId ?? '', expr: t.expr as string, instant: t.instant === true }));
      if (targets.length === 0) continue;
      out.push({
        dashboard: model.title ?? model.uid ?? '?',
        defaultRange: time,
        title: panel.title ?? `panel ${panel.id}`,
        width: (panel.gridPos as { w?: number } | undefined)?.w ?? 24,
        targets,
      });
    }
  }
  return out;
}

/** Recording rules of the generated rule files (what `obskit generate` writes for the default config). */
function generatedRecordingRules(): RecordingRule[] {
  return buildRuleGroups()
    .flatMap((g) => g.rules)
    .filter((r): r is RecordingRule => 'record' in r);
}

/** The rules some panel reads, with every rule they read in turn. */
function rulesReadByPanels(panels: readonly PanelPlan[], rules: readonly RuleDefinition[]): RuleDefinition[] {
  const names = new Set(rules.map((r) => r.record));
  const reads = (expr: string) =>
    [...names].filter((n) =>
      new RegExp(`(^|[^a-zA-Z0-9_:])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-zA-Z0-9_:])`).test(
        expr,
      ),
    );
  const wanted = new Set<string>();
  const queue = panels.flatMap((p) => p.targets.flatMap((t) => reads(t.expr)));
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (wanted.has(name)) continue;
    wanted.add(name);
    for (const r of rules.filter((x) => x.record === name)) queue.push(...reads(r.expr));
  }
  return rules.filter((r) => wanted.has(r.record));
}

async function timeQuery(
  url: string,
  expr: string,
  instant: boolean,
  endMs: number,
  rangeMs: number,
  stepMs: number,
  timeoutSeconds: number,
): Promise<{ ms: number; error?: string }> {
  const step = stepMs / 1000;
  const end = Math.ceil(endMs / stepMs) * step;
  const params: Record<string, string> = instant
    ? { query: expr, time: String(endMs / 1000), timeout: `${timeoutSeconds}s` }
    : {
        query: expr,
        start: String(Math.floor((endMs - rangeMs) / stepMs) * step),
        end: String(end),
        step: String(step),
        timeout: `${timeoutSeconds}s`,
      };
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/${instant ? 'query' : 'query_range'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  const body = (await response.json()) as { status: string; error?: string };
  const ms = performance.now() - started;
  return body.status === 'success' ? { ms } : { ms, error: body.error ?? `HTTP ${response.status}` };
}

async function measurePanels(
  history: HistoryPrometheus,
  panels: readonly PanelPlan[],
  rules: readonly RuleDefinition[],
  variant: DashboardsVariant,
  range: 'default' | 'long',
  options: DashboardsSuiteOptions,
): Promise<PanelTime[]> {
  const out: PanelTime[] = [];
  const endMs = history.summary.end;
  const timeout = options.timeoutSeconds ?? 60;
  const run = async (expr: string, instant: boolean, rangeMs: number, stepMs: number) => {
    const times: number[] = [];
    let error: string | undefined;
    for (let i = 0; i < options.repeats; i++) {
      const r = await timeQuery(history.server.url, expr, instant, endMs, rangeMs, stepMs, timeout);
      times.push(r.ms);
      error ??= r.error;
      if (r.error) break;
    }
    return { ms: median(times), error };
  };
  for (const panel of panels) {
    const rangeMs = parseRelativeTime(
      range === 'default' ? panel.defaultRange : (options.longRange ?? 'now-30d'),
    );
    const timing = grafanaQueryTiming(rangeMs, panel.width, variant.stepSeconds * 1000);
    let ms = 0;
    let ruleMs = 0;
    let rawMs = 0;
    const failures: string[] = [];
    for (const target of panel.targets) {
      const live = toLiveQuery(target.expr, {
        interval: promDuration(timing.intervalMs),
        rateInterval: promDuration(timing.rateIntervalMs),
        range: promDuration(timing.rangeMs),
      });
      const measured = await run(live, target.instant, rangeMs, timing.intervalMs);
      ms += measured.ms;
      if (measured.error) failures.push(`${target.refId}: ${measured.error}`);
      const raw = expandRecordingRules(live, rules, `${variant.ruleEvalSeconds}s`);
      if (raw !== live) {
        const rawMeasured = await run(raw, target.instant, rangeMs, timing.intervalMs);
        ruleMs += measured.ms;
        rawMs += rawMeasured.ms;
        if (rawMeasured.error) failures.push(`${target.refId} (raw): ${rawMeasured.error}`);
      }
    }
    out.push({ panel, ms, ruleMs, rawMs, ruleBacked: ruleMs > 0, failures });
  }
  return out;
}

interface DashboardRow {
  readonly variant: string;
  readonly range: string;
  readonly dashboard: string;
  readonly panels: number;
  readonly slowest: PanelTime;
  readonly totalMs: number;
  readonly ruleBackedPanels: number;
  readonly ruleMs: number;
  readonly rawMs: number;
}

function summarise(variant: string, range: string, times: readonly PanelTime[]): DashboardRow[] {
  const byDashboard = new Map<string, PanelTime[]>();
  for (const t of times)
    byDashboard.set(t.panel.dashboard, [...(byDashboard.get(t.panel.dashboard) ?? []), t]);
  return [...byDashboard].map(([dashboard, list]) => ({
    variant,
    range,
    dashboard,
    panels: list.length,
    slowest: list.reduce((a, b) => (b.ms > a.ms ? b : a)),
    totalMs: list.reduce((n, t) => n + t.ms, 0),
    ruleBackedPanels: list.filter((t) => t.ruleBacked).length,
    ruleMs: list.reduce((n, t) => n + t.ruleMs, 0),
    rawMs: list.reduce((n, t) => n + t.rawMs, 0),
  }));
}

/**
 * Backfills the demo's workload (and larger variants) into the real Prometheus 3.5.3 with promtool,
 * backfills the recording rules the dashboards read, then runs every panel query of the six
 * dashboards the way Grafana would (query_range with the panel's interval, `$__rate_interval`,
 * `$__range`) over the dashboard's default range and over the long range, each rule-backed query
 * also in its raw form (the rule names expanded into their expressions).
 */
export async function runDashboardsSuite(options: DashboardsSuiteOptions): Promise<SuiteResult> {
  const log = options.log ?? (() => undefined);
  const panels = planPanels();
  const allRules = generatedRecordingRules();
  const readRules = rulesReadByPanels(panels, allRules);
  const rows: DashboardRow[] = [];
  const allTimes: VariantTimes[] = [];
  const backfillNotes: string[] = [];
  for (const variant of options.variants) {
    const measured = await measureVariant(variant, panels, readRules, options, log);
    backfillNotes.push(measured.note);
    allTimes.push(...measured.times);
    rows.push(...measured.rows);
  }

  const longLabel = (options.longRange ?? 'now-30d').replace('now-', 'last ');
  const notes: string[] = [...backfillNotes];
  const failures = allTimes.flatMap((x) =>
    x.times.flatMap((t) =>
      t.failures.map((f) => `${x.variant}, ${x.range}: ${t.panel.dashboard} / ${t.panel.title} ${f}`),
    ),
  );
  if (failures.length > 0)
    notes.push(`Queries that failed (${failures.length}): ${failures.slice(0, 10).join(' | ')}`);
  notes.push(
    `Recording rules read by panels: ${readRules.length === 0 ? 'none' : [...new Set(readRules.map((r) => r.record))].join(', ')}.`,
  );
  return {
    id: 'dashboards',
    title: 'Dashboards: panel load time on a backfilled history (real Prometheus 3.5.3)',
    method:
      `The demo's workload (GenAI, agent, cost, business, queue, HTTP and up families of @obskit/catalog with the demo's label sets, a daily load curve and seeded noise; tools/testing's history helper) is written as OpenMetrics and turned into blocks with \`promtool tsdb create-blocks-from openmetrics\`; the recording rules the panels read (and the rules those read) are then backfilled from the generated rule groups with \`promtool tsdb create-blocks-from rules\`, level by level. ` +
      `Prometheus 3.5.3 runs on 127.0.0.1 without rule files (nothing competes with the queries). Every panel target of the six generated dashboards is sent as Grafana's Prometheus datasource would: query_range (or an instant query for instant targets) ending at the history's last sample, step = $__interval = Grafana's roundInterval(range / maxDataPoints) with maxDataPoints = the panel's width (grid units × ${80} px) and at least the scrape interval, $__rate_interval = max($__interval + scrape, 4 × scrape), $__range = the range, other variables "All"; once at the dashboard's default range and once over the ${longLabel}. ` +
      `Each query runs ${options.repeats} times back to back, the median counts; a panel's time is the sum of its targets (Grafana runs them concurrently, so this is an upper bound), a dashboard's total the sum of its panels. Where a target reads a recording rule, the same target with the rule names expanded into their expressions (recursively; a range over a rule becomes a subquery at the rule's evaluation interval) is timed too.`,
    tables: [dashboardsTable(rows)],
    goals: [
      ...panelGoals(options, allTimes, longLabel),
      ruleSpeedupGoal(rows.filter((r) => r.ruleBackedPanels > 0)),
    ],
    notes,
  };
}

/** The panel times of one history and range. */
interface VariantTimes {
  readonly variant: string;
  readonly range: string;
  readonly times: PanelTime[];
}

/** Backfills one variant's history, then times every panel at the default and the long range. */
async function measureVariant(
  variant: DashboardsVariant,
  panels: readonly PanelPlan[],
  readRules: RuleDefinition[],
  options: DashboardsSuiteOptions,
  log: (line: string) => void,
): Promise<{ note: string; times: VariantTimes[]; rows: DashboardRow[] }> {
  const started = performance.now();
  const progress: string[] = [];
  const history = await startPrometheusWithHistory({
    history: {
      metrics: HISTORY_METRICS,
      durationSeconds: variant.days * 86_400,
      stepSeconds: variant.stepSeconds,
      minSeries: variant.minSeries,
      seed: 18,
      maxBlockHours: 24 * Math.max(1, Math.ceil(variant.days / 3)),
    },
    recordingRules: readRules,
    evalIntervalSeconds: variant.ruleEvalSeconds,
    onProgress: (line) => {
      progress.push(line);
      log(`[bench] dashboards ${variant.name}: ${line}`);
    },
    // no rule files: live rule evaluation would compete with the measured queries
    prometheus: { config: { global: { scrape_interval: `${variant.stepSeconds}s` } } },
  });
  try {
    const s = history.summary;
    const note =
      `${variant.name}: ${s.series} series × ${variant.days} days at ${variant.stepSeconds} s = ${(s.samples / 1e6).toFixed(1)} M samples ` +
      `(${(s.bytes / 1e9).toFixed(2)} GB of OpenMetrics), ${readRules.length} recording rules backfilled at ${variant.ruleEvalSeconds} s; ` +
      `ready in ${((performance.now() - started) / 1000).toFixed(0)} s (${progress.join('; ')})`;
    const times: VariantTimes[] = [];
    const rows: DashboardRow[] = [];
    for (const range of ['default', 'long'] as const) {
      const label =
        range === 'default' ? 'default' : (options.longRange ?? 'now-30d').replace('now-', 'last ');
      const t0 = performance.now();
      const measured = await measurePanels(history, panels, readRules, variant, range, options);
      log(
        `[bench] dashboards ${variant.name} ${label}: ${measured.length} panels in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      times.push({ variant: variant.name, range: label, times: measured });
      rows.push(...summarise(variant.name, label, measured));
    }
    return { note, times, rows };
  } finally {
    await history.stop();
  }
}

function dashboardsTable(rows: readonly DashboardRow[]): Table {
  return {
    columns: [
      'history',
      'range',
      'dashboard',
      'panels',
      'slowest panel',
      'slowest ms',
      'total ms',
      'rule-backed panels',
      'their ms (rules)',
      'their ms (raw)',
      'raw / rules',
    ],
    rows: rows.map((r) => [
      r.variant,
      r.range === 'default' ? `default (${r.slowest.panel.defaultRange})` : r.range,
      r.dashboard,
      String(r.panels),
      r.slowest.panel.title,
      fmt(r.slowest.ms, 1),
      fmt(r.totalMs, 0),
      String(r.ruleBackedPanels),
      r.ruleBackedPanels ? fmt(r.ruleMs, 1) : '—',
      r.ruleBackedPanels ? fmt(r.rawMs, 1) : '—',
      r.ruleBackedPanels ? `${fmt(r.rawMs / r.ruleMs, 1)}×` : '—',
    ]),
  };
}

/** Every panel within its goal: each variant at the default range, the largest over the long range. */
function panelGoals(
  options: DashboardsSuiteOptions,
  allTimes: readonly VariantTimes[],
  longLabel: string,
): GoalCheck[] {
  const goals: GoalCheck[] = [];
  const largest = options.variants.reduce((a, b) => ((b.minSeries ?? 0) > (a.minSeries ?? 0) ? b : a));
  const timesOf = (variant: string, range: string) =>
    allTimes.filter((x) => x.variant === variant && x.range === range).flatMap((x) => x.times);
  const goal = (variant: string, range: string, limitMs: number, what: string): GoalCheck | undefined => {
    const times = timesOf(variant, range);
    const w = times.reduce<PanelTime | undefined>((a, b) => (!a || b.ms > a.ms ? b : a), undefined);
    if (!w) return undefined;
    const over = times.filter((t) => t.ms > limitMs).length;
    const slowest = times
      .filter((t) => t.ms > limitMs)
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((t) => `${t.panel.dashboard} / ${t.panel.title} ${fmt(t.ms, 0)} ms`)
      .join('; ');
    return {
      goal: `dashboards (${variant}): every panel ≤ ${limitMs} ms ${what}`,
      measured: `slowest ${fmt(w.ms, 1)} ms (${w.panel.dashboard} / ${w.panel.title}); ${over} panels over`,
      met: w.ms <= limitMs,
      why: w.ms <= limitMs ? undefined : `${fmt(w.ms / limitMs, 1)}× the goal; slowest: ${slowest}`,
    };
  };
  for (const variant of options.variants) {
    const g = goal(variant.name, 'default', PANEL_GOAL_DEFAULT_MS, 'at its default range');
    if (g) goals.push(g);
  }
  const g = goal(largest.name, longLabel, PANEL_GOAL_LONG_MS, `over the ${longLabel}`);
  if (g) goals.push(g);
  return goals;
}

/** Each dashboard's rule-backed panels at least {@link RULE_SPEEDUP_GOAL}× faster than their raw form. */
function ruleSpeedupGoal(ruleRows: readonly DashboardRow[]): GoalCheck {
  if (ruleRows.length === 0) {
    return {
      goal: `dashboards: each dashboard ≥ ${RULE_SPEEDUP_GOAL}× faster than its raw equivalent where a rule exists`,
      measured: 'no panel reads a recording rule',
      met: false,
      why: 'no panel of the generated dashboards reads a recording rule yet, so there is nothing to compare',
    };
  }
  const weakest = ruleRows.reduce((a, b) => (b.rawMs / b.ruleMs < a.rawMs / a.ruleMs ? b : a));
  const ratio = weakest.rawMs / weakest.ruleMs;
  const below = ruleRows.filter((r) => r.rawMs / r.ruleMs < RULE_SPEEDUP_GOAL);
  return {
    goal: `dashboards: each dashboard ≥ ${RULE_SPEEDUP_GOAL}× faster than its raw equivalent where a rule exists (rule-backed panels)`,
    measured: `weakest ${fmt(ratio, 1)}× (${weakest.dashboard}, ${weakest.variant}, ${weakest.range}); ${below.length} of ${ruleRows.length} dashboard × range rows below`,
    met: below.length === 0,
    why:
      below.length === 0
        ? undefined
        : `below: ${below.map((r) => `${r.dashboard} (${r.variant}, ${r.range}) ${fmt(r.rawMs / r.ruleMs, 1)}×`).join('; ')}; a rule that is only a rate over the panel's own short window saves little, the gain is in long windows (1d–30d) and high-cardinality sums`,
  };
}
