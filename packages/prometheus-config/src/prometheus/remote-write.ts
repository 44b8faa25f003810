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
 * Series dropped before remote_write by default: the `_bucket` series of catalog histograms labelled by
 * model. Every model of the allow-list multiplies their bucket count; the local Prometheus keeps them
 * (dashboards, exemplars) while the long-term store gets `_sum`/`_count` and the recording rules.
 */
export const DEFAULT_REMOTE_WRITE_DROP: readonly string[] = ALL_METRICS.filter(
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
  /** Series names dropped before sending. @defaultValue {@link DEFAULT_REMOTE_WRITE_DROP} */
  readonly dropSeries?: readonly string[];
  /** Label names removed from every series before sending (e.g. a per-pod label). */
  readonly dropLabels?: readonly string[];
  readonly sendExemplars?: boolean;
  /** Extra write relabelling, after the drops. */
  readonly writeRelabelConfigs?: readonly RelabelConfig[];
}

/**
 * A remote_write target (Mimir, Cortex, Thanos Receive or any remote-write receiver), with queue
 * tuning and write relabelling that drops high-cardinality series.
 * @example buildRemoteWrite('http://mimir:9009/api/v1/push', { style: 'mimir', tenant: 'obskit' })
 */
export function buildRemoteWrite(url: string, options: RemoteWriteOptions = {}): RemoteWriteConfig {
  const style = options.style ?? 'generic';
  const dropSeries = options.dropSeries ?? DEFAULT_REMOTE_WRITE_DROP;
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
