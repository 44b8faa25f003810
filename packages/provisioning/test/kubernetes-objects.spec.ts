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

describe.each([
  ['the demo (deployment/)', demoFiles],
  ['a two-service fixture', fixtureFiles],
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
