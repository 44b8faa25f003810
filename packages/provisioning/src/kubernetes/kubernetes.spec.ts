import { loadAll } from 'js-yaml';
import { ObskitValidationError } from '@obskit/catalog';
import { DEFAULT_JOB_NAMES } from '@obskit/prometheus-config';
import { IMAGES } from '../images';
import { renderYamlDocuments } from '../render';
import { buildDashboardConfigMaps } from './dashboard-config-maps';
import { buildNodeExporterObjects } from './node-exporter';
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

/** What the node_exporter specs read of the three objects. */
interface NodeExporterDoc {
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    clusterIP?: string;
    selector: { matchLabels: Record<string, string> } & Record<string, string>;
    ports: { name: string }[];
    namespaceSelector: unknown;
    endpoints: { port: string; relabelings: unknown }[];
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        containers: {
          image: string;
          args: string[];
          securityContext: unknown;
          resources: unknown;
          volumeMounts: { name: string; mountPath: string; readOnly: boolean }[];
        }[];
        volumes: unknown;
      };
    };
  };
}

describe('buildNodeExporterObjects', () => {
  const [daemonSet, service, monitor] = loadAll(
    renderYamlDocuments(buildNodeExporterObjects({ namespace: 'obs', labels: { release: 'prom' } })),
  ) as NodeExporterDoc[];

  it('writes a DaemonSet, a headless Service and a ServiceMonitor, all named obskit-node-exporter', () => {
    expect([daemonSet, service, monitor].map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual(
      [
        ['DaemonSet', 'obskit-node-exporter', 'obs'],
        ['Service', 'obskit-node-exporter', 'obs'],
        ['ServiceMonitor', 'obskit-node-exporter', 'obs'],
      ],
    );
    for (const o of [daemonSet, service, monitor]) {
      expect(o.metadata.labels).toMatchObject({ release: 'prom', 'app.kubernetes.io/managed-by': 'obskit' });
    }
    expect(service.spec.clusterIP).toBe('None');
  });

  it('runs the pinned image on every node, in the host namespaces, non-root, read-only', () => {
    const pod = daemonSet.spec.template.spec;
    expect(pod).toMatchObject({
      hostNetwork: true,
      hostPID: true,
      tolerations: [{ operator: 'Exists' }],
      securityContext: { runAsNonRoot: true, runAsUser: 65534 },
    });
    const [container] = pod.containers;
    expect(container.image).toBe(IMAGES.nodeExporter);
    expect(daemonSet.metadata.labels['app.kubernetes.io/version']).toBe('1.11.1');
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '180Mi' },
      limits: { cpu: '250m', memory: '180Mi' },
    });
    expect(pod.volumes).toEqual([
      { name: 'proc', hostPath: { path: '/proc' } },
      { name: 'sys', hostPath: { path: '/sys' } },
      { name: 'root', hostPath: { path: '/' } },
    ]);
    // Each host path mounted read-only where the --path.* flag points.
    const mounts = Object.fromEntries(container.volumeMounts.map((m) => [m.name, [m.mountPath, m.readOnly]]));
    expect(mounts).toEqual({
      proc: ['/host/proc', true],
      sys: ['/host/sys', true],
      root: ['/host/root', true],
    });
    expect(container.args).toEqual(
      expect.arrayContaining([
        '--path.procfs=/host/proc',
        '--path.sysfs=/host/sys',
        '--path.rootfs=/host/root',
      ]),
    );
    expect(container.args.some((a) => a.startsWith('--collector.filesystem.mount-points-exclude='))).toBe(
      true,
    );
  });

  it('selects its own pods and Service, and relabels the targets to job "node", instance the node name', () => {
    const selector = daemonSet.spec.selector.matchLabels;
    expect(daemonSet.spec.template.metadata.labels).toMatchObject(selector);
    expect(service.spec.selector).toEqual(selector);
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['obs'] });
    const [endpoint] = monitor.spec.endpoints;
    expect(service.spec.ports.map((p) => p.name)).toEqual([endpoint.port]);
    expect(endpoint.relabelings).toEqual([
      { action: 'replace', targetLabel: 'job', replacement: DEFAULT_JOB_NAMES.node },
      {
        action: 'replace',
        sourceLabels: ['__meta_kubernetes_pod_node_name'],
        regex: '(.+)',
        targetLabel: 'instance',
        replacement: '$1',
      },
    ]);
    expect(DEFAULT_JOB_NAMES.node).toBe('node');
  });

  it('keeps the selector labels whatever the extra labels say', () => {
    const [, svc, sm] = buildNodeExporterObjects({
      namespace: 'obs',
      labels: { 'app.kubernetes.io/name': 'something-else' },
    }) as unknown as NodeExporterDoc[];
    expect(svc.metadata.labels).toMatchObject(sm.spec.selector.matchLabels);
  });

  it('reports an invalid namespace and labels', () => {
    expect(() => buildNodeExporterObjects({ namespace: 'Obs', labels: { 'bad key!': 'x' } })).toThrow(
      ObskitValidationError,
    );
  });
});

describe('buildServiceMonitor relabelings', () => {
  it('refuses a source or target that is not a label name, naming each', () => {
    let error: unknown;
    try {
      buildServiceMonitor({
        name: 'x',
        namespace: 'obs',
        selector: { app: 'x' },
        relabelings: [{ sourceLabels: ['pod-name'], targetLabel: 'job' }, { targetLabel: '1job' }],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitValidationError);
    expect((error as ObskitValidationError).problems.map((p) => [p.subject, p.message])).toEqual([
      [
        'serviceMonitor.relabelings[0]',
        'Invalid label name "pod-name": must match /^[a-zA-Z_][a-zA-Z0-9_]*$/',
      ],
      ['serviceMonitor.relabelings[1]', 'Invalid label name "1job": must match /^[a-zA-Z_][a-zA-Z0-9_]*$/'],
    ]);
  });
});
