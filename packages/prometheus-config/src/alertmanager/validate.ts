import { LABEL_NAME_PATTERN, type ValidationProblem } from '@obskit/catalog';
import { PROMETHEUS_CONFIG_CODES, type PrometheusConfigCode } from '../codes.js';
import { PrometheusConfigError } from '../errors.js';
import { checkDuration } from '../duration.js';
import { Problems, checkUrl } from '../internal/problems.js';
import { checkHttpAuth, checkLiteralSecrets } from '../internal/secrets.js';
import { MATCHER_PATTERN } from './matchers.js';
import type { AlertmanagerConfig, Receiver, Route, TimeInterval } from './types.js';

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

function checkMatchers(
  problems: Problems,
  subject: string,
  field: string,
  matchers?: readonly string[],
): void {
  for (const matcher of matchers ?? []) {
    if (typeof matcher !== 'string' || !MATCHER_PATTERN.test(matcher)) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.matcher,
        subject,
        `Invalid matcher "${String(matcher)}" in ${field}: must match ${MATCHER_PATTERN} (e.g. severity="critical")`,
      );
    }
  }
}

function checkLabelNames(
  problems: Problems,
  subject: string,
  field: string,
  names?: readonly string[],
): void {
  for (const name of names ?? []) {
    if (name === '...' && field === 'group_by') continue;
    if (!LABEL_NAME_PATTERN.test(name)) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.labelName,
        subject,
        `Invalid label name "${name}" in ${field}: must match ${LABEL_NAME_PATTERN}`,
      );
    }
  }
}

function checkTimeIntervals(problems: Problems, intervals: readonly TimeInterval[]): Set<string> {
  const names = new Set<string>();
  intervals.forEach((interval, i) => {
    const subject = `time_intervals[${i}] ("${interval.name}")`;
    if (names.has(interval.name)) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.duplicateTimeInterval,
        subject,
        `Duplicate time interval "${interval.name}"`,
      );
    }
    names.add(interval.name);
    for (const spec of interval.time_intervals ?? []) {
      for (const range of spec.times ?? []) {
        const valid = TIME_PATTERN.test(range.start_time) && TIME_PATTERN.test(range.end_time);
        if (!valid || minutes(range.start_time) >= minutes(range.end_time)) {
          problems.add(
            PROMETHEUS_CONFIG_CODES.timeRange,
            subject,
            `Invalid time range "${range.start_time}-${range.end_time}": must be "HH:MM" with start before end (end may be "24:00")`,
          );
        }
      }
      for (const day of spec.weekdays ?? []) {
        if (!day.split(':').every((d) => WEEKDAYS.includes(d.toLowerCase()))) {
          problems.add(
            PROMETHEUS_CONFIG_CODES.timeRange,
            subject,
            `Invalid weekday "${day}": must be a day name or range such as "monday:friday"`,
          );
        }
      }
    }
  });
  return names;
}

function checkReceiver(
  problems: Problems,
  config: AlertmanagerConfig,
  receiver: Receiver,
  subject: string,
): void {
  const global = config.global ?? {};
  for (const email of receiver.email_configs ?? []) {
    if (!email.to)
      problems.add(PROMETHEUS_CONFIG_CODES.missingField, subject, 'Missing "to" in email_configs');
    if (!email.smarthost && !global.smtp_smarthost) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingField,
        subject,
        'Missing "smarthost" in email_configs and global "smtp_smarthost"',
      );
    }
    if (!email.from && !global.smtp_from) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingField,
        subject,
        'Missing "from" in email_configs and global "smtp_from"',
      );
    }
    const user = email.auth_username ?? global.smtp_auth_username;
    if (user && !email.auth_password_file && !global.smtp_auth_password_file) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingSecretFile,
        subject,
        `Missing "auth_password_file" for SMTP user "${user}": set it here or as global "smtp_auth_password_file"`,
      );
    }
  }
  for (const slack of receiver.slack_configs ?? []) {
    if (!slack.api_url_file && !global.slack_api_url_file) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingSecretFile,
        subject,
        'Missing "api_url_file" in slack_configs: set it here or as global "slack_api_url_file"',
      );
    }
    checkHttpAuth(problems, subject, slack.http_config);
  }
  for (const pd of receiver.pagerduty_configs ?? []) {
    if (!pd.routing_key_file && !pd.service_key_file) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingSecretFile,
        subject,
        'Missing "routing_key_file" (or "service_key_file") in pagerduty_configs',
      );
    }
    checkHttpAuth(problems, subject, pd.http_config);
  }
  for (const webhook of receiver.webhook_configs ?? []) {
    checkUrl(problems, subject, webhook.url);
    checkHttpAuth(problems, subject, webhook.http_config);
  }
  for (const teams of receiver.msteamsv2_configs ?? []) {
    if (!teams.webhook_url_file) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingSecretFile,
        subject,
        'Missing "webhook_url_file" in msteamsv2_configs: the workflow URL is a secret, read from a file',
      );
    }
    checkHttpAuth(problems, subject, teams.http_config);
  }
  for (const opsgenie of receiver.opsgenie_configs ?? []) {
    if (!opsgenie.api_key_file) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingSecretFile,
        subject,
        'Missing "api_key_file" in opsgenie_configs',
      );
    }
    checkHttpAuth(problems, subject, opsgenie.http_config);
  }
}

