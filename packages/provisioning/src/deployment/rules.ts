import {
  buildRuleGroups,
  buildServiceRuleGroups,
  renderRunbooks,
  defaultAlertsConfig,
  renderPrometheusRule,
  renderRuleFiles,
  renderRuleTests,
  scaleDurations,
  type AlertsConfig,
  type RuleGroup,
} from '@obskit/alerts';
import { buildDashboards, listPanelQueries } from '@obskit/dashboards';
import { E2E_INTERVALS } from '@obskit/prometheus-config';
import { MANAGED_BY_LABELS } from '../kubernetes/objects.js';
import type { DeploymentOptions } from './options.js';

const RULES_DIR = 'prometheus/rules';
const TESTS_DIR = 'prometheus/tests';

/**
 * How the e2e profile shrinks rule durations (issue 6, as @obskit/alerts documents it): every window,
 * `for` and SLO period divided by 60, none below 20 s (a rate window still holds 20 one-second
 * scrapes). Groups are evaluated every second.
 */
export const E2E_RULE_SCALE = { factor: 1 / 60, min: '20s' } as const;

/**
 * The e2e profile's GenAI spend per successful business operation (USD): 4× the demo's baseline
 * (≈ 0.006 USD: 2.63 USD over 448 successful operations in 70 s at `DEMO_LOAD=10`), under its
 * `cost-spike` (≈ 17×: the spiked models carry ≈ 83 % of the spend), so ObskitCostPerOperationHigh
 * fires for that scenario and stays quiet on the baseline; load does not move it (cost and operations
 * both scale with load).
 */
export const E2E_COST_PER_OPERATION_USD = 0.025;

/**
 * The alerts config of the e2e profile: {@link E2E_RULE_SCALE}, with baselines short enough for a
 * run of a few minutes yet long enough that a 20× token spike stays 3× above the token baseline —
 * which ends where the 20 s window starts — for about 60 s, well over `for` (150 s; 1d ÷60 would be
 * 24 min), a z-score baseline sampled every 5 s, a period-over-period offset of 2 min, the daily cost
 * budget given (the caller's: set it between the app's baseline spend and a spike; default the alerts
 * default), {@link E2E_COST_PER_OPERATION_USD} and a hand-off failure threshold of 30 % (20 s windows hold a handful of hand-offs per pair).
 */
export function e2eAlertsConfig(costBudgetUsdPerDay?: number): AlertsConfig {
  const scaled = scaleDurations(defaultAlertsConfig, E2E_RULE_SCALE);
  return {
    ...scaled,
    evaluationInterval: E2E_INTERVALS.evaluation,
    windows: {
      ...scaled.windows,
      spikeBaseline: '150s',
      anomalyBaseline: '3m',
      anomalyStep: '5s',
      periodOffset: '2m',
    },
    thresholds: {
      ...scaled.thresholds,
      costBudgetUsdPerDay: costBudgetUsdPerDay ?? scaled.thresholds.costBudgetUsdPerDay,
      costPerOperationUsd: E2E_COST_PER_OPERATION_USD,
      handoffFailureRatio: 0.3,
    },
  };
}

const recordNames = (groups: readonly RuleGroup[]): Set<string> =>
  new Set(groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))));

/**
 * The rule groups of the e2e profile: the alerts at {@link e2eAlertsConfig}, and — records only —
 * the default-scale recording rules the dashboards query by name (`…:rate5m`) that the scaled set
 * renames, so every panel has data on an e2e stack.
 */
export function buildE2eRuleGroups(costBudgetUsdPerDay?: number): {
  readonly alerts: RuleGroup[];
  readonly dashboards: RuleGroup[];
} {
  const alerts = buildRuleGroups(e2eAlertsConfig(costBudgetUsdPerDay));
  const defined = recordNames(alerts);
  const queried = listPanelQueries(buildDashboards()).map((q) => q.expr);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const dashboards = buildRuleGroups(defaultAlertsConfig)
    .map((g) => ({
      ...g,
      name: `${g.name}-dashboards`,
      rules: g.rules.filter(
        (r) =>
          'record' in r &&
          !defined.has(r.record) &&
          queried.some((expr) => new RegExp(`\\b${escape(r.record)}\\b`).test(expr)),
      ),
    }))
    .filter((g) => g.rules.length > 0);
  return { alerts, dashboards };
}

/** The daily cost budget of the options when it is one for every service. */
function sharedBudget(options: DeploymentOptions): number | undefined {
  return typeof options.costBudgetUsdPerDay === 'number' ? options.costBudgetUsdPerDay : undefined;
}

/**
 * The alerts config of a non-e2e deployment: the defaults, with the daily cost budget of the options
 * when it is one for every service (a per-service budget is applied by the service rules).
 */
export function alertsConfigOf(options: DeploymentOptions): AlertsConfig {
  const budget = sharedBudget(options) ?? defaultAlertsConfig.thresholds.costBudgetUsdPerDay;
  return {
    ...defaultAlertsConfig,
    thresholds: { ...defaultAlertsConfig.thresholds, costBudgetUsdPerDay: budget },
  };
}

/** The rule files, promtool tests and PrometheusRule object of a deployment, by tree path. */
export function renderRuleTree(
  options: DeploymentOptions,
  kubernetes: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> },
): Record<string, string> {
  const e2e = options.profile === 'e2e';
  const e2eGroups = e2e ? buildE2eRuleGroups(sharedBudget(options)) : undefined;
  const services = options.services ?? [];
  const groups = e2eGroups
    ? e2eGroups.alerts
    : services.length > 0
      ? // Each service gets its packs, scoped to its job and labelled with its team.
        buildServiceRuleGroups({
          services: services.map((s) => ({
            name: s.name,
            ...(s.team ? { team: s.team } : {}),
            ...(s.packs ? { packs: s.packs } : {}),
          })),
          ...options.alerts,
          ...(options.slos ? { slos: options.slos } : {}),
          ...(typeof options.costBudgetUsdPerDay === 'object'
            ? { costBudgetUsdPerDay: options.costBudgetUsdPerDay }
            : {}),
          config: alertsConfigOf(options),
        })
      : buildRuleGroups(alertsConfigOf(options));
  const files: Record<string, string> = {};
  const rules = renderRuleFiles(groups);
  for (const name of Object.keys(rules)) files[`${RULES_DIR}/${name}`] = rules[name];
  if (e2eGroups) {
    const records = renderRuleFiles(e2eGroups.dashboards);
    for (const name of Object.keys(records)) files[`${RULES_DIR}/dashboards-${name}`] = records[name];
  } else {
    // The unit tests are written for the default time scale; the e2e profile proves its rules live.
    const tests = renderRuleTests(groups, { ruleFilesDir: '../rules' });
    for (const name of Object.keys(tests)) files[`${TESTS_DIR}/${name}`] = tests[name];
  }
  // runbook_url points at runbooks/<alertname>.md of this tree unless the config names another base.
  const runbooks = renderRunbooks(groups);
  for (const name of Object.keys(runbooks)) files[`runbooks/${name}`] = runbooks[name];
  files['kubernetes/prometheus-rule.yaml'] = renderPrometheusRule(groups, {
    name: 'obskit-rules',
    namespace: kubernetes.namespace,
    labels: { ...MANAGED_BY_LABELS, ...kubernetes.labels },
  });
  return files;
}
