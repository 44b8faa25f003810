import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { resolveSeriesName, TARGET_LABELS, throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { checkExpression, listSelectors, type ExpressionSelector, type KnownSeries } from '@obskit/promql';
import { GRAFANA_INTERVALS, LOKI_DATASOURCE_UID } from '../config.js';
import { listPanels } from '../queries/panel-queries.js';
import { DASHBOARDS_CODES, type DashboardsCode } from '../codes.js';

/**
 * The lint rules, after grafana/dashboard-linter and mixtool's lint, with what each demands.
 * https://github.com/grafana/dashboard-linter/blob/main/docs/index.md
 */
export const LINT_RULES = {
  'uid-format': 'Dashboard uids are kebab-case, at most 40 characters.',
  'uid-unique': 'Dashboard uids are unique across dashboards.',
  'template-datasource': 'A `datasource` variable of type datasource (query prometheus) exists.',
  'template-job-instance': 'Query variables `job` and `instance` exist.',
  'panel-datasource': 'Panels and their queries use the `${datasource}` variable, never a fixed datasource.',
  'panel-title': 'Every panel has a title.',
  'panel-description': 'Every panel has a description.',
  'panel-units': 'Every panel sets a unit.',
  'panel-id-unique': 'Panel ids are positive and unique within a dashboard.',
  'panel-gridpos': 'Panels sit inside the 24-column grid and do not overlap.',
  'target-refid': 'Queries have unique, non-empty refIds within their panel.',
  'target-job-instance': 'Every selector filters with job=~"$job" and instance=~"$instance".',
  'target-rate-interval':
    'rate()/irate() use $__rate_interval (or an SLO window); increase() also allows $__range.',
  'target-counter-agg':
    'In panel queries, counters and histogram series appear only inside rate(), irate() or increase(); gauges never do.',
  'target-catalog':
    'Every series and matcher label exists in the @obskit/catalog or is a recording rule (or ALERTS) passed in the options.',
  'target-rule-backed':
    'A query reads a recording rule, or takes every range of a raw series with $__rate_interval ($__interval, or $__range in increase()): no fixed window — 1h, 1d, 30d — over raw series is evaluated at each refresh; read the rule that records it.',
  'target-exemplars': 'Latency quantile range queries (histograms in seconds) ask for exemplars.',
  'target-promql': "Every query passes @obskit/promql's checkExpression (syntax, types, catalog names).",
  'panel-logs':
    'A logs panel and its queries read the provisioned Loki datasource and select the services of $job; the PromQL rules do not apply to it.',
} as const;

/** Name of one lint rule. */
export type LintRule = keyof typeof LINT_RULES;

/** One lint finding. */
export interface LintProblem {
  readonly rule: LintRule;
  /** `<uid>`, `<uid> / <panel title>` or `<uid> / <panel title> / <refId>`. */
  readonly subject: string;
  readonly message: string;
}

/** Options of {@link lintDashboards}. */
export interface LintOptions {
  /** Fixed windows allowed in rate()/increase() besides Grafana's intervals, e.g. SLO burn-rate windows. */
  readonly fixedWindows?: readonly string[];
  /**
   * Recorded series panels may read (recording rules, `ALERTS`) with their labels; they need
   * `job=~"$job"` when they keep `job`, never `instance`. See `dashboardLintOptions`.
   */
  readonly recordingRules?: readonly KnownSeries[];
}

/** Stable code of a failed lint. */
export const LINT_CODE = DASHBOARDS_CODES.lint;

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
const DATASOURCE_VARIABLE = '${datasource}';

interface Target {
  refId?: string;
  expr?: string;
  exemplar?: boolean;
  instant?: boolean;
  datasource?: { type?: string; uid?: string };
}

const GRAFANA_RANGES = new Set<string>(Object.values(GRAFANA_INTERVALS));

function lintRuleSelector(
  s: ExpressionSelector,
  rule: KnownSeries,
  expr: string,
  report: (rule: LintRule, message: string) => void,
): void {
  for (const m of s.matchers) {
    if (!rule.labels.includes(m.label))
      report(
        'target-catalog',
        `Unknown label "${m.label}" on recorded series "${s.name}": must be one of ${rule.labels.join(', ')}`,
      );
  }
  if (
    rule.labels.includes('job') &&
    !s.matchers.some((m) => m.label === 'job' && m.op === '=~' && m.value === '$job')
  )
    report('target-job-instance', `Selector "${s.name}" lacks job=~"$job" in "${expr}"`);
}

function lintSelectors(
  selectors: readonly ExpressionSelector[],
  expr: string,
  fixedWindows: ReadonlySet<string>,
  report: (rule: LintRule, message: string) => void,
  inQuery: boolean,
  rules: ReadonlyMap<string, KnownSeries> = new Map(),
): void {
  for (const s of selectors) {
    const rule = rules.get(s.name);
    if (rule) {
      if (inQuery) lintRuleSelector(s, rule, expr, report);
      continue;
    }
    if (inQuery && s.range !== undefined && !GRAFANA_RANGES.has(s.range)) {
      report(
        'target-rule-backed',
        `Raw range "[${s.range}]" over "${s.name}" evaluated at each refresh: read the recording rule that records it, or use $__rate_interval`,
      );
    }
    const resolved = resolveSeriesName(s.name);
    if (!resolved || (resolved.suffix === '' && resolved.metric.type === 'histogram')) {
      report(
        'target-catalog',
        `Unknown series "${s.name}": must be a metric of @obskit/catalog (histograms by _bucket, _sum or _count)`,
      );
    } else {
      const allowed = new Set<string>([...resolved.metric.labels, ...TARGET_LABELS]);
      if (resolved.suffix === '_bucket') allowed.add('le');
      for (const m of s.matchers) {
        if (!allowed.has(m.label)) {
          report(
            'target-catalog',
            `Unknown label "${m.label}" on "${s.name}": must be one of ${[...allowed].join(', ')}`,
          );
        }
      }
      const isCounterSeries = resolved.metric.type === 'counter' || resolved.suffix !== '';
      const inCounterFn = COUNTER_FUNCTIONS.has(s.enclosing) && s.range !== undefined;
      if (inQuery && isCounterSeries && !inCounterFn) {
        report(
          'target-counter-agg',
          `Counter "${s.name}" outside rate(), irate() or increase(): a raw counter only ever grows`,
        );
      }
      if (!isCounterSeries && COUNTER_FUNCTIONS.has(s.enclosing)) {
        report(
          'target-counter-agg',
          `Gauge "${s.name}" inside ${s.enclosing}(): use deriv() or delta() for gauges`,
        );
      }
    }
    if (inQuery) {
      for (const label of TARGET_LABELS) {
        const ok = s.matchers.some((m) => m.label === label && m.op === '=~' && m.value === `$${label}`);
        if (!ok)
          report('target-job-instance', `Selector "${s.name}" lacks ${label}=~"$${label}" in "${expr}"`);
      }
    }
    if (s.range !== undefined) {
      const okRate = s.range === GRAFANA_INTERVALS.rate || fixedWindows.has(s.range);
      const okIncrease = okRate || s.range === GRAFANA_INTERVALS.range;
      if ((s.enclosing === 'rate' || s.enclosing === 'irate') && !okRate) {
        report(
          'target-rate-interval',
          `Invalid range "${s.range}" in ${s.enclosing}(): must be $__rate_interval`,
        );
      } else if (s.enclosing === 'increase' && !okIncrease) {
        report(
          'target-rate-interval',
          `Invalid range "${s.range}" in increase(): must be $__rate_interval or $__range`,
        );
      }
    }
  }
}

function overlaps(a: dashboard.GridPos, b: dashboard.GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Lints one dashboard; see {@link LINT_RULES}. */
/** Lints one dashboard; see {@link LINT_RULES}. */
export function lintDashboard(model: dashboard.Dashboard, options: LintOptions = {}): LintProblem[] {
  const problems: LintProblem[] = [];
  const uid = model.uid ?? '';
  const context: LintContext = {
    uid,
    fixedWindows: new Set(options.fixedWindows ?? []),
    rules: new Map((options.recordingRules ?? []).map((r) => [r.name, r])),
    add: (rule, subject, message) => {
      problems.push({ rule, subject, message });
    },
  };

  if (!KEBAB.test(uid) || uid.length > 40)
    context.add('uid-format', uid, `Invalid uid "${uid}": must be kebab-case, at most 40 characters`);
  lintVariables(model.templating?.list ?? [], context);
  const all = (model.panels ?? []) as (dashboard.Panel | dashboard.RowPanel)[];
  lintPanelIds([...all, ...listPanels(model).filter((p) => !all.includes(p))], context);
  lintGridPositions(all, context);
  for (const panel of listPanels(model)) lintPanel(panel, context);
  return problems;
}

type AddProblem = (rule: LintRule, subject: string, message: string) => void;

/** What the rules of one dashboard share: its uid, the options, and where problems go. */
interface LintContext {
  readonly uid: string;
  readonly fixedWindows: ReadonlySet<string>;
  readonly rules: ReadonlyMap<string, KnownSeries>;
  readonly add: AddProblem;
}

type Variable = NonNullable<NonNullable<dashboard.Dashboard['templating']>['list']>[number];

/** `template-datasource`, `template-job-instance`, and the selectors of `label_values()` variables. */
function lintVariables(variables: readonly Variable[], { uid, fixedWindows, add }: LintContext): void {
  const ds = variables.find((v) => v.name === 'datasource');
  if (!ds || ds.type !== 'datasource' || ds.query !== 'prometheus') {
    add(
      'template-datasource',
      uid,
      'Missing variable "datasource": must be of type datasource with query "prometheus"',
    );
  }
  for (const label of TARGET_LABELS) {
    const v = variables.find((x) => x.name === label);
    if (!v || v.type !== 'query')
      add('template-job-instance', uid, `Missing variable "${label}": must be a query variable`);
  }
  for (const v of variables) {
    if (v.type !== 'query') continue;
    const query =
      typeof v.query === 'string'
        ? v.query
        : String((v.query as { query?: string } | undefined)?.query ?? '');
    const inner = /^label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\)$/.exec(query)?.[1];
    if (inner === undefined) continue;
    lintSelectors(
      listSelectors(inner),
      inner,
      fixedWindows,
      (rule, message) => add(rule, `${uid} / $${v.name}`, message),
      false,
    );
  }
}

/** `panel-id-unique`: over the top-level panels, then those nested in rows. */
function lintPanelIds(
  panels: readonly (dashboard.Panel | dashboard.RowPanel)[],
  { uid, add }: LintContext,
): void {
  const ids = new Set<number>();
  for (const panel of panels) {
    const id = panel.id ?? 0;
    if (id <= 0 || ids.has(id))
      add(
        'panel-id-unique',
        `${uid} / ${panel.title ?? ''}`,
        `Invalid panel id "${id}": must be positive and unique`,
      );
    ids.add(id);
  }
}

/** `panel-gridpos`: each top-level panel inside the 24-column grid, overlapping none before it. */
function lintGridPositions(
  panels: readonly (dashboard.Panel | dashboard.RowPanel)[],
  { uid, add }: LintContext,
): void {
  const placed: { title: string; pos: dashboard.GridPos }[] = [];
  for (const panel of panels) {
    const pos = panel.gridPos;
    const title = panel.title ?? '';
    if (!pos) {
      add('panel-gridpos', `${uid} / ${title}`, 'Missing gridPos');
      continue;
    }
    if (pos.x < 0 || pos.y < 0 || pos.w <= 0 || pos.h <= 0 || pos.x + pos.w > 24) {
      add(
        'panel-gridpos',
        `${uid} / ${title}`,
        `Invalid gridPos "${JSON.stringify(pos)}": must lie within the 24-column grid`,
      );
    }
    for (const other of placed) {
      if (overlaps(pos, other.pos))
        add('panel-gridpos', `${uid} / ${title}`, `Panel overlaps "${other.title}"`);
    }
    placed.push({ title, pos });
  }
}

/** The panel rules (title, description, then logs, or unit, datasource and each query). */
function lintPanel(panel: dashboard.Panel, context: LintContext): void {
  const { uid, add } = context;
  const subject = `${uid} / ${panel.title ?? ''}`;
  if (!panel.title) add('panel-title', subject, 'Missing panel title');
  if (!panel.description) add('panel-description', subject, 'Missing panel description');
  if (panel.type === 'logs' || panel.datasource?.type === 'loki') {
    lintLogsPanel(panel, subject, add);
    return;
  }
  const unit = (panel as { fieldConfig?: { defaults?: { unit?: string } } }).fieldConfig?.defaults?.unit;
  if (!unit) add('panel-units', subject, 'Missing unit: set fieldConfig.defaults.unit');
  if (panel.datasource?.uid !== DATASOURCE_VARIABLE) {
    add(
      'panel-datasource',
      subject,
      `Invalid datasource "${panel.datasource?.uid ?? ''}": must be ${DATASOURCE_VARIABLE}`,
    );
  }
  const refIds = new Set<string>();
  for (const target of (panel.targets ?? []) as unknown as Target[])
    lintTarget(target, subject, refIds, context);
}

/** The query rules of one target: refId, datasource, PromQL, selectors, exemplars. */
function lintTarget(target: Target, subject: string, refIds: Set<string>, context: LintContext): void {
  const { fixedWindows, rules, add } = context;
  const refId = target.refId ?? '';
  const where = `${subject} / ${refId}`;
  if (!refId || refIds.has(refId))
    add('target-refid', where, `Invalid refId "${refId}": must be non-empty and unique in the panel`);
  refIds.add(refId);
  if (target.datasource?.uid !== DATASOURCE_VARIABLE) {
    add(
      'panel-datasource',
      where,
      `Invalid datasource "${target.datasource?.uid ?? ''}": must be ${DATASOURCE_VARIABLE}`,
    );
  }
  const expr = target.expr ?? '';
  const checked = checkExpression(expr, { recordingRules: rules.values() });
  for (const p of checked.problems) add('target-promql', where, `${p.message} [${p.code}]`);
  const selectors = listSelectors(expr);
  lintSelectors(selectors, expr, fixedWindows, (rule, message) => add(rule, where, message), true, rules);
  const latency =
    target.instant !== true &&
    /histogram_quantile\(/.test(expr) &&
    selectors.some((s) => resolveSeriesName(s.name)?.metric.unit === 'seconds' && s.name.endsWith('_bucket'));
  if (latency && target.exemplar !== true)
    add('target-exemplars', where, 'Latency quantile without exemplars: set exemplar: true');
}

/** The `panel-logs` rule: Loki datasource on the panel and each query, every query filtered by `$job`. */
function lintLogsPanel(
  panel: dashboard.Panel,
  subject: string,
  add: (rule: LintRule, subject: string, message: string) => void,
): void {
  const job = `=~"$${TARGET_LABELS[0]}"`;
  const refs = [
    { where: subject, ds: panel.datasource },
    ...((panel.targets ?? []) as unknown as Target[]).map((t) => ({
      where: `${subject} / ${t.refId ?? ''}`,
      ds: t.datasource,
    })),
  ];
  for (const { where, ds } of refs) {
    if (ds?.type !== 'loki' || ds.uid !== LOKI_DATASOURCE_UID)
      add(
        'panel-logs',
        where,
        `Invalid datasource "${ds?.uid ?? ''}": a logs panel reads ${LOKI_DATASOURCE_UID}`,
      );
  }
  for (const target of (panel.targets ?? []) as unknown as Target[]) {
    if (!(target.expr ?? '').includes(job))
      add(
        'panel-logs',
        `${subject} / ${target.refId ?? ''}`,
        `Invalid query "${target.expr ?? ''}": must select ${job}`,
      );
  }
  if ((panel.targets ?? []).length === 0) add('panel-logs', subject, 'Missing query: a logs panel needs one');
}

/** Lints every dashboard and checks uids are unique across them. */
export function lintDashboards(
  models: readonly dashboard.Dashboard[],
  options: LintOptions = {},
): LintProblem[] {
  const problems = models.flatMap((model) => lintDashboard(model, options));
  const seen = new Set<string>();
  for (const model of models) {
    const uid = model.uid ?? '';
    if (seen.has(uid))
      problems.push({
        rule: 'uid-unique',
        subject: uid,
        message: `Duplicate dashboard uid "${uid}": uids must be unique`,
      });
    seen.add(uid);
  }
  return problems;
}

/**
 * Lints the dashboards and throws one error listing every problem.
 * @throws ObskitValidationError with code `OBSKIT_DASHBOARD_LINT`
 */
export function assertDashboardsLint(
  models: readonly dashboard.Dashboard[],
  options: LintOptions = {},
): void {
  const problems: ValidationProblem<DashboardsCode>[] = lintDashboards(models, options).map((p) => ({
    code: LINT_CODE,
    subject: p.subject,
    message: `${p.message} [${p.rule}]`,
  }));
  throwIfProblems<DashboardsCode>(LINT_CODE, 'Dashboard lint failed', problems);
}
