import { METRICS } from '@obskit/catalog';
import type { AlertsConfig } from '../../config.js';
import {
  around,
  constant,
  counter,
  fires,
  humanize,
  humanizeDuration,
  num,
  percent,
  quiet,
  segments,
  series,
} from '../../internal/helpers.js';
import type { AlertCase, TestSeries } from '../../model/types.js';

const { agent, genai, self } = METRICS;
const planner = 'planner';
const day = 24 * 60;

const ops = (status: string, values: string): TestSeries =>
  series(agent.operations, { gen_ai_agent_name: planner, status }, values);
const invoke = (le: string, values: string): TestSeries =>
  series(genai.invokeAgentDuration, { gen_ai_agent_name: planner, le }, values, '_bucket');
const tokens = (values: string): TestSeries =>
  series(
    genai.clientTokenUsage,
    { gen_ai_provider_name: 'openai', gen_ai_token_type: 'input' },
    values,
    '_sum',
  );
const cost = (values: string): TestSeries =>
  series(agent.cost, { gen_ai_provider_name: 'openai', gen_ai_agent_name: planner }, values);
const confidence = (suffix: '_sum' | '_count', values: string): TestSeries =>
  series(agent.decisionConfidence, { gen_ai_agent_name: planner }, values, suffix);
const handoffs = (outcome: string, values: string): TestSeries =>
  series(agent.handoffs, { from_agent: planner, to_agent: 'coder', outcome }, values);
const calls = (errorType: string | undefined, values: string): TestSeries =>
  series(
    genai.clientOperationDuration,
    errorType
      ? { gen_ai_provider_name: 'openai', error_type: errorType }
      : { gen_ai_provider_name: 'openai' },
    values,
    '_count',
  );
