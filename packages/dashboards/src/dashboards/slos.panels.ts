import type { DashboardsConfig } from '../config.js';
import { gaugePanel, statPanel, timeseriesPanel, type PanelBuilder } from '../internal/panels.js';
import type { SloView } from '../internal/slos.js';

/** The objective, as a constant. */
export function objectivePanel(slo: SloView): PanelBuilder {
  return statPanel({
    title: `${slo.title}: objective`,
    description: `The objective: ${slo.description}`,
    unit: 'percentunit',
    width: 4,
    height: 6,
    queries: [{ expr: `vector(${slo.objective})`, instant: true }],
  });
}

/** The SLI over the dashboard's time range. */
export function sliPanel(slo: SloView): PanelBuilder {
  return statPanel({
    title: `${slo.title}: SLI in range`,
    description: `Measured over the dashboard's time range. ${slo.description}`,
    unit: 'percentunit',
    width: 5,
    height: 6,
    thresholds: [
      { value: null, color: 'red' },
      { value: slo.objective, color: 'green' },
    ],
    queries: [{ expr: `1 - (${slo.errorRatio('$__range', 'increase')})` }],
  });
}

/** Error budget left over the SLO period. */
export function errorBudgetPanel(slo: SloView, config: DashboardsConfig): PanelBuilder {
  return gaugePanel({
    title: `${slo.title}: error budget left`,
    description: `Share of the ${config.sloPeriod} error budget (1 - objective = ${slo.errorBudget}) not yet spent; below 0 the objective is missed.`,
    unit: 'percentunit',
    width: 5,
    height: 6,
    min: 0,
    max: 1,
    thresholds: [
      { value: null, color: 'red' },
      { value: 0.25, color: 'yellow' },
      { value: 0.5, color: 'green' },
    ],
    queries: [{ expr: `1 - (${slo.errorRatio(config.sloPeriod)}) / ${slo.errorBudget}`, instant: true }],
  });
}

/** Burn rate over the long window of each tier. */
export function burnRatePanel(slo: SloView, config: DashboardsConfig): PanelBuilder {
  return timeseriesPanel({
    title: `${slo.title}: burn rate`,
    description:
      'How fast the error budget burns (1 = exactly on budget over the SLO period), over the long window of each alert tier; ' +
      config.burnRateTiers
        .map((t) => `${t.name} alerts above ${t.burnRate}× over ${t.longWindow} and ${t.shortWindow}`)
        .join('; ') +
      '.',
    unit: 'short',
    width: 10,
    height: 6,
    // Windows of an hour and more: a step below 5m only adds load.
    minInterval: '5m',
    queries: config.burnRateTiers.map((tier) => ({
      expr: `(${slo.errorRatio(tier.longWindow)}) / ${slo.errorBudget}`,
      legend: `${tier.name} ${tier.longWindow} (alert ≥ ${tier.burnRate}×)`,
    })),
  });
}
