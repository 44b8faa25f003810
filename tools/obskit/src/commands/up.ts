import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ObskitError } from '@obskit/catalog';
import { DASHBOARD_FOLDER, TREE_PATHS, buildDashboardProviders, renderYaml } from '@obskit/provisioning';
import { DEMO_DEFAULT_LOAD_RPS, DEMO_SERVICE_NAME, demoCostBudgetUsdPerDay } from '../demo.js';
import { generate } from '../generate.js';
import { INSTALL_COMMANDS, findExecutable } from '../validate.js';
import { freeLoopbackPort, startStackProcess, type StackProcess } from './stack-process.js';

/** The services `obskit up` runs, in start order. */
export const STACK_SERVICES = ['demo-api', 'alertmanager', 'prometheus', 'grafana'] as const;
/** One of {@link STACK_SERVICES}. */
export type StackServiceName = (typeof STACK_SERVICES)[number];

/** Where Grafana comes from when it is not installed. */
export const GRAFANA_HINT =
  'install Grafana (https://grafana.com/grafana/download; Debian/Ubuntu: the grafana package from apt.grafana.com; macOS: brew install grafana) and re-run, or use the Compose stack';

/** The Compose alternative to the native stack. */
export const COMPOSE_HINT =
  'npx obskit generate --profile compose && docker compose -f deployment/docker-compose.monitoring.yml up';

/** Options of {@link up}. */
export interface UpOptions {
  /** Directory of generated configs, data and logs, relative to `cwd`. @defaultValue `'.obskit'` */
  readonly stateDir?: string;
  /** @defaultValue `process.cwd()` */
  readonly cwd?: string;
  /** Environment of the lookup (PATH) and of the demo app. @defaultValue `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Background requests per second the demo sends itself (`DEMO_LOAD`). @defaultValue 5 */
  readonly load?: number;
  /** Scrape this `host:port` instead of starting the demo app. */
  readonly target?: string;
  /** Run Prometheus. @defaultValue true */
  readonly prometheus?: boolean;
  /** Run Alertmanager. @defaultValue true */
  readonly alertmanager?: boolean;
  /** Run Grafana when a `grafana` or `grafana-server` binary is found. @defaultValue true */
  readonly grafana?: boolean;
  /** How long each service may take to become ready, ms. @defaultValue 60000 */
  readonly readyTimeoutMs?: number;
  /** Progress lines while starting and waiting. */
  readonly onProgress?: (line: string) => void;
}

/** A service of the running stack. */
export interface StackService {
  readonly name: StackServiceName;
  /** Base URL on 127.0.0.1. */
  readonly url: string;
  /** Its log file (absent for an external `target`). */
  readonly logFile?: string;
  /** Process id (absent for an external `target`). */
  readonly pid?: number;
}

/** A process of the stack that exited while it should have been running. */
export interface StackExit {
  readonly name: StackServiceName;
  readonly code: number | string;
  /** The last lines it printed. */
  readonly tail: string;
}

/** The stack started by {@link up}. */
export interface RunningStack {
  /** Absolute state directory. */
  readonly stateDir: string;
  readonly services: readonly StackService[];
  /** What was skipped or is missing, and how to get it. */
  readonly notes: readonly string[];
  /** Resolves when a process exits on its own (it never resolves after `stop()`). */
  readonly unexpectedExit: Promise<StackExit>;
  /** Stops every process (SIGTERM, SIGKILL after 10 s) and waits for them. Idempotent. */
  stop(): Promise<void>;
}

interface Managed {
  readonly name: StackServiceName;
  readonly process: StackProcess;
}

const HOST = '127.0.0.1';

function missingBinary(what: string, names: readonly string[], skipFlag: string): string {
  return (
    `Missing "${what}": none of ${names.map((n) => `"${n}"`).join(', ')} is on PATH. ` +
    `Install it with: ${INSTALL_COMMANDS}; or run the Compose stack instead: ${COMPOSE_HINT}; ` +
    `or run without it: obskit up ${skipFlag}`
  );
}

function findFirst(
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  for (const name of names) {
    const file = findExecutable(name, env);
    if (file) return file;
  }
  return undefined;
}