const limit = (kind: 'remaining' | 'quota', values: string): TestSeries =>
  series(
    kind === 'remaining' ? agent.rateLimitRemaining : agent.rateLimitQuota,
    { gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o', gen_ai_rate_limit_resource: 'tokens' },
    values,
  );
const unpriced = (values: string): TestSeries =>
  series(
    self.unpricedTokens,
    { gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-new', gen_ai_token_type: 'input' },
    values,
  );

/** promtool cases of AgentHighErrorRate. */
export function agentHighErrorRateCases(config: AlertsConfig): AlertCase[] {
  const t = config.thresholds;
  const w = config.windows.rate;
  return [
    fires(
      'planner fails half of its operations',
      [ops('success', counter(30, 30)), ops('error', counter(30, 30))],
      '20m',
      [
        {
          labels: { gen_ai_agent_name: planner },
          description: `Agent planner failed 50% of its operations over the last ${w} (threshold ${percent(t.agentErrorRatio)}).`,
        },
      ],
    ),
    quiet(
      'planner fails 1 in 61 operations',
      [ops('success', counter(60, 30)), ops('error', counter(1, 30))],
      '20m',
    ),
  ];
}

/** promtool cases of AgentLatencyHigh: around the threshold T, between T and 2T fires (p95 = 1.95 T), between T/2 and T not. */
export function agentLatencyHighCases(config: AlertsConfig): AlertCase[] {
  const lat = config.thresholds.agentLatencyP95Seconds;
  const w = config.windows.rate;
  return [
    fires(
      `all invocations take between ${lat}s and ${num(2 * lat)}s`,
      [
        invoke(num(lat), constant(0, 30)),
        invoke(num(2 * lat), counter(10, 30)),
        invoke('+Inf', counter(10, 30)),
      ],
      '25m',
      [
        {
          labels: { gen_ai_agent_name: planner },
          description: `p95 latency of agent planner is ${humanizeDuration(1.95 * lat)} over the last ${w} (threshold ${lat}s).`,
        },
      ],
    ),
    quiet(
      `all invocations take between ${num(lat / 2)}s and ${lat}s`,
      [
        invoke(num(lat / 2), constant(0, 30)),
        invoke(num(lat), counter(10, 30)),
        invoke('+Inf', counter(10, 30)),
      ],
      '25m',
    ),
  ];
}

/** promtool cases of AgentTokenUsageSpike. */
export function agentTokenUsageSpikeCases(config: AlertsConfig): AlertCase[] {
  const t = config.thresholds;
  const w = config.windows.rate;
  const spikeBaseline = config.windows.spikeBaseline;
  return [
    fires(
      'a day at 10 tokens/s, then 100 tokens/s',
      [
        tokens(
          segments([
            [600, day],
            [6000, 30],
          ]),
        ),
      ],
      '1d20m',
      [
        {
          labels: { gen_ai_provider_name: 'openai' },
          description: `Provider openai uses 100 tokens/s over the last ${w}, more than ${t.tokenSpikeFactor}x its ${spikeBaseline} average.`,
        },
      ],
    ),
    quiet('a steady 10 tokens/s', [tokens(counter(600, day + 30))], '1d20m'),
    quiet(
      'a provider seen for 3 hours (no whole baseline yet) jumps to 100 tokens/s',
      [
        tokens(
          segments([
            [600, 180],
            [6000, 30],
          ]),
        ),
      ],
      '3h20m',
    ),
  ];
}

/** promtool cases of AgentCostBurnRateHigh: 3.6× and 0.72× the budget (360 and 72 USD per day at the default 100). */
export function agentCostBurnRateHighCases(config: AlertsConfig): AlertCase[] {
  const budget = config.thresholds.costBudgetUsdPerDay;
  const slow = config.windows.slow;
  // spend at a multiple of the daily budget, per day and per minute (rounded as a test series prints it)
  const perDay = (ofBudget: number) => Number((budget * ofBudget).toPrecision(6));
  const perMinute = (ofBudget: number) => Number((perDay(ofBudget) / day).toPrecision(6));
  return [
    fires(
      `${perMinute(3.6)} USD per minute is ${humanize(perDay(3.6))} USD per day`,
      [cost(counter(perMinute(3.6), 40))],
      '30m',
      [
        {
          labels: {},
          description: `GenAI spend runs at ${humanize(perDay(3.6))} USD per day over the last ${slow}, above the daily budget of ${budget} USD.`,
        },
      ],
    ),
    quiet(
      `${perMinute(0.72)} USD per minute is ${humanize(perDay(0.72))} USD per day`,
      [cost(counter(perMinute(0.72), 40))],
      '30m',
    ),
  ];
}

/** promtool cases of AgentDecisionConfidenceLow: around the minimum m, an average of m/2 fires, (1 + m)/2 does not. */
export function agentDecisionConfidenceLowCases(config: AlertsConfig): AlertCase[] {
  const min = config.thresholds.decisionConfidenceMin;
  const [confLo, confHi] = around(min);
  return [
    fires(
      `average confidence ${confLo}`,
      [confidence('_sum', counter(5 * confLo, 40)), confidence('_count', counter(5, 40))],
      '35m',
      [
        {
          labels: { gen_ai_agent_name: planner },
          description: `Agent planner reports an average decision confidence of ${confLo.toFixed(2)} over the last ${config.windows.slow} (minimum ${min}).`,
        },
      ],
    ),
    quiet(
      `average confidence ${confHi}`,
      [confidence('_sum', counter(5 * confHi, 40)), confidence('_count', counter(5, 40))],
      '35m',
    ),
  ];
}

/** promtool cases of AgentHandoffFailures. */
export function agentHandoffFailuresCases(config: AlertsConfig): AlertCase[] {
  return [
    fires(
      '1 in 4 hand-offs fails',
      [handoffs('failure', counter(1, 40)), handoffs('success', counter(3, 40))],
      '35m',
      [
        {
          labels: { from_agent: planner, to_agent: 'coder' },
          description: `25% of hand-offs from planner to coder failed over the last ${config.windows.slow} (threshold ${percent(config.thresholds.handoffFailureRatio)}).`,
        },
      ],
    ),
    quiet(
      'no hand-off fails',
      [handoffs('failure', constant(0, 40)), handoffs('success', counter(3, 40))],
      '35m',
    ),
  ];
}

/** promtool cases of ProviderOutage. */
export function providerOutageCases(config: AlertsConfig): AlertCase[] {
  return [
    fires(
      'every openai call times out',
      [calls('timeout', counter(10, 20)), calls(undefined, constant(0, 20))],
      '10m',
      [
        {
          labels: { gen_ai_provider_name: 'openai' },
          description: `100% of openai operations failed over the last ${config.windows.rate}: the provider looks down.`,
        },
      ],
    ),
    quiet(
      'one openai call in ten fails',
      [calls('timeout', counter(1, 20)), calls(undefined, counter(9, 20))],
      '10m',
    ),
  ];
}

/** promtool cases of RateLimitHeadroomLow: around the threshold r, r/2 of the limit left fires, (1 + r)/2 stays quiet. */
export function rateLimitHeadroomLowCases(config: AlertsConfig): AlertCase[] {
  const r = config.thresholds.rateLimitHeadroomRatio;
  const [headLo, headHi] = around(r);
  return [
    fires(
      `${percent(headLo)} of the token limit left`,
      [limit('remaining', constant(headLo * 100_000, 20)), limit('quota', constant(100_000, 20))],
      '15m',
      [
        {
          labels: {
            gen_ai_provider_name: 'openai',
            gen_ai_request_model: 'gpt-4o',
            gen_ai_rate_limit_resource: 'tokens',
          },
          description: `Only ${percent(headLo)} of the tokens rate limit of openai gpt-4o is left in its current window (threshold ${percent(r)}).`,
        },
      ],
    ),
    quiet(
      `${percent(headHi)} of the token limit left`,
      [limit('remaining', constant(headHi * 100_000, 20)), limit('quota', constant(100_000, 20))],
      '15m',
    ),
  ];
}

/** promtool cases of UnpricedTokens. */
export function unpricedTokensCases(config: AlertsConfig): AlertCase[] {
  return [
    fires('an unpriced model uses 600 tokens per minute', [unpriced(counter(600, 40))], '35m', [
      {
        labels: { gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-new' },
        description: `openai gpt-new used 10 tokens per second over the last ${config.windows.slow} that have no price, so the cost leaves them out.`,
      },
    ]),
    quiet('no unpriced tokens', [unpriced(constant(1200, 40))], '35m'),
  ];
}
