export { PROVISIONING_CODES } from './codes.js';
export type { ProvisioningCode } from './codes.js';
export { ProvisioningError } from './errors.js';
export { IMAGES, NODE_EXPORTER_VERSION, PROMETHEUS_VERSION, SCALE_IMAGES } from './images.js';
export { GENERATED_HEADER, renderJson, renderYaml, renderYamlDocuments } from './render.js';
export { INVALID_SECRET_REF, checkSecretRef, renderSecretRef } from './grafana/secret-ref.js';
export type { SecretRef } from './grafana/secret-ref.js';
export {
  INVALID_DATASOURCES,
  JAEGER_DATASOURCE_UID,
  buildGrafanaDatasources,
} from './grafana/datasources.js';
export type {
  GrafanaDatasource,
  GrafanaDatasourcesConfig,
  GrafanaDatasourcesFile,
  PrometheusAuth,
} from './grafana/datasources.js';
export { INVALID_DASHBOARD_PROVIDERS, buildDashboardProviders } from './grafana/dashboard-providers.js';
export type {
  DashboardFolderConfig,
  GrafanaDashboardProvider,
  GrafanaDashboardProvidersFile,
} from './grafana/dashboard-providers.js';
export {
  COMMAND_IMAGE,
  COMPOSE_PATHS,
  INVALID_COMPOSE,
  VICTORIA_METRICS_PORT,
  VMALERT_PORT,
  buildComposeFile,
  checkPinnedImage,
} from './compose/compose.js';
export type {
  ComposeAppService,
  ComposeConfig,
  ComposeFile,
  ComposeScale,
  ComposeSecret,
  ComposeService,
} from './compose/compose.js';
export {
  INVALID_KUBERNETES,
  MANAGED_BY_LABELS,
  checkLabels,
  checkNamespace,
  checkObjectName,
} from './kubernetes/objects.js';
export type { KubernetesObject, ObjectMeta } from './kubernetes/objects.js';
export { buildServiceMonitor } from './kubernetes/service-monitor.js';
export type { ServiceMonitorConfig, ServiceMonitorRelabeling } from './kubernetes/service-monitor.js';
export {
  NODE_EXPORTER_ARGS,
  NODE_EXPORTER_OBJECT_NAME,
  NODE_EXPORTER_RELABELINGS,
  buildNodeExporterObjects,
} from './kubernetes/node-exporter.js';
export type { NodeExporterObjectsOptions } from './kubernetes/node-exporter.js';
export { CONFIG_MAP_MAX_BYTES, buildDashboardConfigMaps } from './kubernetes/dashboard-config-maps.js';
export type { DashboardConfigMapsOptions } from './kubernetes/dashboard-config-maps.js';
export { findLiteralSecrets } from './secrets/scan.js';
export type { LiteralSecret } from './secrets/scan.js';
export { HandEditedError, WRITER_CODES } from './writer/errors.js';
export { hashContent } from './writer/hash.js';
export { nodeFileSystem } from './writer/fs.js';
export type { WriterFileHandle, WriterFileSystem } from './writer/fs.js';
export { TEMP_FILE_MARKER, isTempFileName, writeFileAtomic } from './writer/atomic-write.js';
export type { AtomicWriteOptions } from './writer/atomic-write.js';
export { MANIFEST_FILE, buildManifest, parseManifest, renderManifest } from './writer/manifest.js';
export type { Manifest } from './writer/manifest.js';
export { diffGeneratedFiles, isUpToDate, readGeneratedManifest, writeGeneratedFiles } from './writer/tree.js';
export type {
  GeneratedFiles,
  GeneratedFilesDiff,
  WriteGeneratedFilesOptions,
  WriteGeneratedFilesResult,
} from './writer/tree.js';
export {
  DEPLOYMENT_PROFILES,
  INVALID_DEPLOYMENT_OPTIONS,
  assertValidDeploymentOptions,
} from './deployment/options.js';
export type {
  DeploymentGrafana,
  DeploymentKubernetes,
  DeploymentOptions,
  DeploymentProfile,
  DeploymentScale,
  DeploymentService,
  GrafanaExtraDatasource,
  ServiceRun,
} from './deployment/options.js';
export {
  DASHBOARD_FOLDER,
  DEFAULT_KUBERNETES_LABELS,
  DEFAULT_NAMESPACE,
  TREE_PATHS,
  renderDeploymentTree,
  scrapeAuthSecretName,
} from './deployment/tree.js';
export {
  E2E_COST_PER_OPERATION_USD,
  E2E_RULE_SCALE,
  alertsConfigOf,
  buildE2eRuleGroups,
  e2eAlertsConfig,
} from './deployment/rules.js';
