import { METRICS } from '@obskit/catalog';
import {
  aggregate,
  errorRatio,
  histogramAverage,
  histogramQuantile,
  neq,
  rate,
  selector,
  sum,
} from '@obskit/promql';
import type { AlertsConfig } from '../config.js';
import {
  constant,
  counter,
  fires,
  around,
  humanize,
  humanizeDuration,
  num,
  percent,
  quiet,
  series,
  segments,
  withScope,
} from '../internal/helpers.js';
import type { AlertDefinition } from '../model/types.js';

const { agent, genai, self } = METRICS;
const planner = 'planner';

/** Alerts on agents: errors, latency, tokens, cost, decision confidence, hand-offs, provider outages. */
export function buildAgentAlerts(config: AlertsConfig): AlertDefinition[] {
  const t = config.thresholds;
  const w = config.windows.rate;
  const slow = config.windows.slow;
  const opsScope = withScope(config, agent.operations);
  const lat = t.agentLatencyP95Seconds;
  const [confLo, confHi] = around(t.decisionConfidenceMin);

  const ops = (status: string, values: string) =>
    series(agent.operations, { gen_ai_agent_name: planner, status }, values);
  const invoke = (le: string, values: string) =>
    series(genai.invokeAgentDuration, { gen_ai_agent_name: planner, le }, values, '_bucket');
  const tokens = (values: string) =>
    series(
      genai.clientTokenUsage,
      { gen_ai_provider_name: 'openai', gen_ai_token_type: 'input' },
      values,
      '_sum',
    );
  const cost = (values: string) =>
    series(agent.cost, { gen_ai_provider_name: 'openai', gen_ai_agent_name: planner }, values);
  const confidence = (suffix: '_sum' | '_count', values: string) =>
    series(agent.decisionConfidence, { gen_ai_agent_name: planner }, values, suffix);
  const handoffs = (outcome: string, values: string) =>
    series(agent.handoffs, { from_agent: planner, to_agent: 'coder', outcome }, values);
  const calls = (errorType: string | undefined, values: string) =>
    series(
      genai.clientOperationDuration,
      errorType
        ? { gen_ai_provider_name: 'openai', error_type: errorType }
        : { gen_ai_provider_name: 'openai' },
      values,
      '_count',
    );

  const headroomBy = [
    'job',
    'gen_ai_provider_name',
    'gen_ai_request_model',
    'gen_ai_rate_limit_resource',
  ] as const;
  const headroom = (
    remaining: ReturnType<typeof withScope<typeof agent.rateLimitRemaining>>,
    quota: ReturnType<typeof withScope<typeof agent.rateLimitQuota>>,
  ) =>
    `${sum(selector(agent.rateLimitRemaining, { matchers: remaining }), { by: headroomBy })} / ${sum(
      selector(agent.rateLimitQuota, { matchers: quota }),
      { by: headroomBy },
    )}`;
  const [headLo, headHi] = around(t.rateLimitHeadroomRatio);
  const limit = (kind: 'remaining' | 'quota', values: string) =>
    series(
      kind === 'remaining' ? agent.rateLimitRemaining : agent.rateLimitQuota,
      {
        gen_ai_provider_name: 'openai',
        gen_ai_request_model: 'gpt-4o',
        gen_ai_rate_limit_resource: 'tokens',
      },
      values,
    );
  const unpriced = (values: string) =>
    series(
      self.unpricedTokens,
      { gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-new', gen_ai_token_type: 'input' },
      values,
    );

  const tokenScope = withScope(config, genai.clientTokenUsage);
  const tokenRate = (window: string, offset?: string) =>
    sum(rate(genai.clientTokenUsage, window, { suffix: '_sum', matchers: tokenScope, offset }), {
      by: ['job', 'gen_ai_provider_name'],
    });
  const spikeBaseline = config.windows.spikeBaseline;
  // The baseline ends where the short window starts, so a spike does not raise its own baseline; and a
  // provider whose series did not exist a whole baseline ago has no baseline yet (a fresh Prometheus,
  // a new provider): `rate()` over a longer window than the history would make any traffic a spike.
  const tokenSpike = [
    `${tokenRate(w)} > ${t.tokenSpikeFactor} * ${tokenRate(spikeBaseline, w)}`,
    `${tokenRate(w)} > ${t.tokenMinRatePerSecond}`,
    aggregate(
      'group',
      selector(genai.clientTokenUsage, { suffix: '_sum', matchers: tokenScope, offset: spikeBaseline }),
      { by: ['job', 'gen_ai_provider_name'] },
    ),
  ].join(' and ');
  const day = 24 * 60;
  // spend at a multiple of the daily budget, per day and per minute (rounded as a test series prints it)
  const perDay = (ofBudget: number) => Number((t.costBudgetUsdPerDay * ofBudget).toPrecision(6));
  const perMinute = (ofBudget: number) => Number((perDay(ofBudget) / day).toPrecision(6));

  return [
    {
      name: 'AgentHighErrorRate',
      expr: `${errorRatio(agent.operations, w, {
        errors: { status: neq('success') },
        matchers: opsScope,
        by: ['job', 'gen_ai_agent_name'],
      })} > ${t.agentErrorRatio}`,
      for: config.for.short,
      severity: 'warning',
      summary: 'An agent fails too many of its operations.',
      description: `Agent {{ $labels.gen_ai_agent_name }} failed {{ $value | humanizePercentage }} of its operations over the last ${w} (threshold ${percent(t.agentErrorRatio)}).`,
      runbook: {
        meaning: `More than ${percent(t.agentErrorRatio)} of one agent's operations ended with a status other than "success" over ${w}.`,
        impact:
          'Users of this agent get errors, timeouts or no answer; workflows that depend on it stall or retry.',
        diagnosis: [
          {
            title: 'Errors by agent and status',
            query: sum(rate(agent.operations, w, { matchers: { ...opsScope, status: neq('success') } }), {
              by: ['job', 'gen_ai_agent_name', 'status', 'gen_ai_provider_name'],
            }),
          },
          {
            title: 'Agent errors by class',
            query: sum(rate(agent.errors, w, { matchers: withScope(config, agent.errors) }), {
              by: ['job', 'gen_ai_agent_name', 'error_type'],
            }),
          },
        ],
        fixes: [
          'If one provider dominates the errors, see ObskitProviderOutage and fail over to another provider.',
          'If errors are timeouts, check the provider latency and the agent timeout setting.',
          'Roll back a recent prompt, tool or model change of the agent.',
        ],
      },
      tests: [
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
      ],
    },
    {
      name: 'AgentLatencyHigh',
      expr: `${histogramQuantile(0.95, genai.invokeAgentDuration, w, {
        matchers: withScope(config, genai.invokeAgentDuration),
        by: ['job', 'gen_ai_agent_name'],
      })} > ${t.agentLatencyP95Seconds}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'An agent answers too slowly.',
      description: `p95 latency of agent {{ $labels.gen_ai_agent_name }} is {{ $value | humanizeDuration }} over the last ${w} (threshold ${t.agentLatencyP95Seconds}s).`,
      runbook: {
        meaning: `The 95th percentile of ${genai.invokeAgentDuration.name} for one agent is above ${t.agentLatencyP95Seconds}s.`,
        impact: 'One request in twenty waits longer than the latency objective; users abandon or retry.',
        diagnosis: [
          {
            title: 'p95 by agent and model',
            query: histogramQuantile(0.95, genai.invokeAgentDuration, w, {
              by: ['job', 'gen_ai_agent_name', 'gen_ai_request_model'],
            }),
          },
          {
            title: 'p95 of tool calls by tool',
            query: histogramQuantile(0.95, genai.executeToolDuration, w, {
              by: ['job', 'gen_ai_agent_name', 'gen_ai_tool_name'],
            }),
          },
        ],
        fixes: [
          'Find the slow step: provider latency (gen_ai_client_operation_duration_seconds) or a slow tool.',
          'Lower max tokens or switch to a faster model for this agent.',
          'Scale the workers if agents queue for CPU or connections.',
        ],
      },
      tests: [
        fires(
          // Around the threshold T: between T and 2T fires (p95 = 1.95 T), between T/2 and T not.
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
      ],
    },
    {
      name: 'AgentTokenUsageSpike',
      expr: tokenSpike,
      for: config.for.medium,
      severity: 'warning',
      summary: 'Token usage of a provider spikes above its baseline.',
      description: `Provider {{ $labels.gen_ai_provider_name }} uses {{ $value | humanize }} tokens/s over the last ${w}, more than ${t.tokenSpikeFactor}x its ${spikeBaseline} average.`,
      runbook: {
        meaning: `Tokens per second sent to one provider over ${w} exceed ${t.tokenSpikeFactor} times their average over the ${spikeBaseline} before that window (and ${t.tokenMinRatePerSecond} tokens/s); a provider needs ${spikeBaseline} of history first.`,
        impact: 'Cost rises in proportion; rate limits of the provider may be hit next.',
        diagnosis: [
          {
            title: 'Tokens per second by model and direction',
            query: sum(rate(genai.clientTokenUsage, w, { suffix: '_sum' }), {
              by: ['job', 'gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'],
            }),
          },
          {
            title: 'Agent operations per second by agent',
            query: sum(rate(agent.operations, w), { by: ['job', 'gen_ai_agent_name'] }),
          },
        ],
        fixes: [
          'Look for a loop: an agent that re-plans or calls tools without end (operations per agent).',
          'Check for a prompt change that inflates context (input tokens) or verbosity (output tokens).',
          'Apply the per-user or per-agent token budget; block abusive clients.',
        ],
      },
      tests: [
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
      ],
    },
    {
      name: 'AgentCostBurnRateHigh',
      expr: `${sum(rate(agent.cost, slow, { matchers: withScope(config, agent.cost) }), { by: ['job'] })} * 86400 > ${t.costBudgetUsdPerDay}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'GenAI spend runs above the daily budget.',
      description: `GenAI spend runs at {{ $value | humanize }} USD per day over the last ${slow}, above the daily budget of ${t.costBudgetUsdPerDay} USD.`,
      runbook: {
        meaning: `The cost rate of ${agent.cost.name} over ${slow}, projected to a day, exceeds the budget of ${t.costBudgetUsdPerDay} USD.`,
        impact: 'The monthly GenAI bill overshoots; finance or a provider spending cap may cut service.',
        diagnosis: [
          {
            title: 'USD per day by provider and model',
            query: `${sum(rate(agent.cost, slow), { by: ['job', 'gen_ai_provider_name', 'gen_ai_request_model'] })} * 86400`,
          },
          {
            title: 'USD per day by agent',
            query: `${sum(rate(agent.cost, slow), { by: ['job', 'gen_ai_agent_name'] })} * 86400`,
          },
        ],
        fixes: [
          'Find the agent or model that drives the spend and route it to a cheaper model.',
          'Check for a token spike (ObskitAgentTokenUsageSpike) or a retry storm.',
          'Raise the budget in the alerts config if the growth is expected.',
        ],
      },
      tests: [
        // 3.6× and 0.72× the budget (360 and 72 USD per day at the default 100)
        fires(
          `${perMinute(3.6)} USD per minute is ${humanize(perDay(3.6))} USD per day`,
          [cost(counter(perMinute(3.6), 40))],
          '30m',
          [
            {
              labels: {},
              description: `GenAI spend runs at ${humanize(perDay(3.6))} USD per day over the last ${slow}, above the daily budget of ${t.costBudgetUsdPerDay} USD.`,
            },
          ],
        ),
        quiet(
          `${perMinute(0.72)} USD per minute is ${humanize(perDay(0.72))} USD per day`,
          [cost(counter(perMinute(0.72), 40))],
          '30m',
        ),
      ],
    },
    {
      name: 'AgentDecisionConfidenceLow',
      expr: `${histogramAverage(agent.decisionConfidence, slow, {
        matchers: withScope(config, agent.decisionConfidence),
        by: ['job', 'gen_ai_agent_name'],
      })} < ${t.decisionConfidenceMin}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'An agent is unsure of its decisions.',
      description: `Agent {{ $labels.gen_ai_agent_name }} reports an average decision confidence of {{ $value | printf "%.2f" }} over the last ${slow} (minimum ${t.decisionConfidenceMin}).`,
      runbook: {
        meaning: `The average of ${agent.decisionConfidence.name} for one agent over ${slow} is below ${t.decisionConfidenceMin}.`,
        impact: 'Decisions are more often wrong: more hand-offs, retries and escalations to humans.',
        diagnosis: [
          {
            title: 'Average confidence by agent',
            query: histogramAverage(agent.decisionConfidence, slow, { by: ['job', 'gen_ai_agent_name'] }),
          },
          {
            title: 'Hand-offs per second from the agent',
            query: sum(rate(agent.handoffs, slow), { by: ['job', 'from_agent', 'to_agent', 'outcome'] }),
          },
        ],
        fixes: [
          'Check for a model or prompt change of the agent; compare with the previous release.',
          'Check the inputs: a new kind of request the agent was not designed for.',
          'Lower traffic to the agent or route uncertain cases to a human.',
        ],
      },
      tests: [
        // Around the minimum m: an average of m/2 fires, (1 + m)/2 does not.
        fires(
          `average confidence ${confLo}`,
          [confidence('_sum', counter(5 * confLo, 40)), confidence('_count', counter(5, 40))],
          '35m',
          [
            {
              labels: { gen_ai_agent_name: planner },
              description: `Agent planner reports an average decision confidence of ${confLo.toFixed(2)} over the last ${slow} (minimum ${t.decisionConfidenceMin}).`,
            },
          ],
        ),
        quiet(
          `average confidence ${confHi}`,
          [confidence('_sum', counter(5 * confHi, 40)), confidence('_count', counter(5, 40))],
          '35m',
        ),
      ],
    },
    {
      name: 'AgentHandoffFailures',
      expr: `${errorRatio(agent.handoffs, slow, {
        errors: { outcome: 'failure' },
        matchers: withScope(config, agent.handoffs),
        by: ['job', 'from_agent', 'to_agent'],
      })} > ${t.handoffFailureRatio}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'Hand-offs between two agents fail.',
      description: `{{ $value | humanizePercentage }} of hand-offs from {{ $labels.from_agent }} to {{ $labels.to_agent }} failed over the last ${slow} (threshold ${percent(t.handoffFailureRatio)}).`,
      runbook: {
        meaning: `More than ${percent(t.handoffFailureRatio)} of hand-offs between one pair of agents ended with outcome "failure".`,
        impact: 'Multi-agent workflows break at this step; tasks stall, retry or dead-letter.',
        diagnosis: [
          {
            title: 'Hand-offs by pair and outcome',
            query: sum(rate(agent.handoffs, slow), { by: ['job', 'from_agent', 'to_agent', 'outcome'] }),
          },
          {
            title: 'p95 hand-off latency by pair',
            query: histogramQuantile(0.95, agent.handoffDuration, slow, {
              by: ['job', 'from_agent', 'to_agent'],
            }),
          },
        ],
        fixes: [
          'Check that the receiving agent is up and not failing itself (ObskitAgentHighErrorRate).',
          'Check the hand-off payload contract after a change to either agent.',
          'Check the queue between the agents for backlog (ObskitTaskQueueBacklogGrowing).',
        ],
      },
      tests: [
        fires(
          '1 in 4 hand-offs fails',
          [handoffs('failure', counter(1, 40)), handoffs('success', counter(3, 40))],
          '35m',
          [
            {
              labels: { from_agent: planner, to_agent: 'coder' },
              description: `25% of hand-offs from planner to coder failed over the last ${slow} (threshold ${percent(t.handoffFailureRatio)}).`,
            },
          ],
        ),
        quiet(
          'no hand-off fails',
          [handoffs('failure', constant(0, 40)), handoffs('success', counter(3, 40))],
          '35m',
        ),
      ],
    },
    {
      name: 'ProviderOutage',
      expr: `${errorRatio(genai.clientOperationDuration, w, {
        errors: { error_type: neq('') },
        matchers: withScope(config, genai.clientOperationDuration),
        by: ['job', 'gen_ai_provider_name'],
      })} > ${t.providerOutageErrorRatio}`,
      for: config.for.page,
      severity: 'critical',
      summary: 'A GenAI provider fails almost every call.',
      description: `{{ $value | humanizePercentage }} of {{ $labels.gen_ai_provider_name }} operations failed over the last ${w}: the provider looks down.`,
      runbook: {
        meaning: `More than ${percent(t.providerOutageErrorRatio)} of GenAI client operations to one provider carried an error_type over ${w} (held for ${config.for.page}).`,
        impact: 'Every agent that uses this provider fails; without a fallback the product is down.',
        diagnosis: [
          {
            title: 'Failed operations by provider and error class',
            query: sum(
              rate(genai.clientOperationDuration, w, { suffix: '_count', matchers: { error_type: neq('') } }),
              {
                by: ['job', 'gen_ai_provider_name', 'error_type'],
              },
            ),
          },
          {
            title: 'Operations per second by provider and model',
            query: sum(rate(genai.clientOperationDuration, w, { suffix: '_count' }), {
              by: ['job', 'gen_ai_provider_name', 'gen_ai_request_model'],
            }),
          },
        ],
        fixes: [
          "Check the provider's status page; rate_limited errors mean a quota, not an outage.",
          'Fail over to another provider or model if the application supports it.',
          'Check credentials and network egress if only this deployment is affected.',
        ],
      },
      tests: [
        fires(
          'every openai call times out',
          [calls('timeout', counter(10, 20)), calls(undefined, constant(0, 20))],
          '10m',
          [
            {
              labels: { gen_ai_provider_name: 'openai' },
              description: `100% of openai operations failed over the last ${w}: the provider looks down.`,
            },
          ],
        ),
        quiet(
          'one openai call in ten fails',
          [calls('timeout', counter(1, 20)), calls(undefined, counter(9, 20))],
          '10m',
        ),
      ],
    },
    {
      name: 'RateLimitHeadroomLow',
      expr: `${headroom(withScope(config, agent.rateLimitRemaining), withScope(config, agent.rateLimitQuota))} < ${t.rateLimitHeadroomRatio}`,
      for: config.for.short,
      severity: 'warning',
      summary: 'A GenAI provider rate limit is nearly used up.',
      description: `Only {{ $value | humanizePercentage }} of the {{ $labels.gen_ai_rate_limit_resource }} rate limit of {{ $labels.gen_ai_provider_name }} {{ $labels.gen_ai_request_model }} is left in its current window (threshold ${percent(t.rateLimitHeadroomRatio)}).`,
      runbook: {
        meaning: `For one provider, model and resource (requests or tokens), ${agent.rateLimitRemaining.name} / ${agent.rateLimitQuota.name} (read from the provider's rate-limit response headers) stayed below ${percent(t.rateLimitHeadroomRatio)}.`,
        impact:
          'The next calls are about to be refused with HTTP 429 (error_type "rate_limited"): agents slow down, retry or fail until the window resets.',
        diagnosis: [
          {
            title: 'Headroom by provider, model and resource',
            query: headroom({}, {}),
          },
          {
            title: 'Tokens per second by provider and model',
            query: sum(rate(genai.clientTokenUsage, w, { suffix: '_sum' }), {
              by: ['job', 'gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'],
            }),
          },
          {
            title: 'Rate-limited calls per second',
            query: sum(
              rate(genai.clientOperationDuration, w, {
                suffix: '_count',
                matchers: { error_type: 'rate_limited' },
              }),
              { by: ['job', 'gen_ai_provider_name', 'gen_ai_request_model'] },
            ),
          },
        ],
        fixes: [
          'Find the agent or workflow whose traffic rose (token spike, retry loop) and slow it down.',
          'Ask the provider for a higher tier or spread the load over another model, key or provider.',
          'Use the prompt cache and smaller prompts to cut input tokens per call.',
        ],
      },
      tests: [
        // Around the threshold r: r/2 of the limit left fires, (1 + r)/2 stays quiet.
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
              description: `Only ${percent(headLo)} of the tokens rate limit of openai gpt-4o is left in its current window (threshold ${percent(t.rateLimitHeadroomRatio)}).`,
            },
          ],
        ),
        quiet(
          `${percent(headHi)} of the token limit left`,
          [limit('remaining', constant(headHi * 100_000, 20)), limit('quota', constant(100_000, 20))],
          '15m',
        ),
      ],
    },
    {
      name: 'UnpricedTokens',
      expr: `${sum(rate(self.unpricedTokens, slow, { matchers: withScope(config, self.unpricedTokens) }), {
        by: ['job', 'gen_ai_provider_name', 'gen_ai_request_model'],
      })} > 0`,
      for: config.for.medium,
      severity: 'info',
      summary: 'Tokens are used by a model missing from the price table.',
      description: `{{ $labels.gen_ai_provider_name }} {{ $labels.gen_ai_request_model }} used {{ $value | humanize }} tokens per second over the last ${slow} that have no price, so the cost leaves them out.`,
      runbook: {
        meaning: `${self.unpricedTokens.name} grew over ${slow}: tokens of a model (or a token type such as cache reads) with no price in the configured price table.`,
        impact:
          "Cost panels and the cost alerts (ObskitAgentCostBurnRateHigh, ObskitCostPerOperationHigh) under-count this model's spend.",
        diagnosis: [
          {
            title: 'Unpriced tokens per second by provider, model and token type',
            query: sum(rate(self.unpricedTokens, slow), {
              by: ['job', 'gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'],
            }),
          },
        ],
        fixes: [
          'Add the model (and its cache-read/cache-write prices) to `prices` in createMetrics or the obskit config.',
          'Update the price package (@pydantic/genai-prices) if the model is new.',
          'Check for a typo or a dated model name in the request model.',
        ],
      },
      tests: [
        fires('an unpriced model uses 600 tokens per minute', [unpriced(counter(600, 40))], '35m', [
          {
            labels: { gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-new' },
            description: `openai gpt-new used 10 tokens per second over the last ${slow} that have no price, so the cost leaves them out.`,
          },
        ]),
        quiet('no unpriced tokens', [unpriced(constant(1200, 40))], '35m'),
      ],
    },
  ];
}
