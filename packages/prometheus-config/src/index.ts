export { PROMETHEUS_CONFIG_CODES } from './codes.js';
export type { PrometheusConfigCode } from './codes.js';
export { PrometheusConfigError } from './errors.js';
// The alerting vocabulary lives in @obskit/catalog; re-exported under the names this package always had.
export { ALERT_LABELS, SEVERITIES } from '@obskit/catalog';
export type { Severity } from '@obskit/catalog';
export {
  DEFAULT_BURN_TIERS,
  DEFAULT_CLUSTER_LABEL,
  DEFAULT_INTERVALS,
  DEFAULT_JOB_NAMES,
  DEFAULT_KUBERNETES_NAMESPACE,
  DEFAULT_LAYOUT,
  DEFAULT_PORTS,
  DEFAULT_REPLICA_LABEL,
  DEFAULT_SCRAPE_LIMITS,
  DEFAULT_SECRETS_DIRS,
  E2E_INTERVALS,
  KUBERNETES_NODE_EXPORTER,
  SECRET_FILE_NAMES,
} from './config.js';
export { DURATION_PATTERN, parseDuration } from './duration.js';
export type { Duration } from './duration.js';

// prometheus.yml
export type {
  AlertingConfig,
  AlertmanagerEndpointConfig,
  AuthorizationConfig,
  BasicAuthConfig,
  FileSdConfig,
  GlobalConfig,
  HttpClientConfig,
  KubernetesSdConfig,
  PrometheusConfig,
  PrometheusMode,
  QueueConfig,
  RelabelConfig,
  RemoteWriteConfig,
  ScrapeConfig,
  StaticConfig,
  TlsConfig,
} from './prometheus/types.js';
export {
  buildFileSdScrapeConfig,
  buildHttpClientConfig,
  buildKubernetesEndpointsScrapeConfig,
  buildKubernetesPodsScrapeConfig,
  buildStaticScrapeConfig,
} from './prometheus/scrape.js';
export type {
  HttpClientOptions,
  KubernetesScrapeOptions,
  ScrapeJobOptions,
  TlsOptions,
} from './prometheus/scrape.js';
export { buildKubernetesAlerting, buildStaticAlerting } from './prometheus/alerting.js';
export type { AlertingOptions, KubernetesAlertingOptions } from './prometheus/alerting.js';
export {
  DEFAULT_QUEUE_CONFIG,
  MODEL_HISTOGRAM_BUCKETS,
  TENANT_HEADERS,
  buildRemoteWrite,
} from './prometheus/remote-write.js';
export type { RemoteWriteOptions, RemoteWriteStyle } from './prometheus/remote-write.js';
export { buildPrometheusConfig } from './prometheus/prometheus-config.js';
export type { PrometheusConfigOptions } from './prometheus/prometheus-config.js';
export {
  TARGET_PATTERN,
  assertValidPrometheusConfig,
  validatePrometheusConfig,
} from './prometheus/validate.js';
export type { PrometheusValidationOptions } from './prometheus/validate.js';

// web.yml
export {
  BCRYPT_HASH_PATTERN,
  assertValidWebConfig,
  buildWebConfig,
  hashWebPassword,
  validateWebConfig,
} from './web/web-config.js';
export type { WebConfig, WebConfigOptions } from './web/web-config.js';

