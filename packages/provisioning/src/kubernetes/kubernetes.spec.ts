import { loadAll } from 'js-yaml';
import { ObskitValidationError } from '@obskit/catalog';
import { renderYamlDocuments } from '../render';
import { buildDashboardConfigMaps } from './dashboard-config-maps';
import { buildServiceMonitor } from './service-monitor';

describe('buildServiceMonitor', () => {
  it('selects the app Service and carries the extra labels the operator selects on', () => {
    const sm = buildServiceMonitor({
      name: 'demo-api',
      namespace: 'obskit',
      selector: { 'app.kubernetes.io/name': 'demo-api' },
      labels: { release: 'kube-prometheus-stack' },
      bearerTokenSecret: { name: 'demo-api-metrics', key: 'token' },
    });
    const [doc] = loadAll(renderYamlDocuments([sm])) as Record<string, unknown>[];
    expect(doc).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: {
        name: 'demo-api',
        namespace: 'obskit',
        labels: {
          'app.kubernetes.io/name': 'demo-api',
          'app.kubernetes.io/managed-by': 'obskit',
          release: 'kube-prometheus-stack',
        },
      },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'demo-api' } },
        namespaceSelector: { matchNames: ['obskit'] },
        sampleLimit: 20000,
        labelLimit: 30,
        endpoints: [
          {
            port: 'http',
            path: '/metrics',
            interval: '15s',
            scrapeTimeout: '10s',
            honorLabels: false,
            authorization: { type: 'Bearer', credentials: { name: 'demo-api-metrics', key: 'token' } },
          },
        ],
      },
    });
  });

  it('reports every invalid name, label and duration', () => {
    let error: unknown;
    try {
      buildServiceMonitor({
        name: 'Demo_API',
        namespace: 'obskit',
        selector: {},
        interval: '15 seconds',
        scrapeTimeout: '10s1m',
        labels: { 'bad key!': 'x'.repeat(64) },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitValidationError);
    const messages = (error as ObskitValidationError).problems.map((p) => p.message);
    expect(messages).toEqual([
      'Invalid object name "Demo_API": must be a DNS-1123 subdomain (lower-case letters, digits, "-", "."; at most 253 characters)',
      'Invalid label key "bad key!": must be [DNS-subdomain prefix/]name, name matching /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/ and at most 63 characters',
      `Invalid label value "${'x'.repeat(64)}" of "bad key!": must match /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/ and have at most 63 characters`,
      'Invalid duration "15 seconds": must be a Prometheus duration like 30s, 5m or 1h30m',
      'Invalid duration "10s1m": must be a Prometheus duration like 30s, 5m or 1h30m',
      'Invalid selector {}: an empty selector would scrape every Service of the namespace',
    ]);
  });
});

describe('buildDashboardConfigMaps', () => {
  it('makes one ConfigMap per dashboard labelled grafana_dashboard: "1"', () => {
    const json = '{"uid":"obskit-slos","title":"SLOs"}\n';
    const maps = buildDashboardConfigMaps(
      { 'obskit-slos': json, 'obskit-ai-agent-overview': '{}\n' },
      { namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } },
    );
    const docs = loadAll(renderYamlDocuments(maps)) as {
      metadata: Record<string, unknown>;
      data: Record<string, string>;
    }[];
    expect(docs.map((d) => d.metadata.name)).toEqual([
      'grafana-dashboard-obskit-ai-agent-overview',
      'grafana-dashboard-obskit-slos',
    ]);
    expect(docs[1].metadata).toEqual({
      name: 'grafana-dashboard-obskit-slos',
      namespace: 'monitoring',
      labels: {
        grafana_dashboard: '1',
        'app.kubernetes.io/managed-by': 'obskit',
        release: 'kube-prometheus-stack',
      },
      annotations: { grafana_folder: 'obskit' },
    });
    // The label value must stay the string "1" in YAML, which the sidecar matches on.
    expect(renderYamlDocuments(maps)).toContain("grafana_dashboard: '1'");
    expect(docs[1].data).toEqual({ 'obskit-slos.json': json });
  });

  it('refuses a dashboard larger than a ConfigMap can hold', () => {
    expect(() =>
      buildDashboardConfigMaps({ big: 'x'.repeat(1024 * 1024 + 1) }, { namespace: 'monitoring' }),
    ).toThrow('Invalid dashboard size "1048577 bytes": a ConfigMap holds at most 1048576 bytes');
  });
});
