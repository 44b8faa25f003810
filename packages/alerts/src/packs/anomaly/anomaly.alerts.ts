import type { PackAlert } from '../../alerts.js';
import type { AlertsConfig } from '../../config.js';
import type { AlertCase, AlertDefinition, Runbook } from '../../model/types.js';
import { costAnomalyCases, latencyAnomalyCases, tokenUsageAnomalyCases } from './anomaly.cases.js';
import { ANOMALY_SIGNALS, anomalyRuleNames, recorded, type AnomalyRuleNames } from './anomaly.rules.js';
import { costAnomalyRunbook, latencyAnomalyRunbook, tokenUsageAnomalyRunbook } from './anomaly.runbooks.js';

/** An alert of the anomalies pack. */
type AnomalyAlert = PackAlert<'anomalies'>;

/** What the z-score alerts share: the z-score of a signal above the threshold, described by `what`. */
function zScoreAlert(
  config: AlertsConfig,
  alert: {
    readonly name: AnomalyAlert['name'];
    readonly names: AnomalyRuleNames;
    readonly what: string;
    readonly runbook: Runbook;
    readonly tests: AlertCase[];
  },
): AnomalyAlert {
  const { name, names, what, runbook, tests } = alert;
  return {
    name,
    casesFollowFor: true,
    expr: `${recorded(names.zscore, config)} > ${config.thresholds.anomalyZScore}`,
    for: config.for.medium,
    severity: 'warning',
    summary: `${what} is far above its usual level.`,
    description: `${what} of job {{ $labels.job }} is {{ $value | humanize }} standard deviations above its ${config.windows.anomalyBaseline} mean.`,
    runbook,
    tests,
  };
}

/** GenAI p95 latency far above its baseline. */
export function latencyAnomaly(config: AlertsConfig): AnomalyAlert {
  return zScoreAlert(config, {
    name: 'LatencyAnomaly',
    names: anomalyRuleNames(config).latency,
    what: ANOMALY_SIGNALS.latency,
    runbook: latencyAnomalyRunbook(config),
    tests: latencyAnomalyCases(config),
  });
}

/** Token usage far above its baseline. */
export function tokenUsageAnomaly(config: AlertsConfig): AnomalyAlert {
  return zScoreAlert(config, {
    name: 'TokenUsageAnomaly',
    names: anomalyRuleNames(config).tokens,
    what: ANOMALY_SIGNALS.tokens,
    runbook: tokenUsageAnomalyRunbook(config),
    tests: tokenUsageAnomalyCases(config),
  });
}

/** GenAI cost rate far above its baseline. */
export function costAnomaly(config: AlertsConfig): AnomalyAlert {
  return zScoreAlert(config, {
    name: 'CostAnomaly',
    names: anomalyRuleNames(config).cost,
    what: ANOMALY_SIGNALS.cost,
    runbook: costAnomalyRunbook(config),
    tests: costAnomalyCases(config),
  });
}

/** The alerts of the anomalies pack, in rendering order. */
const ANOMALY_ALERTS: ReadonlyArray<(config: AlertsConfig) => AnomalyAlert> = [
  latencyAnomaly,
  tokenUsageAnomaly,
  costAnomaly,
];

/** z-score alerts: latency, token and cost rates far above their baseline. */
export function buildAnomalyAlerts(config: AlertsConfig): AlertDefinition[] {
  return ANOMALY_ALERTS.map((alert) => alert(config));
}
