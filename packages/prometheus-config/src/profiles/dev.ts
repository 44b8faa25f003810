import { buildWebhookAlertmanagerConfig, type WebhookAlertmanagerOptions } from '../alertmanager/profiles.js';
import { buildNotificationsAlertmanagerConfig } from '../alertmanager/notifications.js';
import { DEFAULT_PORTS } from '../config.js';
import { buildStaticAlerting } from '../prometheus/alerting.js';
import { hostPort, scrapeJobs, serverConfig, singleServer } from './shared.js';
import type { MonitoringProfile, ProfileBaseOptions, SharedProfileOptions } from './types.js';

/** Options of the `dev` profile. */
export interface DevProfileOptions
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
  /** Without `notifications`: every alert goes to `alertmanager.webhookUrl`, or nowhere (`null` receiver). */
  readonly alertmanager?: WebhookAlertmanagerOptions;
}

/**
 * Everything on localhost: Prometheus `127.0.0.1:9090`, Alertmanager `127.0.0.1:9093`, the services at
 * their static targets; one webhook (or a `null`) receiver with short group timings.
 */
export function buildDevProfile(options: DevProfileOptions = {}): MonitoringProfile {
  const am = options.alertmanagerTargets ?? [hostPort('127.0.0.1', DEFAULT_PORTS.alertmanager)];
  const config = serverConfig(
    options,
    'dev',
    scrapeJobs(options, {
      prometheus: options.prometheusTarget ?? hostPort('127.0.0.1', DEFAULT_PORTS.prometheus),
      alertmanager: am,
    }),
    buildStaticAlerting(am),
  );
  const alertmanager = options.notifications
    ? buildNotificationsAlertmanagerConfig(options.notifications)
    : buildWebhookAlertmanagerConfig({
        groupWait: '10s',
        groupInterval: '1m',
        repeatInterval: '1h',
        ...options.alertmanager,
      });
  return singleServer('dev', options, config, alertmanager);
}
