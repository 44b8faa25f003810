import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import {
  HISTORY_AGENTS,
  HISTORY_MODELS,
  HISTORY_OPERATIONS,
  HISTORY_QUEUES,
  HISTORY_ROUTES,
  anomalyFactor,
  dailyLoad,
  logNormalCdf,
  noise,
  type AnomalyWindow,
  type HistoryMetricDef,
  type HistoryMetrics,
  type WorkloadOptions,
} from './workload.js';

/** What {@link writeOpenMetricsHistory} generates. */
export interface HistoryOptions {
  /** The metric definitions (from `@obskit/catalog`'s `METRICS`). */
  readonly metrics: HistoryMetrics;
  /** End of the history, Unix milliseconds. @defaultValue now, rounded down to the step */
  readonly end?: number;
  /** Length of the history in seconds. @defaultValue one week (604800) */
  readonly durationSeconds?: number;
  /** Scrape interval of the history, seconds. @defaultValue `60` */
  readonly stepSeconds?: number;
  /** Seed of the noise: the same seed and end give the same history, byte for byte. @defaultValue `1` */
  readonly seed?: number;
  /** `job` label. @defaultValue `'demo-api'` */
  readonly job?: string;
  /** Scrape targets (each its own `instance`). @defaultValue `1` */
  readonly instances?: number;
  /**
   * At least this many series: instances are added until the history holds that many (see
   * {@link historySeriesPerInstance}). Overrides `instances` when larger.
   */
  readonly minSeries?: number;
  /** GenAI operations per second of one instance at the daily mean. @defaultValue `2` */
  readonly operationsPerSecond?: number;
  /** A window where latency, tokens and cost jump (the anomaly the z-score alerts look for). */
  readonly anomaly?: AnomalyWindow;
  /**
   * Further metrics with a plain workload of their own (no roles, no anomaly), so that every panel of a
   * dashboard has data: see {@link ExtraHistoryMetric}. @defaultValue none
   */
  readonly extra?: readonly ExtraHistoryMetric[];
}

/**
 * A metric beyond the roles of {@link HistoryMetrics}, written with a plain workload: per instance,
 * one series per entry of its longest label value list (series i takes value i of each label, cycling
 * through shorter lists), counters at `base` per second and gauges around `base`, both following the
 * daily load with ±10 % noise, histograms at `base` observations per second with the median at the
 * middle bucket. Summaries are not written.
 */
export interface ExtraHistoryMetric {
  readonly metric: HistoryMetricDef;
  /** Values of each label besides `job` and `instance` (and `le`). A label without values gets `"x"`. */
  readonly labels: Readonly<Record<string, readonly string[]>>;
  /** Rate per second (counters, histograms) or level (gauges). @defaultValue `1` */
  readonly base?: number;
}

/** What was written. */
export interface HistorySummary {
  /** First and last sample, Unix milliseconds. */
  readonly start: number;
  readonly end: number;
  readonly stepSeconds: number;
  readonly instances: number;
  readonly series: number;
  readonly samples: number;
  readonly bytes: number;
}

type FamilyType = 'counter' | 'gauge' | 'histogram';

/** One metric family: its series are emitted step by step, each step's lines appended to `out`. */
interface Family {
  readonly metric: HistoryMetricDef;
  readonly type: FamilyType;
  readonly series: number;
  emit(step: number, t: number, ts: string, out: string[]): void;
}

const LE_INF = '+Inf';

/** A number as OpenMetrics text: integers as such, others with at most 9 significant digits. */
function num(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(9)));
}

/** `le` values as Prometheus 3 writes them: floats (`1.0`, `0.64`). */
function leText(le: number): string {
  return Number.isInteger(le) ? `${le}.0` : String(le);
}

/** OpenMetrics family name: a counter's without `_total`. */
function familyName(metric: HistoryMetricDef): string {
  return metric.type === 'counter' ? metric.name.replace(/_total$/, '') : metric.name;
}

/**
 * A histogram family whose per-series operation rate and log-normal shape are functions of time. The
 * bucket counts are floors of exact running expectations, so they are integers, cumulative and
 * monotone in `le` and in time.
 */
