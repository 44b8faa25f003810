import { PrometheusConfigError } from '../errors.js';
import { PROMETHEUS_CONFIG_CODES } from '../codes.js';
import {
  DEFAULT_CLUSTER_LABEL,
  DEFAULT_INTERVALS,
  DEFAULT_JOB_NAMES,
  DEFAULT_LAYOUT,
  DEFAULT_PORTS,
  DEFAULT_SECRETS_DIRS,
} from '../config.js';
import { listReferencedFiles } from '../files.js';
import { buildPrometheusConfig } from '../prometheus/prometheus-config.js';
import type { RelabelConfig, ScrapeConfig } from '../prometheus/types.js';
import { buildStorageRemoteWrite } from '../storage.js';
import {
  alertmanagerFor,
  hostPort,
  remoteWriteOf,
  scrapeJobs,
  type StandardRoutingOptions,
} from './shared.js';
import type {
  MonitoringProfile,
  ProfileBaseOptions,
  PrometheusInstance,
  SharedProfileOptions,
} from './types.js';

/** Options of the `scale` profile. */
export interface ScaleProfileOptions
  extends
    ProfileBaseOptions,
    Pick<
      SharedProfileOptions,
      'evaluationInterval' | 'ruleFiles' | 'nodeExporterTargets' | 'alertmanagerTargets' | 'notifications'
    > {
  /** Number of agent shards the targets are split across with `hashmod`. @defaultValue 2 */
  readonly shards?: number;
  /**
   * Base URL of the single-node VictoriaMetrics the shards write into, vmalert reads from and writes
   * recording rules / alert state to, and Grafana queries. @defaultValue `'http://victoriametrics:8428'`
   */
  readonly victoriaMetricsUrl?: string;
  /** `host:port` each shard scrapes itself at, by shard index. @defaultValue `prometheus-agent-<i>:9090` */
  readonly shardTargets?: readonly string[];
  /** Where secret files are mounted. @defaultValue the compose profile's */
  readonly secretsDir?: string;
  /** Without `notifications`: the standard severity routing. */
  readonly alertmanager?: StandardRoutingOptions;
}

/** Label the shards hash the target address into (a `__tmp` label: Prometheus drops it before storage). */
export const SHARD_HASH_LABEL = '__tmp_hash';

/**
 * The relabelling that keeps shard `shard` of `shards`: hash `__address__` into {@link SHARD_HASH_LABEL}
 * modulo `shards`, keep the targets whose hash is `shard`. Every shard gets the same target list; each
 * keeps a disjoint part of it.
 */
export function shardRelabelConfigs(shard: number, shards: number): RelabelConfig[] {
  return [
    { source_labels: ['__address__'], modulus: shards, target_label: SHARD_HASH_LABEL, action: 'hashmod' },
    { source_labels: [SHARD_HASH_LABEL], regex: `^${shard}$`, action: 'keep' },
  ];
}

function sharded(job: ScrapeConfig, shard: number, shards: number): ScrapeConfig {
  return { ...job, relabel_configs: [...(job.relabel_configs ?? []), ...shardRelabelConfigs(shard, shards)] };
}

/**
 * Long-term storage and scale-out: `shards` Prometheus servers in agent mode (`--agent`) share the
 * targets by `hashmod` relabelling and remote-write into VictoriaMetrics (`<url>/api/v1/write`). vmalert
 * evaluates the same rule files against VictoriaMetrics (`-datasource.url`), writes recording rules and
 * alert state back (`-remoteWrite.url`, restored through `-remoteRead.url`) and notifies the
 * Alertmanager (`-notifier.url`). Grafana's Prometheus datasource points at VictoriaMetrics
 * ({@link MonitoringProfile.victoriaMetrics}); its alerts carry the labels Prometheus' would
 * (`-disableAlertgroupLabel`). Each shard scrapes itself unsharded; the remote_write drop list is the
 * storage default (every series kept).
 */
