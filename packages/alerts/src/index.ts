export { ALERTS_CODES } from './codes.js';
export type { AlertsCode } from './codes.js';
export { AlertsError } from './errors.js';
export { configDurations, defaultAlertsConfig, scaleDurations, seconds, validateConfig } from './config.js';
export type { AlertsConfig, BurnRateTier, ScaleDurationsOptions } from './config.js';
// The alerting vocabulary lives in @obskit/catalog; re-exported under the names this package always had.
export { ALERT_LABELS, SEVERITIES } from '@obskit/catalog';
export type { Severity } from '@obskit/catalog';
export type {
  AlertCase,
  AlertCheck,
  AlertDefinition,
  AlertingRule,
  ExpectedAlert,
  RecordingDefinition,
  RecordingRule,
  RuleGroup,
  RuleGroupDefinition,
  Runbook,
  TestSeries,
} from './model/types.js';
export { RECORDING_RULES, RECORDING_RULE_SERIES } from './names.js';
export { buildRecordingRules, recordingRuleNames } from './packs/recording.rules.js';
export type { RecordingRuleNames } from './packs/recording.rules.js';
export {
  anomalyMinSamples,
  anomalyRuleNames,
  buildAnomalyRecordingRules,
} from './packs/anomaly/anomaly.rules.js';
export type { AnomalyRuleNames } from './packs/anomaly/anomaly.rules.js';
export { buildAnomalyAlerts } from './packs/anomaly/anomaly.alerts.js';
export { buildAgentAlerts } from './packs/agents/agents.alerts.js';
export { buildTaskAlerts } from './packs/tasks/tasks.alerts.js';
export { buildHttpAlerts } from './packs/http/http.alerts.js';
export { buildDbAlerts } from './packs/db/db.alerts.js';
export { buildJobAlerts } from './packs/jobs/jobs.alerts.js';
export { buildRuntimeAlerts } from './packs/runtime/runtime.alerts.js';
export { buildScrapeAlerts } from './packs/scrape/scrape.alerts.js';
export { buildBusinessAlerts } from './packs/business/business.alerts.js';
export { buildHostAlerts } from './packs/host/host.alerts.js';
export { HOST_THRESHOLDS } from './packs/host/host.queries.js';
export { HOST_RECORDING_RULES, buildHostRecordingRules } from './packs/host/host.rules.js';
export { SLO_LABELS, buildSloRecordingRules, buildSloRules, sloRecordNames, validateSlo } from './slo/slo.js';
export type { SliDefinition, SliSeries, SloDefinition, SloFixtureSeries } from './slo/slo.js';
export { buildDefaultSlos } from './slo/slos.js';
export {
  ALERT_PACKS,
  alertRuleLabels,
  buildRuleGroupDefinitions,
  buildRuleGroups,
  recordingRuleSeries,
  validateRuleGroupDefinitions,
  withRunbookUrls,
} from './build.js';
export type { AlertPack, BuildRuleGroupsOptions } from './build.js';
export {
  DEFAULT_TEST_EVALUATION_INTERVALS,
  buildPrometheusRule,
  renderPrometheusRule,
  renderRuleFiles,
  renderRuleTests,
  renderRunbook,
  renderRunbooks,
} from './render.js';
export type { PrometheusRuleOptions, RuleTestsOptions } from './render.js';
export {
  ALERTS,
  ALERT_NAMES,
  DEFAULT_SERVICE_PACKS,
  PACK_NAMES,
  alertName,
  isAlertName,
  isPackName,
} from './alerts.js';
export type {
  AlertInfo,
  AlertName,
  AlertOverride,
  AlertOverrides,
  AlertThreshold,
  PackName,
  ThresholdKey,
} from './alerts.js';
export type { AlertService, ServiceRulesOptions, SloSliSpec, SloSpec } from './services/types.js';
export {
  DEFAULT_RUNBOOK_BASE_URL,
  buildServiceRuleGroups,
  packAlerts,
  parseSelector,
  serviceConfig,
  servicePacks,
  sloFromSpec,
  validateServiceRulesOptions,
} from './services/build.js';
export { finishRuleGroups, testScope } from './build.js';
