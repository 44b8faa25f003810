import { DEFAULT_SERVICE_PACKS } from '@obskit/alerts';
import { buildDashboards, dashboardsFor, renderDashboards, renderDashboardsAs } from '@obskit/dashboards';
import { basename } from 'node:path';
import {
  DEFAULT_INTERVALS,
  DEFAULT_KUBERNETES_NAMESPACE,
  DEFAULT_PORTS,
  E2E_INTERVALS,
  buildMonitoringProfile,
  renderAlertmanagerConfig,
  renderClusterTlsConfig,
  renderPrometheusConfig,
  renderWebConfig,
  type MonitoringProfile,
  type MonitoringProfileOptions,
  type NotificationsOptions,
  type ServiceOptions,
  type StorageOptions,
} from '@obskit/prometheus-config';
import {
  COMPOSE_PATHS,
  VICTORIA_METRICS_PORT,
  buildComposeFile,
  type ComposeAppService,
  type ComposeSecret,
} from '../compose/compose.js';
import { buildDashboardProviders } from '../grafana/dashboard-providers.js';
import { buildGrafanaDatasources, type GrafanaDatasourcesConfig } from '../grafana/datasources.js';
import { buildDashboardConfigMaps } from '../kubernetes/dashboard-config-maps.js';
import { buildNodeExporterObjects } from '../kubernetes/node-exporter.js';
import { buildServiceMonitor } from '../kubernetes/service-monitor.js';
import { renderYaml, renderYamlDocuments } from '../render.js';
import type { GeneratedFiles } from '../writer/tree.js';
import { assertValidDeploymentOptions, type DeploymentOptions, type DeploymentService } from './options.js';
import { renderDeploymentReadme } from './readme.js';
import { renderRuleTree } from './rules.js';

/** Grafana folder (title and uid) the kit's dashboards are provisioned into. */
export const DASHBOARD_FOLDER = 'obskit';
/** Default Kubernetes namespace of the generated objects (the kubernetes profile's default too). */
export const DEFAULT_NAMESPACE = DEFAULT_KUBERNETES_NAMESPACE;
/**
 * Labels every generated Kubernetes object carries unless `kubernetesLabels` overrides them:
 * `release: kube-prometheus-stack`, which that chart's default `ruleSelector` and
 * `serviceMonitorSelector` match (they select `release: <helm release name>`).
 */
export const DEFAULT_KUBERNETES_LABELS: Readonly<Record<string, string>> = { release: 'kube-prometheus-stack' };

/** Files of the generated tree, relative to its root. */
export const TREE_PATHS = {
  datasources: 'grafana/provisioning/datasources/obskit.yml',
  dashboardProviders: 'grafana/provisioning/dashboards/obskit.yml',
  dashboardsDir: 'grafana/dashboards',
  /** The v2beta1 dashboard resources (`grafana.dashboardSchema: 'v2'`), for on-prem file provisioning. */
  dashboardsV2Dir: 'grafana/dashboards-v2',
  compose: 'docker-compose.monitoring.yml',
  serviceMonitor: 'kubernetes/service-monitor.yaml',
  prometheusRule: 'kubernetes/prometheus-rule.yaml',
  dashboardConfigMaps: 'kubernetes/grafana-dashboards.yaml',
  /** The node_exporter DaemonSet, Service and ServiceMonitor (`kubernetes.nodeExporter: true`). */
  nodeExporter: 'kubernetes/node-exporter.yaml',
  rulesDir: 'prometheus/rules',
  ruleTestsDir: 'prometheus/tests',
  readme: 'README.md',
  secretsGitignore: 'secrets/.gitignore',
} as const;

/**
 * In Compose, Prometheus and Alertmanager read secrets from `/run/secrets/<name>`: every `*File` of
 * the services, notifications and storage that is not there already moves there (by its base name),
 * and the Compose file mounts `./secrets/<name>` (see {@link composeSecrets}).
 */
