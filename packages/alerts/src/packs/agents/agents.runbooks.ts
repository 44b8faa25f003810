import { METRICS } from '@obskit/catalog';
import { histogramAverage, histogramQuantile, neq, rate, sum } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import { percent, withScope } from '../../internal/helpers.js';
import { alertName } from '../../alerts.js';
import type { Runbook } from '../../model/types.js';
import { rateLimitHeadroom } from './agents.queries.js';

const { agent, genai, self } = METRICS;

/** Runbook of AgentHighErrorRate. */
export function agentHighErrorRateRunbook(config: AlertsConfig): Runbook {
  const w = config.windows.rate;
  return {
    meaning: `More than ${percent(config.thresholds.agentErrorRatio)} of one agent's operations ended with a status other than "success" over ${w}.`,
    impact:
      'Users of this agent get errors, timeouts or no answer; workflows that depend on it stall or retry.',
    diagnosis: [
      {
        title: 'Errors by agent and status',
        query: sum(
          rate(agent.operations, w, {
            matchers: { ...withScope(config, agent.operations), status: neq('success') },
          }),
          { by: ['job', 'gen_ai_agent_name', 'status', 'gen_ai_provider_name'] },
        ),
      },
      {
        title: 'Agent errors by class',
        query: sum(rate(agent.errors, w, { matchers: withScope(config, agent.errors) }), {
          by: ['job', 'gen_ai_agent_name', 'error_type'],
        }),
      },
    ],
    fixes: [
      `If one provider dominates the errors, see ${alertName(config, 'ProviderOutage')} and fail over to another provider.`,
      'If errors are timeouts, check the provider latency and the agent timeout setting.',
      'Roll back a recent prompt, tool or model change of the agent.',
    ],
  };
}

/** Runbook of AgentLatencyHigh. */
export function agentLatencyHighRunbook(config: AlertsConfig): Runbook {
  const w = config.windows.rate;
  return {
    meaning: `The 95th percentile of ${genai.invokeAgentDuration.name} for one agent is above ${config.thresholds.agentLatencyP95Seconds}s.`,
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
  };
}

/** Runbook of AgentTokenUsageSpike. */
export function agentTokenUsageSpikeRunbook(config: AlertsConfig): Runbook {
  const t = config.thresholds;
  const w = config.windows.rate;
  const spikeBaseline = config.windows.spikeBaseline;
  return {
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
  };
}

/** Runbook of AgentCostBurnRateHigh. */
export function agentCostBurnRateHighRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `The cost rate of ${agent.cost.name} over ${slow}, projected to a day, exceeds the budget of ${config.thresholds.costBudgetUsdPerDay} USD.`,
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
      `Check for a token spike (${alertName(config, 'AgentTokenUsageSpike')}) or a retry storm.`,
      'Raise the budget in the alerts config if the growth is expected.',
    ],
  };
}

/** Runbook of AgentDecisionConfidenceLow. */
export function agentDecisionConfidenceLowRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `The average of ${agent.decisionConfidence.name} for one agent over ${slow} is below ${config.thresholds.decisionConfidenceMin}.`,
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
  };
}

/** Runbook of AgentHandoffFailures. */
export function agentHandoffFailuresRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `More than ${percent(config.thresholds.handoffFailureRatio)} of hand-offs between one pair of agents ended with outcome "failure".`,
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
      `Check that the receiving agent is up and not failing itself (${alertName(config, 'AgentHighErrorRate')}).`,
      'Check the hand-off payload contract after a change to either agent.',
      `Check the queue between the agents for backlog (${alertName(config, 'TaskQueueBacklogGrowing')}).`,
    ],
  };
}

/** Runbook of ProviderOutage. */
export function providerOutageRunbook(config: AlertsConfig): Runbook {
  const w = config.windows.rate;
  return {
    meaning: `More than ${percent(config.thresholds.providerOutageErrorRatio)} of GenAI client operations to one provider carried an error_type over ${w} (held for ${config.for.page}).`,
    impact: 'Every agent that uses this provider fails; without a fallback the product is down.',
    diagnosis: [
      {
        title: 'Failed operations by provider and error class',
        query: sum(
          rate(genai.clientOperationDuration, w, { suffix: '_count', matchers: { error_type: neq('') } }),
          { by: ['job', 'gen_ai_provider_name', 'error_type'] },
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
  };
}

/** Runbook of RateLimitHeadroomLow. */
export function rateLimitHeadroomLowRunbook(config: AlertsConfig): Runbook {
  const w = config.windows.rate;
  return {
    meaning: `For one provider, model and resource (requests or tokens), ${agent.rateLimitRemaining.name} / ${agent.rateLimitQuota.name} (read from the provider's rate-limit response headers) stayed below ${percent(config.thresholds.rateLimitHeadroomRatio)}.`,
    impact:
      'The next calls are about to be refused with HTTP 429 (error_type "rate_limited"): agents slow down, retry or fail until the window resets.',
    diagnosis: [
      { title: 'Headroom by provider, model and resource', query: rateLimitHeadroom({}, {}) },
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
  };
}

/** Runbook of UnpricedTokens. */
export function unpricedTokensRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `${self.unpricedTokens.name} grew over ${slow}: tokens of a model (or a token type such as cache reads) with no price in the configured price table.`,
    impact: `Cost panels and the cost alerts (${alertName(config, 'AgentCostBurnRateHigh')}, ${alertName(config, 'CostPerOperationHigh')}) under-count this model's spend.`,
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
  };
}
