import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  makeTempDir,
  promQuery,
  requireBinary,
  startPrometheus,
  waitFor,
  type RunningServer,
  type TempDir,
} from '@obskit/testing';

jest.setTimeout(120_000);

/** docs/operations.md, whose backup and restore commands this spec runs. */
const OPERATIONS = readFileSync(join(__dirname, '../../../docs/operations.md'), 'utf8');
const SNAPSHOT_COMMAND = 'curl -s -XPOST http://localhost:9090/api/v1/admin/tsdb/snapshot';

describe('docs/operations.md backup and restore, against the real Prometheus', () => {
  let source: RunningServer | undefined;
  let temp: TempDir;
  beforeAll(async () => {
    temp = await makeTempDir('obskit-operations-');
  });
  afterAll(async () => {
    await source?.stop();
    await temp.cleanup();
  });

  it('documents the snapshot call and the admin-API flag it needs', () => {
    expect(OPERATIONS).toContain(SNAPSHOT_COMMAND);
    expect(OPERATIONS).toContain('--web.enable-admin-api');
    expect(OPERATIONS).toContain('--storage.tsdb.path="/tmp/restore/$SNAP"');
  });

  it('takes a TSDB snapshot through the admin API and restores it into another Prometheus', async () => {
    const port = await freePort();
    const server = await startPrometheus({
      port,
      config: {
        global: { scrape_interval: '1s' },
        scrape_configs: [{ job_name: 'backup-source', static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
      },
      args: ['--web.enable-admin-api'],
    });
    source = server;
    await waitFor(
      'three scrapes of backup-source',
      async () => {
        const [sample] = await promQuery(server.url, 'count_over_time(up{job="backup-source"}[1m])');
        return Number(sample?.value[1] ?? 0) >= 3;
      },
      30_000,
    );

    // The documented call, with the test server's address in place of localhost:9090.
    const documented = /-X(\w+) http:\/\/localhost:9090(\S+)/.exec(SNAPSHOT_COMMAND) as RegExpExecArray;
    const [, method, path] = documented;
    const response = await fetch(`${server.url}${path}`, { method });
    const body = (await response.json()) as { status: string; data: { name: string } };
    expect(response.status).toBe(200);
    expect(body).toEqual({
      status: 'success',
      data: { name: expect.stringMatching(/^\d{8}T\d{6}Z-[0-9a-f]+$/) },
    });

    const snapshot = join(server.dir, 'data', 'snapshots', body.data.name);
    const blocks = readdirSync(snapshot).filter((entry) => existsSync(join(snapshot, entry, 'meta.json')));
    expect(blocks.length).toBeGreaterThan(0);
    const backup = join(temp.path, body.data.name);
    cpSync(snapshot, backup, { recursive: true });
    await server.stop();
    source = undefined;

    // Restore: a Prometheus with no scrape config serves the snapshot's data (docs section 4).
    const restoredPort = await freePort();
    const child = spawn(
      requireBinary('prometheus'),
      [
        '--config.file=/dev/null',
        `--storage.tsdb.path=${backup}`,
        `--web.listen-address=127.0.0.1:${restoredPort}`,
      ],
      { stdio: 'ignore' },
    );
    const restored = `http://127.0.0.1:${restoredPort}`;
    try {
      await waitFor('the restored Prometheus', async () => (await fetch(`${restored}/-/ready`)).ok, 30_000);
      const [count] = await promQuery(restored, 'count_over_time(up{job="backup-source"}[1h])');
      expect(Number(count.value[1])).toBeGreaterThanOrEqual(3);
      expect(count.metric).toEqual({ instance: `127.0.0.1:${port}`, job: 'backup-source' });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('refuses the snapshot call without --web.enable-admin-api', async () => {
    const server = await startPrometheus({ config: { global: { scrape_interval: '1m' } } });
    try {
      const response = await fetch(`${server.url}/api/v1/admin/tsdb/snapshot`, { method: 'POST' });
      const body = (await response.json()) as { status: string; error: string };
      expect(body.status).toBe('error');
      expect(body.error).toMatch(/admin APIs disabled/);
    } finally {
      await server.stop();
    }
  });
});
