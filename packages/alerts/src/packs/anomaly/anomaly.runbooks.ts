import type { AlertsConfig } from '../../config.js';
import type { Runbook } from '../../model/types.js';
import { recordingRuleNames } from '../recording.rules.js';
import { ANOMALY_SIGNALS, anomalyRuleNames, type AnomalyRuleNames } from './anomaly.rules.js';

/** The runbook of a z-score alert on the signal `n`, described by `what`, with a related signal to check. */
function zScoreRunbook(config: AlertsConfig, n: AnomalyRuleNames, what: string, related: string): Runbook {
  const baseline = config.windows.anomalyBaseline;
  return {
    meaning: `The z-score of ${n.signal} against its ${baseline} baseline (${n.mean}, ${n.stddev}) is above ${config.thresholds.anomalyZScore}.`,
    impact: `${what} is far from its level over the last ${baseline}; it often precedes a cost, latency or availability incident. The baseline is every hour of the ${baseline} alike, not this hour of the day: on a service with a strong daily cycle the same rise scores lower in its quiet hours than at its peak, so a rise at night may stay below the threshold.`,
    diagnosis: [
      { title: `${what} and its baseline mean`, query: `${n.signal} or ${n.mean}` },
      { title: 'z-score', query: n.zscore },
      {
        title: `${what} now against the same time ${baseline} ago`,
        query: `${n.signal} / ${n.signal} offset ${baseline}`,
      },
      { title: 'Related signal', query: related },
    ],
    fixes: [
      'Compare with deployments, traffic and provider status at the time the z-score rose.',
      'If the new level is expected (launch, migration), it becomes the baseline within a week.',
    ],
  };
}

/** Runbook of LatencyAnomaly. */
export function latencyAnomalyRunbook(config: AlertsConfig): Runbook {
  const related = recordingRuleNames(config).operationLatencyP95;
  return zScoreRunbook(config, anomalyRuleNames(config).latency, ANOMALY_SIGNALS.latency, related);
}

/** Runbook of TokenUsageAnomaly. */
export function tokenUsageAnomalyRunbook(config: AlertsConfig): Runbook {
  const related = recordingRuleNames(config).tokenUsageRateByProvider;
  return zScoreRunbook(config, anomalyRuleNames(config).tokens, ANOMALY_SIGNALS.tokens, related);
}

/** Runbook of CostAnomaly. */
export function costAnomalyRunbook(config: AlertsConfig): Runbook {
  const related = recordingRuleNames(config).costRateByProvider;
  return zScoreRunbook(config, anomalyRuleNames(config).cost, ANOMALY_SIGNALS.cost, related);
}
