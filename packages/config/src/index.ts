export { defineConfig } from './config/define-config.js';
export type {
  AlertsSettings,
  AuthConfig,
  EnvironmentName,
  GrafanaConfig,
  KubernetesConfig,
  NotificationsConfig,
  ObskitConfig,
  ReceiverConfig,
  ResolvedObskitConfig,
  ServiceConfig,
  SliConfig,
  ScaleConfig,
  SloConfig,
  StorageConfig,
  TargetsConfig,
} from './config/types.js';
export {
  ENVIRONMENT_NAMES,
  HOST_PORT_PATTERN,
  SERVICE_NAME_PATTERN,
  obskitConfigSchema,
} from './schema/schema.js';
// The schemas the exported config types are inferred from (`z.infer<typeof serviceSchema>`), as types:
// their shapes are part of the API, the schema objects are not.
export type {
  alertsSchema,
  authSchema,
  grafanaSchema,
  kubernetesSchema,
  notificationsSchema,
  scaleSchema,
  serviceSchema,
  sloSchema,
  storageSchema,
} from './schema/schema.js';
export { JSON_SCHEMA_FILE, buildJsonSchema, renderJsonSchema } from './schema/json-schema.js';
export { CONFIG_CODES } from './codes.js';
export type { ConfigCode } from './codes.js';
export { ObskitConfigError, ObskitConfigLoadError } from './errors.js';
export { INLINE_SECRET_KEYS } from './validation/issues.js';
export {
  configProblems,
  crossFieldProblems,
  isEnvironmentName,
  validateConfig,
} from './validation/validate.js';
export { deepMerge, resolveEnvironment } from './environments/merge.js';
export { CONFIG_FILE_NAMES, findConfigFile, loadConfig, readConfigFile } from './load/load.js';
export type { LoadConfigOptions, LoadedConfig } from './load/load.js';
export { pricesFor } from './prices/prices.js';
export type { ModelPriceOverride, PriceOverrides } from './prices/prices.js';
