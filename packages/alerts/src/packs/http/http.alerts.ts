import { METRICS } from '@obskit/catalog';
import { errorRatio, histogramQuantile, re } from '@obskit/promql';
import type { PackAlert } from '../../alerts.js';
import type { AlertsConfig } from '../../config.js';
import { percent, withScope } from '../../internal/helpers.js';
import type { AlertDefinition } from '../../model/types.js';
import { httpHighErrorRateCases, httpLatencyHighCases } from './http.cases.js';
import { httpHighErrorRateRunbook, httpLatencyHighRunbook } from './http.runbooks.js';

const { http } = METRICS;

/** An alert of the http pack. */
type HttpAlert = PackAlert<'http'>;

/** Too many requests answered with a 5xx status. */
export function httpHighErrorRate(config: AlertsConfig): HttpAlert {
  const t = config.thresholds;
  const w = config.windows.rate;
  return {
    name: 'HttpHighErrorRate',
    expr: `${errorRatio(http.serverRequestDuration, w, {
      errors: { http_response_status_code: re('5..') },
      matchers: withScope(config, http.serverRequestDuration),
      by: ['job'],
    })} > ${t.httpErrorRatio}`,
    for: config.for.short,
    severity: 'critical',
    summary: 'The service answers too many requests with a 5xx status.',
    description: `{{ $value | humanizePercentage }} of HTTP requests failed with a 5xx status over the last ${w} (threshold ${percent(t.httpErrorRatio)}).`,
    runbook: httpHighErrorRateRunbook(config),
    tests: httpHighErrorRateCases(config),
  };
}

/** p95 latency of one route above its threshold. */
export function httpLatencyHigh(config: AlertsConfig): HttpAlert {
  const t = config.thresholds;
  const w = config.windows.rate;
  return {
    name: 'HttpLatencyHigh',
    expr: `${histogramQuantile(0.95, http.serverRequestDuration, w, { matchers: withScope(config, http.serverRequestDuration), by: ['job', 'http_route'] })} > ${t.httpLatencyP95Seconds}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'A route answers too slowly.',
    description: `p95 latency of {{ $labels.http_route }} is {{ $value | humanizeDuration }} over the last ${w} (threshold ${t.httpLatencyP95Seconds}s).`,
    runbook: httpLatencyHighRunbook(config),
    tests: httpLatencyHighCases(config),
  };
}

/** The alerts of the http pack, in rendering order. */
const HTTP_ALERTS: ReadonlyArray<(config: AlertsConfig) => HttpAlert> = [httpHighErrorRate, httpLatencyHigh];

/** Alerts on the HTTP server: 5xx ratio and p95 latency. */
export function buildHttpAlerts(config: AlertsConfig): AlertDefinition[] {
  return HTTP_ALERTS.map((alert) => alert(config));
}
