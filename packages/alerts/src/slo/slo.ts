import {
  ALERT_LABELS,
  invalidDurationMessage,
  isDuration,
  parseDuration,
  type Duration,
  type MetricDef,
  type ValidationProblem,
} from '@obskit/catalog';
import {
  bucketBound,
  exactNumber,
  formatNumber,
  rate,
  sum,
  type Matchers,
  type SeriesSource,
  type SeriesSuffix,
} from '@obskit/promql';
import { ALERTS_CODES, type AlertsCode } from '../codes.js';
import type { AlertsConfig, BurnRateTier } from '../config.js';
import { matcherValue, percent } from '../internal/helpers.js';
import type {
  AlertCase,
  AlertDefinition,
  ExpectedAlert,
  RecordingDefinition,
  TestSeries,
} from '../model/types.js';

/** Series an SLI counts, with the matchers that select them. */
export interface SliSeries {
  readonly source: SeriesSource;
  readonly suffix?: SeriesSuffix;
  readonly matchers?: Matchers;
}

/**
 * How an SLO tells good from bad events: a ratio of two counters (`errors / total`), or a latency
 * histogram where events slower than `thresholdSeconds` (a bucket boundary) are bad.
 */
export type SliDefinition =
  | { readonly kind: 'ratio'; readonly errors: SliSeries; readonly total: SliSeries }
  /** Good events over all events: `1 - good / total` is the error ratio. */
  | { readonly kind: 'good-ratio'; readonly good: SliSeries; readonly total: SliSeries }
  | {
      readonly kind: 'latency';
      readonly histogram: MetricDef;
      readonly thresholdSeconds: number;
      readonly matchers?: Matchers;
    };

/** Test fixture of an SLO: counters that grow by 60/min always, only while healthy, or only while failing. */
export interface SloFixtureSeries {
  readonly series: Omit<TestSeries, 'values'>;
  readonly during: 'always' | 'good' | 'bad';
}

/** One service level objective. */
export interface SloDefinition {
  /** kebab-case name, the value of the `slo` label, e.g. `agent-availability`. */
  readonly name: string;
  readonly title: string;
  /** What a good event is, in one sentence. */
  readonly description: string;
  /** Share of good events to reach, in (0, 1), e.g. 0.99. */
  readonly objective: number;
  readonly sli: SliDefinition;
  /** @defaultValue the config's `slo.period` */
  readonly period?: Duration;
  readonly fixture: readonly SloFixtureSeries[];
}

/** Label names of SLO rules, for Alertmanager routing and inhibition (from the catalog's `ALERT_LABELS`). */
export const SLO_LABELS = {
  slo: ALERT_LABELS.slo,
  burnWindow: ALERT_LABELS.burnWindow,
  longWindow: ALERT_LABELS.longWindow,
} as const;

/** Recording-rule names of SLO rules. */
export const sloRecordNames = {
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  objective: 'slo:objective:ratio',
  errorBudgetRemaining: 'slo:error_budget:remaining_ratio',
} as const;

const pascal = (kebab: string) =>
  kebab
    .split(/[-_]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');

/** Problems of an SLO definition: name, objective, period, latency threshold. */
export function validateSlo(slo: SloDefinition, config: AlertsConfig): ValidationProblem<AlertsCode>[] {
  const problems: ValidationProblem<AlertsCode>[] = [];
  const subject = `SLO "${slo.name}"`;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(slo.name)) {
    problems.push({
      code: ALERTS_CODES.slo,
      subject,
      message: `Invalid SLO name "${slo.name}": must be kebab-case`,
    });
  }
  if (!(slo.objective > 0 && slo.objective < 1)) {
    problems.push({
      code: ALERTS_CODES.objective,
      subject,
      message: `Invalid objective "${slo.objective}": must be between 0 and 1, exclusive`,
    });
  }
  const period = slo.period ?? config.slo.period;
  if (!isDuration(period, { positive: true })) {
    problems.push({
      code: ALERTS_CODES.duration,
      subject,
      message: invalidDurationMessage(period, 'period'),
    });
  }
  if (slo.sli.kind === 'latency') {
    const { histogram, thresholdSeconds } = slo.sli;
    if (histogram.type !== 'histogram' || !(histogram.buckets ?? []).includes(thresholdSeconds)) {
      problems.push({
        code: ALERTS_CODES.slo,
        subject,
        message: `Invalid latency threshold "${thresholdSeconds}": must be a bucket boundary of "${histogram.name}" (${(histogram.buckets ?? []).join(', ')})`,
      });
    }
  }
  return problems;
}

