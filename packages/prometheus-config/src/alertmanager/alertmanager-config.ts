import type { Duration } from '../duration.js';
import type {
  AlertmanagerConfig,
  AlertmanagerGlobalConfig,
  InhibitRule,
  Receiver,
  Route,
  TimeInterval,
} from './types.js';

/** Options of {@link buildAlertmanagerConfig}. */
export interface AlertmanagerConfigOptions {
  readonly route: Route;
  readonly receivers: readonly Receiver[];
  readonly inhibitRules?: readonly InhibitRule[];
  readonly timeIntervals?: readonly TimeInterval[];
  readonly global?: AlertmanagerGlobalConfig;
  /** @defaultValue `'5m'` */
  readonly resolveTimeout?: Duration;
  readonly templates?: readonly string[];
}

/**
 * Assembles an alertmanager.yml. Plain data: validate and serialise it with
 * {@link renderAlertmanagerConfig}.
 */
export function buildAlertmanagerConfig(options: AlertmanagerConfigOptions): AlertmanagerConfig {
  return {
    global: { resolve_timeout: options.resolveTimeout ?? '5m', ...options.global },
    route: options.route,
    ...(options.inhibitRules?.length ? { inhibit_rules: [...options.inhibitRules] } : {}),
    receivers: [...options.receivers],
    ...(options.timeIntervals?.length ? { time_intervals: [...options.timeIntervals] } : {}),
    ...(options.templates?.length ? { templates: [...options.templates] } : {}),
  };
}

/** Options of {@link buildAlertmanagerClusterArgs}. */
export interface AlertmanagerClusterOptions {
  /** `host:port` gossip addresses of every peer (a peer listing itself is harmless). */
  readonly peers: readonly string[];
  /** @defaultValue `'0.0.0.0:9094'` */
  readonly listenAddress?: string;
}

/**
 * Command-line flags that join an Alertmanager to its cluster. Peers gossip silences and notification
 * state, so each alert is notified once even though every Prometheus sends it to every peer.
 * @example buildAlertmanagerClusterArgs({ peers: ['alertmanager-0:9094', 'alertmanager-1:9094'] })
 */
export function buildAlertmanagerClusterArgs(options: AlertmanagerClusterOptions): string[] {
  return [
    `--cluster.listen-address=${options.listenAddress ?? '0.0.0.0:9094'}`,
    ...options.peers.map((peer) => `--cluster.peer=${peer}`),
  ];
}
