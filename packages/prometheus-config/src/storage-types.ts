import type { Duration } from './duration.js';
import type { ScrapeAuth } from './services/types.js';

/** Remote storage a remote_write target is, which decides the URL shape and the tenant header. */
export type RemoteWriteKind = 'mimir' | 'thanos' | 'victoriametrics' | 'generic';

/** One remote_write target of {@link StorageOptions}. */
export interface RemoteWriteTarget {
  readonly kind: RemoteWriteKind;
  /**
   * Base URL (`http://mimir:9009`) or the full write URL. A base URL gets the kind's write path:
   * Mimir `/api/v1/push`, Thanos Receive `/api/v1/receive`, VictoriaMetrics `/api/v1/write`
   * (single node) or `/insert/<tenant>/prometheus/api/v1/write` (cluster, with `tenant`).
   */
  readonly url: string;
  /**
   * Tenant: Mimir `X-Scope-OrgID`, Thanos `THANOS-TENANT`, VictoriaMetrics the `accountID` of the
   * cluster URL path. Not allowed for `generic`.
   */
  readonly tenant?: string;
  readonly auth?: ScrapeAuth;
  /** Name shown in Prometheus' remote-storage metrics. @defaultValue the kind, numbered when repeated */
  readonly name?: string;
}

/** Plain-options mirror of `storage` of `obskit.config.ts`. */
export interface StorageOptions {
  /** TSDB retention: `--storage.tsdb.retention.time` / `--storage.tsdb.retention.size`. */
  readonly retention?: { readonly time?: Duration; readonly size?: string };
  readonly remoteWrite?: readonly RemoteWriteTarget[];
}
