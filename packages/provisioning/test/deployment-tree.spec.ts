import { load, loadAll } from 'js-yaml';
import {
  DEPLOYMENT_PROFILES,
  TREE_PATHS,
  findLiteralSecrets,
  renderDeploymentTree,
  type DeploymentOptions,
  type DeploymentProfile,
  type DeploymentService,
} from '../src/index';
import { composeSchemaValidator } from './compose-schema';

/**
 * The fixture's services: orders-api (metrics at /api/metrics behind a bearer token read from a file,
 * run from a pinned image) and agent-worker (`:9464/metrics`, run from a command).
 */
const SERVICES: DeploymentService[] = [
  {
    name: 'orders-api',
    team: 'payments',
    targets: { static: ['orders-api:4000'] },
    metricsPath: '/api/metrics',
    auth: { bearerTokenFile: 'secrets/orders-metrics-token' },
    run: { image: 'ghcr.io/acme/orders-api:1.4.2', port: 4000 },
  },
  {
    name: 'agent-worker',
    targets: { static: ['agent-worker:9464'] },
    run: { command: 'npm run worker', cwd: '..' },
    packs: ['agents', 'runtime', 'scrape'],
  },
];
const E2E: Omit<DeploymentOptions, 'profile'> = {
  services: [{ name: 'app', targets: { static: ['127.0.0.1:40001'] } }],
  prometheus: '127.0.0.1:40002',
  alertmanager: '127.0.0.1:40003',
  webhookUrl: 'http://127.0.0.1:40004/alerts',
};
/** Where an agent forwards its samples: the config's `storage.remoteWrite`, as `obskit generate` passes it. */
const REMOTE_WRITE = {
  remoteWrite: [{ kind: 'mimir', url: 'http://mimir:9009', tenant: 'team-a' }],
} as const;
const treeOf = (profile: DeploymentProfile) =>
  renderDeploymentTree({
    profile,
    ...(profile === 'e2e' ? E2E : { services: SERVICES }),
    ...(profile === 'agent' ? { storage: REMOTE_WRITE } : {}),
  });

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

  it('writes every number as a person would (no binary float noise like 0.010000000000000009)', () => {
    const noise = /\d\.\d*(?:0{6,}[1-9]|9{6,}\d)/g;
    const found = Object.entries(tree).flatMap(([path, content]) =>
      (content.match(noise) ?? []).map((n) => `${path}: ${n}`),
    );
    expect(found).toEqual([]);
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
    // The dashboards of the services' packs (orders-api: HTTP; agent-worker: agents); e2e: all six.
    expect(files.map((f) => f.split('/').pop()).sort()).toEqual(
      profile === 'e2e'
        ? expect.arrayContaining(['obskit-slos.json', 'obskit-task-orchestration.json'])
        : ['obskit-ai-agent-overview.json', 'obskit-executive-summary.json', 'obskit-system-health.json'],
    );
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
    expect(tree['prometheus/prometheus.yml']).toContain('orders-api:4000');
  });

  it('runs each service from its image or command, and mounts its scrape token into Prometheus as a secret', () => {
    const compose = load(tree['docker-compose.monitoring.yml']) as {
      services: Record<string, { image?: string; command?: string[]; secrets?: string[] }>;
      secrets: Record<string, { file: string }>;
    };
    expect(Object.keys(compose.services)).toEqual([
      'orders-api',
      'agent-worker',
      'prometheus',
      'alertmanager',
      'node-exporter',
      'grafana',
    ]);
    expect(tree['prometheus/prometheus.yml']).toContain('- host.docker.internal:9100');
    expect(compose.services['orders-api'].image).toBe('ghcr.io/acme/orders-api:1.4.2');
    expect(compose.services['agent-worker'].command).toEqual(['sh', '-c', 'npm run worker']);
    expect(tree['prometheus/prometheus.yml']).toContain(
      'credentials_file: /run/secrets/orders-metrics-token',
    );
    expect(compose.services.prometheus.secrets).toEqual(['orders-metrics-token']);
    // orders-api gets its own token too, at the same path, to check what Prometheus presents.
    expect(compose.services['orders-api'].secrets).toEqual(['orders-metrics-token']);
    expect(compose.services['agent-worker'].secrets).toBeUndefined();
    expect(compose.secrets['orders-metrics-token']).toEqual({ file: './secrets/orders-metrics-token' });
    expect(JSON.stringify(compose)).not.toContain('demo');
  });

  it('routes the notifications and keeps the retention asked for', () => {
    const custom = renderDeploymentTree({
      profile: 'compose',
      services: SERVICES,
      notifications: {
        receivers: [
          { name: 'oncall', pagerduty: { routingKeyFile: 'secrets/pd-key' } },
          { name: 'chat', slack: { apiUrlFile: 'secrets/slack-url', channel: '#payments' } },
        ],
        routes: [{ receiver: 'oncall', severity: 'critical', team: 'payments' }],
        defaultReceiver: 'chat',
      },
      storage: { retention: { time: '30d', size: '20GB' } },
    });
    const am = custom['alertmanager/alertmanager.yml'];
    expect(am).toContain('routing_key_file: /run/secrets/pd-key');
    expect(am).toContain('api_url_file: /run/secrets/slack-url');
    const compose = load(custom['docker-compose.monitoring.yml']) as {
      services: Record<string, { command?: string[]; secrets?: string[] }>;
    };
    expect(compose.services.alertmanager.secrets).toEqual(['pd-key', 'slack-url']);
    expect(compose.services.prometheus.command).toEqual(
      expect.arrayContaining(['--storage.tsdb.retention.time=30d', '--storage.tsdb.retention.size=20GB']),
    );
  });
});

