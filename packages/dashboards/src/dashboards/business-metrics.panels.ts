import { METRICS } from '@obskit/catalog';
import type { DashboardsConfig } from '../config.js';
import { V } from '../internal/layout.js';
import { barGaugePanel, statPanel, timeseriesPanel, type PanelBuilder } from '../internal/panels.js';
import { errorRatio, legend, quantile, sumGauge, sumIncrease, sumRate } from '../internal/query.js';
import { VALUES } from '../internal/values.js';
import { drillDownLink } from '../internal/links.js';

const { business, agent, genai } = METRICS;
const featureFilter = { feature: V.feature } as const;

/** Sessions open now. */
export function activeSessionsPanel(): PanelBuilder {
  return statPanel({
    title: 'Active sessions',
    description: `User sessions open right now (${business.sessionsActive.name}).`,
    unit: 'short',
    queries: [{ expr: sumGauge(business.sessionsActive), instant: false }],
  });
}

/** Sessions started over the range. */
export function sessionsStartedPanel(): PanelBuilder {
  return statPanel({
    title: 'Sessions started',
    description: `User sessions started over the time range (${business.sessionsStarted.name}).`,
    unit: 'short',
    queries: [{ expr: sumIncrease(business.sessionsStarted) }],
  });
}

/** Cost per operation over the range. */
export function costPerOperationStatPanel(): PanelBuilder {
  return statPanel({
    title: 'Cost per operation',
    description: `USD spent per completed agent operation over the time range (${agent.cost.name} / ${agent.operations.name}).`,
    unit: 'currencyUSD',
    queries: [{ expr: `${sumIncrease(agent.cost)} / ${sumIncrease(agent.operations)}` }],
  });
}

/** Successful operations per dollar. */
export function operationsPerDollarPanel(): PanelBuilder {
  return statPanel({
    title: 'Successful operations per USD',
    description: `Agent operations that succeeded per USD spent over the time range (${agent.operations.name} / ${agent.cost.name}).`,
    unit: 'short',
    queries: [
      {
        expr: `${sumIncrease(agent.operations, { where: { status: VALUES.success } })} / ${sumIncrease(agent.cost)}`,
      },
    ],
  });
}

/** Sessions over time. */
export function sessionsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Sessions',
    description: `Sessions open (${business.sessionsActive.name}) and sessions started per minute (${business.sessionsStarted.name}).`,
    unit: 'short',
    width: 12,
    queries: [
      { expr: sumGauge(business.sessionsActive), legend: 'open' },
      { expr: `${sumRate(business.sessionsStarted)} * 60`, legend: 'started per minute' },
    ],
  });
}

/** Session length. */
export function sessionDurationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Session length',
    description: `p50 and p95 length of ended user sessions (${business.sessionDuration.name}).`,
    unit: 's',
    width: 12,
    queries: [0.5, 0.95].map((q) => ({
      expr: quantile(q, business.sessionDuration),
      legend: `p${Math.round(q * 100)}`,
      exemplar: true,
    })),
  });
}

/** Feature usage rate. */
export function featureUsagePanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Feature usage',
    description: `Uses of each product feature per minute (${business.featureUsage.name}).`,
    unit: 'short',
    width: 12,
    queries: [
      {
        expr: `${sumRate(business.featureUsage, { by: ['feature'], where: featureFilter })} * 60`,
        legend: legend('feature'),
      },
    ],
  });
}

/** Top features over the range. */
export function topFeaturesPanel(): PanelBuilder {
  return barGaugePanel({
    title: 'Top features in range',
    description: `Uses of each product feature over the time range (${business.featureUsage.name}), the ten most used.`,
    unit: 'short',
    width: 12,
    queries: [
      {
        expr: `topk(10, ${sumIncrease(business.featureUsage, { by: ['feature'], where: featureFilter })})`,
        legend: legend('feature'),
        instant: true,
      },
    ],
  });
}