function histogramFamily(
  metric: HistoryMetricDef,
  groups: readonly {
    labels: string;
    rate: (t: number, step: number) => number;
    median: (t: number) => number;
    sigma: number;
  }[],
  stepSeconds: number,
): Family {
  const buckets = metric.buckets ?? [];
  const bucketLabels = groups.map((g) =>
    [...buckets.map(leText), LE_INF].map(
      (le) => `${metric.name}_bucket{${g.labels}${g.labels ? ',' : ''}le="${le}"} `,
    ),
  );
  const state = groups.map(() => ({ expected: new Float64Array(buckets.length + 1), sum: 0 }));
  return {
    metric,
    type: 'histogram',
    series: groups.length * (buckets.length + 3),
    emit(step, t, ts, out) {
      groups.forEach((g, i) => {
        const s = state[i];
        const n = g.rate(t, step) * stepSeconds;
        const median = g.median(t);
        for (let b = 0; b < buckets.length; b++)
          s.expected[b] += n * logNormalCdf(buckets[b], median, g.sigma);
        s.expected[buckets.length] += n;
        s.sum += n * median * Math.exp((g.sigma * g.sigma) / 2);
        const labels = bucketLabels[i];
        for (let b = 0; b <= buckets.length; b++)
          out.push(`${labels[b]}${Math.floor(s.expected[b])} ${ts}\n`);
        const sep = g.labels ? `{${g.labels}}` : '';
        out.push(`${metric.name}_count${sep} ${Math.floor(s.expected[buckets.length])} ${ts}\n`);
        out.push(`${metric.name}_sum${sep} ${num(s.sum)} ${ts}\n`);
      });
    },
  };
}

/** A counter family: each series' rate per second is a function of time; values are running sums. */
function counterFamily(
  metric: HistoryMetricDef,
  series: readonly { labels: string; rate: (t: number, step: number) => number }[],
  stepSeconds: number,
  integer: boolean,
): Family {
  const totals = new Float64Array(series.length);
  const prefixes = series.map((s) => `${metric.name}{${s.labels}} `);
  return {
    metric,
    type: 'counter',
    series: series.length,
    emit(step, t, ts, out) {
      series.forEach((s, i) => {
        totals[i] += s.rate(t, step) * stepSeconds;
        out.push(`${prefixes[i]}${integer ? Math.floor(totals[i]) : num(totals[i])} ${ts}\n`);
      });
    },
  };
}

/** A gauge family: each series' value is a function of time. */
function gaugeFamily(
  metric: HistoryMetricDef,
  series: readonly { labels: string; value: (t: number, step: number) => number }[],
): Family {
  const prefixes = series.map((s) => `${metric.name}{${s.labels}} `);
  return {
    metric,
    type: 'gauge',
    series: series.length,
    emit(step, t, ts, out) {
      series.forEach((s, i) => out.push(`${prefixes[i]}${num(s.value(t, step))} ${ts}\n`));
    },
  };
}

/** Series of one instance (what {@link HistoryOptions.minSeries} counts in). */
export function historySeriesPerInstance(
  metrics: HistoryMetrics,
  extra: readonly ExtraHistoryMetric[] = [],
): number {
  return [
    ...buildFamilies(metrics, 1, { seed: 1, operationsPerSecond: 1 }, 60, 'job'),
    ...extraFamilies(extra, 1, 1, 60, 'job'),
  ].reduce((n, f) => n + f.series, 0);
}