it('refuses a Compose service the stack runs but Prometheus would look for elsewhere', () => {
  expect(() =>
    renderDeploymentTree({
      profile: 'compose',
      services: [
        { name: 'orders-api', targets: { static: ['localhost:4000'] }, run: { image: 'acme/orders:1.0.0' } },
      ],
    }),
  ).toThrow(
    'Invalid targets ["localhost:4000"] of "orders-api": the Compose stack runs it, so Prometheus reaches it as "orders-api:<port>" (static targets)',
  );
});

describe('grafana options', () => {
  const tree = renderDeploymentTree({
    profile: 'compose',
    services: SERVICES,
    grafana: {
      url: 'https://grafana.acme.io',
      folder: 'Payments Observability',
      adminPasswordFile: './secrets/admin-pw',
      datasourceTlsCaFile: '/etc/grafana/ca.crt',
      extraDatasources: [
        { kind: 'loki', name: 'Logs', url: 'http://loki.acme:3100' },
        { kind: 'jaeger', name: 'Traces', url: 'http://jaeger.acme:16686' },
      ],
    },
  });
  const ds = (
    load(tree['grafana/provisioning/datasources/obskit.yml']) as {
      datasources: {
        type: string;
        name: string;
        url: string;
        jsonData: Record<string, unknown>;
        secureJsonData?: Record<string, string>;
      }[];
    }
  ).datasources;

  it('provisions the extra datasources in place of the default Tempo and Loki, and the CA as $__file{}', () => {
    expect(ds.map((d) => [d.type, d.name, d.url])).toEqual([
      ['prometheus', 'Prometheus', 'http://prometheus:9090'],
      ['alertmanager', 'Alertmanager', 'http://alertmanager:9093'],
      ['jaeger', 'Traces', 'http://jaeger.acme:16686'],
      ['loki', 'Logs', 'http://loki.acme:3100'],
    ]);
    expect(ds[0].jsonData.tlsAuthWithCACert).toBe(true);
    expect(ds[0].secureJsonData?.tlsCACert).toBe('$__file{/etc/grafana/ca.crt}');
  });

  it("with the Loki it names, System Health shows the services' logs from it (none without)", () => {
    const logsOf = (files: Record<string, string>) =>
      (
        JSON.parse(files['grafana/dashboards/obskit-system-health.json']) as {
          panels: { type: string; datasource?: unknown }[];
        }
      ).panels
        .filter((p) => p.type === 'logs')
        .map((p) => p.datasource);
    expect(logsOf(tree)).toEqual([{ type: 'loki', uid: 'obskit-loki' }]);
    expect(ds.find((d) => d.type === 'loki')?.jsonData.derivedFields).toBeDefined();
    expect(logsOf(renderDeploymentTree({ profile: 'compose', services: SERVICES }))).toEqual([]);
  });

  it('puts the dashboards in the folder and takes the admin password file and public URL', () => {
    expect(tree['grafana/provisioning/dashboards/obskit.yml']).toContain('folder: Payments Observability');
    expect(tree['grafana/provisioning/dashboards/obskit.yml']).toContain('folderUid: payments-observability');
    const compose = load(tree['docker-compose.monitoring.yml']) as {
      services: Record<string, { environment?: Record<string, string> }>;
      secrets: Record<string, { file: string }>;
    };
    expect(compose.secrets['grafana-admin-password']).toEqual({ file: './secrets/admin-pw' });
    expect(compose.services.grafana.environment?.GF_SERVER_ROOT_URL).toBe(
      '${GRAFANA_ROOT_URL:-https://grafana.acme.io}',
    );
  });
});

