import { SECRET_FILE_NAMES } from '../config.js';
import { buildAlertmanagerConfig } from './alertmanager-config.js';
import {
  buildBurnRateInhibitRules,
  buildSeverityInhibitRules,
  type BurnRateInhibitOptions,
} from './inhibit.js';
import {
  buildEmailReceiver,
  buildNullReceiver,
  buildPagerdutyReceiver,
  buildSlackReceiver,
  buildWebhookReceiver,
} from './receivers.js';
import { buildRoutingTree, type RouteTimings, type TeamRoute } from './routes.js';
import { OFF_HOURS_INTERVAL, buildOffHoursTimeInterval } from './time-intervals.js';
import type { AlertmanagerConfig, Receiver } from './types.js';

/** Receiver names of {@link buildStandardAlertmanagerConfig}. */
export const STANDARD_RECEIVERS = { pager: 'pagerduty', chat: 'slack', email: 'email' } as const;

/** A team with its own Slack channel (and optionally its own PagerDuty service). */
export interface TeamReceiverOptions {
  /** Value of the alerts' `team` label. */
  readonly team: string;
  readonly slackChannel: string;
  /** File holding the team's PagerDuty routing key. @defaultValue the shared PagerDuty receiver */
  readonly pagerdutyRoutingKeyFile?: string;
}

/** Options shared by the Alertmanager profiles. */
export interface AlertmanagerInhibitOptions {
  /** Labels equal between a more and a less severe alert. @defaultValue `['alertname', 'cluster', 'job']` */
  readonly severityEqual?: readonly string[];
  /** SLO burn-rate tier inhibition (tiers, label names). */
  readonly burnRate?: BurnRateInhibitOptions;
}

/** Options of {@link buildStandardAlertmanagerConfig}. */
export interface StandardAlertmanagerOptions extends RouteTimings, AlertmanagerInhibitOptions {
  /** Directory the secret files are mounted in (absolute: Alertmanager does not resolve them). */
  readonly secretsDir: string;
  readonly smtp?: {
    /** @defaultValue `'alertmanager@example.com'` */
    readonly from?: string;
    /** @defaultValue `'smtp.example.com:587'` */
    readonly smarthost?: string;
    /** @defaultValue `'alertmanager'` */
    readonly username?: string;
    /** Recipient of `info` alerts. @defaultValue `'oncall@example.com'` */
    readonly to?: string;
  };
  /** @defaultValue `'#alerts'` */
  readonly slackChannel?: string;
  readonly teams?: readonly TeamReceiverOptions[];
  /** Time zone of the off-hours interval that mutes `info`. @defaultValue `'UTC'` */
  readonly location?: string;
  readonly groupBy?: readonly string[];
}

/**
 * The production routing: `critical` pages (PagerDuty), `warning` goes to Slack, `info` is emailed
 * outside nights and weekends; team sub-trees route their alerts to team channels; critical inhibits
 * warning/info of the same alert and a faster SLO burn tier the slower ones. Every secret is a file
 * in `secretsDir` named as in {@link SECRET_FILE_NAMES}.
 */
export function buildStandardAlertmanagerConfig(options: StandardAlertmanagerOptions): AlertmanagerConfig {
  const dir = options.secretsDir.replace(/\/+$/, '');
  const smtp = options.smtp ?? {};
  const teams = options.teams ?? [];
  const teamReceivers: Receiver[] = teams.flatMap((t) => [
    buildSlackReceiver(`${t.team}-slack`, { channel: t.slackChannel }),
    ...(t.pagerdutyRoutingKeyFile !== undefined
      ? [buildPagerdutyReceiver(`${t.team}-pagerduty`, { routingKeyFile: t.pagerdutyRoutingKeyFile })]
      : []),
  ]);
  const teamRoutes: TeamRoute[] = teams.map((t) => ({
    team: t.team,
    receiver: `${t.team}-slack`,
    bySeverity: {
      critical: t.pagerdutyRoutingKeyFile !== undefined ? `${t.team}-pagerduty` : STANDARD_RECEIVERS.pager,
      warning: `${t.team}-slack`,
      info: `${t.team}-slack`,
    },
  }));
  return buildAlertmanagerConfig({
    global: {
      smtp_from: smtp.from ?? 'alertmanager@example.com',
      smtp_smarthost: smtp.smarthost ?? 'smtp.example.com:587',
      smtp_auth_username: smtp.username ?? 'alertmanager',
      smtp_auth_password_file: `${dir}/${SECRET_FILE_NAMES.smtpPassword}`,
      smtp_require_tls: true,
      slack_api_url_file: `${dir}/${SECRET_FILE_NAMES.slackWebhookUrl}`,
    },
    route: buildRoutingTree({
      defaultReceiver: STANDARD_RECEIVERS.chat,
      groupBy: options.groupBy,
      groupWait: options.groupWait,
      groupInterval: options.groupInterval,
      repeatInterval: options.repeatInterval,
      bySeverity: {
        critical: { receiver: STANDARD_RECEIVERS.pager, groupWait: '10s', repeatInterval: '1h' },
        warning: { receiver: STANDARD_RECEIVERS.chat },
        info: {
          receiver: STANDARD_RECEIVERS.email,
          repeatInterval: '24h',
          muteTimeIntervals: [OFF_HOURS_INTERVAL],
        },
      },
      teams: teamRoutes,
    }),
    inhibitRules: [
      ...buildSeverityInhibitRules({ equal: options.severityEqual }),
      ...buildBurnRateInhibitRules(options.burnRate),
    ],
    receivers: [
      buildPagerdutyReceiver(STANDARD_RECEIVERS.pager, {
        routingKeyFile: `${dir}/${SECRET_FILE_NAMES.pagerdutyRoutingKey}`,
      }),
      buildSlackReceiver(STANDARD_RECEIVERS.chat, { channel: options.slackChannel ?? '#alerts' }),
      buildEmailReceiver(STANDARD_RECEIVERS.email, { to: smtp.to ?? 'oncall@example.com' }),
      ...teamReceivers,
    ],
    timeIntervals: [buildOffHoursTimeInterval({ location: options.location })],
  });
}

/** Options of {@link buildWebhookAlertmanagerConfig}. */
export interface WebhookAlertmanagerOptions extends RouteTimings, AlertmanagerInhibitOptions {
  /** Where every notification is POSTed; without it, notifications are dropped (`null` receiver). */
  readonly webhookUrl?: string;
  /** Bearer token for the webhook, read from this file. */
  readonly webhookTokenFile?: string;
  readonly groupBy?: readonly string[];
}

/**
 * One webhook receiver for everything (or a `null` receiver), with the same inhibitions as
 * production: a local stack and the end-to-end tests, which serve the webhook themselves.
 */
export function buildWebhookAlertmanagerConfig(options: WebhookAlertmanagerOptions = {}): AlertmanagerConfig {
  const receiver =
    options.webhookUrl !== undefined
      ? buildWebhookReceiver('webhook', {
          url: options.webhookUrl,
          bearerTokenFile: options.webhookTokenFile,
        })
      : buildNullReceiver('null');
  return buildAlertmanagerConfig({
    route: buildRoutingTree({
      defaultReceiver: receiver.name,
      groupBy: options.groupBy,
      groupWait: options.groupWait,
      groupInterval: options.groupInterval,
      repeatInterval: options.repeatInterval,
    }),
    inhibitRules: [
      ...buildSeverityInhibitRules({ equal: options.severityEqual }),
      ...buildBurnRateInhibitRules(options.burnRate),
    ],
    receivers: [receiver],
  });
}
