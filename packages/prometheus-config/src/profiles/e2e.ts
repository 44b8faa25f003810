import { PrometheusConfigError } from '../errors.js';
import { buildNotificationsAlertmanagerConfig } from '../alertmanager/notifications.js';
import { buildWebhookAlertmanagerConfig, type WebhookAlertmanagerOptions } from '../alertmanager/profiles.js';
import { PROMETHEUS_CONFIG_CODES } from '../codes.js';
import { buildStaticAlerting } from '../prometheus/alerting.js';
import { scrapeJobs, serverConfig, singleServer } from './shared.js';
import type { MonitoringProfile, ProfileBaseOptions, SharedProfileOptions } from './types.js';

/** Options of the `e2e` profile: the test's free ports are required. */
export interface E2eProfileOptions
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
  /** Every notification goes to `alertmanager.webhookUrl` (required unless `notifications` is given). */
  readonly alertmanager?: WebhookAlertmanagerOptions;
}

/** 1 s scrape/evaluation, targets and webhook from options (the test's free ports). */
export function buildE2eProfile(options: E2eProfileOptions = {}): MonitoringProfile {
  const missing: string[] = [];
  if (!options.services?.length) missing.push('services');
  if (!options.alertmanagerTargets?.length) missing.push('alertmanagerTargets');
  if (!options.prometheusTarget) missing.push('prometheusTarget');
  if (!options.alertmanager?.webhookUrl && !options.notifications) missing.push('alertmanager.webhookUrl');
  if (missing.length > 0) {
    throw new PrometheusConfigError(
      PROMETHEUS_CONFIG_CODES.missingField,
      'Invalid e2e profile options',
      missing.map((field) => ({
        code: PROMETHEUS_CONFIG_CODES.missingField,
        subject: 'e2e',
        message: `Missing option "${field}": the e2e profile runs on free ports chosen by the test`,
      })),
    );
  }
  const am = options.alertmanagerTargets ?? [];
  const config = serverConfig(
    options,
    'e2e',
    scrapeJobs(options, { prometheus: options.prometheusTarget ?? '', alertmanager: am }),
    buildStaticAlerting(am),
  );
  const alertmanager = options.notifications
    ? buildNotificationsAlertmanagerConfig(options.notifications)
    : buildWebhookAlertmanagerConfig({
        groupWait: '1s',
        groupInterval: '1s',
        repeatInterval: '1m',
        ...options.alertmanager,
      });
  return singleServer('e2e', options, config, alertmanager);
}