function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The families of {@link HistoryOptions.extra}; noise streams start at 1000 (after the roles'). */
function extraFamilies(
  extra: readonly ExtraHistoryMetric[],
  instances: number,
  seed: number,
  stepSeconds: number,
  job: string,
): Family[] {
  let streams = 1000;
  const jitter = () => {
    const stream = streams++;
    return (step: number) => 0.9 + 0.2 * noise(seed, stream, step);
  };
  return extra.flatMap((e): Family[] => {
    const base = e.base ?? 1;
    const names = Object.keys(e.labels).filter((l) => l !== 'job' && l !== 'instance' && l !== 'le');
    const count = Math.max(1, ...names.map((l) => e.labels[l].length));
    const series = Array.from({ length: instances }, (_, i) =>
      Array.from({ length: count }, (_, k) => {
        const own = names.map((l) => {
          const values = e.labels[l].length > 0 ? e.labels[l] : ['x'];
          return `${l}="${labelValue(values[k % values.length])}"`;
        });
        return { labels: [`job="${job}"`, `instance="${job}-${i}:3000"`, ...own].join(','), j: jitter() };
      }),
    ).flat();
    const level = (t: number, step: number, j: (s: number) => number) => base * dailyLoad(t) * j(step);
    if (e.metric.type === 'counter')
      return [
        counterFamily(
          e.metric,
          series.map((x) => ({ labels: x.labels, rate: (t: number, step: number) => level(t, step, x.j) })),
          stepSeconds,
          false,
        ),
      ];
    if (e.metric.type === 'gauge')
      return [
        gaugeFamily(
          e.metric,
          series.map((x) => ({ labels: x.labels, value: (t: number, step: number) => level(t, step, x.j) })),
        ),
      ];
    if (e.metric.type !== 'histogram') return [];
    const buckets = e.metric.buckets ?? [1];
    const median = buckets[Math.floor(buckets.length / 2)] ?? 1;
    return [
      histogramFamily(
        e.metric,
        series.map((x) => ({
          labels: x.labels,
          rate: (t: number, step: number) => level(t, step, x.j),
          median: () => median,
          sigma: 0.8,
        })),
        stepSeconds,
      ),
    ];
  });
}

function buildFamilies(
  m: HistoryMetrics,
  instances: number,
  workload: WorkloadOptions,
  stepSeconds: number,
  job: string,
): Family[] {
  const { seed } = workload;
  let streams = 0;
  // ±10 % noise around 1, a fresh stream per series.
  const jitter = () => {
    const stream = streams++;
    return (step: number) => 0.9 + 0.2 * noise(seed, stream, step);
  };
  const targets = Array.from({ length: instances }, (_, i) => ({
    labels: `job="${job}",instance="${job}-${i}:3000"`,
    // instances differ a little in size
    weight: 1 + 0.1 * (i % 3),
  }));
  const ops = (t: number, share: number, weight: number) =>
    workload.operationsPerSecond * share * weight * dailyLoad(t);
  const latencyMedian = (base: number) => (t: number) =>
    base * (1 + 0.15 * (dailyLoad(t) - 1)) * anomalyFactor(workload, 'latency', t);
  const TOKENS = { input: 600, output: 250 } as const;
  const tokenTypes = ['input', 'output'] as const;

  const durationGroups = targets.flatMap((target) =>
    HISTORY_MODELS.map((model) => {
      const j = jitter();
      return {
        labels: `${target.labels},gen_ai_operation_name="chat",gen_ai_provider_name="${model.provider}",gen_ai_request_model="${model.model}",gen_ai_response_model="${model.responseModel}"`,
        rate: (t: number, step: number) => ops(t, model.share, target.weight) * j(step),
        median: latencyMedian(model.latencyMedianSeconds),
        sigma: 0.5,
      };
    }),
  );
  const tokenGroups = targets.flatMap((target) =>
    HISTORY_MODELS.flatMap((model) =>
      tokenTypes.map((type) => {
        const j = jitter();
        return {
          labels: `${target.labels},gen_ai_operation_name="chat",gen_ai_provider_name="${model.provider}",gen_ai_request_model="${model.model}",gen_ai_response_model="${model.responseModel}",gen_ai_token_type="${type}"`,
          rate: (t: number, step: number) => ops(t, model.share, target.weight) * j(step),
          median: (t: number) => TOKENS[type] * anomalyFactor(workload, 'tokens', t),
          sigma: 0.8,
        };
      }),
    ),
  );
  const agentShare = { planner: 0.6, researcher: 0.4 } as const;
  const agentOps = targets.flatMap((target) =>
    HISTORY_AGENTS.flatMap((agent) =>
      (['success', 'error'] as const).map((status) => {
        const j = jitter();
        const share = agentShare[agent] * (status === 'success' ? 0.98 : 0.02);
        return {
          labels: `${target.labels},gen_ai_agent_name="${agent}",gen_ai_operation_name="invoke_agent",gen_ai_provider_name="openai",status="${status}"`,
          rate: (t: number, step: number) => ops(t, share, target.weight) * j(step),
        };
      }),
    ),
  );
  // Mean tokens per operation of a log-normal with sigma 0.8: median × e^0.32.
  const meanTokens = (type: 'input' | 'output') => TOKENS[type] * Math.exp(0.32);
  const cost = targets.flatMap((target) =>
    HISTORY_MODELS.flatMap((model) =>
      HISTORY_AGENTS.flatMap((agent) =>
        tokenTypes.map((type) => {
          const j = jitter();
          return {
            labels: `${target.labels},gen_ai_provider_name="${model.provider}",gen_ai_request_model="${model.model}",gen_ai_agent_name="${agent}",gen_ai_token_type="${type}"`,
            rate: (t: number, step: number) =>
              ops(t, model.share * agentShare[agent], target.weight) *
              meanTokens(type) *
              anomalyFactor(workload, 'tokens', t) *
              model.usdPerToken *
              anomalyFactor(workload, 'cost', t) *
              j(step),
          };
        }),
      ),
    ),
  );
  const business = targets.flatMap((target) =>
    HISTORY_OPERATIONS.flatMap((operation, o) =>
      (['success', 'failure'] as const).map((outcome) => {
        const j = jitter();
        const share = (o === 0 ? 0.7 : 0.3) * (outcome === 'success' ? 0.97 : 0.03);
        return {
          labels: `${target.labels},operation="${operation}",outcome="${outcome}"`,
          rate: (t: number, step: number) => ops(t, share, target.weight) * j(step),
        };
      }),
    ),
  );
  const queues = targets.flatMap((target) =>
    HISTORY_QUEUES.map((queue, q) => {
      const j = jitter();
      const base = q === 0 ? 20 : 5;
      return {
        labels: `${target.labels},queue="${queue}"`,
        // follows the load, and grows slowly over the days (what capacity forecasts extrapolate)
        value: (t: number, step: number) =>
          Math.round(base * dailyLoad(t) * j(step) + (base * 0.02 * step * stepSeconds) / 3600),
      };
    }),
  );
  const http = targets.flatMap((target) =>
    HISTORY_ROUTES.map((route) => {
      const j = jitter();
      return {
        labels: `${target.labels},http_request_method="${route.method}",http_route="${route.route}",http_response_status_code="200"`,
        rate: (t: number, step: number) => ops(t, 1, target.weight) * j(step),
        median: (t: number) => route.median * (1 + 0.2 * (dailyLoad(t) - 1)),
        sigma: 0.6,
      };
    }),
  );
  return [
    histogramFamily(m.operationDuration, durationGroups, stepSeconds),
    histogramFamily(m.tokenUsage, tokenGroups, stepSeconds),
    counterFamily(m.agentOperations, agentOps, stepSeconds, true),
    counterFamily(m.cost, cost, stepSeconds, false),
    counterFamily(m.businessOperations, business, stepSeconds, true),
    gaugeFamily(m.queueDepth, queues),
    histogramFamily(m.httpDuration, http, stepSeconds),
    gaugeFamily(
      m.up,
      targets.map((target) => ({ labels: target.labels, value: () => 1 })),
    ),
  ];
}

const FLUSH_LINES = 4096;

/**
 * Writes a realistic history of the demo's workload as OpenMetrics text with timestamps, the input of
 * `promtool tsdb create-blocks-from openmetrics`: GenAI latency and token histograms, cost, agent and
 * business counters, task queue depth, HTTP latency and `up`, one sample per series per step, with a
 * daily load curve (peak 15:00 UTC), ±10 % seeded noise and an optional anomaly window.
 *
 * The text is streamed family by family (OpenMetrics keeps a family's samples together) in chunks of
 * a few thousand lines, honouring backpressure, so memory stays flat however long the history.
 */
export async function writeOpenMetricsHistory(
  out: Writable,
  options: HistoryOptions,
): Promise<HistorySummary> {
  const stepSeconds = options.stepSeconds ?? 60;
  if (!(stepSeconds > 0)) throw new Error(`Invalid stepSeconds ${stepSeconds}: expected a positive number`);
  const durationSeconds = options.durationSeconds ?? 7 * 24 * 3600;
  const endSeconds = Math.floor((options.end ?? Date.now()) / 1000 / stepSeconds) * stepSeconds;
  const steps = Math.floor(durationSeconds / stepSeconds) + 1;
  const startSeconds = endSeconds - (steps - 1) * stepSeconds;
  const perInstance = historySeriesPerInstance(options.metrics, options.extra);
  const instances = Math.max(options.instances ?? 1, Math.ceil((options.minSeries ?? 0) / perInstance));
  const workload: WorkloadOptions = {
    seed: options.seed ?? 1,
    operationsPerSecond: options.operationsPerSecond ?? 2,
    anomaly: options.anomaly,
  };
  const job = options.job ?? 'demo-api';
  const families = [
    ...buildFamilies(options.metrics, instances, workload, stepSeconds, job),
    ...extraFamilies(options.extra ?? [], instances, workload.seed, stepSeconds, job),
  ];

  let bytes = 0;
  let lines: string[] = [];
  const flush = async () => {
    if (lines.length === 0) return;
    const chunk = lines.join('');
    lines = [];
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  };
  let samples = 0;
  for (const family of families) {
    lines.push(`# TYPE ${familyName(family.metric)} ${family.type}\n`);
    lines.push(`# HELP ${familyName(family.metric)} ${family.metric.help}\n`);
    for (let step = 0; step < steps; step++) {
      const t = startSeconds + step * stepSeconds;
      family.emit(step, t, String(t), lines);
      if (lines.length >= FLUSH_LINES) await flush();
    }
    samples += family.series * steps;
  }
  lines.push('# EOF\n');
  await flush();
  return {
    start: startSeconds * 1000,
    end: endSeconds * 1000,
    stepSeconds,
    instances,
    series: families.reduce((n, f) => n + f.series, 0),
    samples,
    bytes,
  };
}

/** {@link writeOpenMetricsHistory} into a file. */
export async function writeOpenMetricsHistoryFile(
  file: string,
  options: HistoryOptions,
): Promise<HistorySummary> {
  const stream = createWriteStream(file);
  try {
    const summary = await writeOpenMetricsHistory(stream, options);
    stream.end();
    await once(stream, 'finish');
    return summary;
  } catch (error) {
    stream.destroy();
    throw error;
  }
}
