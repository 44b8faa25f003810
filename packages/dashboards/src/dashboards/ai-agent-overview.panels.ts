import { METRICS } from '@obskit/catalog';
import { errorRatio, legend, mean, ne, quantile, re, sumGauge, sumRate } from '../internal/query.js';
import {
  barGaugePanel,
  heatmapPanel,
  statPanel,
  tablePanel,
  timeseriesPanel,
  type PanelBuilder,
} from '../internal/panels.js';
import { V } from '../internal/layout.js';
import { VALUES } from '../internal/values.js';
import { drillDownLink } from '../internal/links.js';

const { genai, agent, mcp, self } = METRICS;
const agentFilter = { gen_ai_agent_name: V.agent } as const;
const modelFilter = { gen_ai_provider_name: V.provider, gen_ai_request_model: V.model } as const;

/** Agent operations running now, per agent. */
export function activeAgentsPanel(): PanelBuilder {
  return barGaugePanel({
    title: 'Active operations by agent',
    description: `Agent operations in progress right now (${agent.active.name}), per agent.`,
    unit: 'short',
    links: [drillDownLink('aiAgentOverview', 'This agent only', ['agent'])],
    width: 8,
    queries: [
      {
        expr: sumGauge(agent.active, { by: ['gen_ai_agent_name'], where: agentFilter }),
        legend: legend('gen_ai_agent_name'),
        instant: true,
      },
    ],
  });
}

/** Share of agent operations that succeed, per agent. */
export function agentSuccessRatioPanel(): PanelBuilder {
  return barGaugePanel({
    title: 'Success ratio by agent',
    description:
      'Share of agent operations that ended with status "success" over the rate interval, per agent.',
    unit: 'percentunit',
    links: [drillDownLink('aiAgentOverview', 'This agent only', ['agent'])],
    min: 0,
    max: 1,
    width: 8,
    thresholds: [
      { value: null, color: 'red' },
      { value: 0.95, color: 'yellow' },
      { value: 0.99, color: 'green' },
    ],
    queries: [
      {
        expr: `${sumRate(agent.operations, { by: ['gen_ai_agent_name'], where: { ...agentFilter, status: VALUES.success } })} / ${sumRate(agent.operations, { by: ['gen_ai_agent_name'], where: agentFilter })}`,
        legend: legend('gen_ai_agent_name'),
        instant: true,
      },
    ],
  });
}

/** Operations per second, all agents. */
export function operationsStatPanel(): PanelBuilder {
  return statPanel({
    title: 'Operations per second',
    description: 'Agent operations completed per second, all agents and statuses.',
    unit: 'ops',
    width: 8,
    height: 8,
    queries: [{ expr: sumRate(agent.operations, { where: agentFilter }), instant: false }],
  });
}

/** Operations per second by status. */
export function operationsRatePanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Operations by status',
    description: 'Agent operations completed per second, by outcome status.',
    unit: 'ops',
    width: 12,
    queries: [
      { expr: sumRate(agent.operations, { by: ['status'], where: agentFilter }), legend: legend('status') },
    ],
  });
}

/** p50/p95/p99 of agent invocation duration. */
export function invocationDurationPanel(): PanelBuilder {
  const where = {
    gen_ai_agent_name: V.agent,
    gen_ai_provider_name: V.provider,
    gen_ai_request_model: V.model,
  };
  return timeseriesPanel({
    title: 'Agent invocation duration',
    description: `p50, p95 and p99 of agent invocation duration (${genai.invokeAgentDuration.name}); exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [0.5, 0.95, 0.99].map((q) => ({
      expr: quantile(q, genai.invokeAgentDuration, { where }),
      legend: `p${Math.round(q * 100)}`,
      exemplar: true,
    })),
  });
}

/** GenAI client operation duration p95 by provider and model. */
export function operationDurationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Model call duration p95',
    description: `p95 of GenAI client operation duration (${genai.clientOperationDuration.name}) by provider and model; exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [
      {
        expr: quantile(0.95, genai.clientOperationDuration, {
          by: ['gen_ai_provider_name', 'gen_ai_request_model'],
          where: modelFilter,
        }),
        legend: legend('gen_ai_provider_name', 'gen_ai_request_model'),
        exemplar: true,
      },
    ],
  });
}

