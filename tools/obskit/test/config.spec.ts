import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { makeTempDir, type TempDir } from '@obskit/testing';
import { EXIT_CODES } from '../src/exit-codes';
import { runCli } from './support';

jest.setTimeout(120_000);

let temp: TempDir;
let project: string;
beforeAll(async () => {
  temp = await makeTempDir('obskit-config-cli-');
  project = join(temp.path, 'orders');
  mkdirSync(join(project, 'src'), { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: '@acme/orders-api', version: '1.0.0' }),
  );
  // As after `npm i -D @obskit/cli`: the config's `import { defineConfig } from '@obskit/cli'` resolves.
  mkdirSync(join(project, 'node_modules', '@obskit'), { recursive: true });
  symlinkSync(resolve(__dirname, '..'), join(project, 'node_modules', '@obskit', 'cli'), 'dir');
});
afterAll(async () => {
  await temp?.cleanup();
});

describe('obskit init', () => {
  it('writes a commented obskit.config.ts for the project and prints the next commands', async () => {
    const run = await runCli(['init', '--port', '4000', '--metrics-path', '/api/metrics'], { cwd: project });
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      [
        'wrote     obskit.config.ts (service "orders-api" at localhost:4000/api/metrics)',
        'Next:',
        '  npx obskit generate    # write deployment/ from it',
        '  npx obskit validate    # check deployment/ with promtool and amtool',
        '  npx obskit up          # run Prometheus and Alertmanager against your service',
      ].join('\n'),
    );
    const text = readFileSync(join(project, 'obskit.config.ts'), 'utf8');
    expect(text).toContain("import { defineConfig } from '@obskit/cli';");
    expect(text).toContain("name: 'orders-api',");
    expect(text).toContain("targets: { static: ['localhost:4000'] },");
    expect(text).toContain("metricsPath: '/api/metrics',");
  });

  it('refuses to replace an existing config without --force (exit 3)', async () => {
    const again = await runCli(['init', '--name', 'other'], { cwd: project });
    expect(again).toEqual({
      code: EXIT_CODES.handEdited,
      out: '',
      err: 'obskit: error: Refusing to write obskit.config.ts: obskit.config.ts already exists here; edit it, or re-run with --force to replace it [OBSKIT_HAND_EDITED]',
    });
    expect(readFileSync(join(project, 'obskit.config.ts'), 'utf8')).toContain("name: 'orders-api',");
  });

  it('rejects a bad --name or --port with exit 2', async () => {
    const name = await runCli(['init', '--name', 'Orders API', '--force'], { cwd: project });
    expect(name.code).toBe(EXIT_CODES.usage);
    expect(name.err).toBe(
      'obskit: error: Invalid --name "Orders API": expected a job name matching /^[a-z][a-z0-9_-]*$/ [OBSKIT_USAGE]',
    );
    const port = await runCli(['init', '--port', 'http', '--force'], { cwd: project });
    expect(port.err).toBe(
      'obskit: error: Invalid --port "http": expected a port number from 1 to 65535 [OBSKIT_USAGE]',
    );
  });
});

