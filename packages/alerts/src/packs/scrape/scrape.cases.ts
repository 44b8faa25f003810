import { METRICS } from '@obskit/catalog';
import type { AlertsConfig } from '../../config.js';
import { constant, counter, fires, quiet, series, testTarget, withScope } from '../../internal/helpers.js';
import type { AlertCase, TestSeries } from '../../model/types.js';
import { absentLabels } from './scrape.queries.js';

const { prometheus, self } = METRICS;
const overflowMetric = 'obskit_agent_operations_total';

const up = (config: AlertsConfig, value: number): TestSeries =>
  series(prometheus.up, testTarget(config), constant(value, 20));
const dropped = (values: string): TestSeries =>
  series(self.instrumentationErrors, { component: 'metrics-core', reason: 'invalid_label_value' }, values);
const overflow = (values: string): TestSeries =>
  series(self.seriesOverflow, { metric: overflowMetric }, values);

/** promtool cases of TargetDown. */
export function targetDownCases(config: AlertsConfig): AlertCase[] {
  const target = testTarget(config);
  return [
    fires('the target is down', [up(config, 0)], '5m', [
      { labels: target, description: `Prometheus cannot scrape ${target.instance} of job ${target.job}.` },
    ]),
    quiet('the target is up', [up(config, 1)], '5m'),
  ];
}

/** promtool cases of MetricsAbsent. */
export function metricsAbsentCases(config: AlertsConfig): AlertCase[] {
  return [
    fires('the target exports no obskit metrics', [up(config, 1)], '10m', [
      {
        labels: absentLabels(withScope(config, self.buildInfo)),
        description: `No target exposes ${self.buildInfo.name}: the service is not scraped or its instrumentation is not exported.`,
      },
    ]),
    quiet(
      'the target exports build info',
      [
        up(config, 1),
        series(
          self.buildInfo,
          { ...testTarget(config), version: '1.0.0', revision: 'abc', node_version: 'v20' },
          constant(1, 20),
        ),
      ],
      '10m',
    ),
  ];
}

/** promtool cases of InstrumentationErrors. */
export function instrumentationErrorsCases(config: AlertsConfig): AlertCase[] {
  return [
    fires('one invalid label value per minute', [dropped(counter(1, 30))], '20m', [
      {
        labels: { component: 'metrics-core', reason: 'invalid_label_value' },
        description: `obskit dropped 15 observations in metrics-core (invalid_label_value) in the last ${config.windows.slow}.`,
      },
    ]),
    quiet('no new errors', [dropped(constant(3, 30))], '20m'),
  ];
}

/** promtool cases of MetricSeriesOverflow. */
export function metricSeriesOverflowCases(config: AlertsConfig): AlertCase[] {
  return [
    fires('one overflow per minute', [overflow(counter(1, 30))], '20m', [
      {
        labels: { metric: overflowMetric },
        description: `Metric ${overflowMetric} reached its series cap: 15 observations went to the overflow series in the last ${config.windows.slow}.`,
      },
    ]),
    quiet('no overflow', [overflow(constant(0, 30))], '20m'),
  ];
}
