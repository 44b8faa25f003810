import { buildAlertmanagerClusterArgs } from '../alertmanager/alertmanager-config.js';
import {
  DEFAULT_JOB_NAMES,
  DEFAULT_PORTS,
  DEFAULT_REPLICA_LABEL,
  DEFAULT_SECRETS_DIRS,
  SECRET_FILE_NAMES,
} from '../config.js';
import { listReferencedFiles } from '../files.js';
import { buildStaticAlerting } from '../prometheus/alerting.js';
import { buildStaticScrapeConfig, type ScrapeJobOptions } from '../prometheus/scrape.js';
import type { ScrapeConfig } from '../prometheus/types.js';
import { buildRetentionArgs } from '../storage.js';
import { buildWebConfig, type WebConfigOptions } from '../web/web-config.js';
import {
  alertmanagerFor,
  hostPort,
  serverConfig,
  serviceJobs,
  type StandardRoutingOptions,
} from './shared.js';
import type { AlertingProfileOptions, MonitoringProfile } from './types.js';

/** Options of the `production` profile. */
export interface ProductionProfileOptions extends AlertingProfileOptions {
  /** Replica names. @defaultValue `['prometheus-0', 'prometheus-1']` */
  readonly replicas?: readonly string[];
  /** External label telling replicas apart. @defaultValue `'replica'` */
  readonly replicaLabel?: string;
  /** Alertmanager cluster hosts. @defaultValue `['alertmanager-0', 'alertmanager-1']` */
  readonly alertmanagerHosts?: readonly string[];
  /** web.yml (TLS, users). @defaultValue TLS with `/etc/obskit/tls/prometheus.{crt,key}` */
  readonly web?: WebConfigOptions;
  /** CA that signed the web certificate, for Prometheus scraping itself over HTTPS. */
  readonly webCaFile?: string;
  /** Where secret files are mounted. @defaultValue `'/etc/obskit/secrets'` */
  readonly secretsDir?: string;
  /** Without `notifications`: the standard severity routing (PagerDuty, Slack, email). */
  readonly alertmanager?: StandardRoutingOptions;
}

const DEFAULT_TLS_DIR = '/etc/obskit/tls';

/**
 * The HA pair: one prometheus.yml per replica, identical except for the replica external label. The
 * replica label is dropped from alerts so the Alertmanager cluster deduplicates them.
 */
export function buildProductionProfile(options: ProductionProfileOptions = {}): MonitoringProfile {
  const secretsDir = (options.secretsDir ?? DEFAULT_SECRETS_DIRS.production).replace(/\/+$/, '');
  const replicaLabel = options.replicaLabel ?? DEFAULT_REPLICA_LABEL;
  const replicas = options.replicas ?? ['prometheus-0', 'prometheus-1'];
  const amHosts = options.alertmanagerHosts ?? ['alertmanager-0', 'alertmanager-1'];
  const amTargets =
    options.alertmanagerTargets ?? amHosts.map((h) => hostPort(h, DEFAULT_PORTS.alertmanager));
  const webOptions: WebConfigOptions = options.web ?? {
    tls: { certFile: `${DEFAULT_TLS_DIR}/prometheus.crt`, keyFile: `${DEFAULT_TLS_DIR}/prometheus.key` },
  };
  const web = buildWebConfig(webOptions);
  const users = Object.keys(webOptions.users ?? {});
  const self: ScrapeJobOptions = {
    ...(webOptions.tls
      ? { tls: { caFile: options.webCaFile ?? `${DEFAULT_TLS_DIR}/ca.crt`, serverName: 'localhost' } }
      : {}),
    ...(users.length > 0
      ? {
          basicAuth: {
            username: users[0],
            passwordFile: `${secretsDir}/${SECRET_FILE_NAMES.prometheusWebPassword}`,
          },
        }
      : {}),
  };
  const scrapeConfigs: ScrapeConfig[] = [
    ...serviceJobs(options),
    buildStaticScrapeConfig(
      DEFAULT_JOB_NAMES.prometheus,
      [options.prometheusTarget ?? hostPort('localhost', DEFAULT_PORTS.prometheus)],
      self,
    ),
    buildStaticScrapeConfig(DEFAULT_JOB_NAMES.alertmanager, amTargets),
  ];
  const alerting = buildStaticAlerting(amTargets, { dropLabels: [replicaLabel] });
  const args = buildRetentionArgs(options.storage?.retention);
  const prometheus = replicas.map((replica) => ({
    name: replica,
    config: serverConfig(options, 'production', scrapeConfigs, alerting, { [replicaLabel]: replica }),
    args,
  }));
  const alertmanager = alertmanagerFor(options, secretsDir);
  return {
    name: 'production',
    mode: 'server',
    prometheus,
    alertmanager: {
      config: alertmanager,
      args: buildAlertmanagerClusterArgs({
        peers: amHosts.map((h) => hostPort(h, DEFAULT_PORTS.alertmanagerCluster)),
      }),
    },
    web,
    files: listReferencedFiles({ prometheus: prometheus.map((p) => p.config), alertmanager, web }),
  };
}
