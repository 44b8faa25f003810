import type { DashboardsConfig } from '../config.js';
import { gaugePanel, statPanel, timeseriesPanel, type PanelBuilder } from '../internal/panels.js';
import type { SloView } from '../internal/slos.js';

const budgetThresholds = [
  { value: null, color: 'red' },
  { value: 0.25, color: 'yellow' },
  { value: 0.5, color: 'green' },
] as const;

/** The objective, read from the SLO's objective recording rule. */
export function objectivePanel(slo: SloView): PanelBuilder {
  return statPanel({
    title: `${slo.title}: objective`,
    description: `The objective over ${slo.period} (recording rule ${slo.objectiveRule.record}). ${slo.description}`,
    unit: 'percentunit',
    width: 4,
    height: 6,
    queries: [{ expr: slo.sel(slo.objectiveRule), instant: true }],
  });
}

/** The SLI over the SLO period, from the recorded error ratio of the period. */
export function sliPanel(slo: SloView): PanelBuilder {
  const rule = slo.errorRatioRule(slo.period);
  return statPanel({
    title: `${slo.title}: SLI over ${slo.period}`,
    description: `Share of good events over the last ${slo.period} (1 - recording rule ${rule.record}), against the objective ${slo.objective}.`,
    unit: 'percentunit',
    width: 5,
    height: 6,
    thresholds: [
      { value: null, color: 'red' },
      { value: slo.objective, color: 'green' },
    ],
    queries: [{ expr: `1 - ${slo.sel(rule)}`, instant: true }],
  });
}

/** Error budget left over the SLO period, from the budget recording rule. */
export function errorBudgetPanel(slo: SloView): PanelBuilder {
  return gaugePanel({
    title: `${slo.title}: error budget left`,
    description: `Share of the ${slo.period} error budget (1 - objective = ${slo.errorBudget}) not yet spent (recording rule ${slo.budgetRule.record}); below 0 the objective is missed.`,
    unit: 'percentunit',
    width: 5,
    height: 6,
    min: 0,
    max: 1,
    thresholds: budgetThresholds,
    queries: [{ expr: slo.sel(slo.budgetRule), instant: true }],
  });
}

/** Burn rate over the long window of each alert tier, from the recorded error ratios. */
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
    // The recorded ratios change once per rule evaluation: a step below 1m only adds load.
    minInterval: '1m',
    queries: config.burnRateTiers.map((tier) => ({
      expr: `${slo.sel(slo.errorRatioRule(tier.longWindow))} / ${slo.errorBudget}`,
      legend: `${tier.name} ${tier.longWindow} (alert ≥ ${tier.burnRate}×)`,
    })),
  });
}

/** The SLI over the shortest burn-rate window and over the period, against the objective. */
export function sliVsObjectivePanel(slo: SloView, config: DashboardsConfig): PanelBuilder {
  const short = config.burnRateTiers[0]?.longWindow ?? slo.period;
  return timeseriesPanel({
    title: `${slo.title}: SLI vs objective`,
    description: `Share of good events over the last ${short} and over the last ${slo.period} (recorded error ratios), with the objective ${slo.objective}: below the line, the budget burns.`,
    unit: 'percentunit',
    width: 24,
    height: 6,
    minInterval: '1m',
    queries: [
      { expr: `1 - ${slo.sel(slo.errorRatioRule(short))}`, legend: `SLI over ${short}` },
      { expr: `1 - ${slo.sel(slo.errorRatioRule(slo.period))}`, legend: `SLI over ${slo.period}` },
      { expr: slo.sel(slo.objectiveRule), legend: 'objective' },
    ],
  });
}
