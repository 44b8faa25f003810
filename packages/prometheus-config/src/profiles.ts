import { ObskitValidationError } from '@obskit/catalog';
import { buildAlertmanagerClusterArgs } from './alertmanager/alertmanager-config.js';
import {
  buildStandardAlertmanagerConfig,
  buildWebhookAlertmanagerConfig,
  type TeamReceiverOptions,
  type AlertmanagerInhibitOptions,
} from './alertmanager/profiles.js';
import type { RouteTimings } from './alertmanager/routes.js';
import type { AlertmanagerConfig } from './alertmanager/types.js';
import { CONFIG_CODES } from './codes.js';
import {
  DEFAULT_CLUSTER_LABEL,
  DEFAULT_INTERVALS,
  DEFAULT_JOB_NAMES,
  DEFAULT_LAYOUT,
  DEFAULT_PORTS,
  DEFAULT_REPLICA_LABEL,
  DEFAULT_SCRAPE_LIMITS,
  DEFAULT_SECRETS_DIRS,
  E2E_INTERVALS,
  SECRET_FILE_NAMES,
} from './config.js';
import type { Duration } from './duration.js';
import { listReferencedFiles, type ReferencedFiles } from './files.js';
import { buildKubernetesAlerting, buildStaticAlerting } from './prometheus/alerting.js';
import { buildPrometheusConfig } from './prometheus/prometheus-config.js';
import { buildRemoteWrite } from './prometheus/remote-write.js';
import {
  buildFileSdScrapeConfig,
  buildKubernetesEndpointsScrapeConfig,
  buildKubernetesPodsScrapeConfig,
  buildStaticScrapeConfig,
  type HttpClientOptions,
  type ScrapeJobOptions,
} from './prometheus/scrape.js';
import type {
  AlertingConfig,
  PrometheusConfig,
  PrometheusMode,
  RemoteWriteConfig,
  ScrapeConfig,
} from './prometheus/types.js';
import { buildWebConfig, type WebConfig, type WebConfigOptions } from './web/web-config.js';

/** Every profile, in the order the CLI lists them. */
export const PROFILE_NAMES = ['dev', 'compose', 'kubernetes', 'production', 'e2e', 'agent'] as const;
/** One of {@link PROFILE_NAMES}. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Options of {@link buildMonitoringProfile}; each profile documents the defaults it uses. */
export interface MonitoringProfileOptions {
  /** `host:port` of the app's /metrics. Required by `e2e`. */
  readonly appTargets?: readonly string[];
  /** @defaultValue `'demo-api'` */
  readonly appJobName?: string;
  /** @defaultValue `'/metrics'` */
  readonly appMetricsPath?: string;
  /** Authentication to the app's /metrics. @defaultValue bearer token file in production, none elsewhere */
  readonly appAuth?: HttpClientOptions;
  /** `host:port` Prometheus scrapes itself at. */
  readonly prometheusTarget?: string;
  /** `host:port` of every Alertmanager (API port). Required by `e2e`. */
  readonly alertmanagerTargets?: readonly string[];
  readonly scrapeInterval?: Duration;
  readonly scrapeTimeout?: Duration;
  readonly evaluationInterval?: Duration;
  /** @defaultValue `['rules/*.yml']` */
  readonly ruleFiles?: readonly string[];
  /** Value of the `cluster` external label. @defaultValue the profile name */
  readonly cluster?: string;
  /** More external labels. */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** Where secret files are mounted. @defaultValue {@link DEFAULT_SECRETS_DIRS} */
  readonly secretsDir?: string;
  /** @defaultValue 20000 */
  readonly sampleLimit?: number;
  /** @defaultValue 30 */
  readonly labelLimit?: number;
  /** remote_write targets. @defaultValue none; for `agent` a Mimir at `http://mimir:9009/api/v1/push` */
  readonly remoteWrite?: readonly RemoteWriteConfig[];
  /** kubernetes: namespaces to discover apps in. @defaultValue all */
  readonly namespaces?: readonly string[];
  /** kubernetes: namespace of the Alertmanager Service. @defaultValue `'monitoring'` */
  readonly alertmanagerNamespace?: string;
  /** production: replica names. @defaultValue `['prometheus-0', 'prometheus-1']` */
  readonly replicas?: readonly string[];
  /** production: external label telling replicas apart. @defaultValue `'replica'` */
  readonly replicaLabel?: string;
  /** production: Alertmanager cluster hosts. @defaultValue `['alertmanager-0', 'alertmanager-1']` */
  readonly alertmanagerHosts?: readonly string[];
  /** production: file_sd target files. @defaultValue `['targets/*.json']` */
  readonly fileSdFiles?: readonly string[];
  /** production: web.yml (TLS, users). @defaultValue TLS with `/etc/obskit/tls/prometheus.{crt,key}` */
  readonly web?: WebConfigOptions;
  /** production: CA that signed the web certificate, for Prometheus scraping itself over HTTPS. */
  readonly webCaFile?: string;
  /** Alertmanager routing: receivers, teams, timings, inhibition. */
  readonly alertmanager?: AlertmanagerProfileOptions;
}

