import type { AlertOverrides, PackName } from '../alerts.js';
import type { AlertsConfig } from '../config.js';

/** A monitored service as the rules see it: its `job` label, team and packs. */
export interface AlertService {
  /** The `job` label of its targets, e.g. `'orders-api'`. */
  readonly name: string;
  /** Value of the `team` label on its alerts. @defaultValue the config's `team` */
  readonly team?: string;
  /** Packs that apply to it. @defaultValue {@link DEFAULT_SERVICE_PACKS} (`http`, `runtime`, `scrape`) */
  readonly packs?: readonly PackName[];
}

/** How an SLO tells good events from bad ones. */
export type SloSliSpec =
  | { readonly kind: 'http-availability'; readonly route?: string }
  | { readonly kind: 'http-latency'; readonly thresholdSeconds: number; readonly route?: string }
  | { readonly kind: 'agent-availability'; readonly agent?: string }
  | { readonly kind: 'agent-latency'; readonly thresholdSeconds: number; readonly agent?: string }
  /** PromQL over catalog metrics: counters of good and of all events (rates are taken for you). */
  | { readonly kind: 'ratio'; readonly good: string; readonly total: string };

/** One SLO of a service, as the config lists it. */
export interface SloSpec {
  /** kebab-case, the value of the `slo` label, unique across services. */
  readonly name: string;
  /** The service (`job`) it measures; must be one of the services. */
  readonly service: string;
  readonly sli: SloSliSpec;
  /** Share of good events, in (0, 1), e.g. `0.999`. */
  readonly objective: number;
  /** @defaultValue `'30d'` */
  readonly window?: '28d' | '30d';
}

/** Options of {@link buildServiceRuleGroups}: the alert part of an obskit config. */
export interface ServiceRulesOptions {
  readonly services: readonly AlertService[];
  /**
   * Global pack switches: a pack set to `false` is off for every service. `host` is the one pack that
   * belongs to no service (node_exporter's series are the hosts'): `host: true` adds one unscoped group.
   */
  readonly packs?: Readonly<Partial<Record<PackName, boolean>>>;
  /** Per-alert threshold, `for` and severity. */
  readonly overrides?: AlertOverrides;
  /** @defaultValue none */
  readonly slos?: readonly SloSpec[];
  /**
   * Base of `runbook_url`: `<base>/<alertname>.md`. @defaultValue {@link DEFAULT_RUNBOOK_BASE_URL},
   * the runbooks written into the generated tree
   */
  readonly runbookBaseUrl?: string;
  /** Daily GenAI budget in USD, one for all services or per service name. */
  readonly costBudgetUsdPerDay?: number | Readonly<Record<string, number>>;
  /** Windows, `for` classes, burn-rate tiers and default thresholds. @defaultValue defaultAlertsConfig */
  readonly config?: AlertsConfig;
}
