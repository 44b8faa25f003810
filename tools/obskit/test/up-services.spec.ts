import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObskitError } from '@obskit/catalog';
import { loadConfig } from '@obskit/config';
import { freePort, makeTempDir, promQuery, requireBinary, type TempDir } from '@obskit/testing';
import { up, type RunningStack } from '../src/commands/up';
import { runUpCommand, type StopSignalSource } from '../src/commands/up-command';
import type { CliIo } from '../src/io';
import { CURRENT_ENV } from './support';

// `obskit up` running a user's service from its own command beside the real Prometheus and
// Alertmanager, and what it reports when Prometheus cannot scrape that service.
jest.setTimeout(180_000);

/** A tiny app: `node app.js`, listening on $HOST:$PORT, metrics at `metricsPath` (404 elsewhere). */
const APP = (metricsPath: string) => `
const { createServer } = require('node:http');
const server = createServer((req, res) => {
  if (req.url === ${JSON.stringify(metricsPath)}) {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end('# HELP orders_probe A probe.\\n# TYPE orders_probe gauge\\norders_probe ' + process.pid + '\\n');
  } else res.writeHead(404).end('not found');
});
server.listen(Number(process.env.PORT), process.env.HOST, () => console.log('orders-api on ' + process.env.PORT + ' ' + (process.argv[2] || '')));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process below this Jest worker (Linux /proc). */
function descendants(root = process.pid): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const visit = (pid: number) => {
    for (const [child, ppid] of parent) {
      if (ppid !== pid) continue;
      out.push(child);
      visit(child);
    }
  };
  visit(root);
  return out;
}

let temp: TempDir;
beforeAll(async () => {
  requireBinary('prometheus');
  requireBinary('prometheus-alertmanager');
  temp = await makeTempDir('obskit-up-services-');
});
afterAll(async () => {
  await temp?.cleanup();
});

describe('obskit up with the services of a config', () => {
  it("runs the service's own command (cwd, env, PORT) and Prometheus scrapes it at its metrics path", async () => {
    const appDir = join(temp.path, 'orders-ok');
    mkdirSync(appDir, { recursive: true });
    writeFileSync(join(appDir, 'app.js'), APP('/api/metrics'));
    const progress: string[] = [];
    let stack: RunningStack | undefined;
    try {
      stack = await up({
        cwd: temp.path,
        stateDir: 'ok-state',
        env: CURRENT_ENV,
        grafana: false,
        readyTimeoutMs: 60_000,
        onProgress: (line) => progress.push(line),
        services: [
          {
            name: 'orders-api',
            metricsPath: '/api/metrics',
            // a shell command line with its own env, as services[].run of obskit.config.ts
            run: { command: 'node app.js "$GREETING"', cwd: 'orders-ok', env: { GREETING: 'hello' } },
          },
        ],
      });
      const byName = Object.fromEntries(stack.services.map((s) => [s.name, s]));
      expect(Object.keys(byName)).toEqual(['orders-api', 'alertmanager', 'prometheus']);
      expect(progress).toContainEqual(
        expect.stringMatching(/^Prometheus' first successful scrape of 127\.0\.0\.1:\d+: ok after/),
      );
      const upSeries = await promQuery(byName.prometheus.url, 'up{job="orders-api"}');
      expect(upSeries.map((s) => s.value[1])).toEqual(['1']);
      const probe = await promQuery(byName.prometheus.url, 'orders_probe');
      expect(probe).toHaveLength(1);
      const log = readFileSync(join(temp.path, 'ok-state/logs/orders-api.log'), 'utf8');
      expect(log).toContain(`orders-api on ${new URL(byName['orders-api'].url).port} hello`);
      const prometheusYml = readFileSync(
        join(temp.path, 'ok-state/deployment/prometheus/prometheus.yml'),
        'utf8',
      );
      expect(prometheusYml).toMatch(/job_name: orders-api[\s\S]*metrics_path: \/api\/metrics/);

      // The node process below the shell is stopped too (its process group).
      const appPid = Number(probe[0].value[1]);
      expect(alive(appPid)).toBe(true);
      await stack.stop();
      expect(alive(appPid)).toBe(false);
      expect(descendants()).toEqual([]);
    } finally {
      await stack?.stop();
    }
  });

  it('obskit up runs the services of obskit.config.mjs (run.command in its cwd, on the port of its target)', async () => {
    const project = join(temp.path, 'project');
    mkdirSync(join(project, 'service'), { recursive: true });
    writeFileSync(join(project, 'service', 'app.js'), APP('/api/metrics'));
    const port = await freePort();
    writeFileSync(
      join(project, 'obskit.config.mjs'),
      `export default {
  services: [{
    name: 'orders-api',
    targets: { static: ['127.0.0.1:${port}'] },
    metricsPath: '/api/metrics',
    run: { command: 'node app.js', cwd: 'service' },
  }],
};
`,
    );
    const out: string[] = [];
    const err: string[] = [];
    let printed: () => void = () => undefined;
    const urlsPrinted = new Promise<void>((resolve) => (printed = resolve));
    const io: CliIo = {
      out: (line) => {
        out.push(line);
        if (line === 'Press Ctrl-C to stop.') printed();
      },
      err: (line) => err.push(line),
      cwd: project,
      env: CURRENT_ENV,
    };
    let sendSignal: (signal: string) => void = () => undefined;
    const signals: StopSignalSource = (onSignal) => {
      sendSignal = onSignal;
      return () => undefined;
    };
    const loadedConfig = await loadConfig({ cwd: project });
    const done = runUpCommand(
      { 'state-dir': 'state', 'no-grafana': true, timeout: '60', loadedConfig },
      io,
      signals,
    );
    await Promise.race([urlsPrinted, done.then(() => Promise.reject(new Error(err.join('\n'))))]);

    expect(out).toContainEqual(`  orders-api    http://127.0.0.1:${port}`);
    const prometheusUrl = out.map((l) => /^ {2}prometheus\s+(\S+)$/.exec(l)?.[1]).find(Boolean) ?? '';
    const upSeries = await promQuery(prometheusUrl, 'up{job="orders-api"}');
    expect(upSeries.map((s) => s.value[1])).toEqual(['1']);
    sendSignal('SIGINT');
    expect(await done).toBe(0);
    expect(descendants()).toEqual([]);
  });

  it('reports the 404 Prometheus gets from a wrong metrics path, not a timeout, and stops everything', async () => {
    const appDir = join(temp.path, 'orders-404');
    mkdirSync(appDir, { recursive: true });
    writeFileSync(join(appDir, 'app.js'), APP('/api/metrics'));
    const progress: string[] = [];
    const started = up({
      cwd: temp.path,
      stateDir: '404-state',
      env: CURRENT_ENV,
      grafana: false,
      readyTimeoutMs: 90_000,
      onProgress: (line) => progress.push(line),
      // the config says /metrics; the app serves /api/metrics
      services: [{ name: 'orders-api', run: { command: 'node app.js', cwd: 'orders-404' } }],
    });
    const error = await started.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ObskitError);
    const { code, message } = error as ObskitError;
    expect(code).toBe('OBSKIT_STACK_FAILED');
    expect(message).toMatch(
      /^Prometheus cannot scrape orders-api:\norders-api http:\/\/127\.0\.0\.1:\d+\/metrics: server returned HTTP status 404 Not Found$/,
    );
    expect(descendants()).toEqual([]);
  });
});
