import type { Duration } from '../duration.js';

/**
 * Where a service's targets come from — exactly one of: a static `host:port` list, Kubernetes
 * discovery (Services selected by labels, the endpoint port by name), or file_sd files.
 */
export type ServiceTargets =
  | { readonly static: readonly string[] }
  | {
      readonly kubernetes: {
        /** Namespace of the Service. @defaultValue every namespace */
        readonly namespace?: string;
        /** Labels of the Service to select (all must match). */
        readonly labels: Readonly<Record<string, string>>;
        /** Name of the Service port serving the metrics. */
        readonly port: string;
      };
    }
  | { readonly fileSd: readonly string[] };

/** How Prometheus authenticates to a service's metrics endpoint. Secrets are always files. */
export type ScrapeAuth =
  | { readonly bearerTokenFile: string }
  | { readonly basicAuth: { readonly username: string; readonly passwordFile: string } };

/**
 * One service Prometheus scrapes: the plain-options mirror of `services[]` of `obskit.config.ts`.
 * `name` becomes the `job` label of every series of the service.
 */
export interface ServiceOptions {
  /** The `job` label; `/^[a-z][a-z0-9_-]*$/`. */
  readonly name: string;
  /** Owning team: the `team` label Alertmanager routes on. */
  readonly team?: string;
  readonly targets: ServiceTargets;
  /** @defaultValue `'/metrics'` */
  readonly metricsPath?: string;
  /** @defaultValue `'http'` */
  readonly scheme?: 'http' | 'https';
  /** @defaultValue the global `scrape_interval` */
  readonly scrapeInterval?: Duration;
  /** @defaultValue the global `scrape_timeout` */
  readonly scrapeTimeout?: Duration;
  readonly auth?: ScrapeAuth;
  /** CA bundle that signed the service's certificate (`tls_config.ca_file`). */
  readonly tlsCaFile?: string;
  /** Fail a scrape with more samples than this. @defaultValue the profile's (20000) */
  readonly sampleLimit?: number;
  /** Fail a scrape with a series carrying more labels than this. @defaultValue the profile's (30) */
  readonly labelLimit?: number;
}
