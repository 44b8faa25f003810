import type { AlertsConfig } from './config.js';
import type { Severity } from '@obskit/catalog';
import type { AlertDefinition } from './model/types.js';

/**
 * The alert packs, in rendering order; each renders to `<name>.rules.yml` and applies to the services
 * that list it (`http`, `runtime` and `scrape` by default, see {@link DEFAULT_SERVICE_PACKS}).
 */
export const PACK_NAMES = [
  'agents',
  'tasks',
  'http',
  'db',
  'jobs',
  'runtime',
  'scrape',
  'business',
  'host',
  'anomalies',
] as const;

/** Name of an alert pack. */
export type PackName = (typeof PACK_NAMES)[number];

/** The packs of a service that names none: a plain HTTP service. */
export const DEFAULT_SERVICE_PACKS: readonly PackName[] = ['http', 'runtime', 'scrape'];

/** A key of `AlertsConfig.thresholds`: the threshold an alert compares with. */
export type ThresholdKey = keyof AlertsConfig['thresholds'];

/** What an alert name stands for: its pack and the config threshold it compares with (if any). */
export interface AlertInfo {
  readonly pack: PackName;
  /** Key of `AlertsConfig.thresholds` that `overrides[name].threshold` replaces for this alert only. */
  readonly threshold?: ThresholdKey;
}

/**
 * Every alert name of the packs (without the `Obskit` prefix), defined once: its pack and threshold.
 * SLO burn-rate alerts (`<Slo>ErrorBudgetBurn`) follow from the SLO list instead.
 */
export const ALERTS = {
  AgentHighErrorRate: { pack: 'agents', threshold: 'agentErrorRatio' },
  AgentLatencyHigh: { pack: 'agents', threshold: 'agentLatencyP95Seconds' },
  AgentTokenUsageSpike: { pack: 'agents', threshold: 'tokenSpikeFactor' },
  AgentCostBurnRateHigh: { pack: 'agents', threshold: 'costBudgetUsdPerDay' },
  AgentDecisionConfidenceLow: { pack: 'agents', threshold: 'decisionConfidenceMin' },
  AgentHandoffFailures: { pack: 'agents', threshold: 'handoffFailureRatio' },
  ProviderOutage: { pack: 'agents', threshold: 'providerOutageErrorRatio' },
  RateLimitHeadroomLow: { pack: 'agents', threshold: 'rateLimitHeadroomRatio' },
  UnpricedTokens: { pack: 'agents' },
  TaskQueueBacklogGrowing: { pack: 'tasks', threshold: 'queueBacklog' },
  TaskQueueCapacityForecast: { pack: 'tasks', threshold: 'queueCapacity' },
  TasksStuck: { pack: 'tasks' },
  TaskDependencyWaitLong: { pack: 'tasks', threshold: 'dependencyWaitP95Seconds' },
  TaskDeadLetters: { pack: 'tasks' },
  TaskRetriesHigh: { pack: 'tasks', threshold: 'taskRetryRatio' },
  HttpHighErrorRate: { pack: 'http', threshold: 'httpErrorRatio' },
  HttpLatencyHigh: { pack: 'http', threshold: 'httpLatencyP95Seconds' },
  DbSlowQueries: { pack: 'db', threshold: 'dbLatencyP95Seconds' },
  DbPoolSaturated: { pack: 'db', threshold: 'dbPoolSaturation' },
  JobFailing: { pack: 'jobs' },
  JobNotRunRecently: { pack: 'jobs', threshold: 'jobMaxAge' },
  EventLoopLagHigh: { pack: 'runtime', threshold: 'eventLoopLagSeconds' },
  HeapGrowing: { pack: 'runtime', threshold: 'heapGrowthRatio' },
  ProcessRestarting: { pack: 'runtime', threshold: 'restartsMax' },
  TargetDown: { pack: 'scrape' },
  MetricsAbsent: { pack: 'scrape' },
  InstrumentationErrors: { pack: 'scrape' },
  MetricSeriesOverflow: { pack: 'scrape' },
  EngagementDrop: { pack: 'business', threshold: 'engagementDropRatio' },
  CostPerOperationHigh: { pack: 'business', threshold: 'costPerOperationUsd' },
  HostDiskFullIn24h: { pack: 'host' },
  HostMemoryPressure: { pack: 'host' },
  HostFileDescriptorsExhausted: { pack: 'host' },
  LatencyAnomaly: { pack: 'anomalies', threshold: 'anomalyZScore' },
  TokenUsageAnomaly: { pack: 'anomalies', threshold: 'anomalyZScore' },
  CostAnomaly: { pack: 'anomalies', threshold: 'anomalyZScore' },
} as const satisfies Record<string, AlertInfo>;

/** Name of an alert of the packs, without the prefix, e.g. `'HttpLatencyHigh'`. */
export type AlertName = keyof typeof ALERTS;

/**
 * An alert's name as its rule, its runbook file and Alertmanager carry it: the config's `prefix` and the
 * pack's name, so runbooks that point at another alert follow a custom prefix.
 * @example alertName(defaultAlertsConfig, 'ProviderOutage') // 'ObskitProviderOutage'
 */
export function alertName(config: Pick<AlertsConfig, 'prefix'>, name: AlertName): string {
  return `${config.prefix}${name}`;
}

/** The alert names of one pack: `AlertNameOf<'db'>` is `'DbSlowQueries' | 'DbPoolSaturated'`. */
export type AlertNameOf<P extends PackName> = {
  [A in AlertName]: (typeof ALERTS)[A]['pack'] extends P ? A : never;
}[AlertName];

/** An alert of pack `P` as its function returns it: the name is a key of {@link ALERTS} in that pack. */
export type PackAlert<P extends PackName> = AlertDefinition & { readonly name: AlertNameOf<P> };

/** The alert names, in pack order. */
export const ALERT_NAMES = Object.keys(ALERTS) as AlertName[];

/** The threshold type of an alert: seconds/ratios/counts are numbers, a maximum age is a duration. */
export type AlertThreshold<A extends AlertName> = (typeof ALERTS)[A] extends { threshold: infer K }
  ? K extends ThresholdKey
    ? AlertsConfig['thresholds'][K]
    : never
  : never;

/** What one alert's override may change; `threshold` only where the alert compares with one. */
export type AlertOverride<A extends AlertName> = {
  /** How long the condition must hold, a Prometheus duration like `'10m'`. */
  readonly for?: string;
  readonly severity?: Severity;
} & ((typeof ALERTS)[A] extends { threshold: ThresholdKey }
  ? {
      /** Replaces the alert's threshold (and its promtool fixtures follow). */
      readonly threshold?: AlertThreshold<A>;
    }
  : { readonly threshold?: never });

/**
 * Per-alert overrides, typed per alert:
 * `{ HttpLatencyHigh: { threshold: 0.3, for: '10m' }, TargetDown: { severity: 'warning' } }`.
 */
export type AlertOverrides = { readonly [A in AlertName]?: AlertOverride<A> };

/** Whether `name` is an alert name of the packs. */
export function isAlertName(name: string): name is AlertName {
  return Object.prototype.hasOwnProperty.call(ALERTS, name);
}

/** Whether `name` is a pack name. */
export function isPackName(name: string): name is PackName {
  return (PACK_NAMES as readonly string[]).includes(name);
}
