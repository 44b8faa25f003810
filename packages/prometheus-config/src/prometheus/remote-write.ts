import { ALL_METRICS } from '@obskit/catalog';
import type { Duration } from '../duration.js';
import { buildHttpClientConfig, type HttpClientOptions } from './scrape.js';
import type { QueueConfig, RelabelConfig, RemoteWriteConfig } from './types.js';

/** Kind of remote storage, which decides the tenant header. */
export type RemoteWriteStyle = 'mimir' | 'cortex' | 'thanos' | 'generic';

/** Tenant header of each multi-tenant remote storage. */
export const TENANT_HEADERS: Readonly<Record<Exclude<RemoteWriteStyle, 'generic'>, string>> = {
  mimir: 'X-Scope-OrgID',
  cortex: 'X-Scope-OrgID',
  thanos: 'THANOS-TENANT',
};

const MODEL_LABELS: readonly string[] = ['gen_ai_request_model', 'gen_ai_response_model'];

/**
 * The `_bucket` series of catalog histograms labelled by model: every model of the allow-list
 * multiplies their bucket count. Not dropped by default — the GenAI p95 panels, the latency anomaly
 * rule and the SLOs read them, and a long-term store must answer every dashboard query, recording rule
 * and SLO. Pass them as `dropSeries` when the store only serves the `_sum`/`_count` and recorded views
 * and the local Prometheus keeps the buckets.
 */
export const MODEL_HISTOGRAM_BUCKETS: readonly string[] = ALL_METRICS.filter(
  (m) => m.type === 'histogram' && m.labels.some((l) => MODEL_LABELS.includes(l)),
).map((m) => `${m.name}_bucket`);

/**
 * Queue tuning for a Mimir/Cortex/Thanos receiver (larger batches than Prometheus' defaults, retry on
 * 429 so a rate-limited tenant backs off instead of dropping).
 */
export const DEFAULT_QUEUE_CONFIG: QueueConfig = {
  capacity: 10_000,
  max_shards: 50,
  min_shards: 1,
  max_samples_per_send: 2_000,
  batch_send_deadline: '5s',
  min_backoff: '30ms',
  max_backoff: '5s',
  retry_on_http_429: true,
};

/** Options of {@link buildRemoteWrite}. */
export interface RemoteWriteOptions extends HttpClientOptions {
  /** @defaultValue `'generic'` */
  readonly style?: RemoteWriteStyle;
  /** Tenant id sent in the style's tenant header (not a secret). */
  readonly tenant?: string;
  /** Name shown in Prometheus' remote-storage metrics. */
  readonly name?: string;
  readonly remoteTimeout?: Duration;
  /** Queue settings merged over {@link DEFAULT_QUEUE_CONFIG}. */
  readonly queue?: QueueConfig;
  /**
   * Series names dropped before sending, e.g. {@link MODEL_HISTOGRAM_BUCKETS}. @defaultValue none: the
   * store gets every series a dashboard, recording rule or SLO reads
   */
  readonly dropSeries?: readonly string[];
  /** Label names removed from every series before sending (e.g. a per-pod label). */
  readonly dropLabels?: readonly string[];
  readonly sendExemplars?: boolean;
  /** Extra write relabelling, after the drops. */
  readonly writeRelabelConfigs?: readonly RelabelConfig[];
}

/**
 * A remote_write target (Mimir, Cortex, Thanos Receive or any remote-write receiver), with queue
 * tuning and, when asked, write relabelling that drops series or labels.
 * @example buildRemoteWrite('http://mimir:9009/api/v1/push', { style: 'mimir', tenant: 'obskit' })
 */
export function buildRemoteWrite(url: string, options: RemoteWriteOptions = {}): RemoteWriteConfig {
  const style = options.style ?? 'generic';
  const dropSeries = options.dropSeries ?? [];
  const relabel: RelabelConfig[] = [
    ...(dropSeries.length > 0
      ? [{ source_labels: ['__name__'], regex: dropSeries.join('|'), action: 'drop' as const }]
      : []),
    ...(options.dropLabels?.length
      ? [{ regex: options.dropLabels.join('|'), action: 'labeldrop' as const }]
      : []),
    ...(options.writeRelabelConfigs ?? []),
  ];
  const headers =
    options.tenant !== undefined && style !== 'generic'
      ? { [TENANT_HEADERS[style]]: options.tenant }
      : undefined;
  return {
    url,
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.remoteTimeout !== undefined ? { remote_timeout: options.remoteTimeout } : {}),
    ...(headers ? { headers } : {}),
    ...(options.sendExemplars !== undefined ? { send_exemplars: options.sendExemplars } : {}),
    ...buildHttpClientConfig(options),
    ...(relabel.length > 0 ? { write_relabel_configs: relabel } : {}),
    queue_config: { ...DEFAULT_QUEUE_CONFIG, ...options.queue },
    metadata_config: { send: true },
  };
}
