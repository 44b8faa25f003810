import {
  buildRuleGroups,
  defaultAlertsConfig,
  renderRuleFiles,
  scaleDurations,
  type AlertsConfig,
  type RuleGroup,
} from '@obskit/alerts';
import { buildDashboards, listPanelQueries } from '@obskit/dashboards';

/** Background load of the e2e demo, requests per second. */
export const E2E_LOAD = 10;

/**
 * The alerts config the e2e runs with: every duration ÷60 (5m → 20s floor, so a rate window still
 * holds 20 one-second scrapes, as `obskit generate --profile e2e` scales them), with baselines short
 * enough for a run of a few minutes yet long enough that `cost-spike` stays 3× above the token
 * baseline for longer than `for` (150 s; the default 1d ÷60 = 24 min), a z-score baseline sampled
 * every 5 s instead of every minute, a period-over-period offset of 2 min, a cost budget between
 * the demo's baseline and its `cost-spike` (≈320 USD/day per request per second at baseline, ~15× in
 * the spike; apps/demo-api README), and a hand-off failure threshold of 30 % instead of 10 %.
 */
export function e2eAlertsConfig(load = E2E_LOAD): AlertsConfig {
  const scaled = scaleDurations(defaultAlertsConfig, { factor: 1 / 60, min: '20s' });
  return {
    ...scaled,
    windows: {
      ...scaled.windows,
      spikeBaseline: '150s',
      anomalyBaseline: '3m',
      anomalyStep: '5s',
      periodOffset: '2m',
    },
    // 20 s windows hold a handful of hand-offs per agent pair: one failed run is 10–20 %.
    thresholds: { ...scaled.thresholds, costBudgetUsdPerDay: 320 * load * 4, handoffFailureRatio: 0.3 },
  };
}

/**
 * History Prometheus collects before the rules are loaded. A `rate()` over a baseline window longer
 * than the history divides by the whole window, so on a fresh Prometheus every spike-over-baseline
 * rule would fire; loading the rules once there is enough history is what a long-running Prometheus sees.
 */
export const E2E_HISTORY_BEFORE_RULES_MS = 90_000;

/** Rule files for the e2e Prometheus, by file name. */
export interface E2eRules {
  readonly files: Record<string, string>;
  /** The rule groups the alert files hold (for the expected alert names). */
  readonly groups: readonly RuleGroup[];
  /** Names of the recording rules of {@link groups}. */
  readonly records: readonly string[];
}

const recordNames = (groups: readonly RuleGroup[]): string[] =>
  groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : [])));

/**
 * The e2e rules: @obskit/alerts rendered with {@link e2eAlertsConfig}, plus the recording rules at the
 * default config that the dashboards query by their default names (`…:rate5m`) and the scaled set
 * does not define.
 */
export function e2eRules(load = E2E_LOAD): E2eRules {
  const groups = buildRuleGroups(e2eAlertsConfig(load));
  const files = renderRuleFiles(groups);
  const defined = new Set(recordNames(groups));
  const queried = listPanelQueries(buildDashboards()).map((q) => q.expr);
  const forDashboards = buildRuleGroups(defaultAlertsConfig)
    .map((g) => ({
      ...g,
      name: `${g.name}-dashboards`,
      rules: g.rules.filter(
        (r) =>
          'record' in r &&
          !defined.has(r.record) &&
          queried.some((expr) =>
            new RegExp(`\\b${r.record.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(expr),
          ),
      ),
    }))
    .filter((g) => g.rules.length > 0);
  for (const [name, content] of Object.entries(renderRuleFiles(forDashboards))) {
    files[`dashboards-${name}`] = content;
  }
  return { files, groups, records: [...recordNames(groups), ...recordNames(forDashboards)] };
}