/** Heatmap of GenAI client operation duration. */
export function operationDurationHeatmapPanel(): PanelBuilder {
  return heatmapPanel({
    title: 'Model call duration distribution',
    description: `Distribution of GenAI client operation duration (${genai.clientOperationDuration.name}) per bucket; exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [
      {
        expr: sumRate(genai.clientOperationDuration, { by: ['le'], where: modelFilter, series: '_bucket' }),
        legend: '{{le}}',
        format: 'heatmap',
        exemplar: true,
      },
    ],
  });
}

/** Tokens per second in and out, by provider and model. */
export function tokenUsagePanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Token usage by provider and model',
    description: `Tokens per second (${genai.clientTokenUsage.name} sum) by provider, model and direction (input/output).`,
    unit: 'short',
    width: 12,
    queries: [
      {
        expr: sumRate(genai.clientTokenUsage, {
          series: '_sum',
          by: ['gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'],
          where: modelFilter,
        }),
        legend: legend('gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'),
      },
    ],
  });
}

/** USD per hour by provider and model. */
export function costPerHourPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Cost per hour',
    description: `Spend rate in USD per hour (${agent.cost.name}) by provider and model, from the configured price table.`,
    unit: 'currencyUSD',
    width: 12,
    queries: [
      {
        expr: `${sumRate(agent.cost, { by: ['gen_ai_provider_name', 'gen_ai_request_model'], where: { ...modelFilter, ...agentFilter } })} * 3600`,
        legend: legend('gen_ai_provider_name', 'gen_ai_request_model'),
      },
    ],
  });
}

/** USD per completed operation by agent. */
export function costPerOperationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Cost per operation',
    description: `Average USD spent per completed agent operation (${agent.cost.name} / ${agent.operations.name}), per agent.`,
    unit: 'currencyUSD',
    links: [drillDownLink('aiAgentOverview', 'This agent only', ['agent'])],
    width: 12,
    queries: [
      {
        expr: `${sumRate(agent.cost, { by: ['gen_ai_agent_name'], where: agentFilter })} / ${sumRate(agent.operations, { by: ['gen_ai_agent_name'], where: agentFilter })}`,
        legend: legend('gen_ai_agent_name'),
      },
    ],
  });
}

/** Time to first chunk of streaming calls. */
export function timeToFirstChunkPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Time to first chunk',
    description: `p50 and p95 of the time from a streaming request to its first chunk (${genai.clientTimeToFirstChunk.name}), by provider; exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [0.5, 0.95].map((q) => ({
      expr: quantile(q, genai.clientTimeToFirstChunk, { by: ['gen_ai_provider_name'], where: modelFilter }),
      legend: `p${Math.round(q * 100)} ${legend('gen_ai_provider_name')}`,
      exemplar: true,
    })),
  });
}

/** p95 time between consecutive chunks of streaming calls. */
export function timePerOutputChunkPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Time per output chunk p95',
    description: `p95 of the time between consecutive chunks of a streaming response (${genai.clientTimePerOutputChunk.name}), by provider and model; exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [
      {
        expr: quantile(0.95, genai.clientTimePerOutputChunk, {
          by: ['gen_ai_provider_name', 'gen_ai_request_model'],
          where: modelFilter,
        }),
        legend: legend('gen_ai_provider_name', 'gen_ai_request_model'),
        exemplar: true,
      },
    ],
  });
}

const tokensByModel = (tokenType: string): string =>
  sumRate(genai.clientTokenUsage, {
    series: '_sum',
    by: ['gen_ai_provider_name', 'gen_ai_request_model'],
    where: { ...modelFilter, gen_ai_token_type: tokenType },
  });
const costByModel = (tokenType: string): string =>
  sumRate(agent.cost, {
    by: ['gen_ai_provider_name', 'gen_ai_request_model'],
    where: { ...modelFilter, ...agentFilter, gen_ai_token_type: tokenType },
  });

/** Share of input tokens read from the prompt cache, by provider and model. */
export function cacheHitRatioPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Prompt cache hit ratio',
    description: `Share of input tokens read from the provider's prompt cache (${genai.clientTokenUsage.name} sum, token type "cache_read" / "input"; input counts all input tokens, cached ones included), by provider and model.`,
    unit: 'percentunit',
    width: 12,
    min: 0,
    max: 1,
    queries: [
      {
        expr: `${tokensByModel(VALUES.tokenCacheRead)} / ${tokensByModel(VALUES.tokenInput)}`,
        legend: legend('gen_ai_provider_name', 'gen_ai_request_model'),
      },
    ],
  });
}

/**
 * USD per hour the prompt cache saved: cache-read tokens priced as plain input, less what they cost.
 * The plain input price per token is read from the cost counter itself (input cost / uncached input
 * tokens), so the panel follows whatever price table the application configured.
 */
