import { performance } from 'node:perf_hooks';
import { buildRuleGroups, type RecordingRule } from '@obskit/alerts';
import { METRICS } from '@obskit/catalog';
import { buildDashboards, listPanels, toLiveQuery } from '@obskit/dashboards';
import { startPrometheusWithHistory, type HistoryPrometheus } from '@obskit/testing';
import { fmt, median } from '../harness/stats.js';
import type { GoalCheck, SuiteResult, Table } from '../harness/table.js';
import { extraHistoryMetrics, lastRuleEvaluationMs } from './dashboards-history.js';
import { waitForCompaction } from './tsdb-settle.js';
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
  /** Targets that answered without a single series (timed, but an empty answer is cheap). */
  readonly empty: string[];
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
): Promise<{ ms: number; series: number; error?: string }> {
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
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType?: string; result?: unknown[] };
  };
  const ms = performance.now() - started;
  const result = body.data?.result ?? [];
  const series = body.data?.resultType === 'scalar' ? 1 : result.length;
  return body.status === 'success'
    ? { ms, series }
    : { ms, series: 0, error: body.error ?? `HTTP ${response.status}` };
}

async function measurePanels(
  history: HistoryPrometheus,
  endMs: number,
  panels: readonly PanelPlan[],
  rules: readonly RuleDefinition[],
  variant: DashboardsVariant,
  range: 'default' | 'long',
  options: DashboardsSuiteOptions,
): Promise<PanelTime[]> {
  const out: PanelTime[] = [];
  const timeout = options.timeoutSeconds ?? 60;
  const run = async (expr: string, instant: boolean, rangeMs: number, stepMs: number) => {
    const times: number[] = [];
    let error: string | undefined;
    let series = 0;
    for (let i = 0; i < options.repeats; i++) {
      const r = await timeQuery(history.server.url, expr, instant, endMs, rangeMs, stepMs, timeout);
      times.push(r.ms);
      series = r.series;
      error ??= r.error;
      if (r.error) break;
    }
    return { ms: median(times), series, error };
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
    const empty: string[] = [];
    for (const target of panel.targets) {
      const live = toLiveQuery(target.expr, {
        interval: promDuration(timing.intervalMs),
        rateInterval: promDuration(timing.rateIntervalMs),
        range: promDuration(timing.rangeMs),
      });
      const measured = await run(live, target.instant, rangeMs, timing.intervalMs);
      ms += measured.ms;
      if (measured.error) failures.push(`${target.refId}: ${measured.error}`);
      else if (measured.series === 0) empty.push(target.refId);
      const raw = expandRecordingRules(live, rules, `${variant.ruleEvalSeconds}s`);
      if (raw !== live) {
        const rawMeasured = await run(raw, target.instant, rangeMs, timing.intervalMs);
        ruleMs += measured.ms;
        rawMs += rawMeasured.ms;
        if (rawMeasured.error) failures.push(`${target.refId} (raw): ${rawMeasured.error}`);
      }
    }
    out.push({ panel, ms, ruleMs, rawMs, ruleBacked: ruleMs > 0, failures, empty });
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
  notes.push(emptyTargetsNote(panels, allTimes));
  notes.push(
    `Recording rules read by panels: ${readRules.length === 0 ? 'none' : [...new Set(readRules.map((r) => r.record))].join(', ')}.`,
  );
  return {
    id: 'dashboards',
    title: 'Dashboards: panel load time on a backfilled history (real Prometheus 3.5.3)',
    method:
      `The demo's workload (GenAI, agent, cost, business, queue, HTTP and up families of @obskit/catalog with the demo's label sets, a daily load curve and seeded noise; tools/testing's history helper), plus every other catalog metric a panel reads with a plain workload (two series per instance, following the daily load), is written as OpenMetrics and turned into blocks with \`promtool tsdb create-blocks-from openmetrics\`; the recording rules the panels read (and the rules those read) are then backfilled from the generated rule groups with \`promtool tsdb create-blocks-from rules\`, level by level. ` +
      `Prometheus 3.5.3 runs on 127.0.0.1 without rule files (nothing competes with the queries), with a retention longer than the history (the default 15d would drop the older half of 30 days at startup); the queries start once its background compaction of the backfilled blocks has finished (promtool writes the rules' results as 2 h blocks that overlap the history's; a live Prometheus has no such layout). Every panel target of the six generated dashboards is sent as Grafana's Prometheus datasource would: query_range (or an instant query for instant targets) ending at the recording rules' last backfilled evaluation (at most one evaluation interval before the history's last sample), step = $__interval = Grafana's roundInterval(range / maxDataPoints) with maxDataPoints = the panel's width (grid units × ${80} px) and at least the scrape interval, $__rate_interval = max($__interval + scrape, 4 × scrape), $__range = the range, other variables "All"; once at the dashboard's default range and once over the ${longLabel}. ` +
      `Each query runs ${options.repeats} times back to back, the median counts; a panel's time is the sum of its targets (Grafana runs them concurrently, so this is an upper bound), a dashboard's total the sum of its panels. Where a target reads a recording rule, the same target with the rule names expanded into their expressions (recursively; a range over a rule becomes a subquery at the rule's evaluation interval) is timed too.`,
    tables: [dashboardsTable(rows), ruleBackedPanelsTable(allTimes, readRules)],
    goals: [
      ...panelGoals(options, allTimes, longLabel),
      ruleSpeedupGoal(
        rows.filter((r) => r.ruleBackedPanels > 0),
        allTimes,
      ),
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
      extra: extraHistoryMetrics(
        panels.flatMap((p) => p.targets.map((t) => t.expr)),
        Object.values(HISTORY_METRICS),
      ),
      durationSeconds: variant.days * 86_400,
      stepSeconds: variant.stepSeconds,
      minSeries: variant.minSeries,
      seed: 18,
      // a month of the demo's workload and its extra metrics is tens of millions of samples
      timeoutMs: 1_800_000,
      maxBlockHours: 24 * Math.max(1, Math.ceil(variant.days / 3)),
    },
    recordingRules: readRules,
    evalIntervalSeconds: variant.ruleEvalSeconds,
    onProgress: (line) => {
      progress.push(line);
      log(`[bench] dashboards ${variant.name}: ${line}`);
    },
    // no rule files: live rule evaluation would compete with the measured queries
    prometheus: {
      config: { global: { scrape_interval: `${variant.stepSeconds}s` } },
      // the default retention (15d) would delete the older half of a 30-day history at startup
      args: [`--storage.tsdb.retention.time=${variant.days + 30}d`],
    },
  });
  try {
    const s = history.summary;
    const settled = await waitForCompaction(history.server.url);
    const kept = (s.end - settled.lowestTimestampMs) / 86_400_000;
    const endMs = await lastRuleEvaluationMs(
      history.server.url,
      readRules.map((r) => r.record),
      s.end,
    );
    const note =
      `${variant.name}: ${s.series} series × ${variant.days} days at ${variant.stepSeconds} s = ${(s.samples / 1e6).toFixed(1)} M samples ` +
      `(${(s.bytes / 1e9).toFixed(2)} GB of OpenMetrics), ${readRules.length} recording rules backfilled at ${variant.ruleEvalSeconds} s; ` +
      `ready in ${((performance.now() - started) / 1000).toFixed(0)} s (${progress.join('; ')}); ` +
      `then ${settled.timedOut ? 'still compacting after' : 'idle after'} ${settled.seconds.toFixed(0)} s of background compaction ` +
      `(${settled.compactions} compactions, ${settled.blocks} blocks loaded, ${kept.toFixed(1)} days held) before the first query; ` +
      `queries end at the rules' last backfilled evaluation, ${((s.end - endMs) / 1000).toFixed(0)} s before the history's last sample`;
    const times: VariantTimes[] = [];
    const rows: DashboardRow[] = [];
    for (const range of ['default', 'long'] as const) {
      const label =
        range === 'default' ? 'default' : (options.longRange ?? 'now-30d').replace('now-', 'last ');
      const t0 = performance.now();
      const measured = await measurePanels(history, endMs, panels, readRules, variant, range, options);
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

/** How many panels and targets were timed, and which targets answered without data in some run. */
function emptyTargetsNote(panels: readonly PanelPlan[], allTimes: readonly VariantTimes[]): string {
  const targets = panels.reduce((n, p) => n + p.targets.length, 0);
  const empty = new Map<string, string[]>();
  for (const x of allTimes)
    for (const t of x.times)
      for (const refId of t.empty) {
        const key = `${t.panel.dashboard} / ${t.panel.title} ${refId}`;
        empty.set(key, [...(empty.get(key) ?? []), `${x.variant} ${x.range}`]);
      }
  const list = [...empty].map(([key, runs]) => `${key} (${runs.join(', ')})`);
  return (
    `Timed: ${panels.length} panels with ${targets} targets (every panel of the six dashboards that has a query). ` +
    (list.length === 0
      ? 'Every target answered with at least one series.'
      : `Targets that answered without a series (${empty.size}; an empty answer is cheap, so these times say little): ${list.join('; ')}.`)
  );
}

const DURATION_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  y: 31_536_000,
};

/** What a panel's raw form evaluates: the ranges inside the rules it reads, and whether one is a constant. */
function rawWork(panel: PanelPlan, rules: readonly RuleDefinition[]): string {
  const read = rulesReadByPanels([panel], rules);
  const windows = new Set<string>();
  for (const r of read) for (const m of r.expr.matchAll(/\[([0-9]+[smhdwy])(:[^\]]*)?\]/g)) windows.add(m[1]);
  const seconds = (w: string) => Number(w.slice(0, -1)) * (DURATION_SECONDS[w.slice(-1)] ?? 1);
  const parts: string[] = [];
  if (windows.size > 0)
    parts.push(`ranges ${[...windows].sort((a, b) => seconds(a) - seconds(b)).join(', ')}`);
  if (read.some((r) => /^vector\([^()]*\)$/.test(r.expr.trim()))) parts.push('a constant (vector(x))');
  return parts.join('; ') || '—';
}

/** One row per rule-backed panel: its rule-backed targets' time against their raw form, per run. */
function ruleBackedPanelsTable(allTimes: readonly VariantTimes[], rules: readonly RuleDefinition[]): Table {
  const panels = [
    ...new Set(allTimes.flatMap((x) => x.times.filter((t) => t.ruleBacked).map((t) => t.panel))),
  ];
  return {
    columns: [
      'dashboard',
      'rule-backed panel',
      'its raw form evaluates',
      ...allTimes.map((x) => `${x.variant}, ${x.range}: rules / raw ms`),
    ],
    rows: panels.map((panel) => [
      panel.dashboard,
      panel.title,
      rawWork(panel, rules),
      ...allTimes.map((x) => {
        const t = x.times.find((y) => y.panel === panel);
        return t?.ruleBacked
          ? `${fmt(t.ruleMs, 1)} / ${fmt(t.rawMs, 1)} = ${fmt(t.rawMs / t.ruleMs, 1)}×`
          : '—';
      }),
    ]),
  };
}

/** The rule-backed panels of one dashboard row below the goal, costliest rule side first. */
function weakPanels(row: DashboardRow, allTimes: readonly VariantTimes[]): string {
  const times = allTimes
    .filter((x) => x.variant === row.variant && x.range === row.range)
    .flatMap((x) => x.times)
    .filter(
      (t) => t.panel.dashboard === row.dashboard && t.ruleBacked && t.rawMs / t.ruleMs < RULE_SPEEDUP_GOAL,
    )
    .sort((a, b) => b.ruleMs - a.ruleMs)
    .slice(0, 3);
  return times
    .map(
      (t) => `${t.panel.title} ${fmt(t.ruleMs, 1)} / ${fmt(t.rawMs, 1)} ms = ${fmt(t.rawMs / t.ruleMs, 1)}×`,
    )
    .join(', ');
}

/** Each dashboard's rule-backed panels at least {@link RULE_SPEEDUP_GOAL}× faster than their raw form. */
function ruleSpeedupGoal(ruleRows: readonly DashboardRow[], allTimes: readonly VariantTimes[]): GoalCheck {
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
        : `below: ${below.map((r) => `${r.dashboard} (${r.variant}, ${r.range}) ${fmt(r.rawMs / r.ruleMs, 1)}×, short by ${fmt(RULE_SPEEDUP_GOAL / (r.rawMs / r.ruleMs), 1)}× (weakest panels: ${weakPanels(r, allTimes)})`).join('; ')}; per panel and what its raw form evaluates: the rule-backed panels table`,
  };
}
