import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  VERSIONS,
  freePort,
  makeTempDir,
  pathForLine,
  promQuery,
  waitFor,
  type TempDir,
} from '@obskit/testing';
import { APP_JOB } from './support/stack';

jest.setTimeout(120_000);

const cli = join(dirname(require.resolve('@obskit/cli/package.json')), 'bin', 'obskit.js');
/** The demo's config: `obskit up` runs its dev environment. */
const DEMO_CONFIG = join(__dirname, '../../demo-api/obskit.config.ts');

/** Child processes of `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('obskit up (the CLI as a user runs it)', () => {
  let temp: TempDir;
  let child: ChildProcess | undefined;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    temp = await makeTempDir('obskit-up-e2e-');
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      for (const pid of childrenOf(child.pid ?? -1)) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
    }
    await temp?.cleanup();
  });

  it('starts demo-api, Prometheus and Alertmanager, prints the URLs, and stops every process on Ctrl-C', async () => {
    // The demo's own config (its dev environment runs `node dist/main.js`), on a free port and a
    // database of its own here: a project whose config builds on apps/demo-api/obskit.config.ts.
    const port = await freePort();
    writeFileSync(
      join(temp.path, 'obskit.config.ts'),
      [
        `import demo from ${JSON.stringify(DEMO_CONFIG)};`,
        'const [service] = demo.environments.dev.services;',
        'export default {',
        '  ...demo,',
        '  environments: {',
        '    dev: {',
        '      services: [{',
        '        ...service,',
        `        targets: { static: ['127.0.0.1:${port}'] },`,
        `        run: { ...service.run, cwd: ${JSON.stringify(dirname(DEMO_CONFIG))}, env: { ...service.run.env, DEMO_LOAD: '2', DATABASE_PATH: ${JSON.stringify(join(temp.path, 'demo.sqlite'))} } },`,
        '      }],',
        '    },',
        '  },',
        '};',
        '',
      ].join('\n'),
    );
    child = spawn(process.execPath, [cli, 'up', '--state-dir', join(temp.path, 'state')], {
      cwd: temp.path,
      // As on a user's machine: the current line (Prometheus 3.5.3, Alertmanager 0.33.1) first on PATH.
      env: { ...process.env, PATH: pathForLine('current') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    await waitFor(
      'obskit up to print its URLs',
      async () => {
        if (child?.exitCode !== null) throw new Error(`obskit up exited ${child?.exitCode}:\n${stderr}`);
        return stdout.includes('Press Ctrl-C to stop.');
      },
      90_000,
      250,
    );
    const url = (name: string) =>
      new RegExp(`^ {2}${name}\\s+(http://127\\.0\\.0\\.1:\\d+)$`, 'm').exec(stdout)?.[1];
    const prometheus = url('prometheus');
    expect(prometheus).toBeDefined();
    expect(url('demo-api')).toBeDefined();
    expect(url('alertmanager')).toBeDefined();
    // Grafana runs when installed; otherwise a note says how to get it or use the Compose stack.
    expect(stdout).toMatch(
      /^ {2}grafana\s+http:|note: grafana: no "grafana" or "grafana-server" on PATH.*docker compose/m,
    );
    expect(stderr).toMatch(/obskit: Prometheus' first successful scrape of 127\.0\.0\.1:\d+: ok after/);

    const build = (await (await fetch(`${prometheus as string}/api/v1/status/buildinfo`)).json()) as {
      data: { version: string };
    };
    expect(build.data.version).toMatch(
      new RegExp(`^${String(VERSIONS.current.prometheus).replace(/\./g, '\\.')}\\b`),
    );
    const up = await promQuery(prometheus as string, `up{job="${APP_JOB}"} == 1`);
    expect(up).toHaveLength(1);
    expect((await fetch(`${url('demo-api')}/healthz`)).status).toBe(200);

    // demo-api (through sh), node_exporter (the config turns the host pack on), Alertmanager, Prometheus.
    const processes = childrenOf(child.pid as number);
    expect(processes).toHaveLength(4);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('obskit: SIGINT: stopping the stack');
    expect(stderr.trimEnd().endsWith('obskit: stopped')).toBe(true);
    expect(processes.filter(alive)).toEqual([]);
  });
});