/** Checks each receiver (name present and unique, its integrations) and returns the names defined. */
function checkReceivers(problems: Problems, config: AlertmanagerConfig): Set<string> {
  const receivers = new Set<string>();
  (config.receivers ?? []).forEach((receiver, i) => {
    const subject = `receivers[${i}] ("${receiver.name}")`;
    if (typeof receiver.name !== 'string' || receiver.name === '') {
      problems.add(PROMETHEUS_CONFIG_CODES.missingField, subject, 'Missing receiver "name"');
    } else if (receivers.has(receiver.name)) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.duplicateReceiver,
        subject,
        `Duplicate receiver "${receiver.name}"`,
      );
    }
    receivers.add(receiver.name);
    checkReceiver(problems, config, receiver, subject);
  });
  return receivers;
}

/** What a route is checked against: the receivers and time intervals the config defines. */
interface RouteContext {
  problems: Problems;
  receivers: Set<string>;
  intervals: Set<string>;
  known: string;
}

/** Checks one route and, recursively, its children; `root` adds the root route's own rules. */
function checkRoute(ctx: RouteContext, route: Route, path: string, root: boolean): void {
  const { problems } = ctx;
  if (root && route.receiver === undefined) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.missingField,
      path,
      'Missing "receiver" on the root route: it catches every unrouted alert',
    );
  }
  if (root && route.matchers?.length) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.matcher,
      path,
      'Invalid "matchers" on the root route: the root route matches every alert',
    );
  }
  if (route.receiver !== undefined && !ctx.receivers.has(route.receiver)) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.unknownReceiver,
      path,
      `Unknown receiver "${route.receiver}": must be one of ${ctx.known || '(no receivers defined)'}`,
    );
  }
  checkMatchers(problems, path, 'matchers', route.matchers);
  checkLabelNames(problems, path, 'group_by', route.group_by);
  checkDuration(problems, path, 'group_wait', route.group_wait);
  checkDuration(problems, path, 'group_interval', route.group_interval);
  checkDuration(problems, path, 'repeat_interval', route.repeat_interval);
  for (const field of ['mute_time_intervals', 'active_time_intervals'] as const) {
    for (const name of route[field] ?? []) {
      if (!ctx.intervals.has(name)) {
        problems.add(
          PROMETHEUS_CONFIG_CODES.unknownTimeInterval,
          path,
          `Unknown time interval "${name}" in ${field}`,
        );
      }
    }
  }
  (route.routes ?? []).forEach((child, i) => checkRoute(ctx, child, `${path}.routes[${i}]`, false));
}

/**
 * Checks an alertmanager.yml before it is written: every route names a known receiver and known time
 * intervals, durations, matchers, receiver fields and secrets (only through `*_file`).
 * @returns every problem found (empty when valid)
 */
export function validateAlertmanagerConfig(
  config: AlertmanagerConfig,
): ValidationProblem<PrometheusConfigCode>[] {
  const problems = new Problems();
  checkDuration(problems, 'global', 'resolve_timeout', config.global?.resolve_timeout);

  const receivers = checkReceivers(problems, config);
  const intervals = checkTimeIntervals(problems, config.time_intervals ?? []);
  const known = [...receivers].map((r) => `"${r}"`).join(', ');
  if (config.route === undefined) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.missingField,
      'route',
      'Missing "route": an Alertmanager config needs a root route',
    );
  } else {
    checkRoute({ problems, receivers, intervals, known }, config.route, 'route', true);
  }

  (config.inhibit_rules ?? []).forEach((rule, i) => {
    const subject = `inhibit_rules[${i}]`;
    checkMatchers(problems, subject, 'source_matchers', rule.source_matchers);
    checkMatchers(problems, subject, 'target_matchers', rule.target_matchers);
    checkLabelNames(problems, subject, 'equal', rule.equal);
  });

  checkLiteralSecrets(problems, config, '');
  return problems.list;
}

/** Throws one {@link PrometheusConfigError} (code `OBSKIT_INVALID_ALERTMANAGER_CONFIG`) listing every problem. */
export function assertValidAlertmanagerConfig(config: AlertmanagerConfig): void {
  const problems = validateAlertmanagerConfig(config);
  if (problems.length > 0) {
    throw new PrometheusConfigError(
      PROMETHEUS_CONFIG_CODES.alertmanagerConfig,
      'Invalid alertmanager.yml',
      problems,
    );
  }
}
