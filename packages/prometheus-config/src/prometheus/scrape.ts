import { DEFAULT_JOB_NAMES } from '../config.js';
import type { Duration } from '../duration.js';
import type {
  HttpClientConfig,
  KubernetesSdConfig,
  RelabelConfig,
  ScrapeConfig,
  StaticConfig,
  TlsConfig,
} from './types.js';

/** TLS settings of an HTTP client, in camelCase. */
export interface TlsOptions {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly serverName?: string;
  readonly insecureSkipVerify?: boolean;
  readonly minVersion?: TlsConfig['min_version'];
}

/** Authentication and TLS of an HTTP client. Secrets are always files. */
export interface HttpClientOptions {
  /** Basic auth; the password is read from `passwordFile`. */
  readonly basicAuth?: { readonly username: string; readonly passwordFile: string };
  /** Bearer token read from this file (`authorization.credentials_file`). */
  readonly bearerTokenFile?: string;
  readonly tls?: TlsOptions;
}

/** Options shared by every scrape job builder. */
export interface ScrapeJobOptions extends HttpClientOptions {
  /** @defaultValue the global `scrape_interval` */
  readonly scrapeInterval?: Duration;
  /** @defaultValue the global `scrape_timeout` */
  readonly scrapeTimeout?: Duration;
  /** @defaultValue `'/metrics'` */
  readonly metricsPath?: string;
  /** @defaultValue `'https'` when `tls` is set, else `'http'` */
  readonly scheme?: 'http' | 'https';
  /** Fail a scrape with more samples than this. @defaultValue none (0) */
  readonly sampleLimit?: number;
  /** Fail a scrape with a series carrying more labels than this. @defaultValue none (0) */
  readonly labelLimit?: number;
  readonly labelNameLengthLimit?: number;
  readonly labelValueLengthLimit?: number;
  readonly targetLimit?: number;
  readonly honorLabels?: boolean;
  /** Labels added to every target of a static or file_sd job. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra relabelling, appended after the builder's own. */
  readonly relabelConfigs?: readonly RelabelConfig[];
  readonly metricRelabelConfigs?: readonly RelabelConfig[];
}

/** Translates camelCase auth/TLS options to Prometheus' HTTP client fields. */
export function buildHttpClientConfig(options: HttpClientOptions = {}): HttpClientConfig {
  const tls = options.tls;
  return {
    ...(options.basicAuth
      ? {
          basic_auth: { username: options.basicAuth.username, password_file: options.basicAuth.passwordFile },
        }
      : {}),
    ...(options.bearerTokenFile !== undefined
      ? { authorization: { type: 'Bearer', credentials_file: options.bearerTokenFile } }
      : {}),
    ...(tls
      ? {
          tls_config: {
            ...(tls.caFile !== undefined ? { ca_file: tls.caFile } : {}),
            ...(tls.certFile !== undefined ? { cert_file: tls.certFile } : {}),
            ...(tls.keyFile !== undefined ? { key_file: tls.keyFile } : {}),
            ...(tls.serverName !== undefined ? { server_name: tls.serverName } : {}),
            ...(tls.insecureSkipVerify !== undefined ? { insecure_skip_verify: tls.insecureSkipVerify } : {}),
            ...(tls.minVersion !== undefined ? { min_version: tls.minVersion } : {}),
          },
        }
      : {}),
  };
}

function jobFields(jobName: string, options: ScrapeJobOptions): ScrapeConfig {
  return {
    job_name: jobName,
    ...(options.honorLabels !== undefined ? { honor_labels: options.honorLabels } : {}),
    ...(options.scrapeInterval !== undefined ? { scrape_interval: options.scrapeInterval } : {}),
    ...(options.scrapeTimeout !== undefined ? { scrape_timeout: options.scrapeTimeout } : {}),
    metrics_path: options.metricsPath ?? '/metrics',
    scheme: options.scheme ?? (options.tls ? 'https' : 'http'),
    ...(options.sampleLimit !== undefined ? { sample_limit: options.sampleLimit } : {}),
    ...(options.labelLimit !== undefined ? { label_limit: options.labelLimit } : {}),
    ...(options.labelNameLengthLimit !== undefined
      ? { label_name_length_limit: options.labelNameLengthLimit }
      : {}),
    ...(options.labelValueLengthLimit !== undefined
      ? { label_value_length_limit: options.labelValueLengthLimit }
      : {}),
    ...(options.targetLimit !== undefined ? { target_limit: options.targetLimit } : {}),
    ...buildHttpClientConfig(options),
  };
}

function withRelabelling(
  config: ScrapeConfig,
  own: readonly RelabelConfig[],
  options: ScrapeJobOptions,
): ScrapeConfig {
  const relabel = [...own, ...(options.relabelConfigs ?? [])];
  return {
    ...config,
    ...(relabel.length > 0 ? { relabel_configs: relabel } : {}),
    ...(options.metricRelabelConfigs?.length ? { metric_relabel_configs: options.metricRelabelConfigs } : {}),
  };
}

/**
 * A scrape job of the given service discovery (e.g. `{ kubernetes_sd_configs: [...] }`), with the
 * builder's own relabelling first and `options.relabelConfigs` after it.
 */
