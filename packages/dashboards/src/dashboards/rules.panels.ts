import * as common from '@grafana/grafana-foundation-sdk/common';
import type { RecordingDefinition } from '@obskit/alerts';
import { defaultAlertsConfig, HOST_THRESHOLDS } from '@obskit/alerts';
import { formatNumber } from '@obskit/promql';
import type { DashboardsConfig } from '../config.js';
import {
  alertFor,
  alertName,
  alertThreshold,
  budgetPerDay,
  shareOfBudget,
  spendPerDay,
} from '../internal/alerts.js';
import { V } from '../internal/layout.js';
import { drillDownLink } from '../internal/links.js';
import { barGaugePanel, timeseriesPanel, type PanelBuilder, type PanelSpec } from '../internal/panels.js';
import { legend } from '../internal/query.js';
import { RULES, ruleSel } from '../internal/rules.js';

/*
 * Panels of what the recording rules compute (anomaly z-scores, forecasts, spend against the budget),
 * each naming the rule's definition (`RULES.latencyZScore`), with the threshold of the alert that
 * judges it drawn as a line.
 */

const { windows } = defaultAlertsConfig;

/** A time series with its thresholds drawn as lines: where the alert's condition starts. */
function thresholdLinePanel(spec: PanelSpec): PanelBuilder {
  return timeseriesPanel(spec).thresholdsStyle(
    new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line),
  );
}

type ZScoreAlert = 'LatencyAnomaly' | 'TokenUsageAnomaly' | 'CostAnomaly';

function zScorePanel(
  title: string,
  what: string,
  rule: RecordingDefinition,
  alert: ZScoreAlert,
  config: DashboardsConfig,
): PanelBuilder {
  const z = alertThreshold(config, alert);
  return thresholdLinePanel({
    title,
    description: `How many standard deviations ${what} of each service (job) lies from its ${windows.anomalyBaseline} mean, sampled every ${windows.anomalyStep} (recording rule ${rule.record}; recorded once half a baseline of history exists). ${alertName(config, alert)} fires above ${formatNumber(z)} for ${alertFor(config, alert)}: the red line.`,
    unit: 'short',
    width: 12,
    // Recorded once per rule evaluation: a finer step only adds load.
    minInterval: '1m',
    thresholds: [{ value: z, color: 'red' }],
    queries: [{ expr: ruleSel(rule), legend: '{{job}}' }],
  });
}

/** z-score of the p95 model-call latency against its baseline (LatencyAnomaly). */
export function latencyZScorePanel(config: DashboardsConfig): PanelBuilder {
  return zScorePanel(
    'Model call p95 z-score',
    'the p95 model-call duration',
    RULES.latencyZScore,
    'LatencyAnomaly',
    config,
  );
}

/** z-score of the token rate against its baseline (TokenUsageAnomaly). */
export function tokenUsageZScorePanel(config: DashboardsConfig): PanelBuilder {
  return zScorePanel(
    'Token usage z-score',
    'the token rate',
    RULES.tokenUsageZScore,
    'TokenUsageAnomaly',
    config,
  );
}

/** z-score of the cost rate against its baseline (CostAnomaly). */
export function costZScorePanel(config: DashboardsConfig): PanelBuilder {
  return zScorePanel('Cost rate z-score', 'the GenAI cost rate', RULES.costZScore, 'CostAnomaly', config);
}

function budgetText(config: DashboardsConfig): string {
  const budget = config.costBudgetUsdPerDay;
  return typeof budget === 'number'
    ? `the daily budget of ${formatNumber(budget)} USD`
    : `each service's daily budget (${Object.entries(budget)
        .map(([job, usd]) => `${job} ${formatNumber(usd)} USD`)
        .join(', ')}; others ${formatNumber(defaultAlertsConfig.thresholds.costBudgetUsdPerDay)} USD)`;
}