export function cacheSavingsPanel(): PanelBuilder {
  const uncached = `(${tokensByModel(VALUES.tokenInput)} - ${sumRate(genai.clientTokenUsage, {
    series: '_sum',
    by: ['gen_ai_provider_name', 'gen_ai_request_model'],
    where: { ...modelFilter, gen_ai_token_type: re(`${VALUES.tokenCacheRead}|${VALUES.tokenCacheCreation}`) },
  })})`;
  return timeseriesPanel({
    title: 'Saved by the prompt cache',
    description: `USD per hour the prompt cache saved, by provider and model: cache-read tokens × the plain input price, less their cost at the cache-read price. The input price per token is derived from the cost counter (${agent.cost.name}, token type "input") over the uncached input tokens (${genai.clientTokenUsage.name}: input − cache_read − cache_creation).`,
    unit: 'currencyUSD',
    width: 12,
    queries: [
      {
        expr: `(${costByModel(VALUES.tokenInput)} / ${uncached} * ${tokensByModel(VALUES.tokenCacheRead)} - (${costByModel(VALUES.tokenCacheRead)} or ${tokensByModel(VALUES.tokenCacheRead)} * 0)) * 3600`,
        legend: legend('gen_ai_provider_name', 'gen_ai_request_model'),
      },
    ],
  });
}

/** Rate-limit headroom: remaining / limit of the provider's current window, per resource. */
export function rateLimitHeadroomPanel(): PanelBuilder {
  const by = ['gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_rate_limit_resource'] as const;
  return timeseriesPanel({
    title: 'Rate-limit headroom',
    description: `Share of the provider's rate-limit window left (${agent.rateLimitRemaining.name} / ${agent.rateLimitQuota.name}, from the last response headers), by provider, model and resource (requests, tokens). The headroom alert fires below 10 %.`,
    unit: 'percentunit',
    width: 24,
    min: 0,
    max: 1,
    thresholds: [
      { value: null, color: 'red' },
      { value: 0.1, color: 'yellow' },
      { value: 0.25, color: 'green' },
    ],
    queries: [
      {
        expr: `${sumGauge(agent.rateLimitRemaining, { by, where: modelFilter })} / ${sumGauge(agent.rateLimitQuota, { by, where: modelFilter })}`,
        legend: legend(...by),
      },
    ],
  });
}

/** Tokens per second used by models without a price. */
export function unpricedTokensPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Unpriced tokens',
    description: `Tokens per second used by models or token types missing from the price table (${self.unpricedTokens.name}), left out of the cost; add their price to the configuration.`,
    unit: 'short',
    width: 12,
    queries: [
      {
        expr: sumRate(self.unpricedTokens, {
          by: ['gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'],
          where: modelFilter,
        }),
        legend: legend('gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'),
      },
    ],
  });
}

const mcpToolCall = { mcp_method_name: VALUES.mcpToolsCall } as const;

/** p95 of MCP tool calls by tool, client and server side. */
export function mcpToolLatencyPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'MCP tool call duration p95',
    description: `p95 of MCP tools/call duration by tool, as the client sees it (${mcp.clientOperationDuration.name}) and as the server measures it (${mcp.serverOperationDuration.name}); exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [
      {
        expr: quantile(0.95, mcp.clientOperationDuration, { by: ['gen_ai_tool_name'], where: mcpToolCall }),
        legend: `client ${legend('gen_ai_tool_name')}`,
        exemplar: true,
      },
      {
        expr: quantile(0.95, mcp.serverOperationDuration, { by: ['gen_ai_tool_name'], where: mcpToolCall }),
        legend: `server ${legend('gen_ai_tool_name')}`,
        exemplar: true,
      },
    ],
  });
}

/** MCP operations per second that failed, by error type. */
export function mcpErrorsPanel(): PanelBuilder {
  const by = ['mcp_method_name', 'error_type'] as const;
  return timeseriesPanel({
    title: 'MCP errors by type',
    description: `Failed MCP operations per second (error_type set), by method and error type, client side (${mcp.clientOperationDuration.name}) and server side (${mcp.serverOperationDuration.name}).`,
    unit: 'ops',
    width: 12,
    queries: [
      {
        expr: sumRate(mcp.clientOperationDuration, { by, where: { error_type: ne('') } }),
        legend: `client ${legend(...by)}`,
      },
      {
        expr: sumRate(mcp.serverOperationDuration, { by, where: { error_type: ne('') } }),
        legend: `server ${legend(...by)}`,
      },
    ],
  });
}

/** Tool calls per second and their p95 duration. */
export function toolCallsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Tool calls',
    description: `Tool executions per second by tool (${genai.executeToolDuration.name} count).`,
    unit: 'ops',
    width: 12,
    queries: [
      {
        expr: sumRate(genai.executeToolDuration, { by: ['gen_ai_tool_name'], where: agentFilter }),
        legend: legend('gen_ai_tool_name'),
      },
    ],
  });
}

/** p95 duration of tool calls by tool. */
export function toolDurationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Tool call duration p95',
    description: `p95 of tool execution duration (${genai.executeToolDuration.name}) by tool; exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [
      {
        expr: quantile(0.95, genai.executeToolDuration, { by: ['gen_ai_tool_name'], where: agentFilter }),
        legend: legend('gen_ai_tool_name'),
        exemplar: true,
      },
    ],
  });
}

