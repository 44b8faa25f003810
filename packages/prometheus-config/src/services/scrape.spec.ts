import { ObskitValidationError } from '@obskit/catalog';
import { buildServiceScrapeConfigs } from './scrape';
import type { ServiceOptions } from './types';

describe('buildServiceScrapeConfigs', () => {
  it('makes one job per service, named by the service, with its path, auth and limits', () => {
    const [orders, worker] = buildServiceScrapeConfigs(
      [
        {
          name: 'orders-api',
          targets: { static: ['localhost:4000'] },
          metricsPath: '/api/metrics',
          scrapeInterval: '30s',
          scrapeTimeout: '5s',
          auth: { bearerTokenFile: '/s/orders-token' },
          sampleLimit: 5000,
        },
        {
          name: 'agent-worker',
          targets: { fileSd: ['targets/worker.json'] },
          auth: { basicAuth: { username: 'prom', passwordFile: '/s/worker-pw' } },
          tlsCaFile: '/s/ca.crt',
        },
      ],
      { sampleLimit: 20000, labelLimit: 30 },
    );
    expect(orders).toEqual({
      job_name: 'orders-api',
      scrape_interval: '30s',
      scrape_timeout: '5s',
      metrics_path: '/api/metrics',
      scheme: 'http',
      sample_limit: 5000,
      label_limit: 30,
      authorization: { type: 'Bearer', credentials_file: '/s/orders-token' },
      static_configs: [{ targets: ['localhost:4000'] }],
    });
    expect(worker).toMatchObject({
      job_name: 'agent-worker',
      metrics_path: '/metrics',
      scheme: 'https', // a CA implies TLS unless the scheme says otherwise
      basic_auth: { username: 'prom', password_file: '/s/worker-pw' },
      tls_config: { ca_file: '/s/ca.crt' },
      file_sd_configs: [{ files: ['targets/worker.json'] }],
    });
  });

  it('discovers a Kubernetes service by its labels and port name, escaping regex characters', () => {
    const [job] = buildServiceScrapeConfigs([
      {
        name: 'orders-api',
        targets: {
          kubernetes: {
            namespace: 'shop',
            labels: { 'app.kubernetes.io/name': 'orders.api' },
            port: 'http-metrics',
          },
        },
      },
    ]);
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'endpoints', namespaces: { names: ['shop'] } }]);
    expect(job.relabel_configs?.slice(0, 2)).toEqual([
      {
        source_labels: ['__meta_kubernetes_service_label_app_kubernetes_io_name'],
        regex: 'orders\\.api',
        action: 'keep',
      },
      { source_labels: ['__meta_kubernetes_endpoint_port_name'], regex: 'http-metrics', action: 'keep' },
    ]);
  });

  it('lists every bad service at once, with its index', () => {
    const bad = [
      { name: 'Orders API', targets: { static: ['a:1'] } },
      { name: 'worker', targets: { static: ['a:1'], fileSd: ['x.json'] } },
      { name: 'worker', targets: {}, metricsPath: 'metrics' },
    ] as unknown as ServiceOptions[];
    let error: unknown;
    try {
      buildServiceScrapeConfigs(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitValidationError);
    expect((error as ObskitValidationError).problems.map((p) => `${p.subject}: ${p.message}`)).toEqual([
      'services[0]: Invalid service name "Orders API": must match /^[a-z][a-z0-9_-]*$/',
      "services[1]: Invalid targets of \"worker\": expected exactly one of { static: ['host:port'] }, { kubernetes: { labels, port } }, { fileSd: ['file.json'] }",
      'services[2]: Duplicate service name "worker": each service is one job',
      "services[2]: Invalid targets of \"worker\": expected exactly one of { static: ['host:port'] }, { kubernetes: { labels, port } }, { fileSd: ['file.json'] }",
      'services[2]: Invalid metricsPath "metrics": must start with "/"',
    ]);
  });
});
