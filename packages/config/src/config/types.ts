import type { z } from 'zod';
import type {
  ENVIRONMENT_NAMES,
  alertsSchema,
  authSchema,
  grafanaSchema,
  kubernetesSchema,
  notificationsSchema,
  obskitConfigSchema,
  scaleSchema,
  serviceSchema,
  sloSchema,
  storageSchema,
} from '../schema/schema.js';

/** The contents of `obskit.config.*`, as written. Inferred from the one schema, never retyped. */
export type ObskitConfig = z.infer<typeof obskitConfigSchema>;
/** One service: its `name` is the `job` label. */
export type ServiceConfig = z.infer<typeof serviceSchema>;
/** How a service is found: static `host:port`s, a Kubernetes selector or file_sd files. */
export type TargetsConfig = ServiceConfig['targets'];
/** Scrape or remote-write credentials, read from files. */
export type AuthConfig = z.infer<typeof authSchema>;
/** The `alerts` part: packs on/off, per-alert overrides, runbook base URL. */
export type AlertsSettings = z.infer<typeof alertsSchema>;
/** One SLO. */
export type SloConfig = z.infer<typeof sloSchema>;
/** The SLI of an SLO. */
export type SliConfig = SloConfig['sli'];
/** The `notifications` part (Alertmanager). */
export type NotificationsConfig = z.infer<typeof notificationsSchema>;
/** One Alertmanager receiver. */
export type ReceiverConfig = NotificationsConfig['receivers'][number];
/** The `storage` part (retention, remote_write). */
export type StorageConfig = z.infer<typeof storageSchema>;
/** The `grafana` part. */
export type GrafanaConfig = z.infer<typeof grafanaSchema>;
/** The `scale` part (agent shards, VictoriaMetrics URL). */
export type ScaleConfig = z.infer<typeof scaleSchema>;
/** The `kubernetes` part (opt-in objects: `nodeExporter`). */
export type KubernetesConfig = z.infer<typeof kubernetesSchema>;
/** Name of an environment (`--env`). */
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];
/** A config with one environment merged in and `environments` removed: what generators receive. */
export type ResolvedObskitConfig = Omit<ObskitConfig, 'environments' | '$schema'>;
