import { METRICS } from '@obskit/catalog';
import { increase, selector, sum } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import type { Runbook } from '../../model/types.js';

const { prometheus, self } = METRICS;

/** Runbook of TargetDown. */
export function targetDownRunbook(): Runbook {
  return {
    meaning: 'The last scrapes of the target failed (up == 0): it is down, unreachable or /metrics fails.',
    impact: 'The instance may be down; in any case every other alert is blind for it.',
    diagnosis: [
      { title: 'Targets down', query: `${selector(prometheus.up)} == 0` },
      { title: 'Scrape duration', query: selector(prometheus.scrapeDuration) },
    ],
    fixes: [
      'Check that the process runs and listens; see the Prometheus targets page for the scrape error.',
      'A 401/403 means the /metrics credentials in prometheus.yml and the app differ.',
      'A timeout means /metrics is slow: check collectors and event-loop lag.',
    ],
  };
}

/** Runbook of MetricsAbsent. */
export function metricsAbsentRunbook(): Runbook {
  return {
    meaning: `No series of ${self.buildInfo.name} exists: no scraped target runs obskit's instrumentation.`,
    impact: 'Every obskit dashboard and alert is blind.',
    diagnosis: [
      { title: 'Scraped targets', query: selector(prometheus.up) },
      { title: 'Build info', query: selector(self.buildInfo) },
    ],
    fixes: [
      'Check the scrape configuration (job name, targets, service discovery).',
      'Check that the app creates the obskit registry and serves it on /metrics.',
    ],
  };
}

/** Runbook of InstrumentationErrors. */
export function instrumentationErrorsRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `${self.instrumentationErrors.name} increased: observations were invalid or collectors failed, and were dropped.`,
    impact: 'Some metrics under-count; the application itself is not affected.',
    diagnosis: [
      {
        title: 'Dropped observations',
        query: sum(increase(self.instrumentationErrors, slow), { by: ['job', 'component', 'reason'] }),
      },
      {
        title: 'Failed collectors',
        query: sum(increase(self.collectorErrors, slow), { by: ['job', 'metric', 'reason'] }),
      },
    ],
    fixes: [
      'Read the one log line obskit writes per distinct problem; fix the calling code.',
      'invalid_label_value: pass values from the allowed set or configure the allow-list.',
    ],
  };
}

/** Runbook of MetricSeriesOverflow. */
export function metricSeriesOverflowRunbook(config: AlertsConfig): Runbook {
  return {
    meaning: `${self.seriesOverflow.name} increased: new label combinations of a metric were folded into its overflow series.`,
    impact: 'Per-label breakdowns of the metric are incomplete; totals stay right.',
    diagnosis: [
      {
        title: 'Folded observations by metric',
        query: sum(increase(self.seriesOverflow, config.windows.slow), { by: ['job', 'metric'] }),
      },
    ],
    fixes: [
      'Find the unbounded label (ids, raw URLs, free text) and bound it with an allow-list or a template.',
      'Raise the series cap of the metric only if the cardinality is legitimate.',
    ],
  };
}