/** Cost per operation over time. */
export function costPerOperationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Cost per operation by agent',
    description: `USD spent per completed agent operation (${agent.cost.name} / ${agent.operations.name}), per agent.`,
    unit: 'currencyUSD',
    links: [drillDownLink('aiAgentOverview', 'AI Agent Overview of this agent', ['agent'])],
    width: 12,
    queries: [
      {
        expr: `${sumRate(agent.cost, { by: ['gen_ai_agent_name'] })} / ${sumRate(agent.operations, { by: ['gen_ai_agent_name'] })}`,
        legend: legend('gen_ai_agent_name'),
      },
    ],
  });
}

/** Token efficiency. */
export function tokensPerOperationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Tokens per model call',
    description: `Mean tokens per GenAI client operation (${genai.clientTokenUsage.name}), by direction; lower is more efficient.`,
    unit: 'short',
    width: 12,
    queries: [
      {
        expr: `${sumRate(genai.clientTokenUsage, { by: ['gen_ai_token_type'], series: '_sum' })} / ${sumRate(genai.clientTokenUsage, { by: ['gen_ai_token_type'], series: '_count' })}`,
        legend: legend('gen_ai_token_type'),
      },
    ],
  });
}

/** Business operations now vs a week before. */
export function periodOverPeriodPanel(config: DashboardsConfig): PanelBuilder {
  const offset = config.comparisonOffset;
  return timeseriesPanel({
    title: `Business operations vs ${offset} before`,
    description: `Business operations per minute (${business.operations.name}) now and at the same time ${offset} earlier.`,
    unit: 'short',
    width: 12,
    queries: [
      { expr: `${sumRate(business.operations)} * 60`, legend: 'now' },
      { expr: `${sumRate(business.operations, { offset })} * 60`, legend: `${offset} before` },
    ],
  });
}

/** Spend now vs a week before. */
export function spendOverPeriodPanel(config: DashboardsConfig): PanelBuilder {
  const offset = config.comparisonOffset;
  return timeseriesPanel({
    title: `Spend vs ${offset} before`,
    description: `Spend in USD per hour (${agent.cost.name}) now and at the same time ${offset} earlier.`,
    unit: 'currencyUSD',
    width: 12,
    queries: [
      { expr: `${sumRate(agent.cost)} * 3600`, legend: 'now' },
      { expr: `${sumRate(agent.cost, { offset })} * 3600`, legend: `${offset} before` },
    ],
  });
}

/** Experiment conversion by variant. */
export function experimentConversionPanel(): PanelBuilder {
  const by = ['experiment', 'variant'] as const;
  return timeseriesPanel({
    title: 'Experiment conversion by variant',
    description: `Conversions per exposure (${business.experimentConversions.name} / ${business.experimentExposures.name}), by experiment and variant.`,
    unit: 'percentunit',
    width: 24,
    queries: [
      {
        expr: `${sumRate(business.experimentConversions, { by })} / ${sumRate(business.experimentExposures, { by })}`,
        legend: legend('experiment', 'variant'),
      },
    ],
  });
}

/** Business operations by outcome. */
export function businessOperationsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Business operations by outcome',
    description: `Business operations per minute (${business.operations.name}), by operation and outcome.`,
    unit: 'short',
    width: 12,
    queries: [
      {
        expr: `${sumRate(business.operations, { by: ['operation', 'outcome'] })} * 60`,
        legend: legend('operation', 'outcome'),
      },
    ],
  });
}

/** Success ratio of business operations. */
export function businessSuccessRatioPanel(): PanelBuilder {
  const by = ['operation'] as const;
  return timeseriesPanel({
    title: 'Business operation success ratio',
    description: `Share of business operations (${business.operations.name}) with outcome "success", by operation.`,
    unit: 'percentunit',
    width: 12,
    min: 0,
    max: 1,
    queries: [
      {
        expr: `1 - ${errorRatio(business.operations, { by, errors: { outcome: VALUES.outcomeFailure } })}`,
        legend: legend('operation'),
      },
    ],
  });
}
