import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { load } from 'js-yaml';
import { freePort, makeTempDir, requireBinary, runBinary, waitFor, type TempDir } from '@obskit/testing';
import { renderDeploymentTree, type DeploymentService } from '../src/index';
import { composeSchemaValidator } from './compose-schema';

jest.setTimeout(120_000);

/**
 * Nine targets on loopback ports nothing listens on: the shards list them (down) all the same, which is
 * all the split needs. Static targets without `run`, so nothing has to be reached by a Compose name.
 */
const TARGETS = Array.from({ length: 9 }, (_, i) => `127.0.0.1:${41101 + i}`);
const SERVICES: DeploymentService[] = [
  { name: 'orders-api', targets: { static: TARGETS.slice(0, 5) } },
  { name: 'agent-worker', targets: { static: TARGETS.slice(5) }, packs: ['agents', 'runtime', 'scrape'] },
];
const SHARDS = 3;
const tree = renderDeploymentTree({ profile: 'scale', services: SERVICES, scale: { shards: SHARDS } });
const shardFiles = Object.keys(tree).filter((p) => /^prometheus\/[^/]+\.yml$/.test(p));

/** Prometheus' `hashmod`: the low 8 bytes of the MD5 of the source value, big-endian, modulo `modulus`. */
const hashmod = (value: string, modulus: number): number =>
  Number(createHash('md5').update(value).digest().readBigUInt64BE(8) % BigInt(modulus));

interface ComposeFileShape {
  services: Record<string, { image?: string; command?: string[]; working_dir?: string; depends_on?: object }>;
  volumes: Record<string, object>;
}

let temp: TempDir;
beforeAll(async () => {
  // The real tools, or a failure that says how to install them (CI=true: never a skip).
  requireBinary('promtool');
  requireBinary('prometheus');
  requireBinary('vmalert');
  temp = await makeTempDir('obskit-scale-tree-');
  for (const [path, content] of Object.entries(tree)) {
    await mkdir(dirname(join(temp.path, path)), { recursive: true });
    await writeFile(join(temp.path, path), content);
  }
});
afterAll(async () => {
  await temp?.cleanup();
});

