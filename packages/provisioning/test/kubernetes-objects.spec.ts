import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { renderDeploymentTree, TREE_PATHS, type DeploymentService } from '../src/index';
import { validateWithModels } from './kubernetes-models';

/**
 * Every Kubernetes object obskit generates is checked against Kubernetes' own schemas (kubernetes-models)
 * and the Prometheus Operator's CRD schemas (@kubernetes-models/prometheus-operator), through the
 * packages' `.validate()`: the demo's committed deployment/ tree and a fixture with two services.
 */

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

const objectsOf = (files: Record<string, string>): K8sObject[] =>
  Object.entries(files)
    .filter(([path]) => path.startsWith('kubernetes/') && path.endsWith('.yaml'))
    .flatMap(([, text]) => (loadAll(text) as (K8sObject | null)[]).filter((o): o is K8sObject => o !== null));

const DEMO_DIR = join(__dirname, '../../../deployment');
const demoFiles: Record<string, string> = Object.fromEntries(
  readdirSync(join(DEMO_DIR, 'kubernetes')).map((f) => [
    `kubernetes/${f}`,
    readFileSync(join(DEMO_DIR, 'kubernetes', f), 'utf8'),
  ]),
);

const SERVICES: DeploymentService[] = [
  {
    name: 'orders-api',
    team: 'payments',
    targets: {
      kubernetes: {
        namespace: 'shop',
        labels: { 'app.kubernetes.io/name': 'orders-api' },
        port: 'http-metrics',
      },
    },
    metricsPath: '/api/metrics',
    auth: { bearerTokenFile: 'secrets/orders-metrics-token' },
  },
  { name: 'agent-worker', targets: { static: ['agent-worker:9464'] }, packs: ['agents', 'runtime'] },
];
const fixtureFiles = renderDeploymentTree({
  profile: 'kubernetes',
  services: SERVICES,
});

// The opt-in node_exporter DaemonSet, Service and ServiceMonitor (`kubernetes.nodeExporter`).
const nodeExporterFiles = renderDeploymentTree({
  profile: 'kubernetes',
  services: SERVICES,
  kubernetes: { nodeExporter: true },
});

describe.each([
  ['the demo (deployment/)', demoFiles],
  ['a two-service fixture', fixtureFiles],
  ['the fixture with kubernetes.nodeExporter', nodeExporterFiles],
])('the Kubernetes objects of %s', (_, files) => {
  const objects = objectsOf(files);

  it('has a ServiceMonitor, a PrometheusRule and dashboard ConfigMaps', () => {
    const kinds = new Set(objects.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['ConfigMap', 'PrometheusRule', 'ServiceMonitor']),
    );
  });

  it('validates every object against the Kubernetes and Prometheus Operator schemas', () => {
    const verdicts = validateWithModels(objects);
    expect(verdicts).toHaveLength(objects.length);
    expect(verdicts.filter((v) => v.error !== null)).toEqual([]);
  });

  it('labels dashboard ConfigMaps for the Grafana sidecar (grafana_dashboard: "1", folder annotation)', () => {
    const maps = objects.filter((o) => o.kind === 'ConfigMap');
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      expect(map.metadata.labels?.grafana_dashboard).toBe('1');
      expect(map.metadata.annotations?.grafana_folder).toBe('obskit');
    }
  });
});

describe('kube-prometheus-stack discovery labels', () => {
  const releaseOf = (files: Record<string, string>) =>
    objectsOf(files).map((o) => [o.kind, o.metadata.name, o.metadata.labels?.release]);
  const expected = (files: Record<string, string>, release: string) =>
    objectsOf(files).map((o) => [o.kind, o.metadata.name, release]);

  it('puts release: kube-prometheus-stack (its default ruleSelector/serviceMonitorSelector) on every object by default', () => {
    expect(releaseOf(fixtureFiles)).toEqual(expected(fixtureFiles, 'kube-prometheus-stack'));
    expect(releaseOf(demoFiles)).toEqual(expected(demoFiles, 'kube-prometheus-stack'));
    const named = renderDeploymentTree({
      profile: 'kubernetes',
      services: SERVICES,
      kubernetesLabels: { release: 'prom', team: 'sre' },
    });
    expect(releaseOf(named)).toEqual(expected(named, 'prom'));
    expect(objectsOf(named).every((o) => o.metadata.labels?.team === 'sre')).toBe(true);
    expect(Object.keys(fixtureFiles)).toEqual(
      expect.arrayContaining([
        TREE_PATHS.serviceMonitor,
        TREE_PATHS.prometheusRule,
        TREE_PATHS.dashboardConfigMaps,
      ]),
    );
  });
});

