import { METRICS } from '@obskit/catalog';
import { histogramQuantile, rate, re, sum } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import { percent } from '../../internal/helpers.js';
import { alertName } from '../../alerts.js';
import type { Runbook } from '../../model/types.js';

const { http, db } = METRICS;

/** Runbook of HttpHighErrorRate. */
export function httpHighErrorRateRunbook(config: AlertsConfig): Runbook {
  const w = config.windows.rate;
  return {
    meaning: `More than ${percent(config.thresholds.httpErrorRatio)} of HTTP server requests over ${w} were answered with a 5xx status.`,
    impact: 'Users and API clients get server errors.',
    diagnosis: [
      {
        title: '5xx per second by route and status',
        query: sum(
          rate(http.serverRequestDuration, w, {
            suffix: '_count',
            matchers: { http_response_status_code: re('5..') },
          }),
          { by: ['job', 'http_route', 'http_response_status_code'] },
        ),
      },
      {
        title: 'Requests per second by route',
        query: sum(rate(http.serverRequestDuration, w, { suffix: '_count' }), { by: ['job', 'http_route'] }),
      },
    ],
    fixes: [
      'If one route dominates, check its dependencies (database, agents, providers).',
      'Roll back the last deployment if the errors started with it.',
    ],
  };
}

/** Runbook of HttpLatencyHigh. */
export function httpLatencyHighRunbook(config: AlertsConfig): Runbook {
  const w = config.windows.rate;
  return {
    meaning: `The 95th percentile of ${http.serverRequestDuration.name} for one route is above ${config.thresholds.httpLatencyP95Seconds}s.`,
    impact: 'Slow pages and API calls; clients may time out and retry.',
    diagnosis: [
      {
        title: 'p95 by route and method',
        query: histogramQuantile(0.95, http.serverRequestDuration, w, {
          by: ['job', 'http_route', 'http_request_method'],
        }),
      },
      {
        title: 'p95 of database operations',
        query: histogramQuantile(0.95, db.operationDuration, w, { by: ['job', 'db_operation_name'] }),
      },
    ],
    fixes: [
      'Check the slow dependency of the route (database, agent, provider).',
      `Check event-loop lag and CPU of the instances (${alertName(config, 'EventLoopLagHigh')}).`,
    ],
  };
}