describe('obskit generate / check with the config', () => {
  it('finds the config upward, generates from it and records config and env in the manifest', async () => {
    const run = await runCli(['generate', '--out', '../deployment'], { cwd: join(project, 'src') });
    expect(run.code).toBe(0);
    expect(run.err).toContain('from ../obskit.config.ts');
    const prometheus = readFileSync(join(project, 'deployment', 'prometheus', 'prometheus.yml'), 'utf8');
    expect(prometheus).toContain('job_name: orders-api');
    expect(prometheus).toContain('metrics_path: /api/metrics');
    expect(prometheus).toContain('localhost:4000');
    expect(prometheus).not.toContain('demo-api');
    const manifest = JSON.parse(readFileSync(join(project, 'deployment', '.obskit-manifest.json'), 'utf8'));
    expect(manifest.options).toEqual({ profile: 'compose', config: '../obskit.config.ts' });

    const check = await runCli(['check'], { cwd: project });
    expect(check).toMatchObject({
      code: 0,
      out: 'deployment is up to date (profile compose, config ../obskit.config.ts)',
    });
  });

  it('check regenerates from the recorded config: an edit of the config is drift', async () => {
    const file = join(project, 'obskit.config.ts');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace("metricsPath: '/api/metrics'", "metricsPath: '/internal/metrics'"));
    try {
      const check = await runCli(['check'], { cwd: project });
      expect(check.code).toBe(EXIT_CODES.failed);
      expect(check.out).toContain('  changed   prometheus/prometheus.yml');
      expect(check.out).toContain(
        'Run: npx obskit generate --out deployment --config obskit.config.ts --profile compose',
      );
    } finally {
      writeFileSync(file, before);
    }
  });

  it('--env merges an environment and picks its profile; the manifest records it', async () => {
    const dir = join(temp.path, 'envs');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'monitoring.json'),
      JSON.stringify({
        services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }],
        environments: {
          kubernetes: {
            services: [
              {
                name: 'orders-api',
                targets: { kubernetes: { namespace: 'shop', labels: { app: 'orders' }, port: 'http' } },
              },
            ],
          },
        },
      }),
    );
    const run = await runCli(
      ['generate', '--config', 'monitoring.json', '--env', 'kubernetes', '--out', 'k8s'],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'k8s', '.obskit-manifest.json'), 'utf8'));
    expect(manifest.options).toEqual({
      profile: 'kubernetes',
      config: '../monitoring.json',
      env: 'kubernetes',
    });
    expect((await runCli(['check', '--out', 'k8s'], { cwd: dir })).code).toBe(0);
  });

  it("grafana.dashboardSchema 'v2' writes Grafana's v2beta1 dashboard resources, and check keeps them", async () => {
    const dir = join(temp.path, 'v2');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'obskit.config.json'),
      JSON.stringify({
        services: [{ name: 'orders-api', targets: { static: ['orders-api:4000'] } }],
        grafana: { dashboardSchema: 'v2' },
      }),
    );
    const run = await runCli(['generate', '--out', 'deployment'], { cwd: dir });
    expect(run.code).toBe(0);
    const out = join(dir, 'deployment');
    const resource = JSON.parse(
      readFileSync(join(out, 'grafana', 'dashboards-v2', 'obskit-system-health.json'), 'utf8'),
    );
    expect(resource).toMatchObject({
      apiVersion: 'dashboard.grafana.app/v2beta1',
      kind: 'Dashboard',
      metadata: { name: 'obskit-system-health' },
      spec: { title: 'System Health', layout: { kind: 'RowsLayout' } },
    });
    expect(existsSync(join(out, 'grafana', 'dashboards'))).toBe(false);
    expect(readFileSync(join(out, 'docker-compose.monitoring.yml'), 'utf8')).toContain(
      'GF_FEATURE_TOGGLES_ENABLE: provisioning,kubernetesDashboards,dashboardNewLayouts',
    );
    expect((await runCli(['check', '--out', 'deployment'], { cwd: dir })).code).toBe(0);
  });

  it('kubernetes.nodeExporter (here in the kubernetes environment) adds the node_exporter objects; off by default', async () => {
    const dir = join(temp.path, 'node-exporter');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'obskit.config.json'),
      JSON.stringify({
        services: [{ name: 'orders-api', targets: { static: ['orders-api:4000'] } }],
        environments: { kubernetes: { kubernetes: { nodeExporter: true } } },
      }),
    );
    expect((await runCli(['generate', '--out', 'base'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'base', 'kubernetes', 'node-exporter.yaml'))).toBe(false);
    expect(readFileSync(join(dir, 'base', 'README.md'), 'utf8')).toContain(
      'set `kubernetes: { nodeExporter: true }` in the obskit',
    );

    expect((await runCli(['generate', '--env', 'kubernetes', '--out', 'k8s'], { cwd: dir })).code).toBe(0);
    const objects = loadAll(readFileSync(join(dir, 'k8s', 'kubernetes', 'node-exporter.yaml'), 'utf8')) as {
      kind: string;
      metadata: { namespace: string };
    }[];
    expect(objects.map((o) => [o.kind, o.metadata.namespace])).toEqual([
      ['DaemonSet', 'monitoring'],
      ['Service', 'monitoring'],
      ['ServiceMonitor', 'monitoring'],
    ]);
    // A Prometheus run without the operator scrapes the DaemonSet's Service as job node too.
    const k8sPrometheus = load(readFileSync(join(dir, 'k8s', 'prometheus', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; kubernetes_sd_configs?: unknown }[];
    };
    expect(k8sPrometheus.scrape_configs.find((c) => c.job_name === 'node')?.kubernetes_sd_configs).toEqual([
      { role: 'endpoints', namespaces: { names: ['monitoring'] } },
    ]);
    expect((await runCli(['check', '--out', 'k8s'], { cwd: dir })).code).toBe(0);

    writeFileSync(
      join(dir, 'obskit.config.json'),
      JSON.stringify({
        services: [{ name: 'orders-api', targets: { static: ['orders-api:4000'] } }],
        kubernetes: { nodeExporter: 'yes' },
      }),
    );
    const bad = await runCli(['generate', '--out', 'bad'], { cwd: dir });
    expect(bad.code).toBe(EXIT_CODES.invalidConfig);
    expect(bad.err).toContain(
      'kubernetes.nodeExporter: "yes" is not true or false [OBSKIT_CONFIG_INVALID_VALUE]',
    );
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });

  it('--env agent generates the agent profile (agent mode, remote_write) and validate checks it with --agent', async () => {
    const dir = join(temp.path, 'agent-env');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'obskit.config.json'),
      JSON.stringify({
        services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }],
        environments: {
          agent: {
            storage: {
              remoteWrite: [{ kind: 'mimir', url: 'https://mimir.example.com/api/v1/push', tenant: 'shop' }],
            },
          },
        },
      }),
    );
    const run = await runCli(['generate', '--env', 'agent'], { cwd: dir });
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'deployment', '.obskit-manifest.json'), 'utf8'));
    expect(manifest.options).toMatchObject({ profile: 'agent', env: 'agent' });
    const prometheus = load(
      readFileSync(join(dir, 'deployment', 'prometheus', 'prometheus.yml'), 'utf8'),
    ) as {
      remote_write?: { url: string; headers?: Record<string, string> }[];
      rule_files?: unknown;
      alerting?: unknown;
    };
    expect(prometheus.remote_write?.map((w) => [w.url, w.headers?.['X-Scope-OrgID']])).toEqual([
      ['https://mimir.example.com/api/v1/push', 'shop'],
    ]);
    expect(prometheus.rule_files).toBeUndefined();
    expect(prometheus.alerting).toBeUndefined();
    expect(existsSync(join(dir, 'deployment', 'docker-compose.monitoring.yml'))).toBe(false);
    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.out).toContain('promtool check config --agent prometheus/prometheus.yml');
    expect(validate.code).toBe(0);
  });

  it('an invalid config: every problem, exit 4, nothing written', async () => {
    const dir = join(temp.path, 'invalid');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'obskit.config.json'),
      JSON.stringify({
        services: [
          { name: 'orders-api', targets: { static: ['localhost:4000'] }, auth: { bearerToken: 's3cr3t' } },
          { name: 'agent-worker', targets: { static: ['localhost'] }, metricPath: '/metrics' },
        ],
      }),
    );
    const run = await runCli(['generate'], { cwd: dir });
    expect(run).toEqual({
      code: EXIT_CODES.invalidConfig,
      out: '',
      err: [
        'obskit: error: Invalid obskit config in obskit.config.json: 3 problems [OBSKIT_INVALID_CONFIG]',
        '  - services[0].auth.bearerToken: a secret is never written in the config: put it in a file and give its path as "bearerTokenFile" [OBSKIT_CONFIG_INLINE_SECRET]',
        '  - services[1].targets.static[0]: "localhost" is not host:port [OBSKIT_CONFIG_INVALID_VALUE]',
        '  - services[1].metricPath: unknown key "metricPath"; did you mean "metricsPath"? [OBSKIT_CONFIG_UNKNOWN_KEY]',
      ].join('\n'),
    });
    expect(existsSync(join(dir, 'deployment'))).toBe(false);
    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.code).toBe(EXIT_CODES.invalidConfig);
  });

  it('an unknown --env is a usage error naming the closest environment', async () => {
    const run = await runCli(['generate', '--env', 'prod'], { cwd: project });
    expect(run).toEqual({
      code: EXIT_CODES.usage,
      out: '',
      err: 'obskit: error: Unknown environment "prod": expected one of dev, compose, kubernetes, production, agent, scale (did you mean "production"?) [OBSKIT_CONFIG_UNKNOWN_ENVIRONMENT]',
    });
  });

  it('without a config: exit 2 naming where it looked and how to create one, nothing written', async () => {
    const dir = join(temp.path, 'bare');
    mkdirSync(dir);
    const run = await runCli(['generate', '--out', 'x', '--profile', 'dev'], { cwd: dir });
    expect(run).toEqual({
      code: EXIT_CODES.usage,
      out: '',
      err: `obskit: error: No obskit.config.ts (or .mts/.mjs/.js/.cjs/.json) in ${dir} or any parent directory: create obskit.config.ts with \`npx obskit init --name <service> --port <port>\`, or pass --config FILE [OBSKIT_CONFIG_NOT_FOUND]`,
    });
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});
