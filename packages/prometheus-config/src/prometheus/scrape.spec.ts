import { METRICS } from '@obskit/catalog';
import { buildKubernetesAlerting, buildStaticAlerting } from './alerting';
import { MODEL_HISTOGRAM_BUCKETS, buildRemoteWrite } from './remote-write';
import {
  buildFileSdScrapeConfig,
  buildKubernetesEndpointsScrapeConfig,
  buildKubernetesPodsScrapeConfig,
  buildStaticScrapeConfig,
} from './scrape';

describe('scrape configs', () => {
  it('builds a static job with limits, bearer token file and TLS', () => {
    expect(
      buildStaticScrapeConfig('demo-api', ['api:3000'], {
        sampleLimit: 100,
        labelLimit: 10,
        bearerTokenFile: '/s/token',
        tls: { caFile: '/tls/ca.crt' },
        labels: { env: 'dev' },
      }),
    ).toEqual({
      job_name: 'demo-api',
      metrics_path: '/metrics',
      scheme: 'https',
      sample_limit: 100,
      label_limit: 10,
      authorization: { type: 'Bearer', credentials_file: '/s/token' },
      tls_config: { ca_file: '/tls/ca.crt' },
      static_configs: [{ targets: ['api:3000'], labels: { env: 'dev' } }],
    });
  });

  it('adds static labels to file_sd targets through relabelling', () => {
    const job = buildFileSdScrapeConfig('api', ['targets/*.json'], {
      labels: { env: 'prod' },
      refreshInterval: '1m',
    });
    expect(job.file_sd_configs).toEqual([{ files: ['targets/*.json'], refresh_interval: '1m' }]);
    expect(job.relabel_configs).toEqual([{ target_label: 'env', replacement: 'prod', action: 'replace' }]);
  });

  it('keeps only pods annotated prometheus.io/scrape and honours port, path and scheme annotations', () => {
    const job = buildKubernetesPodsScrapeConfig({ namespaces: ['apps'] });
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['apps'] } }]);
    expect(job.relabel_configs?.slice(0, 4)).toEqual([
      {
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
        regex: 'true',
        action: 'keep',
      },
      {
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scheme'],
        regex: '(https?)',
        target_label: '__scheme__',
        action: 'replace',
      },
      {
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'],
        regex: '(.+)',
        target_label: '__metrics_path__',
        action: 'replace',
      },
      {
        source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
        regex: '([^:]+)(?::\\d+)?;(\\d+)',
        replacement: '$1:$2',
        target_label: '__address__',
        action: 'replace',
      },
    ]);
    // The address rewrite really moves the port: "10.0.0.7:8080;3000" -> "10.0.0.7:3000".
    const rewrite = job.relabel_configs?.[3];
    const regex = new RegExp(`^(?:${rewrite?.regex})$`);
    expect('10.0.0.7:8080;3000'.replace(regex, '$1:$2')).toBe('10.0.0.7:3000');
    expect(job.relabel_configs?.some((r) => r.action === 'labelmap')).toBe(false);
  });

  it('reads the service annotations in the endpoints job', () => {
    const job = buildKubernetesEndpointsScrapeConfig();
    expect(job.job_name).toBe('kubernetes-endpoints');
    expect(job.relabel_configs?.[0].source_labels).toEqual([
      '__meta_kubernetes_service_annotation_prometheus_io_scrape',
    ]);
    expect(job.relabel_configs?.map((r) => r.target_label)).toContain('service');
  });
});

describe('alerting', () => {
  it('lists every Alertmanager peer and can drop the replica label', () => {
    expect(buildStaticAlerting(['am-0:9093', 'am-1:9093'], { dropLabels: ['replica'] })).toEqual({
      alert_relabel_configs: [{ regex: 'replica', action: 'labeldrop' }],
      alertmanagers: [
        { api_version: 'v2', scheme: 'http', static_configs: [{ targets: ['am-0:9093', 'am-1:9093'] }] },
      ],
    });
  });

  it('discovers Alertmanager through its Service endpoints', () => {
    const am = buildKubernetesAlerting({ namespace: 'obs', serviceName: 'am', portName: 'http' })
      .alertmanagers[0];
    expect(am.kubernetes_sd_configs).toEqual([{ role: 'endpoints', namespaces: { names: ['obs'] } }]);
    expect(am.relabel_configs?.map((r) => [r.source_labels?.[0], r.regex, r.action])).toEqual([
      ['__meta_kubernetes_service_name', 'am', 'keep'],
      ['__meta_kubernetes_endpoint_port_name', 'http', 'keep'],
    ]);
  });
});

describe('remote_write', () => {
  it('keeps every series by default and drops the model-labelled buckets only when asked', () => {
    expect(MODEL_HISTOGRAM_BUCKETS).toContain(`${METRICS.genai.clientOperationDuration.name}_bucket`);
    expect(MODEL_HISTOGRAM_BUCKETS).not.toContain(`${METRICS.http.serverRequestDuration.name}_bucket`);
    const rw = buildRemoteWrite('http://mimir:9009/api/v1/push', {
      style: 'mimir',
      tenant: 'team-a',
      dropLabels: ['pod'],
    });
    expect(rw.headers).toEqual({ 'X-Scope-OrgID': 'team-a' });
    expect(rw.write_relabel_configs).toEqual([{ regex: 'pod', action: 'labeldrop' }]);
    expect(rw.queue_config).toMatchObject({ max_samples_per_send: 2000, retry_on_http_429: true });
    const trimmed = buildRemoteWrite('http://mimir:9009/api/v1/push', {
      dropSeries: MODEL_HISTOGRAM_BUCKETS,
    });
    expect(trimmed.write_relabel_configs).toEqual([
      { source_labels: ['__name__'], regex: MODEL_HISTOGRAM_BUCKETS.join('|'), action: 'drop' },
    ]);
  });

  it('uses the Thanos tenant header and merges queue settings', () => {
    const rw = buildRemoteWrite('http://thanos:19291/api/v1/receive', {
      style: 'thanos',
      tenant: 't',
      dropSeries: [],
      queue: { max_shards: 10 },
    });
    expect(rw.headers).toEqual({ 'THANOS-TENANT': 't' });
    expect(rw.write_relabel_configs).toBeUndefined();
    expect(rw.queue_config?.max_shards).toBe(10);
    expect(rw.queue_config?.capacity).toBe(10_000);
  });
});