/** Projected spend per day per service against its daily budget (AgentCostBurnRateHigh). */
export function spendVsBudgetPanel(config: DashboardsConfig): PanelBuilder {
  const budget = config.costBudgetUsdPerDay;
  const spend = spendPerDay();
  return thresholdLinePanel({
    title: 'Spend per day vs budget',
    links: [drillDownLink('aiAgentOverview', 'AI Agent Overview of this service', ['job'])],
    description: `GenAI spend per service (job) projected to a day at the current rate (recording rule ${RULES.costRate.record} × 86400), against ${budgetText(config)}. ${alertName(config, 'AgentCostBurnRateHigh')} fires when the rate over ${windows.slow} stays above it for ${alertFor(config, 'AgentCostBurnRateHigh')}.`,
    unit: 'currencyUSD',
    width: 12,
    minInterval: '1m',
    ...(typeof budget === 'number' ? { thresholds: [{ value: budget, color: 'red' }] } : {}),
    queries: [
      { expr: spend, legend: `${'{{job}}'} USD per day` },
      // A budget per service is a series per service; one budget is the threshold line.
      ...(typeof budget === 'number'
        ? []
        : [
            {
              expr: budgetPerDay(config, `sum by (job) (${ruleSel(RULES.costRate)})`),
              legend: `${'{{job}}'} budget`,
            },
          ]),
    ],
  });
}

/** Spend over the last day per service, as a share of its daily budget. */
export function budgetUsedPanel(config: DashboardsConfig): PanelBuilder {
  return barGaugePanel({
    title: 'Daily budget used',
    links: [drillDownLink('aiAgentOverview', 'AI Agent Overview of this service', ['job'])],
    description: `GenAI spend of each service (job) over the last 24 h (mean of recording rule ${RULES.costRate.record} over 1d × 86400) as a share of ${budgetText(config)}; above 100 % the budget is overspent.`,
    unit: 'percentunit',
    width: 12,
    height: 6,
    min: 0,
    thresholds: [
      { value: 0.8, color: 'yellow' },
      { value: 1, color: 'red' },
    ],
    queries: [
      {
        expr: shareOfBudget(config, `sum by (job) (avg_over_time(${ruleSel(RULES.costRate)}[1d])) * 86400`),
        legend: '{{job}}',
        instant: true,
      },
    ],
  });
}

/** Queue depth now and forecast `forecastHorizon` ahead, against the capacity (TaskQueueCapacityForecast). */
export function queueForecastPanel(config: DashboardsConfig): PanelBuilder {
  const capacity = alertThreshold(config, 'TaskQueueCapacityForecast');
  const queue = { queue: V.queue };
  return thresholdLinePanel({
    title: 'Queue depth forecast',
    description: `Largest queue depth per queue now (recording rule ${RULES.queueDepthMax.record}) and a linear fit of the last ${windows.forecastHistory} extrapolated ${windows.forecastHorizon} ahead (recording rule ${RULES.queueDepthForecast.record}), against the capacity of ${formatNumber(capacity)}: ${alertName(config, 'TaskQueueCapacityForecast')} fires when the forecast stays above it for ${alertFor(config, 'TaskQueueCapacityForecast')}.`,
    unit: 'short',
    width: 12,
    minInterval: '1m',
    thresholds: [{ value: capacity, color: 'red' }],
    queries: [
      { expr: ruleSel(RULES.queueDepthMax, queue), legend: `now ${legend('queue')}` },
      {
        expr: ruleSel(RULES.queueDepthForecast, queue),
        legend: `in ${windows.forecastHorizon} ${legend('queue')}`,
      },
    ],
  });
}

/** Free disk space forecast 24 h ahead per mount point (HostDiskFullIn24h). */
export function diskForecastPanel(config: DashboardsConfig): PanelBuilder {
  const t = HOST_THRESHOLDS;
  return thresholdLinePanel({
    title: `Disk free in ${t.diskFullWithinHours}h`,
    description: `Free space of each filesystem ${t.diskFullWithinHours}h ahead, extrapolated from the last ${t.diskTrendWindow} (recording rule ${RULES.diskAvailableForecast.record}, predict_linear); below 0 the disk is full within the day and ${alertName(config, 'HostDiskFullIn24h')} fires after ${alertFor(config, 'HostDiskFullIn24h')}.`,
    unit: 'bytes',
    minInterval: '1m',
    thresholds: [
      { value: null, color: 'red' },
      { value: 0, color: 'green' },
    ],
    queries: [
      {
        expr: ruleSel(RULES.diskAvailableForecast, { instance: '$instance' }),
        legend: '{{instance}} {{mountpoint}}',
      },
    ],
  });
}
