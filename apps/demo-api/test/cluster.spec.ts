import { freePort, makeTempDir, promtoolCheckMetrics, type TempDir } from '@obskit/testing';
import { join } from 'node:path';
import { buildApp, startDemoProcess, type DemoProcess } from './process';

jest.setTimeout(60_000);

const sampleOf = (exposition: string, series: string): number | undefined => {
  const line = exposition.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('DEMO_WORKERS=2 (Node cluster)', () => {
  let tmp: TempDir;
  let proc: DemoProcess;
  let url: string;

  beforeAll(async () => {
    buildApp();
    tmp = await makeTempDir('demo-api-cluster-');
    proc = startDemoProcess({
      PORT: String(await freePort()),
      DEMO_WORKERS: '2',
      DATABASE_PATH: join(tmp.path, 'cluster.sqlite'),
      DEMO_TIME_SCALE: '0',
    });
    url = await proc.listening;
  });
  afterAll(async () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
    await tmp.cleanup();
  });

  it('serves on /metrics the sum over both workers, whichever answers the scrape', async () => {
    // Round-robin spreads these over both workers; no single worker saw all ten.
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${url}/sessions`, { method: 'POST', headers: { connection: 'close' } });
      expect(res.status).toBe(201);
    }
    for (let i = 0; i < 4; i++) {
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(sampleOf(text, 'obskit_user_sessions_started_total')).toBe(10);
      expect(sampleOf(text, 'obskit_user_sessions_active')).toBe(10);
      expect(sampleOf(text, 'obskit_cluster_scrape_workers{worker_outcome="answered"}')).toBe(2);
      expect(sampleOf(text, 'obskit_cluster_scrape_workers{worker_outcome="timeout"}')).toBe(0);
    }
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  });

  it('switches a scenario on every worker', async () => {
    expect((await fetch(`${url}/scenarios/latency-spike`, { method: 'POST' })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 200));
    const workers = new Set<number>();
    for (let i = 0; i < 6; i++) {
      const health = (await (await fetch(`${url}/healthz`, { headers: { connection: 'close' } })).json()) as {
        status: string;
        scenarios: string[];
        worker: number;
      };
      expect(health).toMatchObject({ status: 'ok', scenarios: ['latency-spike'] });
      workers.add(health.worker);
    }
    // New connections are spread over both workers, so both have the scenario on.
    expect([...workers].sort()).toEqual([0, 1]);
    await fetch(`${url}/scenarios/latency-spike`, { method: 'DELETE' });
  });

  it('stops both workers on SIGTERM and exits 0', async () => {
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.stdout()).toMatch(/demo-api stopped\n$/);
  });
});
