/**
 * prometheus.yml as plain data, in the shape (and snake_case keys) of the Prometheus 2.x configuration
 * file: https://prometheus.io/docs/prometheus/latest/configuration/configuration/
 *
 * Only the fields obskit generates are typed. Secrets are only ever referenced through `*_file` fields;
 * there is deliberately no `password`, `credentials` or `bearer_token` field.
 */
import type { Duration } from '../duration.js';

/** `basic_auth` with the password read from a file. */
export interface BasicAuthConfig {
  readonly username: string;
  readonly password_file: string;
}

/** `authorization` (bearer token by default) with the credentials read from a file. */
export interface AuthorizationConfig {
  /** @defaultValue `'Bearer'` (Prometheus' default) */
  readonly type?: string;
  readonly credentials_file: string;
}

/** `tls_config`. */
export interface TlsConfig {
  readonly ca_file?: string;
  readonly cert_file?: string;
  readonly key_file?: string;
  readonly server_name?: string;
  readonly insecure_skip_verify?: boolean;
  readonly min_version?: 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';
}

/** The HTTP client fields shared by scrape configs, Alertmanager targets and remote_write. */
export interface HttpClientConfig {
  readonly basic_auth?: BasicAuthConfig;
  readonly authorization?: AuthorizationConfig;
  readonly tls_config?: TlsConfig;
  readonly follow_redirects?: boolean;
  readonly enable_http2?: boolean;
}

/** `relabel_config`. */
export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  readonly regex?: string;
  readonly modulus?: number;
  readonly target_label?: string;
  readonly replacement?: string;
  readonly action?:
    | 'replace'
    | 'keep'
    | 'drop'
    | 'keepequal'
    | 'dropequal'
    | 'hashmod'
    | 'labelmap'
    | 'labeldrop'
    | 'labelkeep'
    | 'lowercase'
    | 'uppercase';
}

/** `static_config`. */
export interface StaticConfig {
  /** `host:port` targets. */
  readonly targets: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

/** `file_sd_config`: target files (JSON or YAML), globs allowed in the last path segment. */
export interface FileSdConfig {
  readonly files: readonly string[];
  readonly refresh_interval?: Duration;
}

/** `kubernetes_sd_config` (in-cluster: no api_server, the service account is used). */
export interface KubernetesSdConfig {
  readonly role: 'node' | 'service' | 'pod' | 'endpoints' | 'endpointslice' | 'ingress';
  readonly namespaces?: { readonly own_namespace?: boolean; readonly names?: readonly string[] };
  readonly selectors?: readonly { readonly role: string; readonly label?: string; readonly field?: string }[];
}

/** `scrape_config`. */
export interface ScrapeConfig extends HttpClientConfig {
  readonly job_name: string;
  readonly honor_labels?: boolean;
  readonly honor_timestamps?: boolean;
  readonly scrape_interval?: Duration;
  readonly scrape_timeout?: Duration;
  readonly metrics_path?: string;
  readonly scheme?: 'http' | 'https';
  readonly params?: Readonly<Record<string, readonly string[]>>;
  /** Per-scrape sample limit; a scrape over it fails as a whole. 0 = no limit. */
  readonly sample_limit?: number;
  /** Per-sample label count limit. 0 = no limit. */
  readonly label_limit?: number;
  readonly label_name_length_limit?: number;
  readonly label_value_length_limit?: number;
  readonly target_limit?: number;
  readonly static_configs?: readonly StaticConfig[];
  readonly file_sd_configs?: readonly FileSdConfig[];
  readonly kubernetes_sd_configs?: readonly KubernetesSdConfig[];
  readonly relabel_configs?: readonly RelabelConfig[];
  readonly metric_relabel_configs?: readonly RelabelConfig[];
}

/** One entry of `alerting.alertmanagers`. */
export interface AlertmanagerEndpointConfig extends HttpClientConfig {
  readonly api_version?: 'v2';
  readonly path_prefix?: string;
  readonly scheme?: 'http' | 'https';
  readonly timeout?: Duration;
  readonly static_configs?: readonly StaticConfig[];
  readonly file_sd_configs?: readonly FileSdConfig[];
  readonly kubernetes_sd_configs?: readonly KubernetesSdConfig[];
  readonly relabel_configs?: readonly RelabelConfig[];
}

/** `alerting`. */
export interface AlertingConfig {
  readonly alert_relabel_configs?: readonly RelabelConfig[];
  readonly alertmanagers: readonly AlertmanagerEndpointConfig[];
}

/** `queue_config` of a remote_write. */
export interface QueueConfig {
  readonly capacity?: number;
  readonly max_shards?: number;
  readonly min_shards?: number;
  readonly max_samples_per_send?: number;
  readonly batch_send_deadline?: Duration;
  readonly min_backoff?: Duration;
  readonly max_backoff?: Duration;
  readonly retry_on_http_429?: boolean;
}

/** `remote_write`. */
export interface RemoteWriteConfig extends HttpClientConfig {
  readonly url: string;
  readonly name?: string;
  readonly remote_timeout?: Duration;
  /** Non-secret headers, e.g. the tenant (`X-Scope-OrgID`). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly send_exemplars?: boolean;
  readonly write_relabel_configs?: readonly RelabelConfig[];
  readonly queue_config?: QueueConfig;
  readonly metadata_config?: { readonly send?: boolean; readonly send_interval?: Duration };
}

/** `global`. */
export interface GlobalConfig {
  readonly scrape_interval?: Duration;
  readonly scrape_timeout?: Duration;
  readonly evaluation_interval?: Duration;
  /** Labels added to every series and alert leaving this Prometheus (cluster, replica). */
  readonly external_labels?: Readonly<Record<string, string>>;
}

/** A whole prometheus.yml. */
export interface PrometheusConfig {
  readonly global?: GlobalConfig;
  readonly rule_files?: readonly string[];
  readonly scrape_configs?: readonly ScrapeConfig[];
  readonly alerting?: AlertingConfig;
  readonly remote_write?: readonly RemoteWriteConfig[];
}

/**
 * How Prometheus runs the config. `agent` (scrape + remote_write only) is started with
 * `--agent` in Prometheus 3 (`--enable-feature=agent` in 2.x) and checked with `promtool check config --agent`.
 */
export type PrometheusMode = 'server' | 'agent';