describe("grafana.dashboardSchema 'v2'", () => {
  const v1 = renderDeploymentTree({ profile: 'compose', services: SERVICES });
  const tree = renderDeploymentTree({
    profile: 'compose',
    services: SERVICES,
    grafana: { dashboardSchema: 'v2' },
  });
  const v1Dashboards = Object.keys(v1).filter((f) => f.startsWith('grafana/dashboards/'));
  const v2Dashboards = Object.keys(tree).filter((f) => f.startsWith('grafana/dashboards-v2/'));

  it('writes each dashboard as a v2beta1 resource in grafana/dashboards-v2, and no classic provisioning of them', () => {
    expect(v1Dashboards.length).toBeGreaterThan(0);
    expect(v2Dashboards.map((f) => f.split('/').pop())).toEqual(v1Dashboards.map((f) => f.split('/').pop()));
    for (const file of v2Dashboards) {
      const resource = JSON.parse(tree[file]) as {
        apiVersion: string;
        kind: string;
        metadata: { name: string };
      };
      expect([resource.apiVersion, resource.kind]).toEqual(['dashboard.grafana.app/v2beta1', 'Dashboard']);
      expect(`grafana/dashboards-v2/${resource.metadata.name}.json`).toBe(file);
    }
    expect(Object.keys(tree).filter((f) => f.startsWith('grafana/dashboards/'))).toEqual([]);
    expect(tree['grafana/provisioning/dashboards/obskit.yml']).toBeUndefined();
    // The sidecar of kube-prometheus-stack provisions classically: the ConfigMaps keep the v1 JSON.
    expect(tree['kubernetes/grafana-dashboards.yaml']).toBe(v1['kubernetes/grafana-dashboards.yaml']);
    expect(tree['README.md']).toContain('local path `conf/provisioning/obskit`');
  });

  it('has Compose mount them where on-prem file provisioning may read, with its feature toggles on', () => {
    const compose = load(tree['docker-compose.monitoring.yml']) as {
      services: Record<string, { environment?: Record<string, string>; volumes?: string[] }>;
    };
    expect(composeSchemaValidator()(compose)).toBe(true);
    const grafana = compose.services.grafana;
    expect(grafana.environment?.GF_FEATURE_TOGGLES_ENABLE).toBe(
      'provisioning,kubernetesDashboards,dashboardNewLayouts',
    );
    expect(grafana.volumes).toContain(
      './grafana/dashboards-v2:/usr/share/grafana/conf/provisioning/obskit:ro',
    );
    expect(grafana.volumes?.some((v) => v.startsWith('./grafana/dashboards:'))).toBe(false);
  });

  it('leaves the default tree classic, and refuses a schema it does not know', () => {
    expect(Object.keys(v1).some((f) => f.startsWith('grafana/dashboards-v2/'))).toBe(false);
    expect(v1['docker-compose.monitoring.yml']).not.toContain('GF_FEATURE_TOGGLES_ENABLE');
    expect(() =>
      renderDeploymentTree({
        profile: 'dev',
        grafana: { dashboardSchema: 'v3' as 'v2' },
      }),
    ).toThrow('Invalid dashboard schema "v3": expected one of v1, v2');
  });
});

it('writes one ServiceMonitor per service: its Kubernetes selector and port, else app.kubernetes.io/name', () => {
  const tree = renderDeploymentTree({
    profile: 'kubernetes',
    services: [
      {
        name: 'orders-api',
        targets: { kubernetes: { namespace: 'shop', labels: { app: 'orders' }, port: 'metrics' } },
        metricsPath: '/api/metrics',
        auth: { bearerTokenFile: '/var/run/secrets/orders/token' },
      },
      { name: 'agent-worker', targets: { static: ['agent-worker:9464'] } },
    ],
  });
  const monitors = loadAll(tree['kubernetes/service-monitor.yaml']) as {
    metadata: { name: string; namespace: string };
    spec: { selector: { matchLabels: object }; endpoints: Record<string, unknown>[] };
  }[];
  expect(monitors.map((m) => [m.metadata.name, m.metadata.namespace, m.spec.selector.matchLabels])).toEqual([
    ['orders-api', 'shop', { app: 'orders' }],
    ['agent-worker', 'monitoring', { 'app.kubernetes.io/name': 'agent-worker' }],
  ]);
  expect(monitors[0].spec.endpoints[0]).toMatchObject({
    port: 'metrics',
    path: '/api/metrics',
    authorization: { type: 'Bearer', credentials: { name: 'orders-api-scrape-auth', key: 'token' } },
  });
  expect(tree['prometheus/prometheus.yml']).toContain('job_name: orders-api');
  expect(renderDeploymentTree({ profile: 'kubernetes' })['kubernetes/service-monitor.yaml']).toBeUndefined();
});

