import { throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import type { NotificationsOptions, ServiceOptions, StorageOptions } from '@obskit/prometheus-config';
import type { PackName, ServiceRulesOptions, SloSpec } from '@obskit/alerts';
import { DASHBOARD_SCHEMAS, type DashboardSchema } from '@obskit/dashboards';
import { PROVISIONING_CODES, type ProvisioningCode } from '../codes.js';
import { checkLabels, checkNamespace } from '../kubernetes/objects.js';

/** Profiles of a generated deployment tree. */
export const DEPLOYMENT_PROFILES = ['dev', 'compose', 'kubernetes', 'production', 'e2e', 'agent', 'scale'] as const;
/** One of {@link DEPLOYMENT_PROFILES}. */
export type DeploymentProfile = (typeof DEPLOYMENT_PROFILES)[number];

/** Stable code of invalid deployment options. */
export const INVALID_DEPLOYMENT_OPTIONS = PROVISIONING_CODES.invalidDeploymentOptions;

/** How Compose (and `obskit up`) runs a service. */
export interface ServiceRun {
  /** Pinned image Compose runs (a version tag or digest). */
  readonly image?: string;
  /** Shell command: what `obskit up` runs, and Compose runs in a Node image when there is no `image`. */
  readonly command?: string;
  /** Working directory of `command`, relative to the project. */
  readonly cwd?: string;
  /** Environment of the service (not for secrets: those are files). */
  readonly env?: Readonly<Record<string, string>>;
  /** Port the service listens on. @defaultValue the port of its first static target */
  readonly port?: number;
  /** Compose: build the image from this context and Dockerfile (relative to the generated tree). */
  readonly build?: { readonly context: string; readonly dockerfile: string };
  /** Compose: host port the service is published on. @defaultValue `port` */
  readonly publishPort?: number;
  /** Compose: volume mounts, e.g. `data:/data`. */
  readonly volumes?: readonly string[];
  /** Compose: health check command (`['CMD', ...]`). */
  readonly healthcheck?: readonly string[];
}

/** A service of the deployment: what Prometheus scrapes, and how Compose runs it. */
export interface DeploymentService extends ServiceOptions {
  /** Alert packs (and dashboards) that apply to it. @defaultValue `['http', 'runtime', 'scrape']` */
  readonly packs?: readonly PackName[];
  readonly run?: ServiceRun;
}

/** An extra Grafana datasource. */
export interface GrafanaExtraDatasource {
  readonly kind: 'loki' | 'tempo' | 'jaeger';
  readonly name: string;
  readonly url: string;
}

/** Grafana of the deployment. */
export interface DeploymentGrafana {
  /** Public URL (`GF_SERVER_ROOT_URL`). @defaultValue `'http://localhost:3000'` */
  readonly url?: string;
  /** Folder the dashboards are provisioned into. @defaultValue `'obskit'` */
  readonly folder?: string;
  /** Admin password file, relative to the generated tree (Compose secret). @defaultValue `'./secrets/grafana-admin-password'` */
  readonly adminPasswordFile?: string;
  /** CA bundle Grafana verifies Prometheus' certificate with, as a path inside the Grafana container (`$__file{}`). */
  readonly datasourceTlsCaFile?: string;
  /** Loki, Tempo or Jaeger datasources; when given, they replace the profile's default Tempo and Loki. */
  readonly extraDatasources?: readonly GrafanaExtraDatasource[];
  /**
   * Schema of the dashboard files. `v1`: the classic JSON model in `grafana/dashboards/`, read by
   * classic file provisioning (every Grafana). `v2` (opt-in): `dashboard.grafana.app/v2beta1`
   * resources in `grafana/dashboards-v2/`, read by Grafana 12's on-prem file provisioning (feature
   * toggles `provisioning`, `kubernetesDashboards`, and `dashboardNewLayouts` for the v2 schema), which
   * classic provisioning refuses; the Kubernetes ConfigMaps stay v1 (the sidecar provisions classically).
   * @defaultValue `'v1'`
   */
  readonly dashboardSchema?: DashboardSchema;
}

/** The `scale` profile: agent shards splitting the targets by hashmod, writing into VictoriaMetrics. */
export interface DeploymentScale {
  /** Prometheus agents (`prometheus-agent-<i>`) the targets are split across. @defaultValue 2 */
  readonly shards?: number;
  /**
   * Base URL of the VictoriaMetrics the shards remote-write into, vmalert evaluates the rule files
   * against and Grafana's Prometheus datasource queries. @defaultValue `'http://victoriametrics:8428'`
   * (the Compose stack's `victoriametrics` service)
   */
  readonly victoriaMetricsUrl?: string;
}

/** Opt-in parts of the generated Kubernetes objects (`kubernetes/`). */
export interface DeploymentKubernetes {
  /**
   * Also write `kubernetes/node-exporter.yaml`: a node_exporter DaemonSet (the pinned
   * `IMAGES.nodeExporter`), a headless Service and a ServiceMonitor scraping it as job `node` (the
   * System Health host row, the host alerts of `alerts.packs.host`); the kubernetes profile's
   * prometheus.yml, for a Prometheus without the operator, scrapes the same Service as job `node`.
   * Off by default: kube-prometheus-stack runs its own node-exporter DaemonSet, and a second would
   * scrape every node twice (and fail to bind port 9100 beside it). Turn it on in a cluster without
   * that chart.
   * @defaultValue false
   */
  readonly nodeExporter?: boolean;
}

/**
 * Options of {@link renderDeploymentTree}; recorded in the manifest so that `obskit check`
 * regenerates the same tree. Only `profile` is required; nothing defaults to an application.
 */
export interface DeploymentOptions {
  /** `dev`: localhost; `compose`: the Compose stack; `kubernetes`: operator objects and in-cluster
   * discovery; `production`: HA Prometheus pair + Alertmanager cluster; `e2e`: 1 s intervals, scaled rules;
   * `agent`: Prometheus in agent mode forwarding to `storage.remoteWrite`; `scale`: agent shards
   * (hashmod) writing into VictoriaMetrics, vmalert evaluating the rules (see {@link DeploymentScale}). */
  readonly profile: DeploymentProfile;
  /** The services to scrape (and, in Compose, run). @defaultValue none */
  readonly services?: readonly DeploymentService[];
  /** Packs on/off for every service, per-alert threshold/`for`/severity, runbook base URL. */
  readonly alerts?: Pick<ServiceRulesOptions, 'packs' | 'overrides' | 'runbookBaseUrl'>;
  /** SLOs of the services: burn-rate alerts and recording rules. @defaultValue none */
  readonly slos?: readonly SloSpec[];
  /** Receivers and routing; without it, the profile's standard routing (or `webhookUrl`). */
  readonly notifications?: NotificationsOptions;
  /** Retention and remote_write. */
  readonly storage?: StorageOptions;
  readonly grafana?: DeploymentGrafana;
  /** Shards and VictoriaMetrics of the `scale` profile (ignored by the others). */
  readonly scale?: DeploymentScale;
  /** `host:port` Prometheus scrapes itself at (dev, compose, e2e). */
  readonly prometheus?: string;
  /** `host:port` of Alertmanager (dev, compose, e2e). */
  readonly alertmanager?: string;
  /**
   * `host:port` of the host's node_exporter, scraped as job `node` (the Host row, the host alerts).
   * @defaultValue compose: `host.docker.internal:9100` (the stack's node-exporter); elsewhere none
   */
  readonly nodeExporter?: string;
  /** Every alert goes to this webhook (e2e, tests); otherwise the standard receivers. */
  readonly webhookUrl?: string;
  /** Kubernetes namespace of the generated objects. @defaultValue `'monitoring'` */
  readonly namespace?: string;
  /**
   * Labels on Kubernetes objects, merged over `DEFAULT_KUBERNETES_LABELS` (`release: kube-prometheus-stack`,
   * which that chart's rule and ServiceMonitor selectors match): set `release` to your Helm release's name.
   */
  readonly kubernetesLabels?: Readonly<Record<string, string>>;
  /** Opt-in Kubernetes objects: `{ nodeExporter: true }` adds a node_exporter DaemonSet. */
  readonly kubernetes?: DeploymentKubernetes;
  /**
   * Daily GenAI budget of `ObskitAgentCostBurnRateHigh`, USD: one for every service, or one per service
   * name (a service without one gets the alerts default). @defaultValue the alerts default (100)
   */
  readonly costBudgetUsdPerDay?: number | Readonly<Record<string, number>>;
}

/** Problems of the Kubernetes options: namespace, labels and the opt-in objects. */
function kubernetesProblems(options: DeploymentOptions): ValidationProblem<ProvisioningCode>[] {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  // Programmatic callers (and JSON) can pass anything; the config's schema already refuses a non-boolean.
  const nodeExporter: unknown = options.kubernetes?.nodeExporter;
  if (nodeExporter !== undefined && typeof nodeExporter !== 'boolean') {
    problems.push({
      code: INVALID_DEPLOYMENT_OPTIONS,
      subject: 'kubernetes.nodeExporter',
      message: `Invalid kubernetes.nodeExporter ${JSON.stringify(nodeExporter)}: expected true or false`,
    });
  }
  if (options.namespace !== undefined) problems.push(...checkNamespace(options.namespace, 'namespace'));
  if (options.kubernetesLabels) problems.push(...checkLabels(options.kubernetesLabels, 'kubernetesLabels'));
  return problems;
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/;

/**
 * Checks deployment options, listing every problem.
 *
 * @throws ObskitValidationError `OBSKIT_INVALID_DEPLOYMENT_OPTIONS`.
 */
export function assertValidDeploymentOptions(options: DeploymentOptions): void {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  const add = (subject: string, message: string) =>
    problems.push({ code: INVALID_DEPLOYMENT_OPTIONS, subject, message });
  if (!(DEPLOYMENT_PROFILES as readonly string[]).includes(options.profile)) {
    add('profile', `Invalid profile "${options.profile}": expected one of ${DEPLOYMENT_PROFILES.join(', ')}`);
  }
  for (const key of ['prometheus', 'alertmanager', 'nodeExporter'] as const) {
    const value = options[key];
    if (value !== undefined && !HOST_PORT.test(value)) {
      add(key, `Invalid ${key} "${value}": expected host:port, e.g. 127.0.0.1:9093`);
    }
  }
  if (options.webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(options.webhookUrl)) {
    add('webhookUrl', `Invalid webhook URL "${options.webhookUrl}": expected an http(s) URL`);
  }
  if (options.profile === 'e2e') {
    if (!options.services?.length) {
      add('services', 'Missing option "services": the e2e profile scrapes the services the test started');
    }
    const flags = {
      prometheus: '--prometheus',
      alertmanager: '--alertmanager',
      webhookUrl: '--webhook-url',
    } as const;
    for (const [key, flag] of Object.entries(flags) as [keyof typeof flags, string][]) {
      if (options[key] === undefined) {
        add(key, `Missing option "${key}" (${flag}): the e2e profile runs on the addresses the test chose`);
      }
    }
  }
  if (options.profile === 'compose' || options.profile === 'scale') {
    // Prometheus runs in the stack: a service the stack runs is reached by its Compose service name.
    (options.services ?? []).forEach((service, i) => {
      const run = service.run;
      if (!run || (run.image === undefined && run.command === undefined)) return;
      const targets = 'static' in service.targets ? service.targets.static : undefined;
      const wrong = (targets ?? []).filter((t) => !t.startsWith(`${service.name}:`));
      if (!targets || wrong.length > 0) {
        add(
          `services[${i}].targets`,
          `Invalid targets ${JSON.stringify(targets ?? service.targets)} of "${service.name}": the Compose stack runs it, so Prometheus reaches it as "${service.name}:<port>" (static targets)`,
        );
      }
    });
  }
  const budget = options.costBudgetUsdPerDay;
  const isBudget = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 1;
  if (budget !== undefined && typeof budget === 'object' && budget !== null) {
    const names = new Set((options.services ?? []).map((s) => s.name));
    for (const [name, value] of Object.entries(budget)) {
      if (!names.has(name)) {
        add(
          `costBudgetUsdPerDay.${name}`,
          `Unknown service "${name}" in the cost budget: expected one of ${[...names].join(', ') || '(no services)'}`,
        );
      } else if (!isBudget(value)) {
        add(
          `costBudgetUsdPerDay.${name}`,
          `Invalid cost budget ${String(value)} of "${name}": expected a number of USD per day, at least 1`,
        );
      }
    }
  } else if (budget !== undefined && !isBudget(budget)) {
    add('costBudgetUsdPerDay', `Invalid cost budget ${String(budget)}: expected a number of USD per day, at least 1`);
  }
  const schema = options.grafana?.dashboardSchema;
  if (schema !== undefined && !(DASHBOARD_SCHEMAS as readonly string[]).includes(schema)) {
    add(
      'grafana.dashboardSchema',
      `Invalid dashboard schema "${String(schema)}": expected one of ${DASHBOARD_SCHEMAS.join(', ')}`,
    );
  }
  problems.push(...kubernetesProblems(options));
  throwIfProblems<ProvisioningCode>(INVALID_DEPLOYMENT_OPTIONS, 'Invalid deployment options', problems);
}
