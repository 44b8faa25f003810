import type { Severity } from '@obskit/catalog';
import type { Duration } from '../duration.js';
import type { InhibitRule } from './types.js';

/** One integration of a receiver; every secret is a file Alertmanager reads. */
export type NotificationIntegration =
  | { readonly slack: { readonly apiUrlFile: string; readonly channel?: string } }
  | { readonly pagerduty: { readonly routingKeyFile: string } }
  | {
      readonly email: {
        readonly to: string;
        readonly from: string;
        /** `host:port` of the SMTP server. */
        readonly smarthost: string;
        readonly username?: string;
        readonly passwordFile?: string;
      };
    }
  | { readonly webhook: { readonly url: string; readonly bearerTokenFile?: string } }
  /** Microsoft Teams through a Power Automate workflow (`msteamsv2_configs`, Alertmanager ≥ 0.28). */
  | { readonly msteamsv2: { readonly webhookUrlFile: string } }
  | {
      readonly opsgenie: {
        readonly apiKeyFile: string;
        readonly responders?: readonly {
          readonly type: 'team' | 'user' | 'escalation' | 'schedule';
          readonly name?: string;
          readonly id?: string;
          readonly username?: string;
        }[];
      };
    };

/** A named receiver. */
export type NotificationReceiver = { readonly name: string } & NotificationIntegration;

/** A route below the root: alerts matching every given field go to `receiver`. */
export interface NotificationRoute {
  readonly receiver: string;
  readonly severity?: Severity | readonly Severity[];
  /** Matches the `team` label. */
  readonly team?: string;
  /** Matches the `job` label (the service name). */
  readonly service?: string;
  /** Keep matching the following routes after this one. */
  readonly continue?: boolean;
  /** Time intervals outside which this route is muted (`active_time_intervals`). */
  readonly activeTimeIntervals?: readonly string[];
  /** Time intervals during which this route is muted (`mute_time_intervals`). */
  readonly muteTimeIntervals?: readonly string[];
  /** Alias of `muteTimeIntervals` (the config file's `timeIntervals`). */
  readonly timeIntervals?: readonly string[];
}

/** A named time interval (`time_intervals`). */
export interface NotificationTimeInterval {
  readonly name: string;
  /** e.g. `['saturday', 'sunday']`, `['monday:friday']`. */
  readonly weekdays?: readonly string[];
  /** `HH:MM` ranges, end exclusive. */
  readonly times?: readonly { readonly start: string; readonly end: string }[];
  /** IANA time zone. @defaultValue UTC */
  readonly location?: string;
}

/** Plain-options mirror of `notifications` of `obskit.config.ts`. */
export interface NotificationsOptions {
  readonly receivers: readonly NotificationReceiver[];
  readonly routes?: readonly NotificationRoute[];
  /** @defaultValue the first receiver */
  readonly defaultReceiver?: string;
  /** @defaultValue `['alertname', 'job', 'severity']` */
  readonly groupBy?: readonly string[];
  readonly groupWait?: Duration;
  readonly groupInterval?: Duration;
  readonly repeatInterval?: Duration;
  /**
   * `true` (default): critical inhibits warning/info of the same alertname and job, a faster SLO
   * burn tier the slower ones; `false`: none; a list: exactly these rules.
   */
  readonly inhibit?: boolean | readonly InhibitRule[];
  readonly timeIntervals?: readonly NotificationTimeInterval[];
}
