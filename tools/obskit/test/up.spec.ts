import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadConfig } from '@obskit/config';
import { join } from 'node:path';
import { freePort, makeTempDir, promQuery, requireBinary, type TempDir } from '@obskit/testing';
import { runUpCommand, type StopSignalSource } from '../src/commands/up-command';
import type { CliIo } from '../src/io';
import { CURRENT_ENV, runCli } from './support';

jest.setTimeout(120_000);

const EXPOSITION = '# HELP obskit_up_probe A probe.\n# TYPE obskit_up_probe gauge\nobskit_up_probe 1\n';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let temp: TempDir;
beforeAll(async () => {
  temp = await makeTempDir('obskit-up-');
  // A project with one service that runs elsewhere; --target says where.
  writeFileSync(
    join(temp.path, 'obskit.config.json'),
    JSON.stringify({ services: [{ name: 'probe-app', targets: { static: ['127.0.0.1:9'] } }] }),
  );
});
afterAll(async () => {
  await temp?.cleanup();
});

describe('obskit up', () => {
  it('names every missing binary at once with install commands and the Compose alternative (exit 5)', async () => {
    const run = await runCli(['up', '--state-dir', 'state', '--target', '127.0.0.1:9'], {
      cwd: temp.path,
      env: { PATH: join(temp.path, 'empty-bin') },
    });
    expect(run.code).toBe(5);
    expect(run.out).toBe('');
    expect(run.err).toContain('Missing "prometheus": none of "prometheus" is on PATH.');
    expect(run.err).toContain(
      'Missing "alertmanager": none of "prometheus-alertmanager", "alertmanager" is on PATH.',
    );
    expect(run.err).toContain('sudo apt-get install -y prometheus prometheus-alertmanager');
    expect(run.err).toContain('brew install prometheus alertmanager');
    expect(run.err).toContain('docker compose -f deployment/docker-compose.monitoring.yml up');
    expect(run.err).toContain('obskit up --no-prometheus');
    expect(run.err).toContain('obskit up --no-alertmanager');
    expect(run.err).toMatch(/\[OBSKIT_MISSING_BINARY\]$/);
    // Nothing was started or written.
    expect(existsSync(join(temp.path, 'state'))).toBe(false);
  });

  it('rejects a bad --timeout with exit 2', async () => {
    const timeout = await runCli(['up', '--timeout', '0'], { cwd: temp.path });
    expect(timeout.err).toBe(
      'obskit: error: Invalid --timeout "0": expected a number from 1 to 3600 [OBSKIT_USAGE]',
    );
  });

  describe('with the real Prometheus and Alertmanager scraping a running app (--target)', () => {
    let app: Server;
    let target: string;
    beforeAll(async () => {
      requireBinary('prometheus');
      requireBinary('prometheus-alertmanager');
      const port = await freePort();
      app = createServer((req, res) => {
        if (req.url === '/metrics') res.writeHead(200, { 'content-type': 'text/plain' }).end(EXPOSITION);
        else res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', resolve));
      target = `127.0.0.1:${port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => app?.close(resolve));
    });

    it('prints the URLs once Prometheus scraped the app, and stops every process on a signal', async () => {
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
        cwd: temp.path,
        env: CURRENT_ENV,
      };
      let sendSignal: (signal: string) => void = () => undefined;
      let listening = false;
      const signals: StopSignalSource = (onSignal) => {
        sendSignal = onSignal;
        listening = true;
        return () => {
          listening = false;
        };
      };
      const done = runUpCommand(
        {
          'state-dir': 'stack',
          target,
          'no-grafana': true,
          timeout: '60',
          loadedConfig: await loadConfig({ cwd: temp.path }),
        },
        io,
        signals,
      );
      try {
        await Promise.race([urlsPrinted, done.then(() => Promise.reject(new Error(err.join('\n'))))]);
      } catch (error) {
        throw new Error(`obskit up ended before printing its URLs:\n${(error as Error).message}`);
      }

      const table = Object.fromEntries(
        out
          .map((line) => /^ {2}(probe-app|prometheus|alertmanager|grafana)\s+(http:\S+)$/.exec(line))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => [m[1], m[2]]),
      );
      expect(Object.keys(table).sort()).toEqual(['alertmanager', 'probe-app', 'prometheus']);
      expect(table['probe-app']).toBe(`http://${target}`);
      expect(out).toContain('  note: grafana: skipped (--no-grafana)');
      expect(
        err.some((line) => line.startsWith('obskit: starting prometheus (log: stack/logs/prometheus.log)')),
      ).toBe(true);
      expect(err).toContainEqual(
        expect.stringMatching(/^obskit: Prometheus' first successful scrape of 127\.0\.0\.1:\d+: ok after/),
      );

      // What the user sees: the app scraped, Alertmanager wired in, the generated dev tree in the state dir.
      const up = await promQuery(table.prometheus, 'up{job="probe-app"}');
      expect(up.map((s) => s.value[1])).toEqual(['1']);
      expect(await promQuery(table.prometheus, 'obskit_up_probe')).toHaveLength(1);
      const ams = (await (await fetch(`${table.prometheus}/api/v1/alertmanagers`)).json()) as {
        data: { activeAlertmanagers: { url: string }[] };
      };
      expect(ams.data.activeAlertmanagers.map((a) => a.url)).toEqual([`${table.alertmanager}/api/v2/alerts`]);
      expect((await fetch(`${table.alertmanager}/-/ready`)).status).toBe(200);
      const prometheusYml = readFileSync(
        join(temp.path, 'stack/deployment/prometheus/prometheus.yml'),
        'utf8',
      );
      expect(prometheusYml).toContain(target);

      expect(readdirSync(join(temp.path, 'stack/logs')).sort()).toEqual([
        'alertmanager.log',
        'prometheus.log',
      ]);

      const running = childPids();
      expect(running.length).toBe(2);
      sendSignal('SIGINT');
      expect(await done).toBe(0);
      expect(listening).toBe(false);
      expect(err.slice(-2)).toEqual(['obskit: SIGINT: stopping the stack', 'obskit: stopped']);
      for (const pid of running) expect(alive(pid)).toBe(false);
      await expect(fetch(`${table.prometheus}/-/ready`)).rejects.toThrow();
    });
  });
});

/** Child processes of this Jest worker (Linux /proc): the ones `obskit up` started. */
function childPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
