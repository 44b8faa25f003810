import { METRICS } from '@obskit/catalog';
import { increase, selector, sum, type LabelMatcher } from '@obskit/promql';
import type { AlertsConfig } from '../config.js';
import { testTarget, constant, counter, fires, quiet, series, withScope } from '../internal/helpers.js';
import type { AlertDefinition } from '../model/types.js';

const { prometheus, self } = METRICS;

/** Labels `absent()` puts on its result: the equality matchers of its selector. */
function absentLabels(
  matchers: Readonly<Record<string, string | LabelMatcher | undefined>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(matchers).flatMap(([k, m]) =>
      typeof m === 'string' ? [[k, m]] : m && m.op === '=' ? [[k, m.value]] : [],
    ),
  );
}

/** Alerts on scrape health and obskit itself: target down, metrics absent, dropped observations, series overflow. */
export function buildScrapeAlerts(config: AlertsConfig): AlertDefinition[] {
  const target = testTarget(config);
  const slow = config.windows.slow;
  const buildInfoScope = withScope(config, self.buildInfo);
  const up = (value: number) => series(prometheus.up, target, constant(value, 20));

  return [
    {
      name: 'TargetDown',
      expr: `${selector(prometheus.up, { matchers: withScope(config, prometheus.up) })} == 0`,
      for: config.for.page,
      severity: 'critical',
      summary: 'Prometheus cannot scrape a target.',
      description: 'Prometheus cannot scrape {{ $labels.instance }} of job {{ $labels.job }}.',
      runbook: {
        meaning:
          'The last scrapes of the target failed (up == 0): it is down, unreachable or /metrics fails.',
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
      },
      tests: [
        fires('the target is down', [up(0)], '5m', [
          {
            labels: target,
            description: `Prometheus cannot scrape ${target.instance} of job ${target.job}.`,
          },
        ]),
        quiet('the target is up', [up(1)], '5m'),
      ],
    },
    {
      name: 'MetricsAbsent',
      expr: `absent(${selector(self.buildInfo, { matchers: buildInfoScope })})`,
      // absent() only carries the selector's equality matchers.
      keepsJob: 'job' in absentLabels(buildInfoScope),
      firesWithoutData: {
        labels: absentLabels(buildInfoScope),
        description: `No target exposes ${self.buildInfo.name}: the service is not scraped or its instrumentation is not exported.`,
      },
      for: config.for.short,
      severity: 'warning',
      summary: 'No target exposes obskit metrics.',
      description: `No target exposes ${self.buildInfo.name}: the service is not scraped or its instrumentation is not exported.`,
      runbook: {
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
      },
      tests: [
        fires('the target exports no obskit metrics', [up(1)], '10m', [
          {
            labels: absentLabels(buildInfoScope),
            description: `No target exposes ${self.buildInfo.name}: the service is not scraped or its instrumentation is not exported.`,
          },
        ]),
        quiet(
          'the target exports build info',
          [
            up(1),
            series(
              self.buildInfo,
              { ...target, version: '1.0.0', revision: 'abc', node_version: 'v20' },
              constant(1, 20),
            ),
          ],
          '10m',
        ),
      ],
    },
    {
      name: 'InstrumentationErrors',
      expr: `${sum(
        increase(self.instrumentationErrors, slow, {
          matchers: withScope(config, self.instrumentationErrors),
        }),
        {
          by: ['job', 'component', 'reason'],
        },
      )} > 0`,
      for: config.for.short,
      severity: 'info',
      summary: 'obskit drops observations.',
      description: `obskit dropped {{ $value | humanize }} observations in {{ $labels.component }} ({{ $labels.reason }}) in the last ${slow}.`,
      runbook: {
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
      },
      tests: [
        fires(
          'one invalid label value per minute',
          [
            series(
              self.instrumentationErrors,
              { component: 'metrics-core', reason: 'invalid_label_value' },
              counter(1, 30),
            ),
          ],
          '20m',
          [
            {
              labels: { component: 'metrics-core', reason: 'invalid_label_value' },
              description: `obskit dropped 15 observations in metrics-core (invalid_label_value) in the last ${slow}.`,
            },
          ],
        ),
        quiet(
          'no new errors',
          [
            series(
              self.instrumentationErrors,
              { component: 'metrics-core', reason: 'invalid_label_value' },
              constant(3, 30),
            ),
          ],
          '20m',
        ),
      ],
    },
    {
      name: 'MetricSeriesOverflow',
      expr: `${sum(increase(self.seriesOverflow, slow, { matchers: withScope(config, self.seriesOverflow) }), { by: ['job', 'metric'] })} > 0`,
      for: config.for.short,
      severity: 'info',
      summary: 'A metric reached its series cap.',
      description: `Metric {{ $labels.metric }} reached its series cap: {{ $value | humanize }} observations went to the overflow series in the last ${slow}.`,
      runbook: {
        meaning: `${self.seriesOverflow.name} increased: new label combinations of a metric were folded into its overflow series.`,
        impact: 'Per-label breakdowns of the metric are incomplete; totals stay right.',
        diagnosis: [
          {
            title: 'Folded observations by metric',
            query: sum(increase(self.seriesOverflow, slow), { by: ['job', 'metric'] }),
          },
        ],
        fixes: [
          'Find the unbounded label (ids, raw URLs, free text) and bound it with an allow-list or a template.',
          'Raise the series cap of the metric only if the cardinality is legitimate.',
        ],
      },
      tests: [
        fires(
          'one overflow per minute',
          [series(self.seriesOverflow, { metric: 'obskit_agent_operations_total' }, counter(1, 30))],
          '20m',
          [
            {
              labels: { metric: 'obskit_agent_operations_total' },
              description: `Metric obskit_agent_operations_total reached its series cap: 15 observations went to the overflow series in the last ${slow}.`,
            },
          ],
        ),
        quiet(
          'no overflow',
          [series(self.seriesOverflow, { metric: 'obskit_agent_operations_total' }, constant(0, 30))],
          '20m',
        ),
      ],
    },
  ];
}
