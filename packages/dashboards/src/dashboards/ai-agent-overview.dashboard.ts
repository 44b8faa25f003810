import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardsConfig } from '../config.js';
import { assembleDashboard, LABEL_VARIABLES } from '../internal/layout.js';
import * as panels from './ai-agent-overview.panels.js';
import { alertsRow } from './alerts.panels.js';
import * as rules from './rules.panels.js';

/**
 * AI Agent Overview: agent status, throughput, latency, tokens, cost, streaming, tools, hand-offs,
 * decision confidence, errors and recovery, and providers side by side.
 */
export function buildAiAgentOverviewDashboard(config: DashboardsConfig): dashboard.Dashboard {
  return assembleDashboard(
    {
      key: 'aiAgentOverview',
      title: 'AI Agent Overview',
      description:
        'Agents and the models they call: status, throughput, latency, tokens, cost, tools and errors.',
      tags: ['ai-agents', 'gen-ai'],
      variables: [LABEL_VARIABLES.agent, LABEL_VARIABLES.provider, LABEL_VARIABLES.model],
      rows: [
        ...[alertsRow('aiAgentOverview', config) ?? []].flat(),
        {
          title: 'Agent status',
          panels: [panels.activeAgentsPanel(), panels.agentSuccessRatioPanel(), panels.operationsStatPanel()],
        },
        {
          title: 'Throughput and latency',
          panels: [
            panels.operationsRatePanel(),
            panels.invocationDurationPanel(),
            panels.operationDurationPanel(),
            // The z-score beside the p95 it judges.
            rules.latencyZScorePanel(config),
            panels.operationDurationHeatmapPanel(),
          ],
        },
        {
          title: 'Tokens and cost',
          panels: [
            panels.tokenUsagePanel(),
            rules.tokenUsageZScorePanel(config),
            panels.costPerHourPanel(),
            rules.costZScorePanel(config),
            rules.spendVsBudgetPanel(config),
            panels.costPerOperationPanel(),
            panels.unpricedTokensPanel(),
          ],
        },
        {
          title: 'Streaming, prompt cache and rate limits',
          panels: [
            panels.timeToFirstChunkPanel(),
            panels.timePerOutputChunkPanel(),
            panels.cacheHitRatioPanel(),
            panels.cacheSavingsPanel(),
            panels.rateLimitHeadroomPanel(),
          ],
        },
        {
          title: 'MCP',
          panels: [panels.mcpToolLatencyPanel(), panels.mcpErrorsPanel()],
        },
        {
          title: 'Tools and hand-offs',
          panels: [
            panels.toolCallsPanel(),
            panels.toolDurationPanel(),
            panels.handoffsPanel(),
            panels.handoffDurationPanel(),
          ],
        },
        {
          title: 'Decisions, errors and recovery',
          panels: [
            panels.decisionConfidenceHeatmapPanel(),
            panels.decisionConfidencePanel(),
            panels.agentErrorsPanel(),
            panels.recoveryDurationPanel(),
          ],
        },
        {
          title: 'Provider comparison',
          panels: [panels.providerComparisonPanel(), panels.providerErrorRatioPanel()],
        },
      ],
    },
    config,
  );
}