it('names the Secret of each ServiceMonitor with scrape auth and says how to create it, never its content', () => {
  const tree = renderDeploymentTree({
    profile: 'kubernetes',
    services: [
      {
        name: 'orders-api',
        targets: { kubernetes: { namespace: 'shop', labels: { app: 'orders' }, port: 'metrics' } },
        auth: { bearerTokenFile: '/var/run/secrets/orders/token' },
      },
      {
        name: 'agent-worker',
        targets: { static: ['agent-worker:9464'] },
        auth: { basicAuth: { username: 'prom', passwordFile: 'secrets/worker-password' } },
      },
      { name: 'open-api', targets: { static: ['open-api:80'] } },
    ],
  });
  const text = tree['kubernetes/service-monitor.yaml'];
  expect(text).toContain(
    '#   kubectl create secret generic orders-api-scrape-auth --namespace shop --from-file=token=/var/run/secrets/orders/token',
  );
  expect(text).toContain(
    '#   kubectl create secret generic agent-worker-scrape-auth --namespace monitoring --from-literal=username=prom --from-file=worker-password=secrets/worker-password',
  );
  expect(text).not.toContain('open-api-scrape-auth');
  const monitors = loadAll(text) as { spec: { endpoints: Record<string, unknown>[] } }[];
  expect(monitors[1].spec.endpoints[0].basicAuth).toEqual({
    username: { name: 'agent-worker-scrape-auth', key: 'username' },
    password: { name: 'agent-worker-scrape-auth', key: 'worker-password' },
  });
  expect(monitors[2].spec.endpoints[0]).not.toHaveProperty('authorization');
  expect(monitors[2].spec.endpoints[0]).not.toHaveProperty('basicAuth');
});

