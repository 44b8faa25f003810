import {
  buildStandardAlertmanagerConfig,
  type StandardAlertmanagerOptions,
} from '../alertmanager/profiles.js';
import { buildNotificationsAlertmanagerConfig } from '../alertmanager/notifications.js';
import type { AlertmanagerConfig } from '../alertmanager/types.js';
import {
  DEFAULT_CLUSTER_LABEL,
  DEFAULT_INTERVALS,
  DEFAULT_JOB_NAMES,
  DEFAULT_LAYOUT,
  DEFAULT_SCRAPE_LIMITS,
  E2E_INTERVALS,
} from '../config.js';
import { listReferencedFiles } from '../files.js';
import { buildPrometheusConfig } from '../prometheus/prometheus-config.js';
import { buildStaticScrapeConfig, type ScrapeJobOptions } from '../prometheus/scrape.js';
import type {
  AlertingConfig,
  PrometheusConfig,
  RemoteWriteConfig,
  ScrapeConfig,
} from '../prometheus/types.js';
import { buildServiceScrapeConfigs } from '../services/scrape.js';
import { buildRetentionArgs, buildStorageRemoteWrite } from '../storage.js';
import type { MonitoringProfile, ProfileBaseOptions, ProfileName, SharedProfileOptions } from './types.js';

export const hostPort = (host: string, port: number): string => `${host}:${port}`;

/** One scrape job per configured service, with the profile's default limits. */
export function serviceJobs(options: ProfileBaseOptions): ScrapeConfig[] {
  return buildServiceScrapeConfigs(options.services ?? [], {
    sampleLimit: options.sampleLimit ?? DEFAULT_SCRAPE_LIMITS.sampleLimit,
    labelLimit: options.labelLimit ?? DEFAULT_SCRAPE_LIMITS.labelLimit,
  });
}

/**
 * Scrape jobs of the configured services, then Prometheus itself, then the Alertmanagers, then the
 * node_exporters (`options.nodeExporterTargets`, else `hosts.node`).
 */
export function scrapeJobs(
  options: ProfileBaseOptions & Pick<SharedProfileOptions, 'nodeExporterTargets'>,
  hosts: { prometheus: string; alertmanager: readonly string[]; node?: readonly string[] },
  self: ScrapeJobOptions = {},
): ScrapeConfig[] {
  const node = options.nodeExporterTargets ?? hosts.node ?? [];
  return [
    ...serviceJobs(options),
    buildStaticScrapeConfig(DEFAULT_JOB_NAMES.prometheus, [hosts.prometheus], self),
    ...(hosts.alertmanager.length > 0
      ? [buildStaticScrapeConfig(DEFAULT_JOB_NAMES.alertmanager, hosts.alertmanager)]
      : []),
    ...(node.length > 0 ? [buildStaticScrapeConfig(DEFAULT_JOB_NAMES.node, node)] : []),
  ];
}

/** `storage.remoteWrite` followed by the raw `remoteWrite` entries; undefined when there are none. */
export function remoteWriteOf(options: ProfileBaseOptions): RemoteWriteConfig[] | undefined {
  const all = [
    ...buildStorageRemoteWrite(options.storage?.remoteWrite ?? []),
    ...(options.remoteWrite ?? []),
  ];
  return all.length > 0 ? all : undefined;
}

/** A server-mode prometheus.yml of a profile. */
export function serverConfig(
  options: ProfileBaseOptions & Pick<SharedProfileOptions, 'evaluationInterval' | 'ruleFiles'>,
  name: ProfileName,
  scrapeConfigs: ScrapeConfig[],
  alerting: AlertingConfig,
  extraLabels: Readonly<Record<string, string>> = {},
): PrometheusConfig {
  const intervals = name === 'e2e' ? E2E_INTERVALS : DEFAULT_INTERVALS;
  return buildPrometheusConfig({
    scrapeInterval: options.scrapeInterval ?? intervals.scrape,
    scrapeTimeout: options.scrapeTimeout ?? intervals.scrapeTimeout,
    evaluationInterval: options.evaluationInterval ?? intervals.evaluation,
    externalLabels: {
      [DEFAULT_CLUSTER_LABEL]: options.cluster ?? name,
      ...options.externalLabels,
      ...extraLabels,
    },
    ruleFiles: options.ruleFiles ?? [DEFAULT_LAYOUT.ruleFiles],
    alerting,
    scrapeConfigs,
    remoteWrite: remoteWriteOf(options),
  });
}

/** A profile of one Prometheus and one Alertmanager. */
export function singleServer(
  name: ProfileName,
  options: ProfileBaseOptions,
  config: PrometheusConfig,
  alertmanager: AlertmanagerConfig,
): MonitoringProfile {
  return {
    name,
    mode: 'server',
    prometheus: [{ name: 'prometheus', config, args: buildRetentionArgs(options.storage?.retention) }],
    alertmanager: { config: alertmanager, args: [] },
    files: listReferencedFiles({ prometheus: [config], alertmanager }),
  };
}

/** Routing options of the standard receivers (used when no `notifications` are given). */
export type StandardRoutingOptions = Omit<StandardAlertmanagerOptions, 'secretsDir'>;

/** `notifications` when given, else the standard severity routing with secrets in `secretsDir`. */
export function alertmanagerFor(
  options: Pick<SharedProfileOptions, 'notifications'> & { readonly alertmanager?: StandardRoutingOptions },
  secretsDir: string,
): AlertmanagerConfig {
  if (options.notifications) return buildNotificationsAlertmanagerConfig(options.notifications);
  return buildStandardAlertmanagerConfig({ ...options.alertmanager, secretsDir });
}
