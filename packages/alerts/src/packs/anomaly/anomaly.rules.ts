import { METRICS, parseDuration } from '@obskit/catalog';
import { histogramQuantile, rate, selector, sum } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import { withScope } from '../../internal/helpers.js';
import type { RecordingDefinition } from '../../model/types.js';
import { recordingRuleNames } from '../recording.rules.js';

const { genai, agent } = METRICS;

/** A recorded series, selected with the config's `job` matcher (if any). */
export function recorded(name: string, config: AlertsConfig): string {
  const job = config.matchers.job;
  return job === undefined ? name : selector({ name, labels: ['job'] }, { matchers: { job } });
}

/** Names of the z-score rules of one signal. */
export interface AnomalyRuleNames {
  readonly signal: string;
  readonly mean: string;
  readonly stddev: string;
  readonly zscore: string;
}

function anomalyNames(signal: string, config: AlertsConfig): AnomalyRuleNames {
  const b = config.windows.anomalyBaseline;
  return {
    signal,
    mean: `${signal}_avg_over_time${b}`,
    stddev: `${signal}_stddev_over_time${b}`,
    zscore: `${signal}_zscore${b}`,
  };
}

/** The anomaly signals: p95 latency, token rate and cost rate, each a recording rule of `recording.rules`. */
export function anomalyRuleNames(config: AlertsConfig): {
  readonly latency: AnomalyRuleNames;
  readonly tokens: AnomalyRuleNames;
  readonly cost: AnomalyRuleNames;
} {
  const names = recordingRuleNames(config);
  return {
    latency: anomalyNames(names.operationLatencyP95, config),
    tokens: anomalyNames(names.tokenUsageRate, config),
    cost: anomalyNames(names.costRate, config),
  };
}

/**
 * Baseline samples a signal needs before its z-score is recorded: half of those the baseline holds
 * (84 of `[1w:1h]`). With less history the mean and deviation describe minutes or hours, not the
 * baseline, and on a freshly started Prometheus any change would score far above the threshold.
 */
export function anomalyMinSamples(config: AlertsConfig): number {
  const { anomalyBaseline, anomalyStep } = config.windows;
  return Math.max(2, Math.ceil(parseDuration(anomalyBaseline) / parseDuration(anomalyStep) / 2));
}

/**
 * Baseline mean, standard deviation and z-score of each signal over `anomalyBaseline`, sampled every
 * `anomalyStep` by a subquery: `(x - avg_over_time(x[1w:1h])) / stddev_over_time(x[1w:1h])`, recorded
 * only once the signal has {@link anomalyMinSamples} samples in the baseline.
 */
export function buildAnomalyRecordingRules(config: AlertsConfig): RecordingDefinition[] {
  const range = `[${config.windows.anomalyBaseline}:${config.windows.anomalyStep}]`;
  const minSamples = anomalyMinSamples(config);
  const w = config.windows.rate;
  const names = anomalyRuleNames(config);
  const signals: RecordingDefinition[] = [
    {
      record: names.latency.signal,
      expr: histogramQuantile(0.95, genai.clientOperationDuration, w, {
        matchers: withScope(config, genai.clientOperationDuration),
        by: ['job'],
      }),
      outputLabels: ['job'],
    },
    {
      record: names.tokens.signal,
      expr: sum(
        rate(genai.clientTokenUsage, w, {
          suffix: '_sum',
          matchers: withScope(config, genai.clientTokenUsage),
        }),
        {
          by: ['job'],
        },
      ),
      outputLabels: ['job'],
    },
    {
      record: names.cost.signal,
      expr: sum(rate(agent.cost, w, { matchers: withScope(config, agent.cost) }), { by: ['job'] }),
      outputLabels: ['job'],
    },
  ];
  // Recorded series carry `job`: per-service groups each select their own.
  const r = (name: string) => recorded(name, config);
  return [
    ...signals,
    ...Object.values(names).flatMap((n) => [
      { record: n.mean, expr: `avg_over_time(${r(n.signal)}${range})`, outputLabels: ['job'] },
      { record: n.stddev, expr: `stddev_over_time(${r(n.signal)}${range})`, outputLabels: ['job'] },
      {
        record: n.zscore,
        expr: `(${r(n.signal)} - ${r(n.mean)}) / ${r(n.stddev)} and count_over_time(${r(n.signal)}${range}) >= ${minSamples}`,
        outputLabels: ['job'],
      },
    ]),
  ];
}

/** How the summaries, descriptions, runbooks and promtool cases of the z-score alerts name each signal. */
export const ANOMALY_SIGNALS = {
  latency: 'GenAI p95 latency',
  tokens: 'Token usage',
  cost: 'GenAI cost rate',
} as const;