/** Alertmanager part of {@link MonitoringProfileOptions}. */
export interface AlertmanagerProfileOptions extends RouteTimings, AlertmanagerInhibitOptions {
  /** dev/e2e: webhook receiving every notification (required by `e2e`). */
  readonly webhookUrl?: string;
  readonly teams?: readonly TeamReceiverOptions[];
  readonly slackChannel?: string;
  readonly smtp?: {
    readonly from?: string;
    readonly smarthost?: string;
    readonly username?: string;
    readonly to?: string;
  };
  /** Time zone of the off-hours interval. @defaultValue `'UTC'` */
  readonly location?: string;
}

/** One Prometheus server of a profile (two for the HA pair). */
export interface PrometheusInstance {
  /** e.g. `prometheus`, `prometheus-0`. */
  readonly name: string;
  readonly config: PrometheusConfig;
  /**
   * Flags the profile needs beyond `--config.file` (e.g. `--enable-feature=agent`). A profile with
   * {@link MonitoringProfile.web} also needs `--web.config.file=<path of web.yml>`.
   */
  readonly args: readonly string[];
}

/** Everything a profile configures. */
export interface MonitoringProfile {
  readonly name: ProfileName;
  readonly mode: PrometheusMode;
  readonly prometheus: readonly PrometheusInstance[];
  /** Absent in agent mode (an agent sends no alerts). */
  readonly alertmanager?: {
    readonly config: AlertmanagerConfig;
    /** Flags beyond `--config.file`: the cluster flags of the HA pair. */
    readonly args: readonly string[];
  };
  /** web.yml, when the profile serves TLS or basic auth. */
  readonly web?: WebConfig;
  readonly files: ReferencedFiles;
}

const DEFAULT_TLS_DIR = '/etc/obskit/tls';

function limits(options: MonitoringProfileOptions): ScrapeJobOptions {
  return {
    sampleLimit: options.sampleLimit ?? DEFAULT_SCRAPE_LIMITS.sampleLimit,
    labelLimit: options.labelLimit ?? DEFAULT_SCRAPE_LIMITS.labelLimit,
  };
}

function staticJobs(
  options: MonitoringProfileOptions,
  hosts: { app: readonly string[]; prometheus: string; alertmanager: readonly string[] },
  self: ScrapeJobOptions = {},
): ScrapeConfig[] {
  return [
    buildStaticScrapeConfig(options.appJobName ?? DEFAULT_JOB_NAMES.app, hosts.app, {
      ...limits(options),
      metricsPath: options.appMetricsPath,
      ...options.appAuth,
    }),
    buildStaticScrapeConfig(DEFAULT_JOB_NAMES.prometheus, [hosts.prometheus], self),
    ...(hosts.alertmanager.length > 0
      ? [buildStaticScrapeConfig(DEFAULT_JOB_NAMES.alertmanager, hosts.alertmanager)]
      : []),
  ];
}

function server(
  options: MonitoringProfileOptions,
  name: ProfileName,
  scrapeConfigs: ScrapeConfig[],
  alerting: AlertingConfig,
  extraLabels: Readonly<Record<string, string>> = {},
): PrometheusConfig {
  const fast = name === 'e2e';
  return buildPrometheusConfig({
    scrapeInterval: options.scrapeInterval ?? (fast ? E2E_INTERVALS.scrape : DEFAULT_INTERVALS.scrape),
    scrapeTimeout:
      options.scrapeTimeout ?? (fast ? E2E_INTERVALS.scrapeTimeout : DEFAULT_INTERVALS.scrapeTimeout),
    evaluationInterval:
      options.evaluationInterval ?? (fast ? E2E_INTERVALS.evaluation : DEFAULT_INTERVALS.evaluation),
    externalLabels: {
      [DEFAULT_CLUSTER_LABEL]: options.cluster ?? name,
      ...options.externalLabels,
      ...extraLabels,
    },
    ruleFiles: options.ruleFiles ?? [DEFAULT_LAYOUT.ruleFiles],
    alerting,
    scrapeConfigs,
    remoteWrite: options.remoteWrite,
  });
}

const hostPort = (host: string, port: number): string => `${host}:${port}`;

