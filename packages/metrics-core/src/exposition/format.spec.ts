import { Registry } from 'prom-client';
import type { OpenMetricsContentType } from 'prom-client';
import { formatMetricFamily } from './format';
import type { MetricData, SampleData } from './format';

/** What prom-client's own formatter prints for `data`, served by a custom metric object. */
async function promClientText(
  data: MetricData,
  options: { openMetrics?: boolean; defaultLabels?: Record<string, string> } = {},
): Promise<string> {
  const registry = new Registry<OpenMetricsContentType>();
  if (options.openMetrics) registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  registry.registerMetric({
    name: data.name,
    get: async () => data,
    getForPromString: async () => data,
  } as never);
  const body = await registry.metrics();
  return body.slice(0, body.length - (options.openMetrics ? '\n# EOF\n' : '\n').length);
}

/** A histogram series as the OTel bridge and prom-client's getForPromString hand it over. */
function bucketsSharingLabels(name: string, labels: Record<string, string>): SampleData[] {
  const bounds = [0.1, 1, '+Inf'] as const;
  return [
    ...bounds.map((le, i) => ({
      labels,
      sharedLabels: Object.freeze({ le }),
      value: i + 1,
      metricName: `${name}_bucket`,
    })),
    { labels, value: 1.5, metricName: `${name}_sum` },
    { labels, value: 3, metricName: `${name}_count` },
  ];
}

describe('formatMetricFamily', () => {
  const histogram: MetricData = {
    name: 'wait_seconds',
    help: 'Wait.\nIn seconds \\ wall clock.',
    type: 'histogram',
    values: [
      ...bucketsSharingLabels('wait_seconds', { queue: 'a "quoted"\nname\\', kind: 'x' }),
      ...bucketsSharingLabels('wait_seconds', { queue: 'b', kind: 'y' }),
      ...bucketsSharingLabels('wait_seconds', {}),
    ],
  };

  it('prints samples that share one label object like prom-client, le last', async () => {
    const text = formatMetricFamily(histogram, 'text');
    expect(text).toBe(await promClientText(histogram));
    expect(text.split('\n').slice(2, 7)).toEqual([
      'wait_seconds_bucket{queue="a \\"quoted\\"\\nname\\\\",kind="x",le="0.1"} 1',
      'wait_seconds_bucket{queue="a \\"quoted\\"\\nname\\\\",kind="x",le="1"} 2',
      'wait_seconds_bucket{queue="a \\"quoted\\"\\nname\\\\",kind="x",le="+Inf"} 3',
      'wait_seconds_sum{queue="a \\"quoted\\"\\nname\\\\",kind="x"} 1.5',
      'wait_seconds_count{queue="a \\"quoted\\"\\nname\\\\",kind="x"} 3',
    ]);
    expect(text).toContain('\nwait_seconds_bucket{le="0.1"} 1\n');
    expect(text.endsWith('\nwait_seconds_count 3')).toBe(true);
  });

  it('applies default labels to shared label objects like prom-client', async () => {
    const defaultLabels = { service: 'api', kind: 'default' };
    const text = formatMetricFamily(histogram, 'text', defaultLabels);
    expect(text).toBe(await promClientText(histogram, { defaultLabels }));
    expect(text).toContain('\nwait_seconds_bucket{queue="b",kind="y",service="api",le="1"} 2\n');
    expect(text).toContain('\nwait_seconds_count{service="api",kind="default"} 3');
  });

  it('prints a label that is in both labels and sharedLabels once, from sharedLabels', async () => {
    const labels = { route: '/a', method: 'GET' };
    const data: MetricData = {
      name: 'requests',
      help: 'Requests.',
      type: 'gauge',
      values: [
        { labels, value: 1 },
        { labels, sharedLabels: { method: 'POST' }, value: 2 },
        { labels, sharedLabels: { zone: 'eu' }, value: 3 },
        { labels, value: 4 },
      ],
    };
    const text = formatMetricFamily(data, 'text');
    expect(text).toBe(await promClientText(data));
    expect(text.split('\n').slice(2)).toEqual([
      'requests{route="/a",method="GET"} 1',
      'requests{route="/a",method="POST"} 2',
      'requests{route="/a",method="GET",zone="eu"} 3',
      'requests{route="/a",method="GET"} 4',
    ]);
  });

  it('prints OpenMetrics counters with _total and exemplars like prom-client', async () => {
    const labels = { status: 'ok' };
    const data: MetricData = {
      name: 'orders',
      help: 'Orders.',
      type: 'counter',
      values: [
        { labels, value: 2, exemplar: { labelSet: { trace_id: 'abc' }, value: 2, timestamp: 1.5 } },
        { labels, sharedLabels: { region: 'eu' }, value: 1 },
      ],
    };
    const text = formatMetricFamily(data, 'openmetrics');
    expect(text).toBe(await promClientText(data, { openMetrics: true }));
    expect(text).toContain('\norders_total{status="ok"} 2 # {trace_id="abc"} 2 1.5\n');
  });
});