describe('the scale deployment tree', () => {
  it('writes one agent config per shard (no prometheus.yml), the rules, their tests and alertmanager.yml', () => {
    expect(shardFiles).toEqual([
      'prometheus/prometheus-agent-0.yml',
      'prometheus/prometheus-agent-1.yml',
      'prometheus/prometheus-agent-2.yml',
    ]);
    expect(tree['prometheus/rules/http.rules.yml']).toBeDefined();
    expect(tree['prometheus/tests/agents.test.yml']).toBeDefined();
    expect(tree['alertmanager/alertmanager.yml']).toContain('receivers:');
  });

  it('has shard configs the real promtool 3.5.3 accepts in agent mode', async () => {
    for (const file of shardFiles) {
      const result = await runBinary('promtool', ['check', 'config', '--agent', file], { cwd: temp.path });
      expect({ file, code: result.code, output: result.stdout + result.stderr }).toEqual({
        file,
        code: 0,
        output: expect.stringContaining('SUCCESS'),
      });
    }
  });

  it('has rule files the real vmalert 1.145 reads with the flags the tree gives it', async () => {
    const compose = load(tree['docker-compose.monitoring.yml']) as ComposeFileShape;
    const vmalert = compose.services.vmalert;
    // Compose runs vmalert in /etc/prometheus, the tree's prometheus/ folder: so does this check.
    expect(vmalert.working_dir).toBe('/etc/prometheus');
    const rules = (vmalert.command ?? []).filter((a) => a.startsWith('-rule='));
    expect(rules).toEqual(['-rule=rules/*.yml']);
    const result = await runBinary('vmalert', ['-dryRun', ...rules], { cwd: join(temp.path, 'prometheus') });
    const output = result.stdout + result.stderr;
    expect({ code: result.code, fatal: output.match(/\tfatal\t.*/g) ?? [] }).toEqual({ code: 0, fatal: [] });
    const ruleFiles = Object.keys(tree).filter((p) => p.startsWith('prometheus/rules/')).length;
    expect(output).toContain(`finished reading ${ruleFiles} files`);
  });

  it('splits the targets by hashmod: real Prometheus agents started from the files keep disjoint parts that cover every target', async () => {
    const prometheus = requireBinary('prometheus');
    const children: ChildProcess[] = [];
    try {
      const urls = await Promise.all(
        shardFiles.map(async (file, i) => {
          const port = await freePort();
          const child = spawn(
            prometheus,
            [
              '--agent',
              `--config.file=${join(temp.path, file)}`,
              `--storage.agent.path=${join(temp.path, `agent-data-${i}`)}`,
              `--web.listen-address=127.0.0.1:${port}`,
            ],
            { stdio: 'ignore' },
          );
          children.push(child);
          const url = `http://127.0.0.1:${port}`;
          await waitFor(`shard ${i} to be ready at ${url}`, async () => (await fetch(`${url}/-/ready`)).ok);
          return url;
        }),
      );
      const sharded = [...TARGETS, 'alertmanager:9093'];
      const activeOf = async (url: string) => {
        const body = (await (await fetch(`${url}/api/v1/targets?state=active`)).json()) as {
          data: {
            activeTargets: { labels: Record<string, string>; discoveredLabels: Record<string, string> }[];
          };
        };
        return body.data.activeTargets;
      };
      // Discovery runs after /-/ready: wait until every shard lists its own (unsharded) target.
      const lists = await waitFor('every shard to list its targets', async () => {
        const all = await Promise.all(urls.map(activeOf));
        return all.every((targets) => targets.some((t) => t.labels.job === 'prometheus')) && all;
      });
      // The sharded jobs: the services' and Alertmanager's (each shard scrapes itself unsharded).
      const kept = lists.map((targets) =>
        targets
          .filter((t) => t.labels.job !== 'prometheus')
          .map((t) => t.discoveredLabels.__address__)
          .sort(),
      );
      const expected = Array.from({ length: SHARDS }, (_, shard) =>
        sharded.filter((address) => hashmod(address, SHARDS) === shard).sort(),
      );
      expect(kept).toEqual(expected);
      expect(kept.flat().sort()).toEqual([...sharded].sort());
      // The fixture's addresses land on every shard, so the split is visible.
      for (const part of kept) expect(part.length).toBeGreaterThan(0);
    } finally {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    }
  });

  it('remote-writes every shard into VictoriaMetrics, and Grafana queries VictoriaMetrics', () => {
    for (const file of shardFiles) {
      const config = load(tree[file]) as { remote_write: { url: string }[] };
      expect(config.remote_write.map((w) => w.url)).toEqual(['http://victoriametrics:8428/api/v1/write']);
    }
    const ds = load(tree['grafana/provisioning/datasources/obskit.yml']) as {
      datasources: { uid: string; url: string }[];
    };
    expect(ds.datasources.find((d) => d.uid === 'obskit-prometheus')?.url).toBe(
      'http://victoriametrics:8428',
    );
    expect(ds.datasources.find((d) => d.uid === 'obskit-alertmanager')?.url).toBe('http://alertmanager:9093');
  });

  it('follows the VictoriaMetrics URL of the options everywhere: shards, vmalert and Grafana', () => {
    const custom = renderDeploymentTree({
      profile: 'scale',
      services: SERVICES,
      scale: { victoriaMetricsUrl: 'https://vm.example.internal:8443/' },
    });
    expect(Object.keys(custom).filter((p) => /^prometheus\/[^/]+\.yml$/.test(p))).toEqual([
      'prometheus/prometheus-agent-0.yml',
      'prometheus/prometheus-agent-1.yml',
    ]);
    expect(custom['prometheus/prometheus-agent-1.yml']).toContain(
      'url: https://vm.example.internal:8443/api/v1/write',
    );
    const compose = load(custom['docker-compose.monitoring.yml']) as ComposeFileShape;
    expect(compose.services.vmalert.command).toEqual(
      expect.arrayContaining([
        '-datasource.url=https://vm.example.internal:8443',
        '-remoteWrite.url=https://vm.example.internal:8443',
        '-remoteRead.url=https://vm.example.internal:8443',
        '-notifier.url=http://alertmanager:9093',
      ]),
    );
    const ds = load(custom['grafana/provisioning/datasources/obskit.yml']) as {
      datasources: { uid: string; url: string }[];
    };
    expect(ds.datasources.find((d) => d.uid === 'obskit-prometheus')?.url).toBe(
      'https://vm.example.internal:8443',
    );
    expect(custom['README.md']).toContain('-datasource.url=https://vm.example.internal:8443');
  });

  it('has a Compose file (compose-spec schema) with the shards, VictoriaMetrics, vmalert, Alertmanager and Grafana', () => {
    const compose = load(tree['docker-compose.monitoring.yml']) as ComposeFileShape;
    expect(composeSchemaValidator()(compose)).toBe(true);
    expect(Object.keys(compose.services)).toEqual([
      'prometheus-agent-0',
      'prometheus-agent-1',
      'prometheus-agent-2',
      'victoriametrics',
      'vmalert',
      'alertmanager',
      'grafana',
    ]);
    expect(compose.services['prometheus-agent-1'].command).toEqual([
      '--agent',
      '--config.file=/etc/prometheus/prometheus-agent-1.yml',
      '--storage.agent.path=/prometheus',
      '--web.enable-lifecycle',
    ]);
    expect(compose.services.victoriametrics.image).toBe('victoriametrics/victoria-metrics:v1.145.0');
    expect(compose.services.vmalert.image).toBe('victoriametrics/vmalert:v1.145.0');
    expect(compose.services.grafana.depends_on).toHaveProperty('victoriametrics');
    expect(Object.keys(compose.volumes)).toEqual(
      expect.arrayContaining(['prometheus-agent-0-data', 'victoriametrics-data']),
    );
    expect(Object.keys(compose.volumes)).not.toContain('prometheus-data');
  });

  it('refuses retention (the shards keep no TSDB) and a shard count that is not a whole number ≥ 1', () => {
    expect(() =>
      renderDeploymentTree({ profile: 'scale', services: SERVICES, storage: { retention: { time: '30d' } } }),
    ).toThrow(/Invalid scale profile options/);
    expect(() =>
      renderDeploymentTree({ profile: 'scale', services: SERVICES, scale: { shards: 0 } }),
    ).toThrow(/Invalid scale profile options/);
  });
});
