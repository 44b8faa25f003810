/**
 * alertmanager.yml as plain data, in the shape of the Alertmanager 0.25+ configuration file:
 * https://prometheus.io/docs/alerting/latest/configuration/
 *
 * Secrets are only referenced through `*_file` fields. Alertmanager 0.25 supports
 * `smtp_auth_password_file`, `slack_api_url_file`, email `auth_password_file`, Slack `api_url_file`,
 * PagerDuty `routing_key_file` / `service_key_file` and `http_config` credential files; the webhook
 * `url_file` only exists from 0.26 on, so a webhook URL is a plain (non-secret) URL here and its
 * credentials go in `http_config`.
 */
import type { Duration } from '../duration.js';
import type { BasicAuthConfig, AuthorizationConfig, TlsConfig } from '../prometheus/types.js';

/** `http_config` of a notifier. */
export interface NotifierHttpConfig {
  readonly basic_auth?: BasicAuthConfig;
  readonly authorization?: AuthorizationConfig;
  readonly tls_config?: TlsConfig;
}

/** `global`. */
export interface AlertmanagerGlobalConfig {
  readonly resolve_timeout?: Duration;
  readonly smtp_from?: string;
  /** `host:port` of the SMTP server. */
  readonly smtp_smarthost?: string;
  readonly smtp_auth_username?: string;
  readonly smtp_auth_password_file?: string;
  readonly smtp_require_tls?: boolean;
  readonly slack_api_url_file?: string;
  readonly pagerduty_url?: string;
}

/** `email_config`. */
export interface EmailConfig {
  readonly to: string;
  readonly from?: string;
  readonly smarthost?: string;
  readonly auth_username?: string;
  readonly auth_password_file?: string;
  readonly require_tls?: boolean;
  readonly send_resolved?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

/** `slack_config`. */
export interface SlackConfig {
  /** File holding the incoming-webhook URL (the URL is the secret). */
  readonly api_url_file?: string;
  readonly channel?: string;
  readonly send_resolved?: boolean;
  readonly title?: string;
  readonly text?: string;
  readonly http_config?: NotifierHttpConfig;
}

/** `pagerduty_config`: Events API v2 (`routing_key_file`) or v1 (`service_key_file`). */
export interface PagerdutyConfig {
  readonly routing_key_file?: string;
  readonly service_key_file?: string;
  readonly send_resolved?: boolean;
  readonly severity?: string;
  readonly description?: string;
  readonly http_config?: NotifierHttpConfig;
}

/** `webhook_config`. */
export interface WebhookConfig {
  readonly url: string;
  readonly send_resolved?: boolean;
  readonly max_alerts?: number;
  readonly http_config?: NotifierHttpConfig;
}

/** `msteamsv2_config` (Alertmanager 0.28+): Teams through a Power Automate workflow URL. */
export interface MsTeamsV2Config {
  /** File holding the workflow URL (the URL is the secret). */
  readonly webhook_url_file: string;
  readonly send_resolved?: boolean;
  readonly title?: string;
  readonly text?: string;
  readonly http_config?: NotifierHttpConfig;
}

/** One `responders` entry of an OpsGenie config. */
export interface OpsgenieResponder {
  readonly type: 'team' | 'user' | 'escalation' | 'schedule';
  readonly id?: string;
  readonly name?: string;
  readonly username?: string;
}

/** `opsgenie_config`. */
export interface OpsgenieConfig {
  /** File holding the OpsGenie API key. */
  readonly api_key_file: string;
  readonly send_resolved?: boolean;
  readonly message?: string;
  readonly priority?: string;
  readonly responders?: readonly OpsgenieResponder[];
  readonly http_config?: NotifierHttpConfig;
}

/** `receiver`. A receiver without integrations drops what is routed to it. */
export interface Receiver {
  readonly name: string;
  readonly email_configs?: readonly EmailConfig[];
  readonly slack_configs?: readonly SlackConfig[];
  readonly pagerduty_configs?: readonly PagerdutyConfig[];
  readonly webhook_configs?: readonly WebhookConfig[];
  readonly msteamsv2_configs?: readonly MsTeamsV2Config[];
  readonly opsgenie_configs?: readonly OpsgenieConfig[];
}

/** `route`. */
export interface Route {
  readonly receiver?: string;
  readonly group_by?: readonly string[];
  readonly continue?: boolean;
  /** Matchers such as `severity="critical"`. */
  readonly matchers?: readonly string[];
  readonly group_wait?: Duration;
  readonly group_interval?: Duration;
  readonly repeat_interval?: Duration;
  readonly mute_time_intervals?: readonly string[];
  readonly active_time_intervals?: readonly string[];
  readonly routes?: readonly Route[];
}

/** `inhibit_rule`: alerts matching `target_matchers` are muted while one matching `source_matchers` fires. */
export interface InhibitRule {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  /** Labels whose values must be equal in source and target. */
  readonly equal?: readonly string[];
}

/** One `time_interval` specification. */
export interface TimeIntervalSpec {
  /** `HH:MM` ranges, end exclusive; `24:00` allowed as end. */
  readonly times?: readonly { readonly start_time: string; readonly end_time: string }[];
  /** Day names or ranges, e.g. `saturday`, `monday:friday`. */
  readonly weekdays?: readonly string[];
  readonly days_of_month?: readonly string[];
  readonly months?: readonly string[];
  readonly years?: readonly string[];
  /** IANA time zone, e.g. `Europe/Berlin`. @defaultValue UTC */
  readonly location?: string;
}

/** Named `time_interval`. */
export interface TimeInterval {
  readonly name: string;
  readonly time_intervals: readonly TimeIntervalSpec[];
}

/** A whole alertmanager.yml. */
export interface AlertmanagerConfig {
  readonly global?: AlertmanagerGlobalConfig;
  readonly route: Route;
  readonly inhibit_rules?: readonly InhibitRule[];
  readonly receivers: readonly Receiver[];
  readonly time_intervals?: readonly TimeInterval[];
  readonly templates?: readonly string[];
}
