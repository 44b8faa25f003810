import { buildAlertmanagerClusterArgs } from '../alertmanager/alertmanager-config.js';
import { buildClusterTlsConfig, type ClusterTlsOptions } from '../alertmanager/cluster-tls.js';
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
import type { HttpClientOptions } from '../prometheus/scrape.js';
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
import type { MonitoringProfile, ProfileBaseOptions, SharedProfileOptions } from './types.js';

/** Options of the `production` profile. */
export interface ProductionProfileOptions
  extends
    ProfileBaseOptions,
    Pick<
      SharedProfileOptions,
      'prometheusTarget' | 'evaluationInterval' | 'ruleFiles' | 'alertmanagerTargets' | 'notifications'
    > {
  /** Replica names. @defaultValue `['prometheus-0', 'prometheus-1']` */
  readonly replicas?: readonly string[];
  /** External label telling replicas apart. @defaultValue `'replica'` */
  readonly replicaLabel?: string;
  /** Alertmanager cluster hosts. @defaultValue `['alertmanager-0', 'alertmanager-1']` */
  readonly alertmanagerHosts?: readonly string[];
  /** Prometheus' web.yml (TLS, users). @defaultValue TLS with `/etc/obskit/tls/prometheus.{crt,key}` */
  readonly web?: WebConfigOptions;
  /**
   * Alertmanager's web.yml (TLS, users), the same format. Its API takes alerts and silences: in
   * production it is no more open than Prometheus'. Prometheus sends alerts to it and scrapes it over
   * HTTPS (with basic auth as the first user, password from `<secretsDir>/alertmanager-web-password`).
   * @defaultValue TLS with `/etc/obskit/tls/alertmanager.{crt,key}`
   */
  readonly alertmanagerWeb?: WebConfigOptions;
  /**
   * CA that signed the web certificates, for Prometheus scraping itself and the Alertmanagers and
   * sending alerts over HTTPS. @defaultValue `'/etc/obskit/tls/ca.crt'`
   */
  readonly webCaFile?: string;
  /**
   * Name Prometheus expects in every Alertmanager's certificate (one certificate shared by the peers).
   * @defaultValue none: each peer's certificate names its own host (`alertmanager-0`, …)
   */
  readonly alertmanagerServerName?: string;
  /**
   * The peers' gossip TLS (`--cluster.tls-config`); `false` for none (keep the gossip port on a private
   * network then). @defaultValue mutual TLS with Alertmanager's web certificate and key, `webCaFile`
   * and `alertmanagerServerName`
   */
  readonly alertmanagerClusterTls?: ClusterTlsOptions | false;
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
  const caFile = options.webCaFile ?? `${DEFAULT_TLS_DIR}/ca.crt`;
  const webOptions = options.web ?? defaultWeb('prometheus');
  const amWebOptions = options.alertmanagerWeb ?? defaultWeb('alertmanager');
  const web = buildWebConfig(webOptions);
  const self: ScrapeJobOptions = clientOf(webOptions, {
    caFile,
    serverName: 'localhost',
    passwordFile: `${secretsDir}/${SECRET_FILE_NAMES.prometheusWebPassword}`,
  });
  const toAlertmanager = clientOf(amWebOptions, {
    caFile,
    serverName: options.alertmanagerServerName,
    passwordFile: `${secretsDir}/${SECRET_FILE_NAMES.alertmanagerWebPassword}`,
  });
  const scrapeConfigs: ScrapeConfig[] = [
    ...serviceJobs(options),
    buildStaticScrapeConfig(
      DEFAULT_JOB_NAMES.prometheus,
      [options.prometheusTarget ?? hostPort('localhost', DEFAULT_PORTS.prometheus)],
      self,
    ),
    buildStaticScrapeConfig(DEFAULT_JOB_NAMES.alertmanager, amTargets, toAlertmanager),
  ];
  const alerting = buildStaticAlerting(amTargets, { ...toAlertmanager, dropLabels: [replicaLabel] });
  const args = buildRetentionArgs(options.storage?.retention);
  const prometheus = replicas.map((replica) => ({
    name: replica,
    config: serverConfig(options, 'production', scrapeConfigs, alerting, { [replicaLabel]: replica }),
    args,
  }));
  const alertmanager = alertmanagerFor(options, secretsDir);
  const amWeb = buildWebConfig(amWebOptions);
  const amCert = amWebOptions.tls ?? defaultWeb('alertmanager').tls;
  const clusterTls =
    options.alertmanagerClusterTls === false
      ? undefined
      : buildClusterTlsConfig(
          options.alertmanagerClusterTls ?? {
            certFile: amCert?.certFile ?? `${DEFAULT_TLS_DIR}/alertmanager.crt`,
            keyFile: amCert?.keyFile ?? `${DEFAULT_TLS_DIR}/alertmanager.key`,
            caFile,
            ...(options.alertmanagerServerName !== undefined
              ? { serverName: options.alertmanagerServerName }
              : {}),
          },
        );
  return {
    name: 'production',
    mode: 'server',
    prometheus,
    alertmanager: {
      config: alertmanager,
      args: buildAlertmanagerClusterArgs({
        peers: amHosts.map((h) => hostPort(h, DEFAULT_PORTS.alertmanagerCluster)),
      }),
      web: amWeb,
      ...(clusterTls ? { clusterTls } : {}),
    },
    web,
    files: listReferencedFiles({
      prometheus: prometheus.map((p) => p.config),
      alertmanager,
      web: [web, amWeb],
      ...(clusterTls ? { clusterTls } : {}),
    }),
  };
}

/** TLS with the server's own certificate and key under /etc/obskit/tls. */
function defaultWeb(server: 'prometheus' | 'alertmanager'): WebConfigOptions {
  return {
    tls: { certFile: `${DEFAULT_TLS_DIR}/${server}.crt`, keyFile: `${DEFAULT_TLS_DIR}/${server}.key` },
  };
}

/** How Prometheus reaches a server with this web config: HTTPS with the CA, basic auth as its first user. */
function clientOf(
  web: WebConfigOptions,
  client: { caFile: string; serverName: string | undefined; passwordFile: string },
): HttpClientOptions {
  const user = Object.keys(web.users ?? {})[0];
  return {
    ...(web.tls
      ? {
          tls: {
            caFile: client.caFile,
            ...(client.serverName !== undefined ? { serverName: client.serverName } : {}),
          },
        }
      : {}),
    ...(user !== undefined ? { basicAuth: { username: user, passwordFile: client.passwordFile } } : {}),
  };
}
