import { buildDashboards, renderDashboards } from '@obskit/dashboards';
import {
  DEFAULT_INTERVALS,
  DEFAULT_JOB_NAMES,
  DEFAULT_PORTS,
  E2E_INTERVALS,
  buildMonitoringProfile,
  renderAlertmanagerConfig,
  renderPrometheusConfig,
  renderWebConfig,
  type MonitoringProfile,
  type MonitoringProfileOptions,
} from '@obskit/prometheus-config';
import { COMPOSE_PATHS, buildComposeFile, type ComposeSecret } from '../compose/compose.js';
import { buildDashboardProviders } from '../grafana/dashboard-providers.js';
import { buildGrafanaDatasources, type GrafanaDatasourcesConfig } from '../grafana/datasources.js';
import { buildDashboardConfigMaps } from '../kubernetes/dashboard-config-maps.js';
import { buildServiceMonitor } from '../kubernetes/service-monitor.js';
import { renderYaml, renderYamlDocuments } from '../render.js';
import type { GeneratedFiles } from '../writer/tree.js';
import { assertValidDeploymentOptions, type DeploymentOptions } from './options.js';
import { renderDeploymentReadme } from './readme.js';
import { renderRuleTree } from './rules.js';

/** Grafana folder (title and uid) the kit's dashboards are provisioned into. */
export const DASHBOARD_FOLDER = 'obskit';
/** Default Kubernetes namespace of the generated objects. */
export const DEFAULT_NAMESPACE = 'monitoring';

/** Files of the generated tree, relative to its root. */
export const TREE_PATHS = {
  datasources: 'grafana/provisioning/datasources/obskit.yml',
  dashboardProviders: 'grafana/provisioning/dashboards/obskit.yml',
  dashboardsDir: 'grafana/dashboards',
  compose: 'docker-compose.monitoring.yml',
  serviceMonitor: 'kubernetes/service-monitor.yaml',
  prometheusRule: 'kubernetes/prometheus-rule.yaml',
  dashboardConfigMaps: 'kubernetes/grafana-dashboards.yaml',
  rulesDir: 'prometheus/rules',
  ruleTestsDir: 'prometheus/tests',
  readme: 'README.md',
  secretsGitignore: 'secrets/.gitignore',
} as const;

function profileOptions(options: DeploymentOptions): MonitoringProfileOptions {
  return {
    ...(options.target ? { appTargets: [options.target] } : {}),
    ...(options.prometheus ? { prometheusTarget: options.prometheus } : {}),
    ...(options.alertmanager ? { alertmanagerTargets: [options.alertmanager] } : {}),
    ...(options.webhookUrl ? { alertmanager: { webhookUrl: options.webhookUrl } } : {}),
    ...(options.profile === 'kubernetes'
      ? { alertmanagerNamespace: options.namespace ?? DEFAULT_NAMESPACE }
      : {}),
  };
}

function datasourcesFor(options: DeploymentOptions): GrafanaDatasourcesConfig {
  const ns = options.namespace ?? DEFAULT_NAMESPACE;
  const local = (hostPort: string | undefined, fallback: number) =>
    `http://${hostPort ?? `localhost:${fallback}`}`;
  const scrapeInterval = options.profile === 'e2e' ? E2E_INTERVALS.scrape : DEFAULT_INTERVALS.scrape;
  switch (options.profile) {
    case 'dev':
    case 'e2e':
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
    case 'production':
      // Grafana queries the pair through one load-balanced address; see docs/operations.md.
      return {
        prometheus: { url: `https://prometheus:${DEFAULT_PORTS.prometheus}`, scrapeInterval },
        alertmanager: { url: `http://alertmanager:${DEFAULT_PORTS.alertmanager}` },
        tempo: { url: 'http://tempo:3200' },
        loki: { url: 'http://loki:3100' },
      };
  }
}

