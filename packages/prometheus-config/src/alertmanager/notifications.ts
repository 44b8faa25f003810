import { ALERT_LABELS, SEVERITIES, type Severity, type ValidationProblem } from '@obskit/catalog';
import { PROMETHEUS_CONFIG_CODES, type PrometheusConfigCode } from '../codes.js';
import { PrometheusConfigError } from '../errors.js';
import { buildAlertmanagerConfig } from './alertmanager-config.js';
import { buildBurnRateInhibitRules, buildSeverityInhibitRules } from './inhibit.js';
import { anyOfMatcher, equalMatcher } from './matchers.js';
import type {
  NotificationReceiver,
  NotificationRoute,
  NotificationsOptions,
  NotificationTimeInterval,
} from './notifications-types.js';
import {
  SLACK_TEXT,
  SLACK_TITLE,
  buildEmailReceiver,
  buildPagerdutyReceiver,
  buildWebhookReceiver,
} from './receivers.js';
import { DEFAULT_ROUTE_TIMINGS } from './routes.js';
import type { AlertmanagerConfig, InhibitRule, Receiver, Route, TimeInterval } from './types.js';

/** Label a service's alerts carry its name in (the scrape job). */
const SERVICE_LABEL = 'job';
/** Default grouping: one notification per alert and service. */
export const DEFAULT_NOTIFICATION_GROUP_BY = [ALERT_LABELS.alertname, 'cluster', SERVICE_LABEL] as const;

const INTEGRATIONS = ['slack', 'pagerduty', 'email', 'webhook', 'msteamsv2', 'opsgenie'] as const;

function receiverOf(receiver: NotificationReceiver): Receiver {
  const { name } = receiver;
  if ('slack' in receiver) {
    return {
      name,
      slack_configs: [
        {
          api_url_file: receiver.slack.apiUrlFile,
          ...(receiver.slack.channel !== undefined ? { channel: receiver.slack.channel } : {}),
          send_resolved: true,
          title: SLACK_TITLE,
          text: SLACK_TEXT,
        },
      ],
    };
  }
  if ('pagerduty' in receiver) {
    return buildPagerdutyReceiver(name, { routingKeyFile: receiver.pagerduty.routingKeyFile });
  }
  if ('email' in receiver) {
    const e = receiver.email;
    return buildEmailReceiver(name, {
      to: e.to,
      from: e.from,
      smarthost: e.smarthost,
      authUsername: e.username,
      authPasswordFile: e.passwordFile,
      requireTls: true,
    });
  }
  if ('webhook' in receiver) {
    return buildWebhookReceiver(name, {
      url: receiver.webhook.url,
      bearerTokenFile: receiver.webhook.bearerTokenFile,
    });
  }
  if ('msteamsv2' in receiver) {
    return {
      name,
      msteamsv2_configs: [
        {
          webhook_url_file: receiver.msteamsv2.webhookUrlFile,
          send_resolved: true,
          title: SLACK_TITLE,
          text: '{{ range .Alerts }}**{{ .Labels.severity }}** {{ .Annotations.summary }}{{ if .Annotations.runbook_url }} [runbook]({{ .Annotations.runbook_url }}){{ end }}\n\n{{ end }}',
        },
      ],
    };
  }
  const og = receiver.opsgenie;
  return {
    name,
    opsgenie_configs: [
      {
        api_key_file: og.apiKeyFile,
        send_resolved: true,
        message: '{{ .CommonLabels.alertname }} ({{ .CommonLabels.job }})',
        priority:
          '{{ if eq .CommonLabels.severity "critical" }}P1{{ else if eq .CommonLabels.severity "warning" }}P3{{ else }}P5{{ end }}',
        ...(og.responders?.length ? { responders: og.responders.map((r) => ({ ...r })) } : {}),
      },
    ],
  };
}

function routeOf(route: NotificationRoute): Route {
  const severities: readonly Severity[] | undefined =
    route.severity === undefined
      ? undefined
      : typeof route.severity === 'string'
        ? [route.severity]
        : route.severity;
  const mute = [...(route.muteTimeIntervals ?? []), ...(route.timeIntervals ?? [])];
  const matchers = [
    ...(severities?.length === 1 ? [equalMatcher(ALERT_LABELS.severity, severities[0])] : []),
    ...(severities && severities.length > 1 ? [anyOfMatcher(ALERT_LABELS.severity, severities)] : []),
    ...(route.team !== undefined ? [equalMatcher(ALERT_LABELS.team, route.team)] : []),
    ...(route.service !== undefined ? [equalMatcher(SERVICE_LABEL, route.service)] : []),
  ];
  return {
    receiver: route.receiver,
    ...(matchers.length > 0 ? { matchers } : {}),
    ...(route.continue !== undefined ? { continue: route.continue } : {}),
    ...(mute.length > 0 ? { mute_time_intervals: [...new Set(mute)] } : {}),
    ...(route.activeTimeIntervals?.length ? { active_time_intervals: [...route.activeTimeIntervals] } : {}),
  };
}

function timeIntervalOf(interval: NotificationTimeInterval): TimeInterval {
  return {
    name: interval.name,
    time_intervals: [
      {
        ...(interval.times?.length
          ? { times: interval.times.map((t) => ({ start_time: t.start, end_time: t.end })) }
          : {}),
        ...(interval.weekdays?.length ? { weekdays: [...interval.weekdays] } : {}),
        ...(interval.location !== undefined ? { location: interval.location } : {}),
      },
    ],
  };
}