function errorRatioExpr(slo: SloDefinition, window: Duration, config: AlertsConfig): string {
  const scope = (m?: Matchers): Matchers => ({ ...config.matchers, ...m });
  // Every SLI keeps `job`: SLOs are per service, and several services share one Prometheus.
  const by = { by: ['job'] };
  if (slo.sli.kind === 'ratio') {
    const { errors, total } = slo.sli;
    const errs = sum(
      rate(errors.source, window, { suffix: errors.suffix, matchers: scope(errors.matchers) }),
      by,
    );
    const all = sum(
      rate(total.source, window, { suffix: total.suffix, matchers: scope(total.matchers) }),
      by,
    );
    // `or ... * 0`: no error series at all means a ratio of 0, not no data.
    return `(${errs} or ${all} * 0) / ${all}`;
  }
  if (slo.sli.kind === 'good-ratio') {
    const { good, total } = slo.sli;
    const goods = sum(rate(good.source, window, { suffix: good.suffix, matchers: scope(good.matchers) }), by);
    const all = sum(
      rate(total.source, window, { suffix: total.suffix, matchers: scope(total.matchers) }),
      by,
    );
    // `or ... * 0`: no good series at all means every event was bad.
    return `1 - (${goods} or ${all} * 0) / ${all}`;
  }
  const { histogram, thresholdSeconds, matchers } = slo.sli;
  const good = sum(
    rate(histogram, window, {
      suffix: '_bucket',
      matchers: scope({ ...matchers, le: bucketBound(thresholdSeconds) }),
    }),
    by,
  );
  const all = sum(rate(histogram, window, { suffix: '_count', matchers: scope(matchers) }), by);
  return `1 - ${good} / ${all}`;
}

/** SLI error ratio per window, objective and error budget remaining, labelled `slo`. */
export function buildSloRecordingRules(slo: SloDefinition, config: AlertsConfig): RecordingDefinition[] {
  const period = slo.period ?? config.slo.period;
  const windows = [
    ...new Set([...config.slo.tiers.flatMap((t) => [t.shortWindow, t.longWindow]), period]),
  ].sort((a, b) => parseDuration(a) - parseDuration(b));
  const labels = { [SLO_LABELS.slo]: slo.name };
  const job = matcherValue(config.matchers.job);
  const budget = exactNumber(1 - slo.objective);
  return [
    ...windows.map((w) => ({
      record: sloRecordNames.errorRatio(w),
      expr: errorRatioExpr(slo, w, config),
      outputLabels: ['job'],
      labels,
    })),
    {
      record: sloRecordNames.objective,
      expr: `vector(${formatNumber(slo.objective)})`,
      outputLabels: [],
      labels: { ...labels, ...(job === undefined ? {} : { job }) },
    },
    {
      record: sloRecordNames.errorBudgetRemaining,
      expr: `1 - ${sloRecordNames.errorRatio(period)}{slo="${slo.name}"} / ${budget}`,
      outputLabels: ['job', 'slo'],
      labels,
    },
  ];
}

function tierDescription(slo: SloDefinition, tier: BurnRateTier, period: string): string {
  return `The {{ $labels.slo }} SLO (objective ${percent(slo.objective)}) burns its ${period} error budget more than ${tier.factor}x too fast over both the last ${tier.longWindow} and ${tier.shortWindow}.`;
}

/** Minutes after the start of a total outage at which the tier's condition first holds, after a clean day. */
function minutesUntilTrue(tier: BurnRateTier, budget: number, cleanMinutes: number): number {
  const threshold = tier.factor * budget;
  const ratio = (windowMinutes: number, m: number) =>
    Math.min(m, windowMinutes) / Math.min(windowMinutes, cleanMinutes + m);
  const long = parseDuration(tier.longWindow) / 60000;
  const short = parseDuration(tier.shortWindow) / 60000;
  for (let m = 1; m < 100000; m++) if (ratio(long, m) > threshold && ratio(short, m) > threshold) return m;
  return Infinity;
}

/**
 * promtool cases of an SLO: a clean day, then every event bad. Each tier fires `for` after both its
 * windows cross `factor × (1 - objective)`; checks land at least 10 minutes away from any tier's
 * expected start, and assert exactly which tiers fire.
 */
