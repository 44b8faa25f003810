import {
  durationSeconds,
  invalidDurationMessage,
  isDuration,
  scaleDuration,
  type BurnWindow,
  type Duration,
  type Severity,
  type ValidationProblem,
} from '@obskit/catalog';
import type { Matchers, TargetLabel } from '@obskit/promql';
import { ALERTS_CODES, type AlertsCode } from './codes.js';

/** One tier of multi-window, multi-burn-rate SLO alerts (Google SRE workbook, chapter 5). */
export interface BurnRateTier {
  /** `critical` pages, `warning` opens a ticket. */
  readonly severity: Severity;
  /** Value of the `burn_window` label: Alertmanager lets a `fast` tier inhibit the `slow` ones of the same SLO. */
  readonly burnWindow: BurnWindow;
  readonly longWindow: Duration;
  readonly shortWindow: Duration;
  /** How many times faster than sustainable the budget burns. */
  readonly factor: number;
  readonly for: Duration;
}

/** Everything the rules depend on: selectors, thresholds, windows and `for` durations. */
export interface AlertsConfig {
  /** Prefix of every alert name. @defaultValue `'Obskit'` */
  readonly prefix: string;
  /** Value of the `team` label on every alert. @defaultValue `'ai-platform'` */
  readonly team: string;
  /** More static labels on every alert. @defaultValue `{}` */
  readonly labels: Readonly<Record<string, string>>;
  /** Matchers added to every selector, e.g. `{ job: 'demo-api' }`. @defaultValue `{}` */
  readonly matchers: Matchers<TargetLabel>;
  /** `runbook_url` pattern; `{alertname}` is replaced. */
  readonly runbookUrl: string;
  /** Group evaluation interval; `undefined` uses Prometheus' global one. */
  readonly evaluationInterval?: Duration;
  readonly windows: {
    /** Rate window of recording rules and most alerts. */
    readonly rate: Duration;
    /** Longer window for slow signals (tasks, jobs, business). */
    readonly slow: Duration;
    /** Baseline of token and cost spikes. */
    readonly spikeBaseline: Duration;
    /** Baseline of z-score anomaly detection. */
    readonly anomalyBaseline: Duration;
    /** Resolution of the anomaly baseline subquery. */
    readonly anomalyStep: Duration;
    /** Period-over-period offset (business engagement). */
    readonly periodOffset: Duration;
    /** How far `predict_linear` forecasts look ahead. */
    readonly forecastHorizon: Duration;
    /** History `predict_linear` fits on. */
    readonly forecastHistory: Duration;
  };
  /** `for` durations. */
  readonly for: {
    readonly page: Duration;
    readonly short: Duration;
    readonly medium: Duration;
    readonly long: Duration;
  };
  readonly thresholds: {
    readonly agentErrorRatio: number;
    readonly agentLatencyP95Seconds: number;
    readonly tokenSpikeFactor: number;
    readonly tokenMinRatePerSecond: number;
    readonly costBudgetUsdPerDay: number;
    readonly decisionConfidenceMin: number;
    readonly handoffFailureRatio: number;
    readonly providerOutageErrorRatio: number;
    /** Share of a provider rate limit left (remaining / limit) below which RateLimitHeadroomLow fires. */
    readonly rateLimitHeadroomRatio: number;
    readonly queueBacklog: number;
    readonly queueCapacity: number;
    readonly dependencyWaitP95Seconds: number;
    readonly taskRetryRatio: number;
    readonly httpErrorRatio: number;
    readonly httpLatencyP95Seconds: number;
    readonly dbLatencyP95Seconds: number;
    readonly dbPoolSaturation: number;
    /** A job whose last success is older than this. */
    readonly jobMaxAge: Duration;
    readonly eventLoopLagSeconds: number;
    readonly heapGrowthRatio: number;
    readonly restartsMax: number;
    readonly engagementDropRatio: number;
    readonly costPerOperationUsd: number;
    readonly anomalyZScore: number;
  };
  readonly slo: {
    /** Period the error budget is computed over. */
    readonly period: Duration;
    readonly tiers: readonly BurnRateTier[];
    readonly objectives: {
      readonly agentAvailability: number;
      readonly agentLatency: number;
      readonly httpAvailability: number;
    };
    /** Agent invocations slower than this are "bad"; must be a bucket boundary. */
    readonly agentLatencyThresholdSeconds: number;
  };
}

