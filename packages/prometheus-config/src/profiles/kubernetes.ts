import {
  DEFAULT_JOB_NAMES,
  DEFAULT_KUBERNETES_NAMESPACE,
  DEFAULT_PORTS,
  DEFAULT_SCRAPE_LIMITS,
  DEFAULT_SECRETS_DIRS,
  KUBERNETES_NODE_EXPORTER,
} from '../config.js';
import { buildKubernetesAlerting } from '../prometheus/alerting.js';
import {
  buildKubernetesEndpointsScrapeConfig,
  buildKubernetesPodsScrapeConfig,
  buildStaticScrapeConfig,
  withServiceDiscovery,
} from '../prometheus/scrape.js';
import type { RelabelConfig, ScrapeConfig } from '../prometheus/types.js';
import {
  alertmanagerFor,
  hostPort,
  serviceJobs,
  serverConfig,
  singleServer,
  type StandardRoutingOptions,
} from './shared.js';
import type { MonitoringProfile, ProfileBaseOptions, SharedProfileOptions } from './types.js';

/** Options of the `kubernetes` profile. */
export interface KubernetesProfileOptions
  extends
    ProfileBaseOptions,
    Pick<SharedProfileOptions, 'prometheusTarget' | 'evaluationInterval' | 'ruleFiles' | 'notifications'> {
  /**
   * Also scrape every pod and Service annotated `prometheus.io/scrape: "true"` (jobs
   * `kubernetes-pods` / `kubernetes-endpoints`). @defaultValue true
   */
  readonly annotationDiscovery?: boolean;
  /** Namespaces the annotation discovery looks in. @defaultValue all */
  readonly namespaces?: readonly string[];
  /** Namespace of the Alertmanager Service. @defaultValue `'monitoring'` */
  readonly alertmanagerNamespace?: string;
  /** Where secret files are mounted. @defaultValue `'/etc/obskit/secrets'` */
  readonly secretsDir?: string;
  /** Without `notifications`: the standard severity routing (PagerDuty, Slack, email). */
  readonly alertmanager?: StandardRoutingOptions;
  /**
   * Also scrape the node_exporter DaemonSet of obskit's Kubernetes objects (`kubernetes: { nodeExporter:
   * true }` of the deployment) as job `node`, for a Prometheus run without the Prometheus Operator (which
   * reads their ServiceMonitor instead): endpoints discovery in `namespace`, only the endpoints of the
   * `KUBERNETES_NODE_EXPORTER` Service and port, `instance` the node's name — the series the
   * ServiceMonitor yields, which the System Health host row and the host alerts read. Leave it off
   * beside another node_exporter DaemonSet (kube-prometheus-stack's), or each node is scraped twice.
   * `true` is `{ namespace: 'monitoring' }`. @defaultValue false
   */
  readonly nodeExporter?: boolean | { readonly namespace?: string };
}

/**
 * Relabelling of the `node` job: only the node_exporter Service's endpoints of its metrics port, and
 * `instance` the node's name — the endpoint's `nodeName`, else the pod's node (the DaemonSet's pods run
 * on the host's network, so both name it), else Prometheus' default, the address.
 */
const NODE_EXPORTER_RELABEL_CONFIGS: readonly RelabelConfig[] = [
  {
    source_labels: ['__meta_kubernetes_service_name'],
    regex: KUBERNETES_NODE_EXPORTER.serviceName,
    action: 'keep',
  },
  {
    source_labels: ['__meta_kubernetes_endpoint_port_name'],
    regex: KUBERNETES_NODE_EXPORTER.portName,
    action: 'keep',
  },
  {
    source_labels: [KUBERNETES_NODE_EXPORTER.nodeNameLabel],
    regex: '(.+)',
    target_label: 'instance',
    action: 'replace',
  },
  {
    source_labels: ['__meta_kubernetes_endpoint_node_name'],
    regex: '(.+)',
    target_label: 'instance',
    action: 'replace',
  },
];

/** The `node` job over the node_exporter Service's endpoints, when `options.nodeExporter` asks for it. */
function nodeExporterJobs(
  options: KubernetesProfileOptions,
  limits: { readonly sampleLimit: number; readonly labelLimit: number },
): ScrapeConfig[] {
  const nodeExporter = options.nodeExporter;
  if (nodeExporter === undefined || nodeExporter === false) return [];
  const namespace =
    (nodeExporter === true ? undefined : nodeExporter.namespace) ?? DEFAULT_KUBERNETES_NAMESPACE;
  return [
    withServiceDiscovery(
      DEFAULT_JOB_NAMES.node,
      { kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: [namespace] } }] },
      NODE_EXPORTER_RELABEL_CONFIGS,
      // The ServiceMonitor's limits, so that both scrapes fail on the same oversized target.
      limits,
    ),
  ];
}

/**
 * In-cluster: each service with `targets.kubernetes` is its own endpoints-discovery job (Services
 * selected by labels, the port by name), plus the `prometheus.io/*` annotation convention; Alertmanager
 * found through its Service; with `nodeExporter`, the node_exporter Service's endpoints as job `node`.
 */
export function buildKubernetesProfile(options: KubernetesProfileOptions = {}): MonitoringProfile {
  const scrapeLimits = {
    sampleLimit: options.sampleLimit ?? DEFAULT_SCRAPE_LIMITS.sampleLimit,
    labelLimit: options.labelLimit ?? DEFAULT_SCRAPE_LIMITS.labelLimit,
  };
  const limits = { ...scrapeLimits, namespaces: options.namespaces };
  const config = serverConfig(
    options,
    'kubernetes',
    [
      ...(options.annotationDiscovery === false
        ? []
        : [buildKubernetesPodsScrapeConfig(limits), buildKubernetesEndpointsScrapeConfig(limits)]),
      ...serviceJobs(options),
      buildStaticScrapeConfig(DEFAULT_JOB_NAMES.prometheus, [
        options.prometheusTarget ?? hostPort('localhost', DEFAULT_PORTS.prometheus),
      ]),
      ...nodeExporterJobs(options, scrapeLimits),
    ],
    buildKubernetesAlerting({ namespace: options.alertmanagerNamespace }),
  );
  const alertmanager = alertmanagerFor(options, options.secretsDir ?? DEFAULT_SECRETS_DIRS.kubernetes);
  return singleServer('kubernetes', options, config, alertmanager);
}
