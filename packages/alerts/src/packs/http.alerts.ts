import { METRICS } from '@obskit/catalog';
import { errorRatio, histogramQuantile, rate, re, sum } from '@obskit/promql';
import type { AlertsConfig } from '../config.js';
import {
  constant,
  counter,
  fires,
  around,
  humanizeDuration,
  num,
  percent,
  quiet,
  series,
  withScope,
} from '../internal/helpers.js';
import type { AlertDefinition } from '../model/types.js';

const { http } = METRICS;
const route = '/orders/:id';

/** Alerts on the HTTP server: 5xx ratio and p95 latency. */
export function buildHttpAlerts(config: AlertsConfig): AlertDefinition[] {
  const t = config.thresholds;
  const lat = t.httpLatencyP95Seconds;
  const [errLo, errHi] = around(t.httpErrorRatio);
  const w = config.windows.rate;
  const scope = withScope(config, http.serverRequestDuration);
  const count = (code: string, values: string) =>
    series(
      http.serverRequestDuration,
      { http_request_method: 'GET', http_route: route, http_response_status_code: code },
      values,
      '_count',
    );
  const bucket = (le: string, values: string) =>
    series(
      http.serverRequestDuration,
      { http_request_method: 'GET', http_route: route, http_response_status_code: '200', le },
      values,
      '_bucket',
    );

  return [
    {
      name: 'HttpHighErrorRate',
      expr: `${errorRatio(http.serverRequestDuration, w, {
        errors: { http_response_status_code: re('5..') },
        matchers: scope,
        by: ['job'],
      })} > ${t.httpErrorRatio}`,
      for: config.for.short,
      severity: 'critical',
      summary: 'The service answers too many requests with a 5xx status.',
      description: `{{ $value | humanizePercentage }} of HTTP requests failed with a 5xx status over the last ${w} (threshold ${percent(t.httpErrorRatio)}).`,
      runbook: {
        meaning: `More than ${percent(t.httpErrorRatio)} of HTTP server requests over ${w} were answered with a 5xx status.`,
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
            query: sum(rate(http.serverRequestDuration, w, { suffix: '_count' }), {
              by: ['job', 'http_route'],
            }),
          },
        ],
        fixes: [
          'If one route dominates, check its dependencies (database, agents, providers).',
          'Roll back the last deployment if the errors started with it.',
        ],
      },
      // Around the threshold r: (1 + r) / 2 of the requests failing fires, r / 2 (and many 4xx) not.
      tests: [
        fires(
          `${percent(errHi)} of requests fail`,
          [count('500', counter(10 * errHi, 20)), count('200', counter(10 * (1 - errHi), 20))],
          '15m',
          [
            {
              labels: {},
              description: `${percent(errHi)} of HTTP requests failed with a 5xx status over the last ${w} (threshold ${percent(t.httpErrorRatio)}).`,
            },
          ],
        ),
        quiet(
          `${percent(errLo)} of requests fail, more get a 4xx`,
          [
            count('500', counter(10 * errLo, 20)),
            count('404', counter(10, 20)),
            count('200', counter(10 * (1 - errLo), 20)),
          ],
          '15m',
        ),
      ],
    },
    {
      name: 'HttpLatencyHigh',
      expr: `${histogramQuantile(0.95, http.serverRequestDuration, w, { matchers: scope, by: ['job', 'http_route'] })} > ${t.httpLatencyP95Seconds}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'A route answers too slowly.',
      description: `p95 latency of {{ $labels.http_route }} is {{ $value | humanizeDuration }} over the last ${w} (threshold ${t.httpLatencyP95Seconds}s).`,
      runbook: {
        meaning: `The 95th percentile of ${http.serverRequestDuration.name} for one route is above ${t.httpLatencyP95Seconds}s.`,
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
            query: histogramQuantile(0.95, METRICS.db.operationDuration, w, {
              by: ['job', 'db_operation_name'],
            }),
          },
        ],
        fixes: [
          'Check the slow dependency of the route (database, agent, provider).',
          'Check event-loop lag and CPU of the instances (ObskitEventLoopLagHigh).',
        ],
      },
      // Around the threshold T: requests between T and 2T fire (p95 = T + 0.95 T), between T/2 and T not.
      tests: [
        fires(
          `requests take between ${lat}s and ${num(2 * lat)}s`,
          [
            bucket(num(lat), constant(0, 30)),
            bucket(num(2 * lat), counter(10, 30)),
            bucket('+Inf', counter(10, 30)),
          ],
          '25m',
          [
            {
              labels: { http_route: route },
              description: `p95 latency of /orders/:id is ${humanizeDuration(1.95 * lat)} over the last ${w} (threshold ${lat}s).`,
            },
          ],
        ),
        quiet(
          `requests take between ${num(lat / 2)}s and ${lat}s`,
          [
            bucket(num(lat / 2), constant(0, 30)),
            bucket(num(lat), counter(10, 30)),
            bucket('+Inf', counter(10, 30)),
          ],
          '25m',
        ),
      ],
    },
  ];
}