function single(
  name: ProfileName,
  config: PrometheusConfig,
  alertmanager: AlertmanagerConfig,
): MonitoringProfile {
  return {
    name,
    mode: 'server',
    prometheus: [{ name: 'prometheus', config, args: [] }],
    alertmanager: { config: alertmanager, args: [] },
    files: listReferencedFiles({ prometheus: [config], alertmanager }),
  };
}

function standardAlertmanager(options: MonitoringProfileOptions, secretsDir: string): AlertmanagerConfig {
  const am = options.alertmanager ?? {};
  return buildStandardAlertmanagerConfig({ ...am, secretsDir });
}

function devProfile(options: MonitoringProfileOptions): MonitoringProfile {
  const am = options.alertmanagerTargets ?? [hostPort('127.0.0.1', DEFAULT_PORTS.alertmanager)];
  const config = server(
    options,
    'dev',
    staticJobs(options, {
      app: options.appTargets ?? [hostPort('127.0.0.1', DEFAULT_PORTS.app)],
      prometheus: options.prometheusTarget ?? hostPort('127.0.0.1', DEFAULT_PORTS.prometheus),
      alertmanager: am,
    }),
    buildStaticAlerting(am),
  );
  const alertmanager = buildWebhookAlertmanagerConfig({
    groupWait: '10s',
    groupInterval: '1m',
    repeatInterval: '1h',
    ...options.alertmanager,
  });
  return single('dev', config, alertmanager);
}

function composeProfile(options: MonitoringProfileOptions): MonitoringProfile {
  const am = options.alertmanagerTargets ?? [hostPort('alertmanager', DEFAULT_PORTS.alertmanager)];
  const config = server(
    options,
    'compose',
    staticJobs(options, {
      app: options.appTargets ?? [hostPort('demo-api', DEFAULT_PORTS.app)],
      prometheus: options.prometheusTarget ?? hostPort('prometheus', DEFAULT_PORTS.prometheus),
      alertmanager: am,
    }),
    buildStaticAlerting(am),
  );
  return single(
    'compose',
    config,
    standardAlertmanager(options, options.secretsDir ?? DEFAULT_SECRETS_DIRS.compose),
  );
}

function kubernetesProfile(options: MonitoringProfileOptions): MonitoringProfile {
  const appOptions = { ...limits(options), namespaces: options.namespaces, ...options.appAuth };
  const config = server(
    options,
    'kubernetes',
    [
      buildKubernetesPodsScrapeConfig(appOptions),
      buildKubernetesEndpointsScrapeConfig(appOptions),
      buildStaticScrapeConfig(DEFAULT_JOB_NAMES.prometheus, [
        options.prometheusTarget ?? hostPort('localhost', DEFAULT_PORTS.prometheus),
      ]),
    ],
    buildKubernetesAlerting({ namespace: options.alertmanagerNamespace }),
  );
  return single(
    'kubernetes',
    config,
    standardAlertmanager(options, options.secretsDir ?? DEFAULT_SECRETS_DIRS.kubernetes),
  );
}

/**
 * The HA pair: one prometheus.yml per replica, identical except for the replica external label. The
 * replica label is dropped from alerts so the Alertmanager cluster deduplicates them.
 */
function productionProfile(options: MonitoringProfileOptions): MonitoringProfile {
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
    buildFileSdScrapeConfig(
      options.appJobName ?? DEFAULT_JOB_NAMES.app,
      options.fileSdFiles ?? [DEFAULT_LAYOUT.fileSdTargets],
      {
        ...limits(options),
        metricsPath: options.appMetricsPath,
        ...(options.appAuth ?? { bearerTokenFile: `${secretsDir}/${SECRET_FILE_NAMES.metricsToken}` }),
      },
    ),
    buildStaticScrapeConfig(
      DEFAULT_JOB_NAMES.prometheus,
      [options.prometheusTarget ?? hostPort('localhost', DEFAULT_PORTS.prometheus)],
      self,
    ),
    buildStaticScrapeConfig(DEFAULT_JOB_NAMES.alertmanager, amTargets),
  ];
  const alerting = buildStaticAlerting(amTargets, { dropLabels: [replicaLabel] });
  const prometheus = replicas.map((replica) => ({
    name: replica,
    config: server(options, 'production', scrapeConfigs, alerting, { [replicaLabel]: replica }),
    args: [],
  }));
  const alertmanager = standardAlertmanager(options, secretsDir);
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

