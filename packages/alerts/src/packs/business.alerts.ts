import { METRICS } from '@obskit/catalog';
import { rate, sum } from '@obskit/promql';
import type { AlertsConfig } from '../config.js';
import { counter, fires, num, percent, quiet, segments, series, withScope } from '../internal/helpers.js';
import type { AlertDefinition } from '../model/types.js';

const { business, agent } = METRICS;

/** Business alerts: engagement drop against the same time one period ago, and GenAI cost per operation. */
export function buildBusinessAlerts(config: AlertsConfig): AlertDefinition[] {
  const t = config.thresholds;
  const slow = config.windows.slow;
  const offset = config.windows.periodOffset;
  const sessions = (o?: string) =>
    sum(
      rate(business.sessionsStarted, slow, {
        matchers: withScope(config, business.sessionsStarted),
        offset: o,
      }),
      { by: ['job'] },
    );
  const week = 7 * 24 * 60;

  return [
    {
      name: 'EngagementDrop',
      expr: `${sessions()} < ${num(1 - t.engagementDropRatio)} * ${sessions(offset)}`,
      for: config.for.long,
      severity: 'warning',
      summary: 'Fewer user sessions start than at the same time last period.',
      description: `User sessions start at {{ $value | printf "%.3f" }}/s, ${percent(t.engagementDropRatio)} or more below the rate ${offset} ago.`,
      runbook: {
        meaning: `Sessions started per second over ${slow} are less than ${percent(1 - t.engagementDropRatio)} of the same window ${offset} earlier.`,
        impact: 'Users cannot reach the product, or stopped using it: revenue and engagement drop.',
        diagnosis: [
          {
            title: 'Sessions started per second, now and one period ago',
            query: `${sessions()} or ${sessions(offset)}`,
          },
          {
            title: 'Feature use per second',
            query: sum(rate(business.featureUsage, slow), { by: ['job', 'feature'] }),
          },
        ],
        fixes: [
          'Check availability first: HTTP errors, target down, a broken login or front end.',
          'Check for a holiday, campaign end or tracking change before treating it as an incident.',
        ],
      },
      tests: [
        fires(
          'a week at 1 session/s, then 0.17/s',
          [
            series(
              business.sessionsStarted,
              {},
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
              description: `User sessions start at 0.167/s, ${percent(t.engagementDropRatio)} or more below the rate ${offset} ago.`,
            },
          ],
        ),
        quiet(
          'a steady 1 session/s',
          [series(business.sessionsStarted, {}, counter(60, week + 60))],
          '1w50m',
        ),
      ],
    },
    {
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
      runbook: {
        meaning: `GenAI cost per second divided by successful business operations per second is above ${t.costPerOperationUsd} USD over ${slow}.`,
        impact: 'The unit economics of the product degrade: margins shrink.',
        diagnosis: [
          {
            title: 'USD per second by agent',
            query: sum(rate(agent.cost, slow), { by: ['job', 'gen_ai_agent_name'] }),
          },
          {
            title: 'Business operations by outcome',
            query: sum(rate(business.operations, slow), { by: ['job', 'operation', 'outcome'] }),
          },
        ],
        fixes: [
          'If operations fail more, the cost is spent on failures: fix the failures first.',
          'Route the costly agent to a cheaper model or cache its answers.',
        ],
      },
      tests: [
        fires(
          '3 USD per minute for 2 operations per minute',
          [
            series(
              agent.cost,
              { gen_ai_provider_name: 'openai', gen_ai_agent_name: 'planner' },
              counter(3, 40),
            ),
            series(business.operations, { operation: 'checkout', outcome: 'success' }, counter(2, 40)),
          ],
          '35m',
          [
            {
              labels: {},
              description: `Each successful business operation costs 1.5 USD of GenAI spend (threshold ${t.costPerOperationUsd} USD).`,
            },
          ],
        ),
        quiet(
          '3 USD per minute for 20 operations per minute',
          [
            series(
              agent.cost,
              { gen_ai_provider_name: 'openai', gen_ai_agent_name: 'planner' },
              counter(3, 40),
            ),
            series(business.operations, { operation: 'checkout', outcome: 'success' }, counter(20, 40)),
          ],
          '35m',
        ),
      ],
    },
  ];
}
