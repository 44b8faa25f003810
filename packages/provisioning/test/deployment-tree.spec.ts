import { load, loadAll } from 'js-yaml';
import {
  DEMO_COST_BUDGET_USD_PER_DAY,
  DEPLOYMENT_PROFILES,
  findLiteralSecrets,
  renderDeploymentTree,
  type DeploymentOptions,
  type DeploymentProfile,
} from '../src/index';
import { composeSchemaValidator } from './compose-schema';

const E2E: Omit<DeploymentOptions, 'profile'> = {
  target: '127.0.0.1:40001',
  prometheus: '127.0.0.1:40002',
  alertmanager: '127.0.0.1:40003',
  webhookUrl: 'http://127.0.0.1:40004/alerts',
};
const treeOf = (profile: DeploymentProfile) =>
  renderDeploymentTree({ profile, ...(profile === 'e2e' ? E2E : {}) });

function datasourceUidsIn(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => datasourceUidsIn(n, into));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'datasource' && value && typeof value === 'object' && 'uid' in value) {
        into.add(String((value as { uid: unknown }).uid));
      }
      datasourceUidsIn(value, into);
    }
  }
  return into;
}

describe.each(DEPLOYMENT_PROFILES)('the %s deployment tree', (profile) => {
  const tree = treeOf(profile);

  it('holds no secret written out in clear', () => {
    expect(findLiteralSecrets(tree)).toEqual([]);
  });

  it('is the same bytes every time', () => {
    expect(treeOf(profile)).toEqual(tree);
  });

  it('provisions every datasource uid the dashboards use', () => {
    const provisioned = (
      load(tree['grafana/provisioning/datasources/obskit.yml']) as { datasources: { uid: string }[] }
    ).datasources.map((d) => d.uid);
    const used = new Set<string>();
    for (const [path, content] of Object.entries(tree)) {
      if (!path.startsWith('grafana/dashboards/')) continue;
      const dashboard = JSON.parse(content) as {
        templating: { list: { name: string; type: string; query: string; current: { value: string } }[] };
      };
      // `${name}` is a datasource variable: it resolves to the variable's default uid, of its type.
      const variables = Object.fromEntries(
        dashboard.templating.list.filter((v) => v.type === 'datasource').map((v) => [`\${${v.name}}`, v]),
      );
      for (const uid of datasourceUidsIn(dashboard)) {
        const variable = variables[uid];
        if (variable) expect(variable.query).toBe('prometheus');
        used.add(variable ? variable.current.value : uid);
      }
    }
    expect([...used]).toContain('obskit-prometheus');
    expect([...used].filter((uid) => !provisioned.includes(uid))).toEqual([]);
  });

  it('ships each dashboard as a file and as a labelled ConfigMap', () => {
    const files = Object.keys(tree).filter((p) => p.startsWith('grafana/dashboards/'));
    const maps = loadAll(tree['kubernetes/grafana-dashboards.yaml']) as {
      metadata: { labels: Record<string, string> };
      data: Record<string, string>;
    }[];
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(maps.map((m) => Object.keys(m.data)[0]).sort()).toEqual(
      files.map((f) => f.split('/').pop()).sort(),
    );
    for (const m of maps) expect(m.metadata.labels.grafana_dashboard).toBe('1');
  });
});

describe('the compose deployment tree', () => {
  const tree = treeOf('compose');

  it('has a Compose file that passes the compose-spec schema and mounts every secret the configs name', () => {
    const validate = composeSchemaValidator();
    const compose = load(tree['docker-compose.monitoring.yml']) as {
      services: Record<string, { secrets?: string[] }>;
      secrets: Record<string, { file: string }>;
    };
    expect(validate(compose)).toBe(true);
    const referenced = new Set(
      [...tree['alertmanager/alertmanager.yml'].matchAll(/_file: \/run\/secrets\/([\w.-]+)/g)].map(
        (m) => m[1],
      ),
    );
    expect(referenced.size).toBeGreaterThan(0);
    for (const name of referenced) {
      expect(compose.services.alertmanager.secrets).toContain(name);
      expect(compose.secrets[name]).toEqual({ file: `./secrets/${name}` });
    }
  });

  it('has Grafana reach Prometheus and Alertmanager by their Compose service names', () => {
    const ds = load(tree['grafana/provisioning/datasources/obskit.yml']) as {
      datasources: { uid: string; url: string }[];
    };
    expect(ds.datasources.find((d) => d.uid === 'obskit-prometheus')?.url).toBe('http://prometheus:9090');
    expect(ds.datasources.find((d) => d.uid === 'obskit-alertmanager')?.url).toBe('http://alertmanager:9093');
    expect(tree['prometheus/prometheus.yml']).toContain('demo-api:3000');
  });
});

it('labels Kubernetes objects for the kube-prometheus-stack release and namespace given', () => {
  const tree = renderDeploymentTree({
    profile: 'kubernetes',
    namespace: 'observability',
    kubernetesLabels: { release: 'kube-prometheus-stack' },
  });
  const [sm] = loadAll(tree['kubernetes/service-monitor.yaml']) as { metadata: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(sm.metadata.namespace).toBe('observability');
  expect(sm.metadata.labels.release).toBe('kube-prometheus-stack');
  expect(tree['docker-compose.monitoring.yml']).toBeUndefined();
});

it('rejects invalid options, listing every problem', () => {
  expect(() =>
    renderDeploymentTree({
      profile: 'compose',
      target: 'no-port',
      namespace: 'Bad_NS',
      webhookUrl: 'ftp://x',
      costBudgetUsdPerDay: 0,
    }),
  ).toThrow(
    /Invalid target "no-port": expected host:port[\s\S]*Invalid webhook URL "ftp:\/\/x"[\s\S]*Invalid cost budget 0: expected a number of USD per day, at least 1[\s\S]*Invalid namespace "Bad_NS"/,
  );
});

describe('the daily cost budget of ObskitAgentCostBurnRateHigh', () => {
  const budgetIn = (tree: Record<string, string>) => {
    const file = load(tree['prometheus/rules/agents.rules.yml']) as {
      groups: { rules: { alert?: string; expr: string }[] }[];
    };
    const rule = file.groups.flatMap((g) => g.rules).find((r) => r.alert === 'ObskitAgentCostBurnRateHigh');
    return Number(/> (\d+(?:\.\d+)?)$/.exec(rule?.expr ?? '')?.[1]);
  };

  it("is 4x the demo's baseline spend in the stacks that run the demo, the alerts default elsewhere", () => {
    expect(DEMO_COST_BUDGET_USD_PER_DAY).toBe(4 * 320 * 5);
    expect(budgetIn(treeOf('dev'))).toBe(DEMO_COST_BUDGET_USD_PER_DAY);
    expect(budgetIn(treeOf('compose'))).toBe(DEMO_COST_BUDGET_USD_PER_DAY);
    expect(budgetIn(treeOf('kubernetes'))).toBe(100);
    expect(budgetIn(treeOf('production'))).toBe(100);
  });

  it('follows the option, and the promtool cases follow the budget', () => {
    const tree = renderDeploymentTree({ profile: 'production', costBudgetUsdPerDay: 2500 });
    expect(budgetIn(tree)).toBe(2500);
    const tests = tree['prometheus/tests/agents.test.yml'];
    expect(tests).toContain(
      'description: GenAI spend runs at 9k USD per day over the last 15m, above the daily budget of 2500 USD.',
    );
    expect(tests).toContain('name: "ObskitAgentCostBurnRateHigh: 1.25 USD per minute is 1.8k USD per day"');
  });
});
