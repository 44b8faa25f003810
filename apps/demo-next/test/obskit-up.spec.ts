import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildDashboards, listPanelQueries, toLiveQuery } from '@obskit/dashboards';
import { freePort, makeTempDir, pathForLine, promQuery, waitFor, type TempDir } from '@obskit/testing';
import { APP_DIR, BUILD_TIMEOUT_MS, ensureBuilt, rawRequest } from './next-server';

// `obskit up --config apps/demo-next/obskit.config.ts` as a user runs it: the built CLI starts the built
// app from the config's dev environment (`npm start`, the token from METRICS_TOKEN_FILE) beside the real
// Prometheus (3.5.3, the current line on PATH) and Alertmanager, and stops everything on SIGTERM.

const CLI = join(APP_DIR, '../../tools/obskit/bin/obskit.js');
/** The dev environment's token file (relative to the config, for Prometheus and the app alike). */
const TOKEN_FILE = join(APP_DIR, 'secrets/demo-next-metrics-token');

/** The `obskit up` process, what it printed, and the stack's URLs from its table. */
interface UpRun {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly urls: Readonly<Record<string, string>>;
}

async function obskitUp(stateDir: string, port: number): Promise<UpRun> {
  // jest's NODE_ENV=test is not what a user's shell has; `next start` sets production itself
  const { NODE_ENV: _nodeEnv, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [CLI, 'up', '--config', 'obskit.config.ts', '--state-dir', stateDir, '--no-grafana'],
    {
      cwd: APP_DIR,
      env: { ...env, PATH: pathForLine('current'), DEMO_NEXT_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (log += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (log += c));
  await waitFor(
    'obskit up to print the stack',
    async () => {
      if (child.exitCode !== null) throw new Error(`obskit up exited with ${child.exitCode}:\n${log}`);
      return log.includes('Press Ctrl-C to stop.');
    },
    120_000,
  ).catch((error: Error) => {
    child.kill('SIGTERM');
    throw error;
  });
  const urls = Object.fromEntries(
    [...log.matchAll(/^ {2}(\S+) +(http:\/\/\S+)$/gm)].map((m) => [m[1], m[2]] as const),
  );
  return { child, output: () => log, urls };
}

describe('obskit up with apps/demo-next/obskit.config.ts', () => {
  let temp: TempDir;
  let run: UpRun;
  /** What this spec created (removed afterwards): the token file, and its directory if it had none. */
  let created: string | undefined;

  beforeAll(async () => {
    await ensureBuilt('turbopack');
    temp = await makeTempDir('demo-next-obskit-up-');
    // the file the README tells a user to create; a user's own token is used as it is
    if (!existsSync(TOKEN_FILE)) {
      created = existsSync(dirname(TOKEN_FILE)) ? TOKEN_FILE : dirname(TOKEN_FILE);
      mkdirSync(dirname(TOKEN_FILE), { recursive: true });
      writeFileSync(TOKEN_FILE, randomBytes(24).toString('hex'));
    }
    run = await obskitUp(join(temp.path, 'state'), await freePort());
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    // after a failure: SIGTERM lets obskit up stop its children; SIGKILL only if it hangs
    const child = run?.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    if (created) rmSync(created, { recursive: true });
    await temp?.cleanup();
  });

  it('scrapes the app with the bearer token and stores its requests under their route templates', async () => {
    const { urls } = run;
    expect(Object.keys(urls)).toEqual(['demo-next', 'alertmanager', 'prometheus']);
    const app = urls['demo-next'];
    const prometheus = urls['prometheus'];
    // the app got its token from METRICS_TOKEN_FILE: without it, 401; with the file's content, 200
    const token = readFileSync(TOKEN_FILE, 'utf8').trim();
    expect((await rawRequest(`${app}/api/metrics`)).status).toBe(401);
    const scrape = await rawRequest(`${app}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scrape.status).toBe(200);
    const up = await promQuery(prometheus, 'up{job="demo-next"}');
    expect(up.map((s) => s.value[1])).toEqual(['1']);

    expect((await rawRequest(`${app}/`)).status).toBe(200);
    expect((await rawRequest(`${app}/api/orders/7`)).status).toBe(200);
    expect((await rawRequest(`${app}/api/orders/8`)).status).toBe(200);
    const expected = { 'GET / 200': 1, 'GET /api/orders/[id] 200': 2 };
    const counts = await waitFor(
      'Prometheus to store the requests of demo-next',
      async () => {
        const samples = await promQuery(
          prometheus,
          'http_server_request_duration_seconds_count{job="demo-next"}',
        );
        const c = Object.fromEntries(
          samples.map((s) => [
            `${s.metric.http_request_method} ${s.metric.http_route} ${s.metric.http_response_status_code}`,
            Number(s.value[1]),
          ]),
        );
        return Object.entries(expected).every(([k, v]) => c[k] === v) ? c : undefined;
      },
      60_000,
    );
    expect(counts).toEqual(expected);

    // The stack's dashboards have data from it: System Health's HTTP panels, with $job = demo-next.
    const panels = ['Request rate by route', 'Request duration p95 by route', 'Responses by status code'];
    const queries = listPanelQueries(buildDashboards()).filter(
      (q) => q.dashboardUid === 'obskit-system-health' && panels.includes(q.panelTitle),
    );
    expect([...new Set(queries.map((q) => q.panelTitle))].sort()).toEqual([...panels].sort());
    let missing: string[] = [];
    await waitFor(
      'the System Health HTTP panels to show demo-next',
      async () => {
        missing = [];
        for (const q of queries) {
          const live = toLiveQuery(q.expr, { rateInterval: '1m', variables: { job: 'demo-next' } });
          if ((await promQuery(prometheus, live)).length === 0) missing.push(`${q.panelTitle}: ${live}`);
        }
        return missing.length === 0;
      },
      60_000,
      1_000,
    ).catch(() => undefined);
    expect(missing).toEqual([]);
  });

  it('stops the app, Prometheus and Alertmanager on SIGTERM (exit 0)', async () => {
    const { child, urls, output } = run;
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('obskit: stopped');
    for (const url of Object.values(urls)) {
      await expect(fetch(url)).rejects.toThrow();
    }
  });
});
