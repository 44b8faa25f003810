import { METRICS, type Duration } from '@obskit/catalog';
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
import type { PackAlert } from '../../alerts.js';
import type { AlertsConfig } from '../../config.js';
import { percent, withScope } from '../../internal/helpers.js';
import type { AlertDefinition } from '../../model/types.js';
import {
  agentCostBurnRateHighCases,
  agentDecisionConfidenceLowCases,
  agentHandoffFailuresCases,
  agentHighErrorRateCases,
  agentLatencyHighCases,
  agentTokenUsageSpikeCases,
  providerOutageCases,
  rateLimitHeadroomLowCases,
  unpricedTokensCases,
} from './agents.cases.js';
import { rateLimitHeadroom } from './agents.queries.js';
import {
  agentCostBurnRateHighRunbook,
  agentDecisionConfidenceLowRunbook,
  agentHandoffFailuresRunbook,
  agentHighErrorRateRunbook,
  agentLatencyHighRunbook,
  agentTokenUsageSpikeRunbook,
  providerOutageRunbook,
  rateLimitHeadroomLowRunbook,
  unpricedTokensRunbook,
} from './agents.runbooks.js';

const { agent, genai, self } = METRICS;

/** An alert of the agents pack. */
type AgentAlert = PackAlert<'agents'>;

/** Too many failed operations of one agent. */
export function agentHighErrorRate(config: AlertsConfig): AgentAlert {
  const t = config.thresholds;
  const w = config.windows.rate;
  return {
    name: 'AgentHighErrorRate',
    expr: `${errorRatio(agent.operations, w, {
      errors: { status: neq('success') },
      matchers: withScope(config, agent.operations),
      by: ['job', 'gen_ai_agent_name'],
    })} > ${t.agentErrorRatio}`,
    for: config.for.short,
    severity: 'warning',
    summary: 'An agent fails too many of its operations.',
    description: `Agent {{ $labels.gen_ai_agent_name }} failed {{ $value | humanizePercentage }} of its operations over the last ${w} (threshold ${percent(t.agentErrorRatio)}).`,
    runbook: agentHighErrorRateRunbook(config),
    tests: agentHighErrorRateCases(config),
  };
}

/** p95 latency of one agent above its threshold. */
export function agentLatencyHigh(config: AlertsConfig): AgentAlert {
  const t = config.thresholds;
  const w = config.windows.rate;
  return {
    name: 'AgentLatencyHigh',
    expr: `${histogramQuantile(0.95, genai.invokeAgentDuration, w, {
      matchers: withScope(config, genai.invokeAgentDuration),
      by: ['job', 'gen_ai_agent_name'],
    })} > ${t.agentLatencyP95Seconds}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'An agent answers too slowly.',
    description: `p95 latency of agent {{ $labels.gen_ai_agent_name }} is {{ $value | humanizeDuration }} over the last ${w} (threshold ${t.agentLatencyP95Seconds}s).`,
    runbook: agentLatencyHighRunbook(config),
    tests: agentLatencyHighCases(config),
  };
}

/**
 * Token usage of a provider above a multiple of its baseline. The baseline ends where the short window
 * starts, so a spike does not raise its own baseline; and a provider whose series did not exist a whole
 * baseline ago has no baseline yet (a fresh Prometheus, a new provider): `rate()` over a longer window
 * than the history would make any traffic a spike.
 */
export function agentTokenUsageSpike(config: AlertsConfig): AgentAlert {
  const t = config.thresholds;
  const w = config.windows.rate;
  const spikeBaseline = config.windows.spikeBaseline;
  const tokenScope = withScope(config, genai.clientTokenUsage);
  const tokenRate = (window: Duration, offset?: Duration) =>
    sum(rate(genai.clientTokenUsage, window, { suffix: '_sum', matchers: tokenScope, offset }), {
      by: ['job', 'gen_ai_provider_name'],
    });
  return {
    name: 'AgentTokenUsageSpike',
    expr: [
      `${tokenRate(w)} > ${t.tokenSpikeFactor} * ${tokenRate(spikeBaseline, w)}`,
      `${tokenRate(w)} > ${t.tokenMinRatePerSecond}`,
      aggregate(
        'group',
        selector(genai.clientTokenUsage, { suffix: '_sum', matchers: tokenScope, offset: spikeBaseline }),
        { by: ['job', 'gen_ai_provider_name'] },
      ),
    ].join(' and '),
    for: config.for.medium,
    severity: 'warning',
    summary: 'Token usage of a provider spikes above its baseline.',
    description: `Provider {{ $labels.gen_ai_provider_name }} uses {{ $value | humanize }} tokens/s over the last ${w}, more than ${t.tokenSpikeFactor}x its ${spikeBaseline} average.`,
    runbook: agentTokenUsageSpikeRunbook(config),
    tests: agentTokenUsageSpikeCases(config),
  };
}

/** GenAI spend, projected to a day, above the daily budget. */
export function agentCostBurnRateHigh(config: AlertsConfig): AgentAlert {
  const t = config.thresholds;
  const slow = config.windows.slow;
  return {
    name: 'AgentCostBurnRateHigh',
    expr: `${sum(rate(agent.cost, slow, { matchers: withScope(config, agent.cost) }), { by: ['job'] })} * 86400 > ${t.costBudgetUsdPerDay}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'GenAI spend runs above the daily budget.',
    description: `GenAI spend runs at {{ $value | humanize }} USD per day over the last ${slow}, above the daily budget of ${t.costBudgetUsdPerDay} USD.`,
    runbook: agentCostBurnRateHighRunbook(config),
    tests: agentCostBurnRateHighCases(config),
  };
}

