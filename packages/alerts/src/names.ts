import type { KnownSeries } from '@obskit/promql';
import { buildRuleGroupDefinitions, recordingRuleSeries } from './build.js';
import { defaultAlertsConfig } from './config.js';
import { anomalyRuleNames } from './packs/anomaly/anomaly.rules.js';
import { HOST_RECORDING_RULES } from './packs/host/host.rules.js';
import { recordingRuleNames } from './packs/recording.rules.js';
import { sloRecordNames } from './slo/slo.js';

const anomaly = anomalyRuleNames(defaultAlertsConfig);

/**
 * Recording-rule names at the default config, for dashboards:
 * `RECORDING_RULES.agentOperationsRate === 'job_agent:obskit_agent_operations:rate5m'`.
 */
export const RECORDING_RULES = {
  ...recordingRuleNames(defaultAlertsConfig),
  operationLatencyP95: anomaly.latency.signal,
  tokenUsageRate: anomaly.tokens.signal,
  costRate: anomaly.cost.signal,
  latencyZScore: anomaly.latency.zscore,
  tokenUsageZScore: anomaly.tokens.zscore,
  costZScore: anomaly.cost.zscore,
  diskAvailableForecast: HOST_RECORDING_RULES.diskAvailableForecast,
  sloErrorRatio: Object.fromEntries(
    [
      ...new Set([
        ...defaultAlertsConfig.slo.tiers.flatMap((t) => [t.shortWindow, t.longWindow]),
        defaultAlertsConfig.slo.period,
      ]),
    ].map((w) => [w, sloRecordNames.errorRatio(w)]),
  ) as Readonly<Record<string, string>>,
  sloObjective: sloRecordNames.objective,
  sloErrorBudgetRemaining: sloRecordNames.errorBudgetRemaining,
} as const;

/**
 * Every recording rule at the default config with its label names; pass it to `checkExpression`'s
 * `recordingRules` option so that dashboards may query them.
 */
export const RECORDING_RULE_SERIES: readonly KnownSeries[] = recordingRuleSeries(
  buildRuleGroupDefinitions(defaultAlertsConfig),
);