/** `node_modules/@obskit/demo-api/dist/main.js`, looked up from `cwd` and from this package. */
function findDemoMain(cwd: string): string | undefined {
  for (const from of [cwd, __dirname]) {
    try {
      const pkg = require.resolve('@obskit/demo-api/package.json', { paths: [from] });
      const main = join(dirname(pkg), 'dist', 'main.js');
      if (existsSync(main)) return main;
    } catch {
      // not resolvable from here; try the next place
    }
  }
  return undefined;
}

/** Grafana's home (where `conf/defaults.ini` lives) for a binary. */
function grafanaHome(binary: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const candidates = [
    env['GF_PATHS_HOME'],
    dirname(dirname(realpathSync(binary))),
    '/usr/share/grafana',
    '/opt/homebrew/opt/grafana/share/grafana',
    '/usr/local/opt/grafana/share/grafana',
  ];
  return candidates.find((dir) => dir && existsSync(join(dir, 'conf', 'defaults.ini')));
}

async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  proc: StackProcess | undefined,
  options: { timeoutMs: number; logFile?: string; onProgress?: (line: string) => void },
): Promise<void> {
  const started = Date.now();
  let nextReport = started + 5_000;
  for (;;) {
    if (proc?.hasExited()) {
      throw new ObskitError(
        'OBSKIT_STACK_FAILED',
        `${proc.name} exited before ${what} (code ${await proc.exited}); its last lines` +
          `${options.logFile ? ` (full log: ${options.logFile})` : ''}:\n${proc.tail()}`,
      );
    }
    try {
      if (await check()) {
        options.onProgress?.(`${what}: ok after ${((Date.now() - started) / 1000).toFixed(1)}s`);
        return;
      }
    } catch {
      // not listening yet
    }
    const now = Date.now();
    if (now - started > options.timeoutMs) {
      throw new ObskitError(
        'OBSKIT_STACK_FAILED',
        `Timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${what}` +
          (proc
            ? `; last lines of ${proc.name}${options.logFile ? ` (${options.logFile})` : ''}:\n${proc.tail()}`
            : ''),
      );
    }
    if (now >= nextReport) {
      options.onProgress?.(`still waiting for ${what} (${Math.round((now - started) / 1000)}s)`);
      nextReport = now + 5_000;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const httpOk = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;

async function scraped(prometheusUrl: string, job: string): Promise<boolean> {
  const query = encodeURIComponent(`up{job="${job}"} == 1`);
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${query}`, {
    signal: AbortSignal.timeout(2_000),
  });
  const body = (await response.json()) as { data?: { result?: unknown[] } };
  return (body.data?.result?.length ?? 0) > 0;
}

function grafanaIni(stateDir: string, port: number, provisioning: string): string {
  return [
    '; Generated by obskit up. Do not edit: it is rewritten on every run.',
    '[server]',
    `http_addr = ${HOST}`,
    `http_port = ${port}`,
    '[paths]',
    `data = ${join(stateDir, 'data', 'grafana')}`,
    `logs = ${join(stateDir, 'logs', 'grafana')}`,
    `plugins = ${join(stateDir, 'data', 'grafana', 'plugins')}`,
    `provisioning = ${provisioning}`,
    '[auth.anonymous]',
    'enabled = true',
    'org_role = Admin',
    '[analytics]',
    'reporting_enabled = false',
    'check_for_updates = false',
    '',
  ].join('\n');
}

/**
 * Runs the local stack natively: the demo app (or an existing `target`), the real Prometheus and
 * Alertmanager, and Grafana when its binary is found, on free loopback ports, with the `dev`
 * deployment tree generated for those ports into `<stateDir>/deployment`. Resolves once every
 * service is ready and Prometheus has scraped the app; on any failure stops what it started and
 * throws `OBSKIT_MISSING_BINARY` (with install commands) or `OBSKIT_STACK_FAILED` (with the log tail).
 *
 * @example
 * const stack = await up({ stateDir: '/tmp/obskit', load: 5 });
 * console.log(stack.services); // [{ name: 'demo-api', url: 'http://127.0.0.1:41234', ... }, ...]
 * await stack.stop();
 */
export async function up(options: UpOptions = {}): Promise<RunningStack> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const stateDir = resolve(cwd, options.stateDir ?? '.obskit');
  const progress = options.onProgress ?? (() => undefined);
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const notes: string[] = [];
  const wantPrometheus = options.prometheus ?? true;
  const wantAlertmanager = options.alertmanager ?? true;

  // Every missing piece at once, before anything starts.
  const problems: string[] = [];
  const prometheusBin = wantPrometheus ? findFirst(['prometheus'], env) : undefined;
  if (wantPrometheus && !prometheusBin)
    problems.push(missingBinary('prometheus', ['prometheus'], '--no-prometheus'));
  const amNames = ['prometheus-alertmanager', 'alertmanager'];
  const alertmanagerBin = wantAlertmanager ? findFirst(amNames, env) : undefined;
  if (wantAlertmanager && !alertmanagerBin)
    problems.push(missingBinary('alertmanager', amNames, '--no-alertmanager'));
  const demoMain = options.target ? undefined : findDemoMain(cwd);
  if (!options.target && !demoMain) {
    problems.push(
      'Missing the built demo app (@obskit/demo-api dist/main.js). Build it with: npm run demo ' +
        '(builds and runs everything) or npx tsc -b apps/demo-api/tsconfig.lib.json; ' +
        'or scrape your own app instead: obskit up --target HOST:PORT',
    );
  }
  if (problems.length > 0) throw new ObskitError('OBSKIT_MISSING_BINARY', problems.join('\n'));

  const grafanaBin = options.grafana === false ? undefined : findFirst(['grafana', 'grafana-server'], env);
  const grafanaHomeDir = grafanaBin ? grafanaHome(grafanaBin, env) : undefined;
  if (options.grafana === false) notes.push('grafana: skipped (--no-grafana)');
  else if (!grafanaBin) {
    notes.push(
      `grafana: no "grafana" or "grafana-server" on PATH; the dashboards are in ${join(stateDir, 'deployment', TREE_PATHS.dashboardsDir)} — ${GRAFANA_HINT}: ${COMPOSE_HINT}`,
    );
  } else if (!grafanaHomeDir) {
    notes.push(
      `grafana: found ${grafanaBin} but not its home (conf/defaults.ini); set GF_PATHS_HOME and re-run`,
    );
  }
  if (!wantPrometheus) notes.push('prometheus: skipped (--no-prometheus)');
  if (!wantAlertmanager) notes.push('alertmanager: skipped (--no-alertmanager)');

  const logs = join(stateDir, 'logs');
  await mkdir(logs, { recursive: true });
  await mkdir(join(stateDir, 'data'), { recursive: true });
  const appTarget = options.target ?? `${HOST}:${await freeLoopbackPort(HOST)}`;
  const ports = {
    prometheus: await freeLoopbackPort(HOST),
    alertmanager: await freeLoopbackPort(HOST),
    grafana: await freeLoopbackPort(HOST),
  };
  const out = join(stateDir, 'deployment');
  progress(`generating the dev deployment tree for these ports into ${out}`);
  await generate({
    profile: 'dev',
    out,
    target: appTarget,
    prometheus: `${HOST}:${ports.prometheus}`,
    alertmanager: `${HOST}:${ports.alertmanager}`,
    // the demo's spend at its load stays under the budget until `cost-spike`; an own app gets the dev default
    ...(demoMain
      ? { costBudgetUsdPerDay: demoCostBudgetUsdPerDay(options.load ?? DEMO_DEFAULT_LOAD_RPS) }
      : {}),
    force: true,
  });

  const running: Managed[] = [];
  const services: StackService[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      stopping = true;
      // The app first (it drains), then what watches it.
      for (const m of [...running].reverse()) await m.process.stop();
    })());

  const waits: Promise<void>[] = [];
  const launch = (
    name: StackServiceName,
    file: string,
    args: string[],
    extraEnv?: Record<string, string>,
  ) => {
    const logFile = join(logs, `${name}.log`);
    const proc = startStackProcess(name, file, {
      args,
      cwd: stateDir,
      env: { ...env, ...extraEnv },
      logFile,
    });
    running.push({ name, process: proc });
    progress(`starting ${name} (log: ${relative(cwd, logFile) || logFile})`);
    return { proc, logFile };
  };

  try {
    if (demoMain) {
      const [, port] = appTarget.split(':');
      const { proc, logFile } = launch('demo-api', process.execPath, [demoMain], {
        PORT: port,
        HOST,
        DEMO_LOAD: String(options.load ?? DEMO_DEFAULT_LOAD_RPS),
        DATABASE_PATH: join(stateDir, 'data', 'demo-api.sqlite'),
      });
      const url = `http://${appTarget}`;
      services.push({ name: 'demo-api', url, logFile, pid: proc.child.pid });
      waits.push(
        waitUntil('demo-api /healthz', httpOk(`${url}/healthz`), proc, {
          timeoutMs,
          logFile,
          onProgress: progress,
        }),
      );
    } else {
      services.push({ name: 'demo-api', url: `http://${appTarget}` });
    }
    if (alertmanagerBin) {
      const { proc, logFile } = launch('alertmanager', alertmanagerBin, [
        `--config.file=${join(out, 'alertmanager', 'alertmanager.yml')}`,
        `--storage.path=${join(stateDir, 'data', 'alertmanager')}`,
        `--web.listen-address=${HOST}:${ports.alertmanager}`,
        '--cluster.listen-address=',
      ]);
      const url = `http://${HOST}:${ports.alertmanager}`;
      services.push({ name: 'alertmanager', url, logFile, pid: proc.child.pid });
      waits.push(
        waitUntil('alertmanager /-/ready', httpOk(`${url}/-/ready`), proc, {
          timeoutMs,
          logFile,
          onProgress: progress,
        }),
      );
    }
    if (prometheusBin) {
      const { proc, logFile } = launch('prometheus', prometheusBin, [
        `--config.file=${join(out, 'prometheus', 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(stateDir, 'data', 'prometheus')}`,
        `--web.listen-address=${HOST}:${ports.prometheus}`,
        '--web.enable-lifecycle',
      ]);
      const url = `http://${HOST}:${ports.prometheus}`;
      services.push({ name: 'prometheus', url, logFile, pid: proc.child.pid });
      waits.push(
        (async () => {
          const wait = { timeoutMs, logFile, onProgress: progress };
          await waitUntil('prometheus /-/ready', httpOk(`${url}/-/ready`), proc, wait);
          await waitUntil(
            `Prometheus' first successful scrape of ${appTarget}`,
            () => scraped(url, DEMO_SERVICE_NAME),
            proc,
            wait,
          );
        })(),
      );
    }
    if (grafanaBin && grafanaHomeDir) {
      const provisioning = join(stateDir, 'grafana', 'provisioning');
      const dashboards = join(out, TREE_PATHS.dashboardsDir);
      await mkdir(join(provisioning, 'datasources'), { recursive: true });
      await mkdir(join(provisioning, 'dashboards'), { recursive: true });
      await writeFile(
        join(provisioning, 'datasources', 'obskit.yml'),
        await readFile(join(out, TREE_PATHS.datasources), 'utf8'),
      );
      // The tree's provider points at the container path; natively, the dashboards live in the state dir.
      await writeFile(
        join(provisioning, 'dashboards', 'obskit.yml'),
        renderYaml(
          buildDashboardProviders([
            { folder: DASHBOARD_FOLDER, folderUid: DASHBOARD_FOLDER, path: dashboards },
          ]),
        ),
      );
      const ini = join(stateDir, 'grafana', 'grafana.ini');
      await writeFile(ini, grafanaIni(stateDir, ports.grafana, provisioning));
      const server = /grafana$/.test(grafanaBin) ? ['server'] : [];
      const { proc, logFile } = launch('grafana', grafanaBin, [
        ...server,
        '--homepath',
        grafanaHomeDir,
        '--config',
        ini,
      ]);
      const url = `http://${HOST}:${ports.grafana}`;
      services.push({ name: 'grafana', url, logFile, pid: proc.child.pid });
      waits.push(
        waitUntil('grafana /api/health', httpOk(`${url}/api/health`), proc, {
          timeoutMs,
          logFile,
          onProgress: progress,
        }),
      );
    }
    const results = await Promise.allSettled(waits);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  } catch (error) {
    await stop();
    throw error;
  }

  const unexpectedExit = new Promise<StackExit>((resolveExit) => {
    for (const m of running) {
      void m.process.exited.then((code) => {
        if (!stopping) resolveExit({ name: m.name, code, tail: m.process.tail() });
      });
    }
  });
  return { stateDir, services, notes, unexpectedExit, stop };
}