export function buildScaleProfile(options: ScaleProfileOptions = {}): MonitoringProfile {
  const shards = options.shards ?? 2;
  const vm = (options.victoriaMetricsUrl ?? 'http://victoriametrics:8428').replace(/\/+$/, '');
  const problems: string[] = [];
  if (!Number.isInteger(shards) || shards < 1) {
    problems.push(`Invalid option "shards": ${String(shards)} (expected an integer ≥ 1)`);
  }
  if (!/^https?:\/\/[^\s/]+/.test(vm)) {
    problems.push(`Invalid option "victoriaMetricsUrl": "${vm}" (expected an http(s) base URL)`);
  }
  if (options.shardTargets && options.shardTargets.length !== shards) {
    problems.push(
      `Invalid option "shardTargets": ${options.shardTargets.length} addresses for ${shards} shards (expected one per shard)`,
    );
  }
  const retention = options.storage?.retention;
  if (retention && (retention.time !== undefined || retention.size !== undefined)) {
    problems.push(
      'Invalid option "storage.retention": the shards are agents and keep no TSDB (set retention on VictoriaMetrics, -retentionPeriod)',
    );
  }
  if (problems.length > 0) {
    throw new PrometheusConfigError(
      PROMETHEUS_CONFIG_CODES.missingField,
      'Invalid scale profile options',
      problems.map((message) => ({ code: PROMETHEUS_CONFIG_CODES.missingField, subject: 'scale', message })),
    );
  }
  const amTargets = options.alertmanagerTargets ?? [hostPort('alertmanager', DEFAULT_PORTS.alertmanager)];
  const remoteWrite = [
    ...buildStorageRemoteWrite([{ kind: 'victoriametrics', url: vm }]),
    ...(remoteWriteOf(options) ?? []),
  ];
  const cluster = options.cluster ?? 'scale';
  const prometheus: PrometheusInstance[] = Array.from({ length: shards }, (_, shard) => {
    const self =
      options.shardTargets?.[shard] ?? hostPort(`prometheus-agent-${shard}`, DEFAULT_PORTS.prometheus);
    const jobs = scrapeJobs(options, { prometheus: self, alertmanager: amTargets });
    const isSelf = (j: ScrapeConfig) => j.job_name === DEFAULT_JOB_NAMES.prometheus;
    // The shard's own metrics are its own (unsharded); every other job is split by hashmod.
    const config = buildPrometheusConfig({
      mode: 'agent',
      scrapeInterval: options.scrapeInterval ?? DEFAULT_INTERVALS.scrape,
      scrapeTimeout: options.scrapeTimeout ?? DEFAULT_INTERVALS.scrapeTimeout,
      externalLabels: { [DEFAULT_CLUSTER_LABEL]: cluster, ...options.externalLabels },
      scrapeConfigs: [
        ...jobs.filter((j) => !isSelf(j)).map((j) => sharded(j, shard, shards)),
        ...jobs.filter(isSelf),
      ],
      remoteWrite,
    });
    return { name: `prometheus-agent-${shard}`, config, args: ['--agent'] };
  });
  const vmalertArgs = [
    ...(options.ruleFiles ?? [DEFAULT_LAYOUT.ruleFiles]).map((f) => `-rule=${f}`),
    `-datasource.url=${vm}`,
    `-remoteWrite.url=${vm}`,
    `-remoteRead.url=${vm}`,
    ...amTargets.map((t) => `-notifier.url=http://${t}`),
    `-evaluationInterval=${options.evaluationInterval ?? DEFAULT_INTERVALS.evaluation}`,
    `-external.label=${DEFAULT_CLUSTER_LABEL}=${cluster}`,
    // vmalert otherwise adds `alertgroup=<group name>` to every alert and ALERTS series: the same alert
    // from a Prometheus (a replica, or before the move) would then not deduplicate in the
    // Alertmanager, and ALERTS would not answer as Prometheus' does.
    '-disableAlertgroupLabel',
  ];
  const alertmanager = alertmanagerFor(options, options.secretsDir ?? DEFAULT_SECRETS_DIRS.compose);
  return {
    name: 'scale',
    mode: 'agent',
    prometheus,
    alertmanager: { config: alertmanager, args: [] },
    victoriaMetrics: { url: vm, vmalertArgs },
    files: listReferencedFiles({ prometheus: prometheus.map((p) => p.config), alertmanager }),
  };
}