export function withServiceDiscovery(
  jobName: string,
  discovery: Pick<ScrapeConfig, 'kubernetes_sd_configs' | 'file_sd_configs' | 'static_configs'>,
  relabel: readonly RelabelConfig[],
  options: ScrapeJobOptions = {},
): ScrapeConfig {
  return withRelabelling({ ...jobFields(jobName, options), ...discovery }, relabel, options);
}

/**
 * A scrape job over a fixed list of `host:port` targets.
 * @example buildStaticScrapeConfig('orders-api', ['127.0.0.1:4000'], { sampleLimit: 20000 })
 */
export function buildStaticScrapeConfig(
  jobName: string,
  targets: readonly string[],
  options: ScrapeJobOptions = {},
): ScrapeConfig {
  const staticConfig: StaticConfig = {
    targets: [...targets],
    ...(options.labels && Object.keys(options.labels).length > 0 ? { labels: { ...options.labels } } : {}),
  };
  return withRelabelling({ ...jobFields(jobName, options), static_configs: [staticConfig] }, [], options);
}

/**
 * A scrape job whose targets are read from JSON/YAML files (file_sd), re-read on change — the way to
 * add or remove instances without reloading Prometheus.
 * https://prometheus.io/docs/prometheus/latest/configuration/configuration/#file_sd_config
 */
export function buildFileSdScrapeConfig(
  jobName: string,
  files: readonly string[],
  options: ScrapeJobOptions & { readonly refreshInterval?: Duration } = {},
): ScrapeConfig {
  const labelRelabel: RelabelConfig[] = Object.entries(options.labels ?? {}).map(([name, value]) => ({
    target_label: name,
    replacement: value,
    action: 'replace',
  }));
  return withRelabelling(
    {
      ...jobFields(jobName, options),
      file_sd_configs: [
        {
          files: [...files],
          ...(options.refreshInterval !== undefined ? { refresh_interval: options.refreshInterval } : {}),
        },
      ],
    },
    labelRelabel,
    options,
  );
}

/** Options of the Kubernetes service-discovery jobs. */
export interface KubernetesScrapeOptions extends ScrapeJobOptions {
  /** @defaultValue `'kubernetes-pods'` / `'kubernetes-endpoints'` */
  readonly jobName?: string;
  /** Namespaces to discover in. @defaultValue all namespaces */
  readonly namespaces?: readonly string[];
}

function kubernetesSd(role: KubernetesSdConfig['role'], namespaces?: readonly string[]): KubernetesSdConfig {
  return { role, ...(namespaces?.length ? { namespaces: { names: [...namespaces] } } : {}) };
}

/**
 * The `prometheus.io/*` annotation convention: `scrape: "true"` opts in, `port`, `path` and `scheme`
 * override the defaults. `kind` is `pod` or `service` (the endpoints role reads service annotations).
 */
function annotationRelabelling(kind: 'pod' | 'service'): RelabelConfig[] {
  const annotation = (name: string): string => `__meta_kubernetes_${kind}_annotation_prometheus_io_${name}`;
  return [
    { source_labels: [annotation('scrape')], regex: 'true', action: 'keep' },
    {
      source_labels: [annotation('scheme')],
      regex: '(https?)',
      target_label: '__scheme__',
      action: 'replace',
    },
    {
      source_labels: [annotation('path')],
      regex: '(.+)',
      target_label: '__metrics_path__',
      action: 'replace',
    },
    {
      source_labels: ['__address__', annotation('port')],
      regex: '([^:]+)(?::\\d+)?;(\\d+)',
      replacement: '$1:$2',
      target_label: '__address__',
      action: 'replace',
    },
  ];
}

/** Bounded target labels only: namespace, pod, container and the app name — never every pod label. */
const POD_LABELS: RelabelConfig[] = [
  { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace', action: 'replace' },
  { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod', action: 'replace' },
  { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container', action: 'replace' },
  {
    source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'],
    regex: '(.+)',
    target_label: 'app',
    action: 'replace',
  },
];

/**
 * Scrapes every pod annotated `prometheus.io/scrape: "true"` (port/path/scheme from
 * `prometheus.io/port|path|scheme`), skipping pods that are not running.
 */
export function buildKubernetesPodsScrapeConfig(options: KubernetesScrapeOptions = {}): ScrapeConfig {
  return withRelabelling(
    {
      ...jobFields(options.jobName ?? DEFAULT_JOB_NAMES.kubernetesPods, options),
      kubernetes_sd_configs: [kubernetesSd('pod', options.namespaces)],
    },
    [
      ...annotationRelabelling('pod'),
      {
        source_labels: ['__meta_kubernetes_pod_phase'],
        regex: 'Pending|Succeeded|Failed|Completed',
        action: 'drop',
      },
      ...POD_LABELS,
    ],
    options,
  );
}

/**
 * Scrapes the endpoints of every Service annotated `prometheus.io/scrape: "true"` (port/path/scheme
 * from the Service's `prometheus.io/*` annotations), labelled with namespace, service and pod.
 */
export function buildKubernetesEndpointsScrapeConfig(options: KubernetesScrapeOptions = {}): ScrapeConfig {
  return withRelabelling(
    {
      ...jobFields(options.jobName ?? DEFAULT_JOB_NAMES.kubernetesEndpoints, options),
      kubernetes_sd_configs: [kubernetesSd('endpoints', options.namespaces)],
    },
    [
      ...annotationRelabelling('service'),
      ...POD_LABELS,
      { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service', action: 'replace' },
    ],
    options,
  );
}
