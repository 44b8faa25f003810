export { defineConfig } from './config/define-config.js';
export type {
  AlertsSettings,
  AuthConfig,
  EnvironmentName,
  GrafanaConfig,
  NotificationsConfig,
  ObskitConfig,
  ReceiverConfig,
  ResolvedObskitConfig,
  ServiceConfig,
  SliConfig,
  SloConfig,
  StorageConfig,
  TargetsConfig,
} from './config/types.js';
export {
  ENVIRONMENT_NAMES,
  HOST_PORT_PATTERN,
  PACK_NAMES,
  SERVICE_NAME_PATTERN,
  obskitConfigSchema,
} from './schema/schema.js';
