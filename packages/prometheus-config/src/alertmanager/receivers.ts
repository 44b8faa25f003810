import type { EmailConfig, PagerdutyConfig, Receiver, SlackConfig, WebhookConfig } from './types.js';

/** A receiver without integrations: what is routed to it is dropped (and still shown in the UI). */
export function buildNullReceiver(name: string): Receiver {
  return { name };
}

/** Options of {@link buildEmailReceiver}. SMTP fields left out fall back to the `global` section. */
export interface EmailReceiverOptions {
  readonly to: string;
  readonly from?: string;
  /** `host:port` of the SMTP server. */
  readonly smarthost?: string;
  readonly authUsername?: string;
  /** File holding the SMTP password. */
  readonly authPasswordFile?: string;
  readonly requireTls?: boolean;
  /** @defaultValue `true` */
  readonly sendResolved?: boolean;
}

/** An email receiver; the SMTP password only ever comes from a file. */
export function buildEmailReceiver(name: string, options: EmailReceiverOptions): Receiver {
  const email: EmailConfig = {
    to: options.to,
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.smarthost !== undefined ? { smarthost: options.smarthost } : {}),
    ...(options.authUsername !== undefined ? { auth_username: options.authUsername } : {}),
    ...(options.authPasswordFile !== undefined ? { auth_password_file: options.authPasswordFile } : {}),
    ...(options.requireTls !== undefined ? { require_tls: options.requireTls } : {}),
    send_resolved: options.sendResolved ?? true,
  };
  return { name, email_configs: [email] };
}

/** Options of {@link buildSlackReceiver}. */
export interface SlackReceiverOptions {
  /** e.g. `#alerts`. */
  readonly channel: string;
  /** File holding the incoming-webhook URL. @defaultValue the global `slack_api_url_file` */
  readonly apiUrlFile?: string;
  /** @defaultValue `true` */
  readonly sendResolved?: boolean;
  /** @defaultValue {@link SLACK_TITLE} */
  readonly title?: string;
  /** @defaultValue {@link SLACK_TEXT} */
  readonly text?: string;
}

/** Default Slack title: status, alert name and the number of alerts. */
export const SLACK_TITLE =
  '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}';
/** Default Slack text: each alert's summary and its runbook. */
export const SLACK_TEXT =
  '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.summary }}{{ if .Annotations.runbook_url }} <{{ .Annotations.runbook_url }}|runbook>{{ end }}\n{{ end }}';

/** A Slack receiver posting to an incoming webhook whose URL is read from a file. */
export function buildSlackReceiver(name: string, options: SlackReceiverOptions): Receiver {
  const slack: SlackConfig = {
    ...(options.apiUrlFile !== undefined ? { api_url_file: options.apiUrlFile } : {}),
    channel: options.channel,
    send_resolved: options.sendResolved ?? true,
    title: options.title ?? SLACK_TITLE,
    text: options.text ?? SLACK_TEXT,
  };
  return { name, slack_configs: [slack] };
}

/** Options of {@link buildPagerdutyReceiver}. */
export interface PagerdutyReceiverOptions {
  /** File holding the Events API v2 integration (routing) key. */
  readonly routingKeyFile: string;
  /** PagerDuty severity; a template is allowed. @defaultValue `'{{ .CommonLabels.severity }}'` */
  readonly severity?: string;
  /** @defaultValue `true` */
  readonly sendResolved?: boolean;
}

/** A PagerDuty (Events API v2) receiver whose routing key is read from a file. */
export function buildPagerdutyReceiver(name: string, options: PagerdutyReceiverOptions): Receiver {
  const pagerduty: PagerdutyConfig = {
    routing_key_file: options.routingKeyFile,
    severity: options.severity ?? '{{ .CommonLabels.severity }}',
    send_resolved: options.sendResolved ?? true,
  };
  return { name, pagerduty_configs: [pagerduty] };
}

/** Options of {@link buildWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** Endpoint URL; must not carry credentials (use `bearerTokenFile` or `basicAuth`). */
  readonly url: string;
  /** @defaultValue `true` */
  readonly sendResolved?: boolean;
  /** Cap on alerts per message; 0 = all. */
  readonly maxAlerts?: number;
  /** Bearer token read from this file. */
  readonly bearerTokenFile?: string;
  readonly basicAuth?: { readonly username: string; readonly passwordFile: string };
}

/** A webhook receiver (Alertmanager's generic JSON notification). */
export function buildWebhookReceiver(name: string, options: WebhookReceiverOptions): Receiver {
  const httpConfig = {
    ...(options.bearerTokenFile !== undefined
      ? { authorization: { type: 'Bearer', credentials_file: options.bearerTokenFile } }
      : {}),
    ...(options.basicAuth
      ? {
          basic_auth: { username: options.basicAuth.username, password_file: options.basicAuth.passwordFile },
        }
      : {}),
  };
  const webhook: WebhookConfig = {
    url: options.url,
    send_resolved: options.sendResolved ?? true,
    ...(options.maxAlerts !== undefined ? { max_alerts: options.maxAlerts } : {}),
    ...(Object.keys(httpConfig).length > 0 ? { http_config: httpConfig } : {}),
  };
  return { name, webhook_configs: [webhook] };
}