it('labels Kubernetes objects for the kube-prometheus-stack release and namespace given', () => {
  const tree = renderDeploymentTree({
    profile: 'kubernetes',
    services: SERVICES,
    namespace: 'observability',
    kubernetesLabels: { release: 'kube-prometheus-stack' },
  });
  const [sm] = loadAll(tree['kubernetes/service-monitor.yaml']) as { metadata: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(sm.metadata.namespace).toBe('observability');
  expect(sm.metadata.labels.release).toBe('kube-prometheus-stack');
  expect(tree['docker-compose.monitoring.yml']).toBeUndefined();
});

it('scrapes the node_exporter it is given as job node, in place of the Compose default', () => {
  const jobs = (tree: Record<string, string>) =>
    (
      load(tree['prometheus/prometheus.yml']) as {
        scrape_configs: { job_name: string; static_configs?: { targets: string[] }[] }[];
      }
    ).scrape_configs
      .filter((c) => c.job_name === 'node')
      .map((c) => c.static_configs?.flatMap((s) => s.targets));
  expect(jobs(renderDeploymentTree({ profile: 'compose' }))).toEqual([['host.docker.internal:9100']]);
  expect(jobs(renderDeploymentTree({ profile: 'dev' }))).toEqual([]);
  expect(jobs(renderDeploymentTree({ profile: 'dev', nodeExporter: '127.0.0.1:9100' }))).toEqual([
    ['127.0.0.1:9100'],
  ]);
  expect(() => renderDeploymentTree({ profile: 'dev', nodeExporter: 'localhost' })).toThrow(
    'Invalid nodeExporter "localhost": expected host:port',
  );
});

it("with kubernetes.nodeExporter, scrapes the DaemonSet's Service from the kubernetes prometheus.yml too", () => {
  const nodeJobs = (tree: Record<string, string>) =>
    (
      load(tree['prometheus/prometheus.yml']) as {
        scrape_configs: {
          job_name: string;
          kubernetes_sd_configs?: unknown[];
          relabel_configs?: { source_labels?: string[]; regex?: string; action?: string }[];
        }[];
      }
    ).scrape_configs.filter((c) => c.job_name === 'node');
  expect(nodeJobs(renderDeploymentTree({ profile: 'kubernetes' }))).toEqual([]);
  expect(
    nodeJobs(renderDeploymentTree({ profile: 'kubernetes', kubernetes: { nodeExporter: false } })),
  ).toEqual([]);
  const tree = renderDeploymentTree({
    profile: 'kubernetes',
    namespace: 'obs',
    kubernetes: { nodeExporter: true },
  });
  const [job] = nodeJobs(tree);
  expect(job.kubernetes_sd_configs).toEqual([{ role: 'endpoints', namespaces: { names: ['obs'] } }]);
  // The Service and port the objects of kubernetes/node-exporter.yaml define.
  const service = (
    loadAll(tree[TREE_PATHS.nodeExporter]) as {
      kind: string;
      metadata: { name: string; namespace: string };
      spec: { ports?: { name: string }[] };
    }[]
  ).find((o) => o.kind === 'Service');
  expect(job.relabel_configs?.filter((r) => r.action === 'keep')).toEqual([
    { source_labels: ['__meta_kubernetes_service_name'], regex: service?.metadata.name, action: 'keep' },
    {
      source_labels: ['__meta_kubernetes_endpoint_port_name'],
      regex: service?.spec.ports?.[0].name,
      action: 'keep',
    },
  ]);
  expect(service?.metadata).toMatchObject({ name: 'obskit-node-exporter', namespace: 'obs' });
  // Only the kubernetes profile discovers the DaemonSet's Service.
  expect(nodeJobs(renderDeploymentTree({ profile: 'dev', kubernetes: { nodeExporter: true } }))).toEqual([]);
});

it('rejects invalid options, listing every problem', () => {
  expect(() =>
    renderDeploymentTree({
      profile: 'compose',
      prometheus: 'no-port',
      namespace: 'Bad_NS',
      webhookUrl: 'ftp://x',
      costBudgetUsdPerDay: 0,
    }),
  ).toThrow(
    /Invalid prometheus "no-port": expected host:port[\s\S]*Invalid webhook URL "ftp:\/\/x"[\s\S]*Invalid cost budget 0: expected a number of USD per day, at least 1[\s\S]*Invalid namespace "Bad_NS"/,
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

  it('is the alerts default (100 USD/day) in every profile unless given', () => {
    // Without services every pack is rendered, the agents pack (and its cost alert) included.
    for (const profile of ['dev', 'compose', 'kubernetes', 'production'] as const) {
      expect({ profile, budget: budgetIn(renderDeploymentTree({ profile })) }).toEqual({
        profile,
        budget: 100,
      });
    }
  });

  it('follows the option, and the promtool cases follow the budget', () => {
    const tree = renderDeploymentTree({ profile: 'production', costBudgetUsdPerDay: 2500 });
    expect(budgetIn(tree)).toBe(2500);
    const tests = tree['prometheus/tests/agents.test.yml'];
    expect(tests).toContain(
      'GenAI spend runs at 9k USD per day over the last 15m, above the daily budget of 2500 USD.',
    );
    expect(tests).toContain('name: "ObskitAgentCostBurnRateHigh: 1.25 USD per minute is 1.8k USD per day"');
  });

  it('can be one per service, each alert scoped to its job', () => {
    const agentsOf = (name: string) => ({
      name,
      targets: { static: [`${name}:9464`] },
      packs: ['agents' as const],
    });
    const tree = renderDeploymentTree({
      profile: 'production',
      services: [agentsOf('planner'), agentsOf('writer')],
      costBudgetUsdPerDay: { planner: 300 },
    });
    const file = load(tree['prometheus/rules/agents.rules.yml']) as {
      groups: { name: string; rules: { alert?: string; expr: string }[] }[];
    };
    const budgets = file.groups.map((g) => [
      g.name,
      Number(
        /> (\d+(?:\.\d+)?)$/.exec(
          g.rules.find((r) => r.alert === 'ObskitAgentCostBurnRateHigh')?.expr ?? '',
        )?.[1],
      ),
    ]);
    expect(budgets).toEqual([
      ['obskit-agents-planner', 300],
      ['obskit-agents-writer', 100],
    ]);
    expect(() =>
      renderDeploymentTree({
        profile: 'production',
        services: [agentsOf('planner')],
        costBudgetUsdPerDay: { ghost: 5 },
      }),
    ).toThrow('Unknown service "ghost" in the cost budget: expected one of planner');
  });
});

describe('the agent deployment tree', () => {
  it('forwards to the remote_write target of the config (Mimir push path, tenant header)', () => {
    const config = load(treeOf('agent')['prometheus/prometheus.yml']) as {
      remote_write?: { url: string; headers?: Record<string, string> }[];
    };
    expect(config.remote_write?.map((w) => [w.url, w.headers?.['X-Scope-OrgID']])).toEqual([
      ['http://mimir:9009/api/v1/push', 'team-a'],
    ]);
  });

  it('is refused without a remote_write target, naming the missing option', () => {
    expect(() => renderDeploymentTree({ profile: 'agent', services: SERVICES })).toThrow(
      /Missing option "storage.remoteWrite"/,
    );
  });
});