function sloCases(
  slo: SloDefinition,
  config: AlertsConfig,
  alertDefs: AlertDefinition[],
  period: string,
): AlertCase[] {
  const clean = 24 * 60;
  const budget = exactNumber(1 - slo.objective);
  const fireAt = config.slo.tiers.map(
    (tier) => minutesUntilTrue(tier, budget, clean) + parseDuration(tier.for) / 60000,
  );
  const last = Math.max(...fireAt.filter(Number.isFinite));
  const total = clean + Math.ceil(last) + 60;
  const grid = 5;
  const checks = [];
  for (let e = grid; e <= last + 20; e += grid) {
    const sure = fireAt.every((f) => f + 10 <= e || f - 5 > e);
    const firing = fireAt.map((f) => f + 10 <= e);
    const prev = checks[checks.length - 1];
    if (sure && (!prev || prev.firing.join() !== firing.join())) checks.push({ e, firing });
  }
  const values = (during: SloFixtureSeries['during']) =>
    during === 'always'
      ? `0+60x${total}`
      : during === 'good'
        ? `0+60x${clean} ${clean * 60}x${total - clean}`
        : `0x${clean} 60+60x${total - clean - 1}`;
  const series = slo.fixture.map((f) => ({ ...f.series, values: values(f.during) }) as TestSeries);
  const at = (minutes: number) =>
    `${Math.floor(minutes / 60)}h${minutes % 60}m`.replace(/^0h/, '').replace(/h0m$/, 'h');
  const expected = (firing: boolean[]): ExpectedAlert[] =>
    config.slo.tiers.flatMap((tier, i) =>
      firing[i]
        ? [
            {
              labels: { slo: slo.name },
              staticLabels: alertDefs[i].labels,
              severity: tier.severity,
              description: tierDescription(slo, tier, period).replace('{{ $labels.slo }}', slo.name),
            },
          ]
        : [],
    );
  return [
    {
      name: 'a clean day, then every event bad: tiers fire in order',
      series,
      checks: [
        { at: at(clean), expect: [] },
        ...checks.map((c) => ({ at: at(clean + c.e), expect: expected(c.firing) })),
      ],
    },
  ];
}

/** Recording rules and multi-window, multi-burn-rate alerts of one SLO (Google SRE workbook, chapter 5). */
export function buildSloRules(
  slo: SloDefinition,
  config: AlertsConfig,
): { records: RecordingDefinition[]; alerts: AlertDefinition[] } {
  const period = slo.period ?? config.slo.period;
  const budget = exactNumber(1 - slo.objective);
  const name = `${pascal(slo.name)}ErrorBudgetBurn`;
  const ratio = (w: string) => `${sloRecordNames.errorRatio(w)}{slo="${slo.name}"}`;
  const alerts: AlertDefinition[] = config.slo.tiers.map((tier) => {
    const threshold = exactNumber(tier.factor * budget);
    return {
      name,
      expr: `${ratio(tier.longWindow)} > ${threshold} and ${ratio(tier.shortWindow)} > ${threshold}`,
      for: tier.for,
      severity: tier.severity,
      labels: {
        [SLO_LABELS.slo]: slo.name,
        [SLO_LABELS.burnWindow]: tier.burnWindow,
        [SLO_LABELS.longWindow]: tier.longWindow,
      },
      summary: `The ${slo.title} SLO burns its error budget too fast.`,
      description: tierDescription(slo, tier, period),
      runbook: {
        meaning: `${slo.description} The objective is ${percent(slo.objective)} over ${period}; this alert fires when the error ratio over a long and a short window is more than the tier's burn factor times the error budget (${percent(budget)}): ${config.slo.tiers
          .map(
            (t) =>
              `${t.longWindow}/${t.shortWindow} ×${t.factor} (${t.severity}, burn_window="${t.burnWindow}")`,
          )
          .join('; ')}.`,
        impact: `At this rate the ${period} error budget of ${slo.title} runs out early: users see failures or slowness now (critical) or soon (warning).`,
        diagnosis: [
          {
            title: 'Error ratio by window',
            query: `{__name__=~"slo:sli_error:ratio_rate.*", slo="${slo.name}"}`,
          },
          {
            title: 'Error budget remaining',
            query: `${sloRecordNames.errorBudgetRemaining}{slo="${slo.name}"}`,
          },
          { title: 'Error ratio now', query: errorRatioExpr(slo, config.slo.tiers[0].shortWindow, config) },
        ],
        fixes: [
          'Treat a critical (page) tier as an incident: find what changed (deploy, provider, dependency) and roll back or fail over.',
          'A warning (ticket) tier is a slow leak: plan the fix within days and watch the budget.',
          `See the cause-level alerts of the same service (error rate, latency, provider outage) for where the errors come from.`,
        ],
      },
      tests: [],
    };
  });
  const withTests = alerts.map((a, i) =>
    i === 0 ? { ...a, tests: sloCases(slo, config, alerts, period) } : a,
  );
  return { records: buildSloRecordingRules(slo, config), alerts: withTests };
}
