import { BURN_WINDOWS } from '@obskit/catalog';

/**
 * Defaults shared by every builder and profile of this package. Everything here can be overridden
 * through options; nothing is read from the environment.
 */

/** Ports Prometheus, Alertmanager and node_exporter listen on. */
export const DEFAULT_PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  /** node_exporter, the host metrics (CPU, memory, disk, network, file descriptors). */
  nodeExporter: 9100,
  /** Alertmanager gossip (`--cluster.listen-address`). */
  alertmanagerCluster: 9094,
} as const;

/**
 * Prometheus `job` label values of the scrape configs obskit adds beside the services' (whose `job` is
 * the service name).
 */
export const DEFAULT_JOB_NAMES = {
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  /** node_exporter's host metrics: the System Health dashboard's host row and the host alerts select it. */
  node: 'node',
  kubernetesPods: 'kubernetes-pods',
  kubernetesEndpoints: 'kubernetes-endpoints',
} as const;

/**
 * Kubernetes namespace of the kubernetes profile's Alertmanager and node_exporter Services, and of the
 * objects obskit generates for a cluster, unless told otherwise.
 */
export const DEFAULT_KUBERNETES_NAMESPACE = 'monitoring';

/**
 * The node_exporter Service of obskit's Kubernetes objects (`kubernetes: { nodeExporter: true }`):
 * its name — the DaemonSet's and the ServiceMonitor's too; not kube-prometheus' `node-exporter`, so
 * that `kubectl apply` never replaces another installation's objects — and the name of its port. The
 * ServiceMonitor and the kubernetes profile's `node` job both find the node_exporters through it, and
 * both set `instance` to the node's name from `nodeNameLabel`, the discovery label of the pod's node.
 */
export const KUBERNETES_NODE_EXPORTER = {
  serviceName: 'obskit-node-exporter',
  portName: 'metrics',
  nodeNameLabel: '__meta_kubernetes_pod_node_name',
} as const;

/** Scrape and rule evaluation intervals of the long-running profiles. */
export const DEFAULT_INTERVALS = { scrape: '15s', scrapeTimeout: '10s', evaluation: '15s' } as const;

/** Intervals of the `e2e` profile: fast enough for a test to see an alert fire within seconds. */
export const E2E_INTERVALS = { scrape: '1s', scrapeTimeout: '1s', evaluation: '1s' } as const;

/**
 * Per-job guards against a cardinality explosion in one target: a scrape with more samples, or a
 * series with more labels, fails as a whole (and `up` goes to 0) instead of flooding the TSDB.
 */
export const DEFAULT_SCRAPE_LIMITS = { sampleLimit: 20_000, labelLimit: 30 } as const;

/**
 * SLO burn-rate tiers, fastest first (the catalog's `burn_window` values): a firing faster tier
 * inhibits the slower ones of the same SLO.
 */
export const DEFAULT_BURN_TIERS = BURN_WINDOWS;

/** External label that tells the two replicas of an HA pair apart (Mimir/Thanos deduplicate on it). */
export const DEFAULT_REPLICA_LABEL = 'replica';
/** External label naming the Prometheus cluster (HA pair) a series comes from. */
export const DEFAULT_CLUSTER_LABEL = 'cluster';

/**
 * Where the generated files live, relative to the output directory, and which paths inside them
 * refer to each other. prometheus.yml resolves `rule_files` and file_sd paths relative to its own
 * directory, so those are relative to `prometheus/`.
 */
export const DEFAULT_LAYOUT = {
  prometheusConfig: 'prometheus/prometheus.yml',
  prometheusWebConfig: 'prometheus/web.yml',
  alertmanagerConfig: 'alertmanager/alertmanager.yml',
  /** `rule_files` glob, relative to the prometheus.yml directory. */
  ruleFiles: 'rules/*.yml',
  /** promtool unit tests, relative to the prometheus.yml directory. */
  ruleTests: 'tests/*.yml',
  /** file_sd target files of the production profile, relative to the prometheus.yml directory. */
  fileSdTargets: 'targets/*.json',
} as const;

/**
 * Default directories secrets are mounted at, per profile. Only file paths appear in generated
 * configuration; the files themselves are provided by the deployment (Docker/Kubernetes secrets).
 */
export const DEFAULT_SECRETS_DIRS = {
  compose: '/run/secrets',
  kubernetes: '/etc/obskit/secrets',
  production: '/etc/obskit/secrets',
  agent: '/etc/obskit/secrets',
} as const;

/** File names of the secrets the profiles reference, inside the secrets directory. */
export const SECRET_FILE_NAMES = {
  /** Password of the remote_write endpoint. */
  remoteWritePassword: 'remote-write-password',
  /** Password of the `prometheus` user in web.yml, used by Prometheus to scrape itself. */
  prometheusWebPassword: 'prometheus-web-password',
  /** Password of Alertmanager's first web.yml user, used by Prometheus to send alerts and scrape it. */
  alertmanagerWebPassword: 'alertmanager-web-password',
  smtpPassword: 'smtp-password',
  slackWebhookUrl: 'slack-webhook-url',
  pagerdutyRoutingKey: 'pagerduty-routing-key',
  webhookToken: 'webhook-token',
} as const;