/** Average decision confidence of one agent below its minimum. */
export function agentDecisionConfidenceLow(config: AlertsConfig): AgentAlert {
  const t = config.thresholds;
  const slow = config.windows.slow;
  return {
    name: 'AgentDecisionConfidenceLow',
    expr: `${histogramAverage(agent.decisionConfidence, slow, {
      matchers: withScope(config, agent.decisionConfidence),
      by: ['job', 'gen_ai_agent_name'],
    })} < ${t.decisionConfidenceMin}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'An agent is unsure of its decisions.',
    description: `Agent {{ $labels.gen_ai_agent_name }} reports an average decision confidence of {{ $value | printf "%.2f" }} over the last ${slow} (minimum ${t.decisionConfidenceMin}).`,
    runbook: agentDecisionConfidenceLowRunbook(config),
    tests: agentDecisionConfidenceLowCases(config),
  };
}

/** Too many failed hand-offs between one pair of agents. */
export function agentHandoffFailures(config: AlertsConfig): AgentAlert {
  const t = config.thresholds;
  const slow = config.windows.slow;
  return {
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
    runbook: agentHandoffFailuresRunbook(config),
    tests: agentHandoffFailuresCases(config),
  };
}

/** A GenAI provider that fails almost every call (pages). */
export function providerOutage(config: AlertsConfig): AgentAlert {
  const t = config.thresholds;
  const w = config.windows.rate;
  return {
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
    runbook: providerOutageRunbook(config),
    tests: providerOutageCases(config),
  };
}

/** Little left of a provider's rate limit in its current window. */
export function rateLimitHeadroomLow(config: AlertsConfig): AgentAlert {
  const t = config.thresholds;
  return {
    name: 'RateLimitHeadroomLow',
    expr: `${rateLimitHeadroom(withScope(config, agent.rateLimitRemaining), withScope(config, agent.rateLimitQuota))} < ${t.rateLimitHeadroomRatio}`,
    for: config.for.short,
    severity: 'warning',
    summary: 'A GenAI provider rate limit is nearly used up.',
    description: `Only {{ $value | humanizePercentage }} of the {{ $labels.gen_ai_rate_limit_resource }} rate limit of {{ $labels.gen_ai_provider_name }} {{ $labels.gen_ai_request_model }} is left in its current window (threshold ${percent(t.rateLimitHeadroomRatio)}).`,
    runbook: rateLimitHeadroomLowRunbook(config),
    tests: rateLimitHeadroomLowCases(config),
  };
}

/** Tokens of a model with no price, which the cost leaves out. */
export function unpricedTokens(config: AlertsConfig): AgentAlert {
  const slow = config.windows.slow;
  return {
    name: 'UnpricedTokens',
    expr: `${sum(rate(self.unpricedTokens, slow, { matchers: withScope(config, self.unpricedTokens) }), {
      by: ['job', 'gen_ai_provider_name', 'gen_ai_request_model'],
    })} > 0`,
    for: config.for.medium,
    severity: 'info',
    summary: 'Tokens are used by a model missing from the price table.',
    description: `{{ $labels.gen_ai_provider_name }} {{ $labels.gen_ai_request_model }} used {{ $value | humanize }} tokens per second over the last ${slow} that have no price, so the cost leaves them out.`,
    runbook: unpricedTokensRunbook(config),
    tests: unpricedTokensCases(config),
  };
}

/** The alerts of the agents pack, in rendering order. */
const AGENT_ALERTS: ReadonlyArray<(config: AlertsConfig) => AgentAlert> = [
  agentHighErrorRate,
  agentLatencyHigh,
  agentTokenUsageSpike,
  agentCostBurnRateHigh,
  agentDecisionConfidenceLow,
  agentHandoffFailures,
  providerOutage,
  rateLimitHeadroomLow,
  unpricedTokens,
];

/** Alerts on agents: errors, latency, tokens, cost, decision confidence, hand-offs, provider outages. */
export function buildAgentAlerts(config: AlertsConfig): AlertDefinition[] {
  return AGENT_ALERTS.map((alert) => alert(config));
}
