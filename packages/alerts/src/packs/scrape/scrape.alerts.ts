import { METRICS } from '@obskit/catalog';
import { increase, selector, sum } from '@obskit/promql';
import type { PackAlert } from '../../alerts.js';
import type { AlertsConfig } from '../../config.js';
import { withScope } from '../../internal/helpers.js';
import type { AlertDefinition } from '../../model/types.js';
import {
  instrumentationErrorsCases,
  metricSeriesOverflowCases,
  metricsAbsentCases,
  targetDownCases,
} from './scrape.cases.js';
import { absentLabels } from './scrape.queries.js';
import {
  instrumentationErrorsRunbook,
  metricSeriesOverflowRunbook,
  metricsAbsentRunbook,
  targetDownRunbook,
} from './scrape.runbooks.js';

const { prometheus, self } = METRICS;

/** An alert of the scrape pack. */
type ScrapeAlert = PackAlert<'scrape'>;

/** A target Prometheus cannot scrape (pages). */
export function targetDown(config: AlertsConfig): ScrapeAlert {
  return {
    name: 'TargetDown',
    expr: `${selector(prometheus.up, { matchers: withScope(config, prometheus.up) })} == 0`,
    for: config.for.page,
    severity: 'critical',
    summary: 'Prometheus cannot scrape a target.',
    description: 'Prometheus cannot scrape {{ $labels.instance }} of job {{ $labels.job }}.',
    runbook: targetDownRunbook(),
    tests: targetDownCases(config),
  };
}

/** No target exposes obskit's build info. */
export function metricsAbsent(config: AlertsConfig): ScrapeAlert {
  const buildInfoScope = withScope(config, self.buildInfo);
  const description = `No target exposes ${self.buildInfo.name}: the service is not scraped or its instrumentation is not exported.`;
  return {
    name: 'MetricsAbsent',
    expr: `absent(${selector(self.buildInfo, { matchers: buildInfoScope })})`,
    // absent() only carries the selector's equality matchers.
    keepsJob: 'job' in absentLabels(buildInfoScope),
    firesWithoutData: { labels: absentLabels(buildInfoScope), description },
    for: config.for.short,
    severity: 'warning',
    summary: 'No target exposes obskit metrics.',
    description,
    runbook: metricsAbsentRunbook(),
    tests: metricsAbsentCases(config),
  };
}

/** obskit dropped observations. */
export function instrumentationErrors(config: AlertsConfig): ScrapeAlert {
  const slow = config.windows.slow;
  return {
    name: 'InstrumentationErrors',
    expr: `${sum(
      increase(self.instrumentationErrors, slow, { matchers: withScope(config, self.instrumentationErrors) }),
      { by: ['job', 'component', 'reason'] },
    )} > 0`,
    for: config.for.short,
    severity: 'info',
    summary: 'obskit drops observations.',
    description: `obskit dropped {{ $value | humanize }} observations in {{ $labels.component }} ({{ $labels.reason }}) in the last ${slow}.`,
    runbook: instrumentationErrorsRunbook(config),
    tests: instrumentationErrorsCases(config),
  };
}

/** A metric folded observations into its overflow series. */
export function metricSeriesOverflow(config: AlertsConfig): ScrapeAlert {
  const slow = config.windows.slow;
  return {
    name: 'MetricSeriesOverflow',
    expr: `${sum(increase(self.seriesOverflow, slow, { matchers: withScope(config, self.seriesOverflow) }), { by: ['job', 'metric'] })} > 0`,
    for: config.for.short,
    severity: 'info',
    summary: 'A metric reached its series cap.',
    description: `Metric {{ $labels.metric }} reached its series cap: {{ $value | humanize }} observations went to the overflow series in the last ${slow}.`,
    runbook: metricSeriesOverflowRunbook(config),
    tests: metricSeriesOverflowCases(config),
  };
}

/** The alerts of the scrape pack, in rendering order. */
const SCRAPE_ALERTS: ReadonlyArray<(config: AlertsConfig) => ScrapeAlert> = [
  targetDown,
  metricsAbsent,
  instrumentationErrors,
  metricSeriesOverflow,
];

/** Alerts on scrape health and obskit itself: target down, metrics absent, dropped observations, series overflow. */
export function buildScrapeAlerts(config: AlertsConfig): AlertDefinition[] {
  return SCRAPE_ALERTS.map((alert) => alert(config));
}