function toComposeSecretPaths<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => toComposeSecretPaths(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    out[key] =
      typeof child === 'string' && /File$/.test(key) && !child.startsWith(`${COMPOSE_PATHS.secretsDir}/`)
        ? `${COMPOSE_PATHS.secretsDir}/${basename(child)}`
        : toComposeSecretPaths(child);
  }
  return out as T;
}

/** The scrape part of a deployment service (without `run`). */
function scrapeServiceOf(service: DeploymentService): ServiceOptions {
  const { run: _run, ...scrape } = service;
  return scrape;
}

/**
 * The kubernetes profile's options: Alertmanager's Service, and with `kubernetes.nodeExporter` the
 * DaemonSet's Service (scraped without the operator too), both in the namespace of the other objects.
 */
function kubernetesProfileOptions(options: DeploymentOptions): MonitoringProfileOptions {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  return {
    alertmanagerNamespace: namespace,
    ...(options.kubernetes?.nodeExporter === true ? { nodeExporter: { namespace } } : {}),
  };
}

/** The profiles whose stack the Compose file runs (secrets under /run/secrets, services by name). */
const inCompose = (options: DeploymentOptions) => options.profile === 'compose' || options.profile === 'scale';

function profileOptions(options: DeploymentOptions): MonitoringProfileOptions {
  const compose = inCompose(options);
  const services = (options.services ?? []).map(scrapeServiceOf);
  const notifications: NotificationsOptions | undefined = options.notifications;
  const storage: StorageOptions | undefined = options.storage;
  return {
    ...(services.length > 0 ? { services: compose ? toComposeSecretPaths(services) : services } : {}),
    ...(notifications
      ? { notifications: compose ? toComposeSecretPaths(notifications) : notifications }
      : {}),
    ...(storage ? { storage: compose ? toComposeSecretPaths(storage) : storage } : {}),
    ...(options.prometheus ? { prometheusTarget: options.prometheus } : {}),
    ...(options.alertmanager ? { alertmanagerTargets: [options.alertmanager] } : {}),
    ...(options.nodeExporter ? { nodeExporterTargets: [options.nodeExporter] } : {}),
    ...(options.webhookUrl ? { alertmanager: { webhookUrl: options.webhookUrl } } : {}),
    ...(options.profile === 'kubernetes' ? kubernetesProfileOptions(options) : {}),
    ...(options.profile === 'scale' && options.scale?.shards !== undefined
      ? { shards: options.scale.shards }
      : {}),
    ...(options.profile === 'scale' && options.scale?.victoriaMetricsUrl !== undefined
      ? { victoriaMetricsUrl: options.scale.victoriaMetricsUrl }
      : {}),
  } as MonitoringProfileOptions;
}

/** The Compose services of the deployment's services that name an image or a command. */
function composeServices(options: DeploymentOptions): ComposeAppService[] {
  return (options.services ?? []).flatMap((service): ComposeAppService[] => {
    const run = service.run;
    if (!run || (run.image === undefined && run.command === undefined)) return [];
    const staticTargets = 'static' in service.targets ? service.targets.static : [];
    const port = run.port ?? Number(/:(\d+)$/.exec(staticTargets[0] ?? '')?.[1] ?? NaN);
    return [
      {
        name: service.name,
        ...(run.build ? { build: run.build } : {}),
        ...(run.image !== undefined ? { image: run.image } : {}),
        ...(run.command !== undefined ? { command: run.command } : {}),
        ...(run.cwd !== undefined ? { cwd: run.cwd } : {}),
        port,
        ...(run.publishPort !== undefined ? { publishPort: run.publishPort } : {}),
        ...(run.env ? { environment: run.env } : {}),
        ...(run.volumes ? { volumes: run.volumes } : {}),
        ...(run.healthcheck ? { healthcheck: run.healthcheck } : {}),
      },
    ];
  });
}

/** The Secret a service's ServiceMonitor reads its scrape credentials from: `<service>-scrape-auth`. */
export function scrapeAuthSecretName(service: string): string {
  return `${service}-scrape-auth`;
}

/**
 * The comment lines that tell the operator which Secret to create for each service with scrape auth
 * (obskit never writes secret content): one `kubectl create secret generic … --from-file` command each.
 */
