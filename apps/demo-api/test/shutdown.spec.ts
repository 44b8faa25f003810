import Database from 'better-sqlite3';
import { makeTempDir, type TempDir } from '@obskit/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, startDemoProcess, type DemoProcess } from './process';

jest.setTimeout(60_000);

describe('node dist/main.js', () => {
  let tmp: TempDir;
  let proc: DemoProcess | undefined;

  beforeAll(async () => {
    buildApp();
    tmp = await makeTempDir('demo-api-process-');
  });
  afterEach(async () => {
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    proc = undefined;
  });
  afterAll(() => tmp.cleanup());

  it('prints its URL, drains the in-flight request on SIGTERM, closes the database and exits 0', async () => {
    const databasePath = join(tmp.path, 'drain.sqlite');
    proc = startDemoProcess({
      PORT: '0',
      DATABASE_PATH: databasePath,
      DEMO_TIME_SCALE: '0.1',
      DEMO_SEED: '5',
    });
    const url = await proc.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // A coder run takes a few seconds of wall-clock time at this time scale.
    const inFlight = fetch(`${url}/agents/coder/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Refactor billing', maxHandoffs: 0 }),
    });
    await new Promise((r) => setTimeout(r, 200));
    proc.child.kill('SIGTERM');

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { agent: string }).agent).toBe('coder');
    expect(await proc.exited).toBe(0);
    expect(proc.stdout()).toMatch(/demo-api stopped\n$/);
    expect(proc.stderr()).toContain('received SIGTERM: draining');
    // Closed cleanly: SQLite removes the WAL file when the last connection closes.
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
    const db = new Database(databasePath, { readonly: true });
    try {
      const row = db.prepare("SELECT COUNT(*) AS n FROM agent_runs WHERE agent = 'coder'").get() as {
        n: number;
      };
      expect(row.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('refuses new connections while draining', async () => {
    proc = startDemoProcess({
      PORT: '0',
      DATABASE_PATH: join(tmp.path, 'refuse.sqlite'),
      DEMO_TIME_SCALE: '0.1',
    });
    const url = await proc.listening;
    const inFlight = fetch(`${url}/agents/coder/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ prompt: 'Refactor billing', maxHandoffs: 0 }),
    });
    await new Promise((r) => setTimeout(r, 300));
    proc.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    await expect(fetch(`${url}/healthz`, { headers: { connection: 'close' } })).rejects.toThrow();
    expect((await inFlight).status).not.toBe(500);
    expect(await proc.exited).toBe(0);
  });

  it('reports every invalid environment variable at once and exits 2', async () => {
    proc = startDemoProcess({ PORT: 'eighty', DEMO_LOAD: '-1', OBSKIT_GENAI_VIA: 'carrier-pigeon' });
    expect(await proc.exited).toBe(2);
    expect(proc.stderr()).toBe(
      [
        'Invalid environment: 3 problems',
        '  - OBSKIT_GENAI_VIA: Invalid OBSKIT_GENAI_VIA "carrier-pigeon": expected "metrics-core" or "otel" [OBSKIT_INVALID_ENV]',
        '  - PORT: Invalid PORT "eighty": expected an integer from 0 to 65535 [OBSKIT_INVALID_ENV]',
        '  - DEMO_LOAD: Invalid DEMO_LOAD "-1": expected a number from 0 to 1000 [OBSKIT_INVALID_ENV]',
        '',
      ].join('\n'),
    );
  });
});
