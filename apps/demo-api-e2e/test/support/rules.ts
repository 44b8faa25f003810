import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleGroup } from '@obskit/alerts';
import { buildE2eRuleGroups } from '@obskit/provisioning';

/** Background load of the e2e demo: the load the e2e tree's cost budget is set for (the CLI's demo defaults). */
export const E2E_LOAD = 10;

/**
 * The e2e cost budget at `load`: 4× the demo's baseline spend (≈320 USD/day per request per second,
 * apps/demo-api README), under its `cost-spike` (~15×) — what the CLI sets for the demo's e2e tree.
 */
export const e2eCostBudgetUsdPerDay = (load: number): number => 320 * load * 4;

/**
 * History Prometheus collects before the rules are loaded, so that the run starts as a long-running
 * Prometheus would: the spike and z-score rules wait for a whole (half a) baseline of history by
 * themselves, and this also gives the period-over-period and forecast rules their history.
 */
export const E2E_HISTORY_BEFORE_RULES_MS = 90_000;

/** Rule files for the e2e Prometheus, by file name. */
export interface E2eRules {
  readonly files: Record<string, string>;
  /** The rule groups the alert files hold (for the expected alert names). */
  readonly groups: readonly RuleGroup[];
  /** Names of every recording rule in {@link files}. */
  readonly records: readonly string[];
}

const recordNames = (groups: readonly RuleGroup[]): string[] =>
  groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : [])));

/**
 * The e2e rules exactly as `obskit generate --profile e2e` wrote them into `tree`
 * (`prometheus/rules/*.yml`: @obskit/alerts at the e2e profile's config, plus the default-name
 * recording rules the dashboards query), and the groups they were rendered from.
 */
export function e2eRules(tree: string, load = E2E_LOAD): E2eRules {
  const dir = join(tree, 'prometheus', 'rules');
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort()) {
    files[name] = readFileSync(join(dir, name), 'utf8');
  }
  const { alerts, dashboards } = buildE2eRuleGroups(e2eCostBudgetUsdPerDay(load));
  return { files, groups: alerts, records: [...recordNames(alerts), ...recordNames(dashboards)] };
}