describe('node_exporter on Kubernetes (opt-in)', () => {
  const nodeObjects = (files: Record<string, string>) =>
    objectsOf(files).filter((o) => o.metadata.name === 'obskit-node-exporter' || o.kind === 'DaemonSet');

  it('is off by default: no file, no DaemonSet, no Service, no node_exporter ServiceMonitor', () => {
    for (const files of [fixtureFiles, demoFiles]) {
      expect(Object.keys(files)).not.toContain(TREE_PATHS.nodeExporter);
      expect(nodeObjects(files)).toEqual([]);
    }
    expect(objectsOf(fixtureFiles).map((o) => o.kind)).not.toContain('Service');
    expect(renderDeploymentTree({ profile: 'kubernetes', services: SERVICES, kubernetes: {} })).toEqual(
      fixtureFiles,
    );
  });

  it('turned on, writes kubernetes/node-exporter.yaml with the three objects, valid and discoverable', () => {
    expect(Object.keys(nodeExporterFiles)).toContain(TREE_PATHS.nodeExporter);
    const objects = nodeObjects(nodeExporterFiles);
    expect(objects.map((o) => o.kind)).toEqual(['DaemonSet', 'Service', 'ServiceMonitor']);
    expect(validateWithModels(objects)).toEqual([
      { kind: 'DaemonSet', name: 'obskit-node-exporter', error: null },
      { kind: 'Service', name: 'obskit-node-exporter', error: null },
      { kind: 'ServiceMonitor', name: 'obskit-node-exporter', error: null },
    ]);
    // The apps/v1 model bites too: a DaemonSet whose hostPID is not a boolean is refused.
    const [daemonSet] = objects as (K8sObject & { spec: { template: { spec: object } } })[];
    const broken = {
      ...daemonSet,
      spec: { ...daemonSet.spec, template: { spec: { ...daemonSet.spec.template.spec, hostPID: 'yes' } } },
    };
    expect(validateWithModels([broken])[0].error).toContain('hostPID must be boolean');
    // The same discovery label as the services' ServiceMonitor, so the same Prometheus selects it.
    const [serviceMonitor] = objectsOf(nodeExporterFiles).filter((o) => o.kind === 'ServiceMonitor');
    for (const o of objects) expect(o.metadata.labels?.release).toBe(serviceMonitor.metadata.labels?.release);
    const named = renderDeploymentTree({
      profile: 'kubernetes',
      services: SERVICES,
      kubernetes: { nodeExporter: true },
      namespace: 'observability',
      kubernetesLabels: { release: 'prom' },
    });
    expect(
      nodeObjects(named).map((o) => [
        o.kind,
        (o.metadata as { namespace?: string }).namespace,
        o.metadata.labels?.release,
      ]),
    ).toEqual([
      ['DaemonSet', 'observability', 'prom'],
      ['Service', 'observability', 'prom'],
      ['ServiceMonitor', 'observability', 'prom'],
    ]);
  });

  it('says in the README why it is off and how to turn it on, or what it needs when on', () => {
    expect(fixtureFiles['README.md']).toContain(
      'kube-prometheus-stack runs its own\nnode-exporter DaemonSet on every node',
    );
    expect(fixtureFiles['README.md']).toContain('set `kubernetes: { nodeExporter: true }` in the obskit');
    expect(nodeExporterFiles['README.md']).toContain(
      '`kubernetes/node-exporter.yaml` runs node_exporter 1.11.1',
    );
    expect(nodeExporterFiles['README.md']).toContain('Pod Security admission must allow');
  });

  it('refuses a kubernetes.nodeExporter that is not a boolean', () => {
    expect(() =>
      renderDeploymentTree({
        profile: 'kubernetes',
        kubernetes: { nodeExporter: 'yes' as unknown as boolean },
      }),
    ).toThrow('Invalid kubernetes.nodeExporter "yes": expected true or false');
  });
});

describe('the model validator', () => {
  it('rejects a broken object, naming the field (so the check above bites)', () => {
    const [monitor] = objectsOf(fixtureFiles).filter((o) => o.kind === 'ServiceMonitor');
    const spec = monitor.spec as { endpoints: Record<string, unknown>[] };
    const broken = { ...monitor, spec: { ...spec, endpoints: [{ ...spec.endpoints[0], port: 9464 }] } };
    const rule = objectsOf(fixtureFiles).find((o) => o.kind === 'PrometheusRule') as K8sObject;
    const brokenRule = { ...rule, spec: { groups: [{ rules: [{ expr: 'up == 0' }] }] } };
    const brokenMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { 'a.json': 5 } };
    const unknown = {
      apiVersion: 'monitoring.coreos.com/v9',
      kind: 'ServiceMonitor',
      metadata: { name: 'x' },
    };
    const verdicts = validateWithModels([broken, brokenRule, brokenMap, unknown]);
    expect(verdicts.map((v) => v.error)).toEqual([
      expect.stringContaining('endpoints/0/port must be string'),
      expect.stringContaining('groups/0 must have required property'),
      expect.stringContaining('data/a.json must be string'),
      'no model for apiVersion "monitoring.coreos.com/v9" kind "ServiceMonitor"',
    ]);
  });
});
