import { METRICS, type Duration } from '@obskit/catalog';
import { rate, rangeSelector, recordingRuleName, selector, sum } from '@obskit/promql';
import { seconds, type AlertsConfig } from '../config.js';
import { withScope } from '../internal/helpers.js';
import type { RecordingDefinition } from '../model/types.js';

const { agent, genai, task } = METRICS;

/** The recording rules dashboards and alerts reuse, by handle; names follow `level:metric:operations`. */
export interface RecordingRuleNames {
  /** Agent operations per second by job, agent and status. */
  readonly agentOperationsRate: string;
  /** p95 of GenAI client operation duration by job. */
  readonly operationLatencyP95: string;
  /** Tokens per second by job. */
  readonly tokenUsageRate: string;
  /** Tokens per second by job, provider and token type. */
  readonly tokenUsageRateByProvider: string;
  /** Tokens per second now divided by the same one period ago (period-over-period). */
  readonly tokenUsageRateChange: string;
  /** USD per second by job. */
  readonly costRate: string;
  /** USD per second by job and provider. */
  readonly costRateByProvider: string;
  /** Largest queue depth by job and queue. */
  readonly queueDepthMax: string;
  /** Queue depth forecast `forecastHorizon` ahead (predict_linear). */
  readonly queueDepthForecast: string;
}

/** Recording rule names for a config (the window is part of the name). */
export function recordingRuleNames(config: AlertsConfig): RecordingRuleNames {
  const w = config.windows.rate;
  return {
    agentOperationsRate: recordingRuleName('job_agent', agent.operations, `rate${w}`),
    operationLatencyP95: recordingRuleName('job', genai.clientOperationDuration, `p95_rate${w}`),
    tokenUsageRate: recordingRuleName('job', genai.clientTokenUsage, `rate${w}`),
    tokenUsageRateByProvider: recordingRuleName('job_provider', genai.clientTokenUsage, `rate${w}`),
    tokenUsageRateChange: recordingRuleName(
      'job',
      genai.clientTokenUsage,
      `rate${w}_ratio_offset${config.windows.periodOffset}`,
    ),
    costRate: recordingRuleName('job', agent.cost, `rate${w}`),
    costRateByProvider: recordingRuleName('job_provider', agent.cost, `rate${w}`),
    queueDepthMax: recordingRuleName('job_queue', task.queueDepth, 'max'),
    queueDepthForecast: recordingRuleName(
      'job_queue',
      task.queueDepth,
      `predict_linear${config.windows.forecastHorizon}`,
    ),
  };
}

/**
 * The shared recording rules (group `obskit-recording`, file `recording`). The three anomaly signals
 * (`operationLatencyP95`, `tokenUsageRate`, `costRate`) are recorded in the anomaly group instead, with
 * the baselines and alerts that read them: rules of one group run in order, groups do not.
 */
export function buildRecordingRules(config: AlertsConfig): RecordingDefinition[] {
  const names = recordingRuleNames(config);
  const w = config.windows.rate;
  const s = <S extends Parameters<typeof withScope>[1]>(source: S) => withScope(config, source);
  const tokenRate = (offset?: Duration) =>
    sum(rate(genai.clientTokenUsage, w, { suffix: '_sum', matchers: s(genai.clientTokenUsage), offset }), {
      by: ['job'],
    });
  return [
    {
      record: names.agentOperationsRate,
      expr: sum(rate(agent.operations, w, { matchers: s(agent.operations) }), {
        by: ['job', 'gen_ai_agent_name', 'status'],
      }),
      outputLabels: ['job', 'gen_ai_agent_name', 'status'],
    },
    {
      record: names.tokenUsageRateByProvider,
      expr: sum(rate(genai.clientTokenUsage, w, { suffix: '_sum', matchers: s(genai.clientTokenUsage) }), {
        by: ['job', 'gen_ai_provider_name', 'gen_ai_token_type'],
      }),
      outputLabels: ['job', 'gen_ai_provider_name', 'gen_ai_token_type'],
    },
    {
      record: names.tokenUsageRateChange,
      expr: `${tokenRate()} / ${tokenRate(config.windows.periodOffset)}`,
      outputLabels: ['job'],
    },
    {
      record: names.costRateByProvider,
      expr: sum(rate(agent.cost, w, { matchers: s(agent.cost) }), { by: ['job', 'gen_ai_provider_name'] }),
      outputLabels: ['job', 'gen_ai_provider_name'],
    },
    {
      record: names.queueDepthMax,
      expr: `max by (job, queue) (${selector(task.queueDepth, { matchers: s(task.queueDepth) })})`,
      outputLabels: ['job', 'queue'],
    },
    {
      record: names.queueDepthForecast,
      expr: `max by (job, queue) (predict_linear(${rangeSelector(
        task.queueDepth,
        config.windows.forecastHistory,
        {
          matchers: s(task.queueDepth),
        },
      )}, ${seconds(config.windows.forecastHorizon)}))`,
      outputLabels: ['job', 'queue'],
    },
  ];
}