// alertmanager.yml
export type {
  AlertmanagerConfig,
  AlertmanagerGlobalConfig,
  EmailConfig,
  InhibitRule,
  NotifierHttpConfig,
  PagerdutyConfig,
  Receiver,
  Route,
  SlackConfig,
  TimeInterval,
  TimeIntervalSpec,
  WebhookConfig,
} from './alertmanager/types.js';
export { MATCHER_PATTERN, anyOfMatcher, equalMatcher } from './alertmanager/matchers.js';
export {
  SLACK_TEXT,
  SLACK_TITLE,
  buildEmailReceiver,
  buildNullReceiver,
  buildPagerdutyReceiver,
  buildSlackReceiver,
  buildWebhookReceiver,
} from './alertmanager/receivers.js';
export type {
  EmailReceiverOptions,
  PagerdutyReceiverOptions,
  SlackReceiverOptions,
  WebhookReceiverOptions,
} from './alertmanager/receivers.js';
export { DEFAULT_ROUTE_TIMINGS, buildRoutingTree } from './alertmanager/routes.js';
export type { RouteTimings, RoutingTreeOptions, SeverityRoute, TeamRoute } from './alertmanager/routes.js';
export { buildBurnRateInhibitRules, buildSeverityInhibitRules } from './alertmanager/inhibit.js';
export type { BurnRateInhibitOptions, SeverityInhibitOptions } from './alertmanager/inhibit.js';
export { OFF_HOURS_INTERVAL, buildOffHoursTimeInterval } from './alertmanager/time-intervals.js';
export type { OffHoursOptions } from './alertmanager/time-intervals.js';
export { buildAlertmanagerClusterArgs, buildAlertmanagerConfig } from './alertmanager/alertmanager-config.js';
export {
  assertValidClusterTlsConfig,
  buildClusterTlsConfig,
  validateClusterTlsConfig,
} from './alertmanager/cluster-tls.js';
export type { ClusterTlsConfig, ClusterTlsOptions } from './alertmanager/cluster-tls.js';
export type {
  AlertmanagerClusterOptions,
  AlertmanagerConfigOptions,
} from './alertmanager/alertmanager-config.js';
export {
  STANDARD_RECEIVERS,
  buildStandardAlertmanagerConfig,
  buildWebhookAlertmanagerConfig,
} from './alertmanager/profiles.js';
export type {
  AlertmanagerInhibitOptions,
  StandardAlertmanagerOptions,
  TeamReceiverOptions,
  WebhookAlertmanagerOptions,
} from './alertmanager/profiles.js';
export { assertValidAlertmanagerConfig, validateAlertmanagerConfig } from './alertmanager/validate.js';

// services, notifications, storage
export { SERVICE_NAME_PATTERN, buildServiceScrapeConfigs } from './services/scrape.js';
export type { ScrapeAuth, ServiceOptions, ServiceTargets } from './services/types.js';
export {
  DEFAULT_NOTIFICATION_GROUP_BY,
  buildNotificationsAlertmanagerConfig,
} from './alertmanager/notifications.js';
export type {
  NotificationIntegration,
  NotificationReceiver,
  NotificationRoute,
  NotificationsOptions,
  NotificationTimeInterval,
} from './alertmanager/notifications-types.js';
export type { MsTeamsV2Config, OpsgenieConfig, OpsgenieResponder } from './alertmanager/types.js';
export {
  REMOTE_WRITE_PATHS,
  RETENTION_SIZE_PATTERN,
  buildRetentionArgs,
  buildStorageRemoteWrite,
  remoteWriteUrl,
  victoriaMetricsTenantPath,
} from './storage.js';
export type { RemoteWriteKind, RemoteWriteTarget, StorageOptions } from './storage-types.js';

// profiles (one module and options type each), files, rendering
export { PROFILE_NAMES, buildMonitoringProfile } from './profiles/index.js';
export type { MonitoringProfileOptions, ProfileOptionsByName } from './profiles/index.js';
export type {
  MonitoringProfile,
  PrometheusInstance,
  ProfileBaseOptions,
  ProfileName,
  SharedProfileOptions,
} from './profiles/types.js';
export { buildDevProfile } from './profiles/dev.js';
export type { DevProfileOptions } from './profiles/dev.js';
export { buildComposeProfile } from './profiles/compose.js';
export type { ComposeProfileOptions } from './profiles/compose.js';
export { buildKubernetesProfile } from './profiles/kubernetes.js';
export type { KubernetesProfileOptions } from './profiles/kubernetes.js';
export { buildProductionProfile } from './profiles/production.js';
export type { ProductionProfileOptions } from './profiles/production.js';
export { buildE2eProfile } from './profiles/e2e.js';
export type { E2eProfileOptions } from './profiles/e2e.js';
export { buildAgentProfile } from './profiles/agent.js';
export type { AgentProfileOptions } from './profiles/agent.js';
export { buildScaleProfile, shardRelabelConfigs, SHARD_HASH_LABEL } from './profiles/scale.js';
export type { ScaleProfileOptions } from './profiles/scale.js';
export type { StandardRoutingOptions } from './profiles/shared.js';
export { listReferencedFiles } from './files.js';
export type { ReferencedFiles } from './files.js';
export {
  GENERATED_HEADER,
  renderAlertmanagerConfig,
  renderClusterTlsConfig,
  renderPrometheusConfig,
  renderWebConfig,
} from './render.js';
export type { RenderOptions } from './render.js';