function serviceMonitorSecretComments(options: DeploymentOptions, namespace: string): string[] {
  const lines: string[] = [];
  for (const service of options.services ?? []) {
    const auth = service.auth;
    if (!auth) continue;
    const k8s = 'kubernetes' in service.targets ? service.targets.kubernetes : undefined;
    const ns = k8s?.namespace ?? namespace;
    const from =
      'bearerTokenFile' in auth
        ? `--from-file=${basename(auth.bearerTokenFile)}=${auth.bearerTokenFile}`
        : `--from-literal=username=${auth.basicAuth.username} --from-file=${basename(auth.basicAuth.passwordFile)}=${auth.basicAuth.passwordFile}`;
    lines.push(
      `#   kubectl create secret generic ${scrapeAuthSecretName(service.name)} --namespace ${ns} ${from}`,
    );
  }
  return lines.length === 0
    ? []
    : [
        '# The scrape credentials are read from Secrets obskit does not write. Create them with:',
        ...lines,
      ];
}

/** One ServiceMonitor per service: its Kubernetes selector, else `app.kubernetes.io/name=<name>` on port `http`. */
function serviceMonitors(
  options: DeploymentOptions,
  namespace: string,
  labels: Readonly<Record<string, string>>,
) {
  return (options.services ?? []).map((service) => {
    const k8s = 'kubernetes' in service.targets ? service.targets.kubernetes : undefined;
    const auth = service.auth;
    return buildServiceMonitor({
      name: service.name,
      namespace: k8s?.namespace ?? namespace,
      selector: k8s?.labels ?? { 'app.kubernetes.io/name': service.name },
      ...(k8s ? { port: k8s.port } : {}),
      ...(service.metricsPath !== undefined ? { path: service.metricsPath } : {}),
      ...(service.scrapeInterval !== undefined ? { interval: service.scrapeInterval } : {}),
      ...(service.scrapeTimeout !== undefined ? { scrapeTimeout: service.scrapeTimeout } : {}),
      ...(service.sampleLimit !== undefined ? { sampleLimit: service.sampleLimit } : {}),
      ...(service.labelLimit !== undefined ? { labelLimit: service.labelLimit } : {}),
      ...(auth && 'bearerTokenFile' in auth
        ? { bearerTokenSecret: { name: scrapeAuthSecretName(service.name), key: basename(auth.bearerTokenFile) } }
        : {}),
      ...(auth && 'basicAuth' in auth
        ? {
            basicAuthSecret: {
              name: scrapeAuthSecretName(service.name),
              usernameKey: 'username',
              passwordKey: basename(auth.basicAuth.passwordFile),
            },
          }
        : {}),
      labels,
    });
  });
}

function datasourcesFor(options: DeploymentOptions, profile: MonitoringProfile): GrafanaDatasourcesConfig {
  const base = profileDatasources(options, profile);
  const am = base.alertmanager || undefined;
  const grafana = options.grafana ?? {};
  const extra = grafana.extraDatasources;
  const pick = (kind: 'loki' | 'tempo' | 'jaeger') => {
    const ds = extra?.find((d) => d.kind === kind);
    return ds ? { url: ds.url, name: ds.name } : false;
  };
  return {
    ...base,
    prometheus: {
      ...base.prometheus,
      ...(grafana.datasourceTlsCaFile !== undefined ? { tlsCaFile: grafana.datasourceTlsCaFile } : {}),
    },
    // the same CA for Alertmanager's HTTPS (the production profile serves both over TLS)
    ...(am?.url.startsWith('https:') && grafana.datasourceTlsCaFile !== undefined
      ? { alertmanager: { ...am, tlsCaFile: grafana.datasourceTlsCaFile } }
      : {}),
    ...(extra ? { tempo: pick('tempo'), jaeger: pick('jaeger'), loki: pick('loki') } : {}),
  };
}

/** A Grafana folder uid from its title: lower case, `[a-z0-9-]`, at most 40 characters. */
function folderUidOf(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || DASHBOARD_FOLDER;
}

