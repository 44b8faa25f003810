import { METRICS } from '@obskit/catalog';
import { statPanel, timeseriesPanel, type PanelBuilder } from '../internal/panels.js';
import { sumIncrease, sumRate } from '../internal/query.js';
import type { SloView } from '../internal/slos.js';
import { exactNumber } from '@obskit/promql';
import { drillDownLink } from '../internal/links.js';

const { agent } = METRICS;

/** Availability of the headline SLO over its period, from the recorded error ratio. */
export function availabilityPanel(slo: SloView): PanelBuilder {
  return statPanel({
    title: 'Availability',
    description: `${slo.description} Over the last ${slo.period} (recording rule ${slo.errorRatioRule(slo.period).record}); the objective is ${exactNumber(slo.objective * 100)}%.`,
    unit: 'percentunit',
    links: [drillDownLink('slos', 'SLOs: burn rates and error budgets')],
    height: 5,
    thresholds: [
      { value: null, color: 'red' },
      { value: slo.objective, color: 'green' },
    ],
    queries: [{ expr: `1 - ${slo.sel(slo.errorRatioRule(slo.period))}`, instant: true }],
  });
}

/** Spend over the range. */
export function spendPanel(): PanelBuilder {
  return statPanel({
    title: 'Spend',
    description: `Money spent on AI models over the selected time range, in USD (${agent.cost.name}).`,
    unit: 'currencyUSD',
    links: [drillDownLink('aiAgentOverview', 'AI Agent Overview: cost by provider and model')],
    height: 5,
    queries: [{ expr: sumIncrease(agent.cost) }],
  });
}

/** Operations over the range. */
export function volumePanel(): PanelBuilder {
  return statPanel({
    title: 'Agent operations',
    description: `Agent operations completed over the selected time range (${agent.operations.name}).`,
    unit: 'short',
    links: [drillDownLink('aiAgentOverview', 'AI Agent Overview: operations by agent')],
    height: 5,
    queries: [{ expr: sumIncrease(agent.operations) }],
  });
}

/** Error budget left of the headline SLO. */
export function budgetPanel(slo: SloView): PanelBuilder {
  return statPanel({
    title: 'Error budget left',
    description: `Share of the ${slo.period} error budget of "${slo.title}" not yet spent (recording rule ${slo.budgetRule.record}); below 0 the objective is missed.`,
    unit: 'percentunit',
    links: [drillDownLink('slos', 'SLOs: burn rates and error budgets')],
    height: 5,
    thresholds: [
      { value: null, color: 'red' },
      { value: 0.25, color: 'yellow' },
      { value: 0.5, color: 'green' },
    ],
    queries: [{ expr: slo.sel(slo.budgetRule), instant: true }],
  });
}

/** Spend per hour over time. */
export function spendTrendPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Spend per hour',
    description: `Money spent on AI models per hour, in USD (${agent.cost.name}).`,
    unit: 'currencyUSD',
    links: [drillDownLink('aiAgentOverview', 'AI Agent Overview: cost by provider and model')],
    width: 12,
    queries: [{ expr: `${sumRate(agent.cost)} * 3600`, legend: 'USD per hour' }],
  });
}

/** Operations per minute over time. */
export function volumeTrendPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Agent operations per minute',
    description: `Agent operations completed per minute (${agent.operations.name}).`,
    unit: 'short',
    links: [drillDownLink('aiAgentOverview', 'AI Agent Overview: operations by agent')],
    width: 12,
    queries: [{ expr: `${sumRate(agent.operations)} * 60`, legend: 'operations per minute' }],
  });
}
