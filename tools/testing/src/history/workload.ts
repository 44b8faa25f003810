/**
 * The demo's simulated workload as smooth functions of time, so that any instant of a long history can
 * be computed without replaying the ones before it: a daily load curve, per-model latency and token
 * profiles, a slowly growing task queue, and deterministic noise from a seed.
 */

/** A window of abnormal behaviour injected into the history. */
export interface AnomalyWindow {
  /** Start, Unix milliseconds (inclusive). */
  readonly from: number;
  /** End, Unix milliseconds (exclusive). */
  readonly to: number;
  /** How many times the affected signals are multiplied. @defaultValue `5` */
  readonly factor?: number;
  /**
   * Which signals the anomaly affects: GenAI latency, tokens per operation (and so cost), cost per
   * token. @defaultValue all three
   */
  readonly signals?: readonly AnomalySignal[];
}

/** A signal {@link AnomalyWindow} can inflate. */
export type AnomalySignal = 'latency' | 'tokens' | 'cost';

/** A model the simulated providers serve (a subset of the demo's). */
export interface HistoryModel {
  readonly provider: string;
  readonly model: string;
  readonly responseModel: string;
  /** Share of operations. */
  readonly share: number;
  /** Median operation duration, seconds. */
  readonly latencyMedianSeconds: number;
  /** USD per token, input and output averaged. */
  readonly usdPerToken: number;
}

/** Models of the history: list prices of late 2025, as in the demo. */
export const HISTORY_MODELS: readonly HistoryModel[] = [
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
    responseModel: 'gpt-4o-mini-2024-07-18',
    share: 0.5,
    latencyMedianSeconds: 1.1,
    usdPerToken: 0.0000004,
  },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4',
    responseModel: 'claude-sonnet-4-20250514',
    share: 0.3,
    latencyMedianSeconds: 2.4,
    usdPerToken: 0.000009,
  },
  {
    provider: 'mistral_ai',
    model: 'mistral-large-latest',
    responseModel: 'mistral-large-2411',
    share: 0.2,
    latencyMedianSeconds: 1.7,
    usdPerToken: 0.000004,
  },
];

/** Agents of the history. */
export const HISTORY_AGENTS = ['planner', 'researcher'] as const;
/** Task queues of the history. */
export const HISTORY_QUEUES = ['default', 'priority'] as const;
/** Business operations of the history. */
export const HISTORY_OPERATIONS = ['agent_run', 'task_submit'] as const;
/** HTTP routes of the history, with their median durations in seconds. */
export const HISTORY_ROUTES: readonly { route: string; method: string; median: number }[] = [
  { route: '/agents/:name/run', method: 'POST', median: 0.08 },
  { route: '/tasks', method: 'POST', median: 0.02 },
];

/** What the workload model needs to know. */
export interface WorkloadOptions {
  /** Seed of the noise. */
  readonly seed: number;
  /** GenAI operations per second of one instance at the daily mean. */
  readonly operationsPerSecond: number;
  readonly anomaly?: AnomalyWindow;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Deterministic noise in [0, 1) for (seed, stream, step): a hash, not a sequence, so families can be
 * generated in any order and still agree.
 */
export function noise(seed: number, stream: number, step: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Load relative to the daily mean at Unix time `t` (seconds): a sine with its peak at 15:00 UTC and
 * its trough at 03:00 UTC, between 0.4 and 1.6.
 */
export function dailyLoad(t: number): number {
  const hourOfDay = (t % DAY) / HOUR;
  return 1 + 0.6 * Math.sin((2 * Math.PI * (hourOfDay - 9)) / 24);
}

/** How much `signal` is multiplied at `t` (seconds): the anomaly factor inside the window, else 1. */
export function anomalyFactor(options: WorkloadOptions, signal: AnomalySignal, t: number): number {
  const a = options.anomaly;
  if (!a) return 1;
  const ms = t * 1000;
  if (ms < a.from || ms >= a.to) return 1;
  if (a.signals && !a.signals.includes(signal)) return 1;
  return a.factor ?? 5;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Share of a log-normal distribution (median, sigma) at or below `le`. */
export function logNormalCdf(le: number, median: number, sigma: number): number {
  if (!Number.isFinite(le)) return 1;
  return normalCdf(Math.log(le / median) / sigma);
}

/** A metric of the history: what the catalog says of it (pass `METRICS.genai.…` from `@obskit/catalog`). */
export interface HistoryMetricDef {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary';
  readonly help: string;
  readonly buckets?: readonly number[];
}

/**
 * The metrics the history holds, by role: what the anomaly rules, week-over-week panels and
 * forecasts read, and their neighbours. Injected (this package imports no library); the label names
 * are the catalog's.
 */
export interface HistoryMetrics {
  /** `gen_ai_client_operation_duration_seconds` */
  readonly operationDuration: HistoryMetricDef;
  /** `gen_ai_client_token_usage` */
  readonly tokenUsage: HistoryMetricDef;
  /** `obskit_agent_operations_total` */
  readonly agentOperations: HistoryMetricDef;
  /** `obskit_gen_ai_cost_usd_total` */
  readonly cost: HistoryMetricDef;
  /** `obskit_business_operations_total` */
  readonly businessOperations: HistoryMetricDef;
  /** `obskit_task_queue_depth` */
  readonly queueDepth: HistoryMetricDef;
  /** `http_server_request_duration_seconds` */
  readonly httpDuration: HistoryMetricDef;
  /** `up` */
  readonly up: HistoryMetricDef;
}