function inhibitOf(inhibit: NotificationsOptions['inhibit']): InhibitRule[] {
  if (inhibit === false) return [];
  if (Array.isArray(inhibit)) return [...(inhibit as readonly InhibitRule[])];
  return [
    ...buildSeverityInhibitRules(),
    ...buildBurnRateInhibitRules({ equal: ['cluster', SERVICE_LABEL] }),
  ];
}

function check(options: NotificationsOptions): ValidationProblem<PrometheusConfigCode>[] {
  const problems: ValidationProblem<PrometheusConfigCode>[] = [];
  const add = (code: PrometheusConfigCode, subject: string, message: string) =>
    problems.push({ code, subject, message });
  const names = new Set<string>();
  if (!options.receivers?.length) {
    add(
      PROMETHEUS_CONFIG_CODES.missingField,
      'notifications.receivers',
      'Missing receivers: list at least one',
    );
  }
  (options.receivers ?? []).forEach((r, i) => {
    const subject = `notifications.receivers[${i}]`;
    if (names.has(r.name))
      add(PROMETHEUS_CONFIG_CODES.duplicateReceiver, subject, `Duplicate receiver "${r.name}"`);
    names.add(r.name);
    const kinds = INTEGRATIONS.filter((k) => k in r);
    if (kinds.length !== 1) {
      add(
        PROMETHEUS_CONFIG_CODES.missingField,
        subject,
        `Invalid receiver "${r.name}": expected exactly one of ${INTEGRATIONS.join(', ')}, got ${kinds.join(', ') || 'none'}`,
      );
    }
  });
  const known = [...names].map((n) => `"${n}"`).join(', ');
  const intervals = new Set((options.timeIntervals ?? []).map((t) => t.name));
  const checkReceiver = (subject: string, name: string | undefined) => {
    if (name !== undefined && !names.has(name)) {
      add(
        PROMETHEUS_CONFIG_CODES.unknownReceiver,
        subject,
        `Unknown receiver "${name}": must be one of ${known || '(none)'}`,
      );
    }
  };
  checkReceiver('notifications.defaultReceiver', options.defaultReceiver);
  (options.routes ?? []).forEach((route, i) => {
    const subject = `notifications.routes[${i}]`;
    checkReceiver(subject, route.receiver);
    const severities = typeof route.severity === 'string' ? [route.severity] : (route.severity ?? []);
    for (const s of severities) {
      if (!(SEVERITIES as readonly string[]).includes(s)) {
        add(
          PROMETHEUS_CONFIG_CODES.matcher,
          subject,
          `Invalid severity "${s}": expected one of ${SEVERITIES.join(', ')}`,
        );
      }
    }
    for (const name of [
      ...(route.timeIntervals ?? []),
      ...(route.muteTimeIntervals ?? []),
      ...(route.activeTimeIntervals ?? []),
    ]) {
      if (!intervals.has(name)) {
        add(
          PROMETHEUS_CONFIG_CODES.unknownTimeInterval,
          subject,
          `Unknown time interval "${name}": must be one of notifications.timeIntervals (${[...intervals].join(', ') || 'none defined'})`,
        );
      }
    }
  });
  return problems;
}

/**
 * alertmanager.yml from `notifications`: receivers (Slack, PagerDuty, email, webhook, Microsoft Teams
 * v2, OpsGenie — every secret a `*_file` field), routes by severity / `team` / service (`job`),
 * grouping and timings, inhibition (default: critical mutes warning/info of the same alertname and
 * job, a faster SLO burn tier the slower ones of the same SLO and job) and named time intervals used as mute or active
 * intervals. `msteamsv2_configs` needs Alertmanager 0.28 or later.
 *
 * @throws PrometheusConfigError `OBSKIT_INVALID_ALERTMANAGER_CONFIG` listing every problem (unknown
 * receivers or time intervals, duplicate names, a receiver with no or several integrations).
 */
export function buildNotificationsAlertmanagerConfig(options: NotificationsOptions): AlertmanagerConfig {
  const problems = check(options);
  if (problems.length > 0) {
    throw new PrometheusConfigError(
      PROMETHEUS_CONFIG_CODES.alertmanagerConfig,
      'Invalid notifications',
      problems,
    );
  }
  const routes = (options.routes ?? []).map(routeOf);
  return buildAlertmanagerConfig({
    route: {
      receiver: options.defaultReceiver ?? options.receivers[0].name,
      group_by: [...(options.groupBy ?? DEFAULT_NOTIFICATION_GROUP_BY)],
      group_wait: options.groupWait ?? DEFAULT_ROUTE_TIMINGS.groupWait,
      group_interval: options.groupInterval ?? DEFAULT_ROUTE_TIMINGS.groupInterval,
      repeat_interval: options.repeatInterval ?? DEFAULT_ROUTE_TIMINGS.repeatInterval,
      ...(routes.length > 0 ? { routes } : {}),
    },
    inhibitRules: inhibitOf(options.inhibit),
    receivers: options.receivers.map(receiverOf),
    timeIntervals: (options.timeIntervals ?? []).map(timeIntervalOf),
  });
}