/** Hand-offs per second between agents. */
export function handoffsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Hand-offs',
    description: `Hand-offs of work between agents per second (${agent.handoffs.name}), by sender, receiver and outcome.`,
    unit: 'ops',
    width: 12,
    queries: [
      {
        expr: sumRate(agent.handoffs, { by: ['from_agent', 'to_agent', 'outcome'] }),
        legend: `${legend('from_agent')} → ${legend('to_agent')} ${legend('outcome')}`,
      },
    ],
  });
}

/** p95 hand-off latency. */
export function handoffDurationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Hand-off latency p95',
    description: `p95 of the time from hand-over to pick-up between agents (${agent.handoffDuration.name}); exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [
      {
        expr: quantile(0.95, agent.handoffDuration, { by: ['from_agent', 'to_agent'] }),
        legend: `${legend('from_agent')} → ${legend('to_agent')}`,
        exemplar: true,
      },
    ],
  });
}

/** Distribution of decision confidence. */
export function decisionConfidenceHeatmapPanel(): PanelBuilder {
  return heatmapPanel({
    title: 'Decision confidence distribution',
    description: `Distribution of the confidence scores (0 to 1) agents report for their decisions (${agent.decisionConfidence.name}).`,
    unit: 'percentunit',
    width: 12,
    queries: [
      {
        expr: sumRate(agent.decisionConfidence, { by: ['le'], where: agentFilter, series: '_bucket' }),
        legend: '{{le}}',
        format: 'heatmap',
      },
    ],
  });
}

/** Mean decision confidence per agent. */
export function decisionConfidencePanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Mean decision confidence',
    description: `Mean confidence score (0 to 1) of agent decisions (${agent.decisionConfidence.name}), per agent.`,
    unit: 'percentunit',
    width: 12,
    min: 0,
    max: 1,
    queries: [
      {
        expr: mean(agent.decisionConfidence, { by: ['gen_ai_agent_name'], where: agentFilter }),
        legend: legend('gen_ai_agent_name'),
      },
    ],
  });
}

/** Agent errors per second by class. */
export function agentErrorsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Agent errors by type',
    description: `Errors raised by agents per second (${agent.errors.name}), by agent and error class.`,
    unit: 'ops',
    width: 12,
    queries: [
      {
        expr: sumRate(agent.errors, { by: ['gen_ai_agent_name', 'error_type'], where: agentFilter }),
        legend: legend('gen_ai_agent_name', 'error_type'),
      },
    ],
  });
}

/** Time to recover after an error. */
export function recoveryDurationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Recovery time',
    description: `p50 and p95 of the time from an agent error to its next successful operation (${agent.recoveryDuration.name}).`,
    unit: 's',
    width: 12,
    queries: [0.5, 0.95].map((q) => ({
      expr: quantile(q, agent.recoveryDuration, { by: ['gen_ai_agent_name'], where: agentFilter }),
      legend: `p${Math.round(q * 100)} ${legend('gen_ai_agent_name')}`,
      exemplar: true,
    })),
  });
}

/** Providers side by side: latency, cost and error ratio. */
export function providerComparisonPanel(): PanelBuilder {
  const by = ['gen_ai_provider_name'] as const;
  return tablePanel(
    {
      title: 'Provider comparison',
      description:
        'Per provider over the rate interval: p95 model call latency (s), spend (USD per hour) and share of model calls that failed (error_type set).',
      unit: 'short',
      width: 24,
      queries: [
        {
          expr: quantile(0.95, genai.clientOperationDuration, { by, where: modelFilter }),
          instant: true,
          format: 'table',
        },
        { expr: `${sumRate(agent.cost, { by, where: modelFilter })} * 3600`, instant: true, format: 'table' },
        {
          expr: errorRatio(genai.clientOperationDuration, {
            by,
            where: modelFilter,
            errors: { error_type: ne('') },
          }),
          instant: true,
          format: 'table',
        },
      ],
    },
    { A: 'p95 latency (s)', B: 'Cost (USD/h)', C: 'Error ratio' },
  );
}

/** Model call error ratio by provider. */
export function providerErrorRatioPanel(): PanelBuilder {
  const by = ['gen_ai_provider_name'] as const;
  return timeseriesPanel({
    title: 'Model call error ratio by provider',
    description: `Share of GenAI client operations that failed (${genai.clientOperationDuration.name} with error_type set), by provider.`,
    unit: 'percentunit',
    links: [drillDownLink('aiAgentOverview', 'This provider only', ['provider'])],
    width: 24,
    queries: [
      {
        expr: errorRatio(genai.clientOperationDuration, {
          by,
          where: modelFilter,
          errors: { error_type: ne('') },
        }),
        legend: legend('gen_ai_provider_name'),
      },
    ],
  });
}
