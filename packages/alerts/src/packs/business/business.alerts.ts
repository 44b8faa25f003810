import { METRICS } from '@obskit/catalog';
import { rate, sum } from '@obskit/promql';
import type { PackAlert } from '../../alerts.js';
import type { AlertsConfig } from '../../config.js';
import { num, percent, withScope } from '../../internal/helpers.js';
import type { AlertDefinition } from '../../model/types.js';
import { costPerOperationHighCases, engagementDropCases } from './business.cases.js';
import { sessionsRate } from './business.queries.js';
import { costPerOperationHighRunbook, engagementDropRunbook } from './business.runbooks.js';

const { business, agent } = METRICS;

/** An alert of the business pack. */
type BusinessAlert = PackAlert<'business'>;

/** Fewer sessions than at the same time one period ago. */
export function engagementDrop(config: AlertsConfig): BusinessAlert {
  const t = config.thresholds;
  const offset = config.windows.periodOffset;
  return {
    name: 'EngagementDrop',
    expr: `${sessionsRate(config)} < ${num(1 - t.engagementDropRatio)} * ${sessionsRate(config, offset)}`,
    for: config.for.long,
    severity: 'warning',
    summary: 'Fewer user sessions start than at the same time last period.',
    description: `User sessions start at {{ $value | printf "%.3f" }}/s, ${percent(t.engagementDropRatio)} or more below the rate ${offset} ago.`,
    runbook: engagementDropRunbook(config),
    tests: engagementDropCases(config),
  };
}

/** GenAI spend per successful business operation above its threshold. */
export function costPerOperationHigh(config: AlertsConfig): BusinessAlert {
  const t = config.thresholds;
  const slow = config.windows.slow;
  return {
    name: 'CostPerOperationHigh',
    expr: `${sum(rate(agent.cost, slow, { matchers: withScope(config, agent.cost) }), { by: ['job'] })} / ${sum(
      rate(business.operations, slow, {
        matchers: withScope(config, business.operations, { outcome: 'success' }),
      }),
      { by: ['job'] },
    )} > ${t.costPerOperationUsd}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'Each successful business operation costs too much GenAI spend.',
    description: `Each successful business operation costs {{ $value | humanize }} USD of GenAI spend (threshold ${t.costPerOperationUsd} USD).`,
    runbook: costPerOperationHighRunbook(config),
    tests: costPerOperationHighCases(config),
  };
}

/** The alerts of the business pack, in rendering order. */
const BUSINESS_ALERTS: ReadonlyArray<(config: AlertsConfig) => BusinessAlert> = [
  engagementDrop,
  costPerOperationHigh,
];

/** Business alerts: engagement drop against the same time one period ago, and GenAI cost per operation. */
export function buildBusinessAlerts(config: AlertsConfig): AlertDefinition[] {
  return BUSINESS_ALERTS.map((alert) => alert(config));
}