function e2eProfile(options: MonitoringProfileOptions): MonitoringProfile {
  const missing: string[] = [];
  if (!options.appTargets?.length) missing.push('appTargets');
  if (!options.alertmanagerTargets?.length) missing.push('alertmanagerTargets');
  if (!options.prometheusTarget) missing.push('prometheusTarget');
  if (!options.alertmanager?.webhookUrl) missing.push('alertmanager.webhookUrl');
  if (missing.length > 0) {
    throw new ObskitValidationError(
      CONFIG_CODES.missingField,
      'Invalid e2e profile options',
      missing.map((field) => ({
        code: CONFIG_CODES.missingField,
        subject: 'e2e',
        message: `Missing option "${field}": the e2e profile runs on free ports chosen by the test`,
      })),
    );
  }
  const am = options.alertmanagerTargets ?? [];
  const config = server(
    options,
    'e2e',
    staticJobs(options, {
      app: options.appTargets ?? [],
      prometheus: options.prometheusTarget ?? '',
      alertmanager: am,
    }),
    buildStaticAlerting(am),
  );
  const alertmanager = buildWebhookAlertmanagerConfig({
    groupWait: '1s',
    groupInterval: '1s',
    repeatInterval: '1m',
    ...options.alertmanager,
  });
  return single('e2e', config, alertmanager);
}

/**
 * Agent mode: scrape and remote_write only. Start Prometheus 2.x with `--enable-feature=agent`
 * (check the file with `promtool check config --agent`).
 */
function agentProfile(options: MonitoringProfileOptions): MonitoringProfile {
  const secretsDir = (options.secretsDir ?? DEFAULT_SECRETS_DIRS.agent).replace(/\/+$/, '');
  const remoteWrite = options.remoteWrite ?? [
    buildRemoteWrite('http://mimir:9009/api/v1/push', {
      style: 'mimir',
      tenant: 'obskit',
      name: 'mimir',
      basicAuth: {
        username: 'obskit',
        passwordFile: `${secretsDir}/${SECRET_FILE_NAMES.remoteWritePassword}`,
      },
    }),
  ];
  const config = buildPrometheusConfig({
    mode: 'agent',
    scrapeInterval: options.scrapeInterval,
    scrapeTimeout: options.scrapeTimeout,
    externalLabels: { [DEFAULT_CLUSTER_LABEL]: options.cluster ?? 'agent', ...options.externalLabels },
    scrapeConfigs: staticJobs(options, {
      app: options.appTargets ?? [hostPort('demo-api', DEFAULT_PORTS.app)],
      prometheus: options.prometheusTarget ?? hostPort('localhost', DEFAULT_PORTS.prometheus),
      alertmanager: [],
    }),
    remoteWrite,
  });
  return {
    name: 'agent',
    mode: 'agent',
    prometheus: [{ name: 'prometheus-agent', config, args: ['--enable-feature=agent'] }],
    files: listReferencedFiles({ prometheus: [config] }),
  };
}

const BUILDERS: Readonly<Record<ProfileName, (options: MonitoringProfileOptions) => MonitoringProfile>> = {
  dev: devProfile,
  compose: composeProfile,
  kubernetes: kubernetesProfile,
  production: productionProfile,
  e2e: e2eProfile,
  agent: agentProfile,
};

/**
 * Builds the Prometheus, Alertmanager and web configuration of one profile:
 * - `dev`: the demo on localhost (app 127.0.0.1:3000, Alertmanager 127.0.0.1:9093), webhook or null receiver.
 * - `compose`: service names `demo-api:3000`, `prometheus:9090`, `alertmanager:9093`; secrets in `/run/secrets`.
 * - `kubernetes`: pods/endpoints discovered through `prometheus.io/*` annotations, Alertmanager through its Service.
 * - `production`: HA pair (identical but for the replica label), Alertmanager cluster, file_sd targets, TLS web.yml.
 * - `e2e`: 1 s scrape/evaluation, targets and webhook from options (the test's free ports).
 * - `agent`: scrape + remote_write only, run with `--enable-feature=agent`.
 * @throws ObskitError `OBSKIT_UNKNOWN_PROFILE` for another name, `OBSKIT_MISSING_FIELD` for missing e2e options
 * @example buildMonitoringProfile('compose').prometheus[0].config
 */
export function buildMonitoringProfile(
  name: ProfileName,
  options: MonitoringProfileOptions = {},
): MonitoringProfile {
  const builder = (BUILDERS as Record<string, (o: MonitoringProfileOptions) => MonitoringProfile>)[name];
  if (builder === undefined) {
    throw new ObskitValidationError(CONFIG_CODES.profile, 'Invalid profile', [
      {
        code: CONFIG_CODES.profile,
        subject: 'profile',
        message: `Unknown profile "${String(name)}": must be one of ${PROFILE_NAMES.join(', ')}`,
      },
    ]);
  }
  return builder(options);
}
