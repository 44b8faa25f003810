import type { LabelName } from './labels.js';

/**
 * Alert severities, the values of the `severity` label, most urgent first: `critical` pages,
 * `warning` opens a ticket, `info` is for dashboards.
 */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/**
 * Values of the `burn_window` label of SLO burn-rate alerts, fastest first: `fast` (the page tiers)
 * or `slow` (the ticket tiers). Alertmanager lets a firing `fast` tier inhibit the `slow` ones of the
 * same SLO.
 */
export const BURN_WINDOWS = ['fast', 'slow'] as const;
/** One of {@link BURN_WINDOWS}. */
export type BurnWindow = (typeof BURN_WINDOWS)[number];

/**
 * Label names alert rules set and Alertmanager routes and inhibitions match on:
 * - `severity`: one of {@link SEVERITIES};
 * - `alertname`: the alert's name (Prometheus sets it);
 * - `team`: the owning team (the alert rules' config, default `ai-platform`);
 * - `slo`: the SLO name on burn-rate alerts and SLO recording rules;
 * - `burnWindow` (`burn_window`): one of {@link BURN_WINDOWS};
 * - `longWindow` (`long_window`): a burn-rate tier's long window (`1h`, `6h`, `1d`, `3d`), which keeps
 *   the tiers of one SLO apart.
 *
 * `severity` and `alertname` are catalog labels.
 */
export const ALERT_LABELS = {
  severity: 'severity' satisfies LabelName,
  alertname: 'alertname' satisfies LabelName,
  team: 'team',
  slo: 'slo',
  burnWindow: 'burn_window',
  longWindow: 'long_window',
} as const;
