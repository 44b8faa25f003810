import { METRICS } from '@obskit/catalog';
import type { AlertsConfig } from '../../config.js';
import {
  around,
  constant,
  counter,
  fires,
  humanizeDuration,
  num,
  percent,
  quiet,
  series,
} from '../../internal/helpers.js';
import type { AlertCase, TestSeries } from '../../model/types.js';

const { http } = METRICS;
const route = '/orders/:id';

const count = (code: string, values: string): TestSeries =>
  series(
    http.serverRequestDuration,
    { http_request_method: 'GET', http_route: route, http_response_status_code: code },
    values,
    '_count',
  );
const bucket = (le: string, values: string): TestSeries =>
  series(
    http.serverRequestDuration,
    { http_request_method: 'GET', http_route: route, http_response_status_code: '200', le },
    values,
    '_bucket',
  );

/** promtool cases of HttpHighErrorRate: around the threshold r, (1 + r) / 2 of the requests failing fires, r / 2 (and many 4xx) not. */
export function httpHighErrorRateCases(config: AlertsConfig): AlertCase[] {
  const r = config.thresholds.httpErrorRatio;
  const [errLo, errHi] = around(r);
  return [
    fires(
      `${percent(errHi)} of requests fail`,
      [count('500', counter(10 * errHi, 20)), count('200', counter(10 * (1 - errHi), 20))],
      '15m',
      [
        {
          labels: {},
          description: `${percent(errHi)} of HTTP requests failed with a 5xx status over the last ${config.windows.rate} (threshold ${percent(r)}).`,
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
  ];
}

/** promtool cases of HttpLatencyHigh: around the threshold T, requests between T and 2T fire (p95 = T + 0.95 T), between T/2 and T not. */
export function httpLatencyHighCases(config: AlertsConfig): AlertCase[] {
  const lat = config.thresholds.httpLatencyP95Seconds;
  return [
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
          description: `p95 latency of /orders/:id is ${humanizeDuration(1.95 * lat)} over the last ${config.windows.rate} (threshold ${lat}s).`,
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
  ];
}
