import { DEFAULT_KUBERNETES_NAMESPACE } from '../config.js';
import type { Duration } from '../duration.js';
import { buildHttpClientConfig, type HttpClientOptions } from './scrape.js';
import type { AlertingConfig, AlertmanagerEndpointConfig, RelabelConfig } from './types.js';

/** Options of the `alerting` section. */
export interface AlertingOptions extends HttpClientOptions {
  /** @defaultValue `'https'` when `tls` is set, else `'http'` */
  readonly scheme?: 'http' | 'https';
  readonly pathPrefix?: string;
  /** @defaultValue Prometheus' default (10s) */
  readonly timeout?: Duration;
  /**
   * Labels removed from alerts before they are sent. An HA pair drops its replica label here so that
   * Alertmanager sees identical alerts from both replicas and deduplicates them.
   */
  readonly dropLabels?: readonly string[];
}

function endpointFields(options: AlertingOptions): AlertmanagerEndpointConfig {
  return {
    api_version: 'v2',
    scheme: options.scheme ?? (options.tls ? 'https' : 'http'),
    ...(options.pathPrefix !== undefined ? { path_prefix: options.pathPrefix } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...buildHttpClientConfig(options),
  };
}

function alertRelabel(options: AlertingOptions): { alert_relabel_configs?: RelabelConfig[] } {
  return options.dropLabels?.length
    ? { alert_relabel_configs: [{ regex: options.dropLabels.join('|'), action: 'labeldrop' }] }
    : {};
}

/**
 * Sends alerts to every listed Alertmanager. List all peers of an Alertmanager cluster, never a load
 * balancer in front of them: the cluster deduplicates, Prometheus must reach each peer.
 * @example buildStaticAlerting(['alertmanager-0:9093', 'alertmanager-1:9093'])
 */
export function buildStaticAlerting(
  targets: readonly string[],
  options: AlertingOptions = {},
): AlertingConfig {
  return {
    ...alertRelabel(options),
    alertmanagers: [{ ...endpointFields(options), static_configs: [{ targets: [...targets] }] }],
  };
}

/** Options of Alertmanager discovery through Kubernetes endpoints. */
export interface KubernetesAlertingOptions extends AlertingOptions {
  /** @defaultValue `'monitoring'` */
  readonly namespace?: string;
  /** The Alertmanager Service. @defaultValue `'alertmanager'` */
  readonly serviceName?: string;
  /** The Service port name of the Alertmanager API. @defaultValue `'web'` */
  readonly portName?: string;
}

/** Discovers the Alertmanager peers from the endpoints of their Service (one target per pod). */
export function buildKubernetesAlerting(options: KubernetesAlertingOptions = {}): AlertingConfig {
  return {
    ...alertRelabel(options),
    alertmanagers: [
      {
        ...endpointFields(options),
        kubernetes_sd_configs: [
          { role: 'endpoints', namespaces: { names: [options.namespace ?? DEFAULT_KUBERNETES_NAMESPACE] } },
        ],
        relabel_configs: [
          {
            source_labels: ['__meta_kubernetes_service_name'],
            regex: options.serviceName ?? 'alertmanager',
            action: 'keep',
          },
          {
            source_labels: ['__meta_kubernetes_endpoint_port_name'],
            regex: options.portName ?? 'web',
            action: 'keep',
          },
        ],
      },
    ],
  };
}