function profileDatasources(options: DeploymentOptions, profile: MonitoringProfile): GrafanaDatasourcesConfig {
  const ns = options.namespace ?? DEFAULT_NAMESPACE;
  const local = (hostPort: string | undefined, fallback: number) =>
    `http://${hostPort ?? `localhost:${fallback}`}`;
  const scrapeInterval = options.profile === 'e2e' ? E2E_INTERVALS.scrape : DEFAULT_INTERVALS.scrape;
  switch (options.profile) {
    // An agent serves no queries: Grafana reads the remote store it writes to (an edit of the
    // provisioned URL points it there); the local address is the agent's own default.
    case 'dev':
    case 'e2e':
    case 'agent':
      return {
        prometheus: { url: local(options.prometheus, DEFAULT_PORTS.prometheus), scrapeInterval },
        alertmanager: { url: local(options.alertmanager, DEFAULT_PORTS.alertmanager) },
      };
    case 'compose':
      return {
        prometheus: { url: `http://prometheus:${DEFAULT_PORTS.prometheus}`, scrapeInterval },
        alertmanager: { url: `http://alertmanager:${DEFAULT_PORTS.alertmanager}` },
        tempo: { url: 'http://tempo:3200' },
        loki: { url: 'http://loki:3100' },
      };
    case 'kubernetes':
      return {
        prometheus: {
          url: `http://prometheus-operated.${ns}.svc:${DEFAULT_PORTS.prometheus}`,
          scrapeInterval,
        },
        alertmanager: { url: `http://alertmanager-operated.${ns}.svc:${DEFAULT_PORTS.alertmanager}` },
        tempo: { url: `http://tempo.${ns}.svc:3200` },
        loki: { url: `http://loki.${ns}.svc:3100` },
      };
    case 'scale':
      // The shards are agents: Grafana queries VictoriaMetrics (Prometheus' query API), which holds
      // every shard's series and vmalert's recording rules.
      return {
        prometheus: {
          url: profile.victoriaMetrics?.url ?? `http://victoriametrics:${VICTORIA_METRICS_PORT}`,
          scrapeInterval,
        },
        alertmanager: { url: `http://${options.alertmanager ?? `alertmanager:${DEFAULT_PORTS.alertmanager}`}` },
        tempo: { url: 'http://tempo:3200' },
        loki: { url: 'http://loki:3100' },
      };
    case 'production':
      // Grafana queries the pair through one load-balanced address; see docs/operations.md.
      return {
        prometheus: { url: `https://prometheus:${DEFAULT_PORTS.prometheus}`, scrapeInterval },
        alertmanager: { url: `https://alertmanager:${DEFAULT_PORTS.alertmanager}` },
        tempo: { url: 'http://tempo:3200' },
        loki: { url: 'http://loki:3100' },
      };
  }
}

/**
 * Docker secrets for every secret (and CA) file under /run/secrets the configs reference. A service's
 * own scrape credential is also mounted into that service's container (at the same path), so the
 * service can check the token Prometheus presents.
 */
function composeSecrets(
  profile: MonitoringProfile,
  apps: readonly ComposeAppService[],
  services: readonly DeploymentService[],
): Record<string, ComposeSecret> {
  const secrets: Record<string, ComposeSecret> = {};
  const prefix = `${COMPOSE_PATHS.secretsDir}/`;
  // The compose profile's one server is the `prometheus` service; the scale profile's shards are
  // services of their own names.
  const serviceOf = (name: string) => (profile.name === 'scale' ? name : 'prometheus');
  const users = (file: string): ComposeSecret['services'] => {
    const inProm = profile.prometheus
      .filter((p) => JSON.stringify(p.config).includes(`"${file}"`))
      .map((p) => serviceOf(p.name));
    const inAm = JSON.stringify(profile.alertmanager?.config ?? {}).includes(`"${file}"`);
    return [...new Set(inProm), ...(inAm ? (['alertmanager'] as const) : [])];
  };
  for (const file of [...profile.files.secretFiles, ...profile.files.tlsFiles]) {
    if (!file.startsWith(prefix)) continue;
    const name = file.slice(prefix.length);
    secrets[name] = { file: `./secrets/${name}`, services: users(file) };
  }
  for (const service of services) {
    const auth = service.auth;
    const own = auth && 'bearerTokenFile' in auth ? auth.bearerTokenFile : auth?.basicAuth.passwordFile;
    const name = own === undefined ? undefined : basename(own);
    if (name && secrets[name] && apps.some((a) => a.name === service.name)) {
      secrets[name] = { ...secrets[name], services: [...secrets[name].services, service.name] };
    }
  }
  return secrets;
}

