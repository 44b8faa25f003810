import type { AlertmanagerConfig } from '../alertmanager/types.js';
import type { ClusterTlsConfig } from '../alertmanager/cluster-tls.js';
import type { NotificationsOptions } from '../alertmanager/notifications-types.js';
import type { Duration } from '../duration.js';
import type { ReferencedFiles } from '../files.js';
import type { PrometheusConfig, PrometheusMode, RemoteWriteConfig } from '../prometheus/types.js';
import type { ServiceOptions } from '../services/types.js';
import type { StorageOptions } from '../storage-types.js';
import type { WebConfig } from '../web/web-config.js';

/** Every profile, in the order the CLI lists them. */
export const PROFILE_NAMES = ['dev', 'compose', 'kubernetes', 'production', 'e2e', 'agent', 'scale'] as const;
/** One of {@link PROFILE_NAMES}. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * The options two or more profiles read, each documented once. A profile's options type picks the
 * ones it reads ({@link ProfileBaseOptions} holds those every profile reads), so a field a profile
 * would ignore is a type error instead. Nothing here has a default naming an application.
 */
export interface SharedProfileOptions {
  /** The services Prometheus scrapes, one job each (`name` = `job`). @defaultValue none */
  readonly services?: readonly ServiceOptions[];
  /** `host:port` Prometheus scrapes itself at. @defaultValue the profile's */
  readonly prometheusTarget?: string;
  readonly scrapeInterval?: Duration;
  readonly scrapeTimeout?: Duration;
  readonly evaluationInterval?: Duration;
  /** @defaultValue `['rules/*.yml']` */
  readonly ruleFiles?: readonly string[];
  /** Value of the `cluster` external label. @defaultValue the profile name */
  readonly cluster?: string;
  /** More external labels. */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** Default `sample_limit` of a service's job. @defaultValue 20000 */
  readonly sampleLimit?: number;
  /** Default `label_limit` of a service's job. @defaultValue 30 */
  readonly labelLimit?: number;
  /** Retention and remote_write targets. */
  readonly storage?: StorageOptions;
  /** Raw remote_write entries, appended after `storage.remoteWrite`. */
  readonly remoteWrite?: readonly RemoteWriteConfig[];
  /**
   * `host:port` of each node_exporter, scraped as job `node` (host CPU, memory, disk, network, file
   * descriptors). `[]` turns the job off. @defaultValue compose: `host.docker.internal:9100` (the
   * node-exporter service runs in the host's network); the other profiles: none
   */
  readonly nodeExporterTargets?: readonly string[];
  /** `host:port` of every Alertmanager (API port). @defaultValue the profile's */
  readonly alertmanagerTargets?: readonly string[];
  /** Receivers, routing, inhibition, time intervals; replaces the profile's default routing. */
  readonly notifications?: NotificationsOptions;
}

/** The options every profile reads: the services and their limits, scrape timing, labels, storage. */
export type ProfileBaseOptions = Pick<
  SharedProfileOptions,
  | 'services'
  | 'scrapeInterval'
  | 'scrapeTimeout'
  | 'cluster'
  | 'externalLabels'
  | 'sampleLimit'
  | 'labelLimit'
  | 'storage'
  | 'remoteWrite'
>;

/** One Prometheus server of a profile (two for the HA pair). */
export interface PrometheusInstance {
  /** e.g. `prometheus`, `prometheus-0`. */
  readonly name: string;
  readonly config: PrometheusConfig;
  /**
   * Flags the profile needs beyond `--config.file` (e.g. `--agent`, the retention of
   * `storage.retention`). A profile with {@link MonitoringProfile.web} also needs
   * `--web.config.file=<path of web.yml>`.
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
    /**
     * Alertmanager's web.yml (exporter-toolkit, like Prometheus'), when it serves TLS or basic auth; it
     * also needs `--web.config.file=<path of web.yml>`.
     */
    readonly web?: WebConfig;
    /**
     * The gossip TLS file of the cluster peers; it also needs `--cluster.tls-config=<path of the file>`.
     */
    readonly clusterTls?: ClusterTlsConfig;
  };
  /**
   * `scale`: the VictoriaMetrics the shards write into (Grafana's datasource URL) and vmalert's flags
   * (rule files, datasource, remote write/read, notifier).
   */
  readonly victoriaMetrics?: { readonly url: string; readonly vmalertArgs: readonly string[] };
  /** web.yml, when the profile serves TLS or basic auth. */
  readonly web?: WebConfig;
  readonly files: ReferencedFiles;
}
