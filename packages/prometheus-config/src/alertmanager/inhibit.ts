import { ALERT_LABELS, SEVERITIES } from '@obskit/catalog';
import { DEFAULT_BURN_TIERS } from '../config.js';
import { anyOfMatcher, equalMatcher } from './matchers.js';
import type { InhibitRule } from './types.js';

/** Options of {@link buildSeverityInhibitRules}. */
export interface SeverityInhibitOptions {
  /**
   * Labels that must be equal for a more severe alert to mute a less severe one.
   * @defaultValue `['alertname', 'cluster', 'job']` — the same alert of the same job; a label absent
   * from both counts as equal.
   */
  readonly equal?: readonly string[];
  /** @defaultValue `'severity'` */
  readonly severityLabel?: string;
}

/**
 * Each severity mutes the less severe ones of the same alert: `critical` mutes `warning` and `info`,
 * `warning` mutes `info`.
 */
export function buildSeverityInhibitRules(options: SeverityInhibitOptions = {}): InhibitRule[] {
  const label = options.severityLabel ?? ALERT_LABELS.severity;
  const equal = [...(options.equal ?? [ALERT_LABELS.alertname, 'cluster', 'job'])];
  return SEVERITIES.slice(0, -1).map((severity, i) => ({
    source_matchers: [equalMatcher(label, severity)],
    target_matchers: [anyOfMatcher(label, SEVERITIES.slice(i + 1))],
    equal,
  }));
}

/** Options of {@link buildBurnRateInhibitRules}. */
export interface BurnRateInhibitOptions {
  /** Burn-rate tiers, fastest first. @defaultValue `['fast', 'slow']` */
  readonly tiers?: readonly string[];
  /** Label carrying the tier. @defaultValue `'burn_window'` */
  readonly tierLabel?: string;
  /** Label naming the SLO; the faster tier only mutes slower tiers of the same SLO. @defaultValue `'slo'` */
  readonly sloLabel?: string;
  /** More labels that must be equal. @defaultValue `['cluster']` */
  readonly equal?: readonly string[];
}

/**
 * Multi-window burn-rate alerts: while a faster tier fires for an SLO, the slower tiers of the same
 * SLO stay quiet (they describe the same budget burn, later).
 */
export function buildBurnRateInhibitRules(options: BurnRateInhibitOptions = {}): InhibitRule[] {
  const tiers = options.tiers ?? DEFAULT_BURN_TIERS;
  const tierLabel = options.tierLabel ?? ALERT_LABELS.burnWindow;
  const equal = [options.sloLabel ?? ALERT_LABELS.slo, ...(options.equal ?? ['cluster'])];
  return tiers.slice(0, -1).map((tier, i) => ({
    source_matchers: [equalMatcher(tierLabel, tier)],
    target_matchers: [anyOfMatcher(tierLabel, tiers.slice(i + 1))],
    equal,
  }));
}