/**
 * The rule files and the Kubernetes objects: ServiceMonitors, dashboard ConfigMaps and, opted in, the
 * node_exporter DaemonSet (kube-prometheus-stack runs its own, which a second would scrape twice).
 */
function renderKubernetesFiles(
  options: DeploymentOptions,
  dashboards: Readonly<Record<string, string>>,
  folder: string,
): Record<string, string> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const labels = { ...DEFAULT_KUBERNETES_LABELS, ...options.kubernetesLabels };
  const files: Record<string, string> = { ...renderRuleTree(options, { namespace, labels }) };
  const monitors = serviceMonitors(options, namespace, labels);
  if (monitors.length > 0) {
    const comments = serviceMonitorSecretComments(options, namespace);
    const [header, ...rest] = renderYamlDocuments(monitors).split('\n');
    files[TREE_PATHS.serviceMonitor] = [header, ...comments, ...rest].join('\n');
  }
  files[TREE_PATHS.dashboardConfigMaps] = renderYamlDocuments(
    buildDashboardConfigMaps(dashboards, { namespace, folder, labels }),
  );
  if (options.kubernetes?.nodeExporter === true) {
    files[TREE_PATHS.nodeExporter] = renderYamlDocuments(buildNodeExporterObjects({ namespace, labels }));
  }
  return files;
}

/**
 * Renders the whole deployment tree of a profile — what `obskit generate` writes:
 * `prometheus/prometheus.yml` (one `prometheus/<replica>.yml` per replica of the HA pair, plus
 * `web.yml`, `alertmanager/web.yml` and the gossip TLS file `alertmanager/cluster-tls.yml`; one `prometheus/<shard>.yml` per agent shard of the scale profile, whose rules vmalert
 * evaluates against VictoriaMetrics), `prometheus/rules/*.yml` and their promtool tests `prometheus/tests/*.yml` (not for e2e,
 * whose rules are time-scaled), `kubernetes/prometheus-rule.yaml`, `alertmanager/alertmanager.yml`, Grafana provisioning and dashboards,
 * `docker-compose.monitoring.yml` (compose and scale profiles), `kubernetes/*.yaml` (with `kubernetes.nodeExporter`, a
 * node_exporter DaemonSet too) and a README. Pure: same options, same bytes.
 *
 * @throws ObskitValidationError from any builder, listing every problem.
 */
