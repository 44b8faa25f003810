import { METRICS } from '@obskit/catalog';
import { rate, sum } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import { percent } from '../../internal/helpers.js';
import type { Runbook } from '../../model/types.js';
import { sessionsRate } from './business.queries.js';

const { business, agent } = METRICS;

/** Runbook of EngagementDrop. */
export function engagementDropRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  const offset = config.windows.periodOffset;
  return {
    meaning: `Sessions started per second over ${slow} are less than ${percent(1 - config.thresholds.engagementDropRatio)} of the same window ${offset} earlier.`,
    impact: 'Users cannot reach the product, or stopped using it: revenue and engagement drop.',
    diagnosis: [
      {
        title: 'Sessions started per second, now and one period ago',
        query: `${sessionsRate(config)} or ${sessionsRate(config, offset)}`,
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
  };
}

/** Runbook of CostPerOperationHigh. */
export function costPerOperationHighRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `GenAI cost per second divided by successful business operations per second is above ${config.thresholds.costPerOperationUsd} USD over ${slow}.`,
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
  };
}
