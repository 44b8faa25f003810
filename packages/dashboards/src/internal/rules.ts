import { ALERT_LABELS } from '@obskit/catalog';
import {
  anomalyRuleNames,
  buildAnomalyRecordingRules,
  buildHostRecordingRules,
  buildRecordingRules,
  defaultAlertsConfig,
  HOST_RECORDING_RULES,
  recordingRuleNames,
  type RecordingDefinition,
} from '@obskit/alerts';
import type { KnownSeries } from '@obskit/promql';
import type { MatcherValue } from './query.js';

const config = defaultAlertsConfig;
const defined: readonly RecordingDefinition[] = [
  ...buildRecordingRules(config),
  ...buildAnomalyRecordingRules(config),
  ...buildHostRecordingRules(),
];

function definition(record: string): RecordingDefinition {
  const found = defined.find((d) => d.record === record);
  // A renamed rule in @obskit/alerts must fail the build of the dashboards, not give empty panels.
  if (!found) throw new Error(`Unknown recording rule "${record}": @obskit/alerts no longer records it`);
  return found;
}

const names = recordingRuleNames(config);
const anomaly = anomalyRuleNames(config);

/**
 * The recording rules of @obskit/alerts (default config) that panels read, as the rules' own
 * definition objects: a panel names `RULES.costRateByProvider`, never the string
 * `job_provider:obskit_agent_cost_usd:rate5m`, so a renamed or dropped rule breaks the build.
 */
export const RULES = {
  agentOperationsRate: definition(names.agentOperationsRate),
  tokenUsageRateByProvider: definition(names.tokenUsageRateByProvider),
  costRateByProvider: definition(names.costRateByProvider),
  queueDepthMax: definition(names.queueDepthMax),
  queueDepthForecast: definition(names.queueDepthForecast),
  operationLatencyP95: definition(anomaly.latency.signal),
  tokenUsageRate: definition(anomaly.tokens.signal),
  costRate: definition(anomaly.cost.signal),
  latencyZScore: definition(anomaly.latency.zscore),
  tokenUsageZScore: definition(anomaly.tokens.zscore),
  costZScore: definition(anomaly.cost.zscore),
  diskAvailableForecast: definition(HOST_RECORDING_RULES.diskAvailableForecast),
} as const satisfies Record<string, RecordingDefinition>;

/** Labels of a recorded series: its output labels and the rule's static labels. */
export function ruleLabels(rule: RecordingDefinition): string[] {
  return [...new Set([...rule.outputLabels, ...Object.keys(rule.labels ?? {})])];
}

/**
 * A selector of a recorded series, filtered by `job=~"$job"` when the rule keeps `job` (recording
 * rules aggregate `instance` away), then by `matchers`; a value that is a Grafana variable matches
 * as a regex.
 * @throws Error when a matcher names a label the rule does not record (a typo that would match nothing)
 */
export function ruleSel(
  rule: RecordingDefinition,
  matchers: Readonly<Record<string, MatcherValue>> = {},
): string {
  const labels = ruleLabels(rule);
  const parts: string[] = labels.includes('job') ? ['job=~"$job"'] : [];
  for (const [label, value] of Object.entries(matchers)) {
    if (!labels.includes(label))
      throw new Error(
        `Invalid matcher label "${label}" on recording rule "${rule.record}": must be one of ${labels.join(', ')}`,
      );
    const m =
      typeof value === 'string'
        ? { op: value.startsWith('$') ? '=~' : '=', value }
        : { op: value.op, value: value.value };
    parts.push(`${label}${m.op}${JSON.stringify(m.value)}`);
  }
  return parts.length ? `${rule.record}{${parts.join(', ')}}` : rule.record;
}

/**
 * Prometheus' `ALERTS` series (one per pending or firing alert) with the labels the dashboards read;
 * an alert's own labels vary, these are the ones every obskit alert carries.
 */
export const ALERTS_SERIES: KnownSeries = {
  name: 'ALERTS',
  labels: [
    ALERT_LABELS.alertname,
    'alertstate',
    ALERT_LABELS.severity,
    ALERT_LABELS.team,
    'job',
    ALERT_LABELS.slo,
    ALERT_LABELS.burnWindow,
    ALERT_LABELS.longWindow,
  ],
  type: 'gauge',
};

/** The recorded series panels may read, for the lint and `checkExpression`. */
export function knownRuleSeries(rules: readonly RecordingDefinition[]): KnownSeries[] {
  return rules.map((rule) => ({ name: rule.record, labels: ruleLabels(rule), type: 'gauge' }));
}