/** The defaults: the Google SRE workbook's burn-rate tiers, and thresholds for a typical agent service. */
export const defaultAlertsConfig: AlertsConfig = {
  prefix: 'Obskit',
  team: 'ai-platform',
  labels: {},
  matchers: {},
  runbookUrl: 'runbooks/{alertname}.md',
  windows: {
    rate: '5m',
    slow: '15m',
    spikeBaseline: '1d',
    anomalyBaseline: '1w',
    anomalyStep: '1h',
    periodOffset: '1w',
    forecastHorizon: '4h',
    forecastHistory: '1h',
  },
  for: { page: '2m', short: '5m', medium: '15m', long: '30m' },
  thresholds: {
    agentErrorRatio: 0.1,
    agentLatencyP95Seconds: 30,
    tokenSpikeFactor: 3,
    tokenMinRatePerSecond: 10,
    costBudgetUsdPerDay: 100,
    decisionConfidenceMin: 0.6,
    handoffFailureRatio: 0.1,
    providerOutageErrorRatio: 0.9,
    rateLimitHeadroomRatio: 0.1,
    queueBacklog: 100,
    queueCapacity: 1000,
    dependencyWaitP95Seconds: 300,
    taskRetryRatio: 0.2,
    httpErrorRatio: 0.05,
    httpLatencyP95Seconds: 1,
    dbLatencyP95Seconds: 0.5,
    dbPoolSaturation: 0.9,
    jobMaxAge: '6h',
    eventLoopLagSeconds: 0.5,
    heapGrowthRatio: 1.5,
    restartsMax: 2,
    engagementDropRatio: 0.5,
    costPerOperationUsd: 0.5,
    anomalyZScore: 3,
  },
  slo: {
    period: '30d',
    tiers: [
      {
        severity: 'critical',
        burnWindow: 'fast',
        longWindow: '1h',
        shortWindow: '5m',
        factor: 14.4,
        for: '2m',
      },
      {
        severity: 'critical',
        burnWindow: 'fast',
        longWindow: '6h',
        shortWindow: '30m',
        factor: 6,
        for: '15m',
      },
      { severity: 'warning', burnWindow: 'slow', longWindow: '1d', shortWindow: '2h', factor: 3, for: '1h' },
      { severity: 'warning', burnWindow: 'slow', longWindow: '3d', shortWindow: '6h', factor: 1, for: '3h' },
    ],
    objectives: { agentAvailability: 0.99, agentLatency: 0.95, httpAvailability: 0.999 },
    agentLatencyThresholdSeconds: 10.24,
  },
};

/** Options of {@link scaleDurations}. */
export interface ScaleDurationsOptions {
  /** Multiplies every duration, e.g. `1/60` turns `5m` into `5s`. */
  readonly factor: number;
  /** No duration goes below this one, e.g. four scrape intervals. @defaultValue `'1s'` */
  readonly min?: Duration;
}

// Keys whose string values are durations. Everything else (labels, team, URL) is left alone.
const DURATION_PARENTS = new Set(['windows', 'for']);
const DURATION_KEYS = new Set([
  'period',
  'jobMaxAge',
  'evaluationInterval',
  'longWindow',
  'shortWindow',
  'for',
]);

function mapDurations(value: unknown, fn: (d: string, path: string) => string, path: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => mapDurations(v, fn, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    if (/(^|\.)(labels|matchers)$/.test(path)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapDurations(v, fn, path ? `${path}.${k}` : k)]),
    );
  }
  const segments = path.split('.').map((p) => p.replace(/\[\d+\]$/, ''));
  const key = segments[segments.length - 1];
  const parent = segments[segments.length - 2] ?? '';
  if (typeof value === 'string' && (DURATION_PARENTS.has(parent) || DURATION_KEYS.has(key)))
    return fn(value, path);
  return value;
}

/** Every duration of a config with its path, e.g. `['windows.rate', '5m']`. */
export function configDurations(config: AlertsConfig): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  mapDurations(config, (d, path) => (out.push([path, d]), d), '');
  return out;
}

/**
 * The same config with every duration — windows, `for`, SLO period and burn-rate windows, job max age —
 * multiplied by `factor` and never below `min`. Used to render rules that fire within a minute against
 * a live Prometheus (the e2e profile).
 * @example scaleDurations(defaultAlertsConfig, { factor: 1 / 60, min: '20s' })
 */
export function scaleDurations(config: AlertsConfig, options: ScaleDurationsOptions): AlertsConfig {
  const min = options.min ?? '1s';
  return mapDurations(config, (d) => scaleDuration(d, options.factor, { min }), '') as AlertsConfig;
}

/** Problems of a config: invalid durations, objectives outside (0, 1), non-positive thresholds. */
export function validateConfig(config: AlertsConfig): ValidationProblem<AlertsCode>[] {
  const problems: ValidationProblem<AlertsCode>[] = [];
  for (const [path, d] of configDurations(config)) {
    // Every window, `for` and period here is a PromQL range or a rule's hold time: zero is no use.
    if (!isDuration(d, { positive: true })) {
      problems.push({
        code: ALERTS_CODES.duration,
        subject: `config "${path}"`,
        message: invalidDurationMessage(d),
      });
    }
  }
  for (const [name, objective] of Object.entries(config.slo.objectives)) {
    if (!(objective > 0 && objective < 1)) {
      problems.push({
        code: ALERTS_CODES.objective,
        subject: `config "slo.objectives.${name}"`,
        message: `Invalid objective "${objective}": must be between 0 and 1, exclusive`,
      });
    }
  }
  for (const [name, value] of Object.entries(config.thresholds)) {
    if (typeof value === 'number' && !(Number.isFinite(value) && value > 0)) {
      problems.push({
        code: ALERTS_CODES.threshold,
        subject: `config "thresholds.${name}"`,
        message: `Invalid threshold "${value}": must be a positive number`,
      });
    }
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(config.prefix)) {
    problems.push({
      code: ALERTS_CODES.alertName,
      subject: 'config "prefix"',
      message: `Invalid alert name prefix "${config.prefix}": must be PascalCase, matching /^[A-Z][A-Za-z0-9]*$/`,
    });
  }
  if (!config.runbookUrl.includes('{alertname}')) {
    problems.push({
      code: ALERTS_CODES.runbookUrl,
      subject: 'config "runbookUrl"',
      message: `Invalid runbook URL pattern "${config.runbookUrl}": must contain "{alertname}"`,
    });
  }
  return problems;
}

/**
 * Seconds in a duration, for expressions that compare with time (`time() - x > 21600`): @obskit/catalog's
 * `durationSeconds` under the name this package has always exported.
 */
export function seconds(duration: string): number {
  return durationSeconds(duration);
}