export function renderDeploymentTree(options: DeploymentOptions): GeneratedFiles {
  assertValidDeploymentOptions(options);
  const files: Record<string, string> = {};
  const profile = buildMonitoringProfile(options.profile, profileOptions(options));

  // The scale profile's shards keep their names (prometheus-agent-<i>.yml) even when there is one.
  const single = profile.prometheus.length === 1 && profile.name !== 'scale';
  for (const instance of profile.prometheus) {
    const path = single ? 'prometheus/prometheus.yml' : `prometheus/${instance.name}.yml`;
    files[path] = renderPrometheusConfig(instance.config, { mode: profile.mode });
  }
  if (profile.web) files['prometheus/web.yml'] = renderWebConfig(profile.web);
  if (profile.alertmanager?.web) files['alertmanager/web.yml'] = renderWebConfig(profile.alertmanager.web);
  if (profile.alertmanager?.clusterTls)
    files['alertmanager/cluster-tls.yml'] = renderClusterTlsConfig(profile.alertmanager.clusterTls);
  if (profile.alertmanager)
    files['alertmanager/alertmanager.yml'] = renderAlertmanagerConfig(profile.alertmanager.config);

  const folder = options.grafana?.folder ?? DASHBOARD_FOLDER;
  // Only the dashboards that apply to the services' packs (all of them without services, and for the
  // e2e stack, whose live spec reads every panel).
  const services = options.services ?? [];
  const models = buildDashboards(
      {
        // The SLOs dashboard shows the config's SLOs (none: the default rule groups' SLOs).
        ...(options.slos ? { slos: options.slos } : {}),
        ...(options.costBudgetUsdPerDay === undefined ? {} : { costBudgetUsdPerDay: options.costBudgetUsdPerDay }),
        // The threshold lines follow the alert overrides the rules are built with.
        ...(options.alerts?.overrides ? { alertOverrides: options.alerts.overrides } : {}),
      // A Loki the config names (not the profile's placeholder address): System Health shows its logs.
      ...(options.grafana?.extraDatasources?.some((d) => d.kind === 'loki') ? { lokiLogs: true } : {}),
      },
      services.length > 0 && options.profile !== 'e2e'
        ? dashboardsFor(
            services.flatMap((s) => s.packs ?? DEFAULT_SERVICE_PACKS),
            { slos: options.slos ?? [] },
          )
        : undefined,
  );
  const dashboards = renderDashboards(models);
  files[TREE_PATHS.datasources] = renderYaml(buildGrafanaDatasources(datasourcesFor(options, profile)));
  if (options.grafana?.dashboardSchema === 'v2') {
    // v2 resources only: classic provisioning refuses them, and the same uids provisioned both ways
    // would clash, so there is no classic dashboard provider.
    const resources = renderDashboardsAs(models, 'v2');
    for (const uid of Object.keys(resources))
      files[`${TREE_PATHS.dashboardsV2Dir}/${uid}.json`] = resources[uid];
  } else {
    for (const uid of Object.keys(dashboards))
      files[`${TREE_PATHS.dashboardsDir}/${uid}.json`] = dashboards[uid];
    files[TREE_PATHS.dashboardProviders] = renderYaml(
      buildDashboardProviders([
        { folder, folderUid: folderUidOf(folder), path: COMPOSE_PATHS.grafanaDashboardsDir },
      ]),
    );
  }

  // The Compose stack mounts prometheus/*.yml with service-name targets: only the compose and scale
  // profiles' (scale: the agent shards, VictoriaMetrics and vmalert in place of the one server).
  let secretFiles: string[] = [];
  if (inCompose(options)) {
    const retention = options.storage?.retention;
    const apps = composeServices(options);
    const vm = profile.victoriaMetrics;
    const compose = buildComposeFile({
      ...(vm ? { scale: { shards: profile.prometheus.map((p) => p.name), vmalertArgs: vm.vmalertArgs } } : {}),
      services: apps,
      secrets: composeSecrets(profile, apps, options.services ?? []),
      ...(retention?.time !== undefined ? { retention: retention.time } : {}),
      ...(retention?.size !== undefined ? { retentionSize: retention.size } : {}),
      ...(options.grafana?.url !== undefined ? { grafanaRootUrl: options.grafana.url } : {}),
      ...(options.grafana?.adminPasswordFile !== undefined
        ? { grafanaAdminPasswordFile: options.grafana.adminPasswordFile }
        : {}),
      ...(options.grafana?.dashboardSchema !== undefined
        ? { dashboardSchema: options.grafana.dashboardSchema }
        : {}),
    });
    files[TREE_PATHS.compose] = renderYaml(compose);
    secretFiles = Object.values(compose.secrets).map((s) => s.file.replace(/^\.\/secrets\//, ''));
    // The operator's secret files go here; keep them out of git.
    files[TREE_PATHS.secretsGitignore] =
      '# Generated by obskit: the secret files of the Compose stack stay out of git.\n*\n!.gitignore\n';
  }

  Object.assign(files, renderKubernetesFiles(options, dashboards, folder));

  files[TREE_PATHS.readme] = renderDeploymentReadme(options, Object.keys(files), secretFiles, profile);
  const sorted: Record<string, string> = {};
  for (const path of Object.keys(files).sort()) sorted[path] = files[path];
  return sorted;
}
