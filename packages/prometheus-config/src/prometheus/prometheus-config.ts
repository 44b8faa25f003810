import { DEFAULT_INTERVALS } from '../config.js';
import type { Duration } from '../duration.js';
import type {
  AlertingConfig,
  GlobalConfig,
  PrometheusConfig,
  PrometheusMode,
  RemoteWriteConfig,
  ScrapeConfig,
} from './types.js';

/** Options of {@link buildPrometheusConfig}. */
export interface PrometheusConfigOptions {
  readonly scrapeConfigs: readonly ScrapeConfig[];
  /**
   * `agent` keeps only scrape and remote_write: no evaluation interval; rule files or alerting given
   * with it are kept and reported by validation.
   * @defaultValue `'server'`
   */
  readonly mode?: PrometheusMode;
  /** @defaultValue `'15s'` */
  readonly scrapeInterval?: Duration;
  /** @defaultValue `'10s'` */
  readonly scrapeTimeout?: Duration;
  /** @defaultValue `'15s'` */
  readonly evaluationInterval?: Duration;
  /** Labels added to every series and alert leaving this Prometheus, e.g. `{ cluster, replica }`. */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** Rule file globs, relative to prometheus.yml. */
  readonly ruleFiles?: readonly string[];
  readonly alerting?: AlertingConfig;
  readonly remoteWrite?: readonly RemoteWriteConfig[];
}

/**
 * Assembles a prometheus.yml from its parts. Plain data: validate and serialise it with
 * {@link renderPrometheusConfig}.
 * @example buildPrometheusConfig({ scrapeConfigs: [buildStaticScrapeConfig('orders-api', ['127.0.0.1:4000'])] })
 */
export function buildPrometheusConfig(options: PrometheusConfigOptions): PrometheusConfig {
  const agent = options.mode === 'agent';
  const global: GlobalConfig = {
    scrape_interval: options.scrapeInterval ?? DEFAULT_INTERVALS.scrape,
    scrape_timeout: options.scrapeTimeout ?? DEFAULT_INTERVALS.scrapeTimeout,
    ...(agent ? {} : { evaluation_interval: options.evaluationInterval ?? DEFAULT_INTERVALS.evaluation }),
    ...(options.externalLabels && Object.keys(options.externalLabels).length > 0
      ? { external_labels: { ...options.externalLabels } }
      : {}),
  };
  return {
    global,
    ...(options.ruleFiles?.length ? { rule_files: [...options.ruleFiles] } : {}),
    ...(options.alerting ? { alerting: options.alerting } : {}),
    scrape_configs: [...options.scrapeConfigs],
    ...(options.remoteWrite?.length ? { remote_write: [...options.remoteWrite] } : {}),
  };
}
