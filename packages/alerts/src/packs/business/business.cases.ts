import { METRICS } from '@obskit/catalog';
import type { AlertsConfig } from '../../config.js';
import { counter, fires, percent, quiet, segments, series } from '../../internal/helpers.js';
import type { AlertCase, TestSeries } from '../../model/types.js';

const { business, agent } = METRICS;
const week = 7 * 24 * 60;

const sessions = (values: string): TestSeries => series(business.sessionsStarted, {}, values);
const spend = (values: string): TestSeries =>
  series(agent.cost, { gen_ai_provider_name: 'openai', gen_ai_agent_name: 'planner' }, values);
const checkouts = (values: string): TestSeries =>
  series(business.operations, { operation: 'checkout', outcome: 'success' }, values);

/** promtool cases of EngagementDrop. */
export function engagementDropCases(config: AlertsConfig): AlertCase[] {
  return [
    fires(
      'a week at 1 session/s, then 0.17/s',
      [
        sessions(
          segments([
            [60, week],
            [10, 60],
          ]),
        ),
      ],
      '1w50m',
      [
        {
          labels: {},
          description: `User sessions start at 0.167/s, ${percent(config.thresholds.engagementDropRatio)} or more below the rate ${config.windows.periodOffset} ago.`,
        },
      ],
    ),
    quiet('a steady 1 session/s', [sessions(counter(60, week + 60))], '1w50m'),
  ];
}

/** promtool cases of CostPerOperationHigh. */
export function costPerOperationHighCases(config: AlertsConfig): AlertCase[] {
  return [
    fires(
      '3 USD per minute for 2 operations per minute',
      [spend(counter(3, 40)), checkouts(counter(2, 40))],
      '35m',
      [
        {
          labels: {},
          description: `Each successful business operation costs 1.5 USD of GenAI spend (threshold ${config.thresholds.costPerOperationUsd} USD).`,
        },
      ],
    ),
    quiet(
      '3 USD per minute for 20 operations per minute',
      [spend(counter(3, 40)), checkouts(counter(20, 40))],
      '35m',
    ),
  ];
}
