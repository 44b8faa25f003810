import { DEFAULT_PORTS, DEFAULT_SECRETS_DIRS } from '../config.js';
import { buildStaticAlerting } from '../prometheus/alerting.js';
import {
  alertmanagerFor,
  hostPort,
  scrapeJobs,
  serverConfig,
  singleServer,
  type StandardRoutingOptions,
} from './shared.js';
import type { MonitoringProfile, ProfileBaseOptions, SharedProfileOptions } from './types.js';

/** Options of the `compose` profile. */
export interface ComposeProfileOptions
  extends
    ProfileBaseOptions,
    Pick<
      SharedProfileOptions,
      | 'prometheusTarget'
      | 'evaluationInterval'
      | 'ruleFiles'
      | 'nodeExporterTargets'
      | 'alertmanagerTargets'
      | 'notifications'
    > {
  /** Where secret files are mounted. @defaultValue `'/run/secrets'` */
  readonly secretsDir?: string;
  /** Without `notifications`: the standard severity routing (PagerDuty, Slack, email). */
  readonly alertmanager?: StandardRoutingOptions;
}

/**
 * Compose service names: Prometheus `prometheus:9090`, Alertmanager `alertmanager:9093`; the services
 * at their static targets (their Compose service names); node_exporter at
 * `host.docker.internal:9100` (it runs in the host's network namespace); secrets under `/run/secrets`.
 */
export function buildComposeProfile(options: ComposeProfileOptions = {}): MonitoringProfile {
  const am = options.alertmanagerTargets ?? [hostPort('alertmanager', DEFAULT_PORTS.alertmanager)];
  const config = serverConfig(
    options,
    'compose',
    scrapeJobs(options, {
      prometheus: options.prometheusTarget ?? hostPort('prometheus', DEFAULT_PORTS.prometheus),
      alertmanager: am,
      node: [hostPort('host.docker.internal', DEFAULT_PORTS.nodeExporter)],
    }),
    buildStaticAlerting(am),
  );
  const alertmanager = alertmanagerFor(options, options.secretsDir ?? DEFAULT_SECRETS_DIRS.compose);
  return singleServer('compose', options, config, alertmanager);
}
