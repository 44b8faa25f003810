import {
  ALERTS,
  ALERT_NAMES,
  alertName as rulesAlertName,
  buildHostAlerts,
  buildRuleGroupDefinitions,
  buildSloRules,
  defaultAlertsConfig,
  sloFromSpec,
  type AlertName,
  type AlertsConfig,
  type PackName,
} from '@obskit/alerts';
import { exactNumber, formatNumber, re, selector, type LabelMatcher } from '@obskit/promql';
import { DASHBOARD_PACKS, type DashboardKey, type DashboardsConfig } from '../config.js';
import { ALERTS_SERIES, RULES, ruleSel } from './rules.js';

/** Keys of `AlertsConfig.thresholds` whose value is a number (not a duration). */
type NumericThreshold = {
  [K in keyof AlertsConfig['thresholds']]: AlertsConfig['thresholds'][K] extends number ? K : never;
}[keyof AlertsConfig['thresholds']];

/** The alerts whose threshold is a number: the ones a panel can draw as a line. */
type NumericAlert = {
  [A in AlertName]: (typeof ALERTS)[A] extends { threshold: NumericThreshold } ? A : never;
}[AlertName];

/**
 * The threshold `alert` compares with, as the rules are built: the config's override of that alert,
 * else @obskit/alerts' default, written exactly (`0.01`, never `0.010000000000000009`).
 */
export function alertThreshold(config: DashboardsConfig, alert: NumericAlert): number {
  const key = (ALERTS[alert] as { readonly threshold: NumericThreshold }).threshold;
  const override = (config.alertOverrides[alert] as { readonly threshold?: number } | undefined)?.threshold;
  return exactNumber(override ?? defaultAlertsConfig.thresholds[key]);
}

/**
 * `<prefix><Name>`: an alert's name as the rules write it (the `alertname` label), with the prefix
 * the rules are built with ({@link DashboardsConfig.alertPrefix}).
 */
export function alertName(config: Pick<DashboardsConfig, 'alertPrefix'>, name: AlertName): string {
  return rulesAlertName({ prefix: config.alertPrefix }, name);
}

let defaultFor: ReadonlyMap<string, string> | undefined;

/**
 * How long an alert's condition must hold: the config's override of that alert, else its `for` as
 * @obskit/alerts builds it with the default config (read from the definitions, built once).
 */
export function alertFor(config: DashboardsConfig, name: AlertName): string {
  const override = config.alertOverrides[name]?.for;
  if (override !== undefined) return override;
  defaultFor ??= new Map(
    [
      ...buildRuleGroupDefinitions(defaultAlertsConfig).flatMap((g) => g.alerts ?? []),
      ...buildHostAlerts(defaultAlertsConfig),
    ].map((a) => [a.name, a.for]),
  );
  const found = defaultFor.get(name);
  if (found === undefined) throw new Error(`No alert definition named "${name}" in @obskit/alerts`);
  return found;
}

/** The alert names of `packs`, from @obskit/alerts' typed `ALERTS` map, in pack order. */
export function packAlertNames(config: DashboardsConfig, packs: readonly PackName[]): string[] {
  return ALERT_NAMES.filter((name) => packs.includes(ALERTS[name].pack)).map((name) =>
    alertName(config, name),
  );
}

/** The burn-rate alert names of the config's SLOs, as @obskit/alerts' SLO rules name them. */
export function sloAlertNames(config: DashboardsConfig): string[] {
  return config.slos.flatMap((slo) => {
    const { alerts } = buildSloRules(
      sloFromSpec({ ...slo, service: slo.service ?? '' }),
      defaultAlertsConfig,
    );
    return [...new Set(alerts.map((a) => `${config.alertPrefix}${a.name}`))];
  });
}

/**
 * The alerts each dashboard shows in its alert panels: those of its packs ({@link DASHBOARD_PACKS}),
 * and on the SLOs dashboard the burn-rate alerts of the config's SLOs.
 * @example dashboardAlertNames(resolveDashboardsConfig()).taskOrchestration // ['ObskitTaskQueueBacklogGrowing', …]
 */
export function dashboardAlertNames(
  config: DashboardsConfig,
): Readonly<Record<DashboardKey, readonly string[]>> {
  const out = {} as Record<DashboardKey, readonly string[]>;
  for (const key of Object.keys(DASHBOARD_PACKS) as DashboardKey[]) {
    out[key] = key === 'slos' ? sloAlertNames(config) : packAlertNames(config, DASHBOARD_PACKS[key]);
  }
  return out;
}

/**
 * `ALERTS{alertname=~"A|B", alertstate="firing", job=~"$job"}`. Scoped by `job` only: every obskit
 * alert keeps `job`, while its other labels differ per alert, and a matcher on a label an alert does
 * not carry would hide it as soon as a value is chosen.
 */
export function alertsSelector(names: readonly string[], state?: 'firing' | 'pending'): string {
  const matchers: Record<string, string | LabelMatcher> = { alertname: re(names.join('|')) };
  if (state) matchers.alertstate = state;
  matchers.job = re('$job');
  return selector(ALERTS_SERIES, { matchers });
}

/** Seconds per day: a rate per second times this is a rate per day. */
const DAY_SECONDS = 86400;

/**
 * Projected USD per day per service: the recorded cost rate (USD/s, one series per `job`) × 86400;
 * `sum by (job)` only says so (drill-down links carry `job`).
 */
export function spendPerDay(): string {
  return `sum by (job) (${ruleSel(RULES.costRate)}) * ${DAY_SECONDS}`;
}

/**
 * The daily budget per service, as PromQL: the one number, or with a per-`job` map one series per
 * service that spends (`present`, labelled by `job`): its entry, else @obskit/alerts' default (what
 * the service rules give a service without an entry).
 */
export function budgetPerDay(config: DashboardsConfig, present: string): string {
  const budget = config.costBudgetUsdPerDay;
  if (typeof budget === 'number') return formatNumber(budget);
  const entries = Object.entries(budget).sort(([a], [b]) => a.localeCompare(b));
  const fallback = `${present} * 0 + ${formatNumber(defaultAlertsConfig.thresholds.costBudgetUsdPerDay)}`;
  if (entries.length === 0) return fallback;
  const listed = entries
    .map(([job, usd]) => `label_replace(vector(${formatNumber(usd)}), "job", "${job}", "", "")`)
    .join(' or ');
  return `((${listed}) and on (job) ${present}) or ${fallback}`;
}

/** `spend / budget` per service: the one budget, or each service's own (matched on `job`). */
export function shareOfBudget(config: DashboardsConfig, spend: string): string {
  const budget = config.costBudgetUsdPerDay;
  return typeof budget === 'number'
    ? `${spend} / ${formatNumber(budget)}`
    : `${spend} / on (job) (${budgetPerDay(config, `sum by (job) (${ruleSel(RULES.costRate)})`)})`;
}