/** Docker secrets for every secret file under /run/secrets the configs reference. */
function composeSecrets(profile: MonitoringProfile): Record<string, ComposeSecret> {
  const secrets: Record<string, ComposeSecret> = {};
  const prefix = `${COMPOSE_PATHS.secretsDir}/`;
  const users = (file: string): ComposeSecret['services'] => {
    const inProm = profile.prometheus.some((p) => JSON.stringify(p.config).includes(`"${file}"`));
    const inAm = JSON.stringify(profile.alertmanager?.config ?? {}).includes(`"${file}"`);
    return [...(inProm ? (['prometheus'] as const) : []), ...(inAm ? (['alertmanager'] as const) : [])];
  };
  for (const file of profile.files.secretFiles) {
    if (!file.startsWith(prefix)) continue;
    const name = file.slice(prefix.length);
    secrets[name] = { file: `./secrets/${name}`, services: users(file) };
  }
  return secrets;
}

/**
 * Renders the whole deployment tree of a profile — what `obskit generate` writes:
 * `prometheus/prometheus.yml` (one `prometheus/<replica>.yml` per replica of the HA pair, plus
 * `web.yml`), `prometheus/rules/*.yml` and their promtool tests `prometheus/tests/*.yml` (not for e2e,
 * whose rules are time-scaled), `kubernetes/prometheus-rule.yaml`, `alertmanager/alertmanager.yml`, Grafana provisioning and dashboards,
 * `docker-compose.monitoring.yml` (compose profile), `kubernetes/*.yaml` and a README. Pure: same options, same bytes.
 *
 * @throws ObskitValidationError from any builder, listing every problem.
 */
export function renderDeploymentTree(options: DeploymentOptions): GeneratedFiles {
  assertValidDeploymentOptions(options);
  const files: Record<string, string> = {};
  const profile = buildMonitoringProfile(options.profile, profileOptions(options));

  const single = profile.prometheus.length === 1;
  for (const instance of profile.prometheus) {
    const path = single ? 'prometheus/prometheus.yml' : `prometheus/${instance.name}.yml`;
    files[path] = renderPrometheusConfig(instance.config, { mode: profile.mode });
  }
  if (profile.web) files['prometheus/web.yml'] = renderWebConfig(profile.web);
  if (profile.alertmanager)
    files['alertmanager/alertmanager.yml'] = renderAlertmanagerConfig(profile.alertmanager.config);

  const dashboards = renderDashboards(buildDashboards());
  for (const uid of Object.keys(dashboards))
    files[`${TREE_PATHS.dashboardsDir}/${uid}.json`] = dashboards[uid];
  files[TREE_PATHS.datasources] = renderYaml(buildGrafanaDatasources(datasourcesFor(options)));
  files[TREE_PATHS.dashboardProviders] = renderYaml(
    buildDashboardProviders([
      { folder: DASHBOARD_FOLDER, folderUid: DASHBOARD_FOLDER, path: COMPOSE_PATHS.grafanaDashboardsDir },
    ]),
  );

  // The Compose stack mounts prometheus/prometheus.yml with service-name targets: only the compose profile's.
  let secretFiles: string[] = [];
  if (options.profile === 'compose') {
    const compose = buildComposeFile({
      demoApi: { port: DEFAULT_PORTS.app },
      secrets: composeSecrets(profile),
    });
    files[TREE_PATHS.compose] = renderYaml(compose);
    secretFiles = Object.values(compose.secrets).map((s) => s.file.replace(/^\.\/secrets\//, ''));
    // The operator's secret files go here; keep them out of git.
    files[TREE_PATHS.secretsGitignore] =
      '# Generated by obskit: the secret files of the Compose stack stay out of git.\n*\n!.gitignore\n';
  }

  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const labels = options.kubernetesLabels ?? {};
  Object.assign(files, renderRuleTree(options, { namespace, labels }));
  files[TREE_PATHS.serviceMonitor] = renderYamlDocuments([
    buildServiceMonitor({
      name: DEFAULT_JOB_NAMES.app,
      namespace,
      selector: { 'app.kubernetes.io/name': DEFAULT_JOB_NAMES.app },
      labels,
    }),
  ]);
  files[TREE_PATHS.dashboardConfigMaps] = renderYamlDocuments(
    buildDashboardConfigMaps(dashboards, { namespace, folder: DASHBOARD_FOLDER, labels }),
  );

  files[TREE_PATHS.readme] = renderDeploymentReadme(options, Object.keys(files), secretFiles);
  const sorted: Record<string, string> = {};
  for (const path of Object.keys(files).sort()) sorted[path] = files[path];
  return sorted;
}
