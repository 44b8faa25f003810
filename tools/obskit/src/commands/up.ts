import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { ObskitError } from '@obskit/catalog';
import type { DeploymentService } from '@obskit/provisioning';
import { generate } from '../generate.js';
import { INSTALL_COMMANDS, findExecutable } from '../validate.js';
import { freeLoopbackPort, startStackProcess, type StackProcess } from './stack-process.js';
import {
  HOST,
  alertmanagerRow,
  grafanaHome,
  grafanaRow,
  httpReady,
  nodeExporterRow,
  prometheusRow,
  type ReadyStep,
  type StackRow,
} from './stack-table.js';
import { CliError } from '../errors.js';

/** The monitoring services `obskit up` runs beside the apps, in start order. */
export const MONITORING_SERVICES = ['alertmanager', 'prometheus', 'grafana'] as const;

/** Where Grafana comes from when it is not installed. */
export const GRAFANA_HINT =
  'install Grafana (https://grafana.com/grafana/download; Debian/Ubuntu: the grafana package from apt.grafana.com; macOS: brew install grafana) and re-run, or use the Compose stack';

/** The Compose alternative to the native stack. */
export const COMPOSE_HINT =
  'npx obskit generate --profile compose && docker compose -f deployment/docker-compose.monitoring.yml up';

/**
 * A service of the user's that `obskit up` runs (or only scrapes) beside Prometheus and Alertmanager:
 * its scrape options as in the config (name = `job`, metrics path, scheme, auth files, limits), where it
 * runs, and how it is started.
 */
export interface UpService extends Omit<DeploymentService, 'targets' | 'run'> {
  /** Scrape this `host:port`, where the service already runs; without `run`, required. */
  readonly target?: string;
  /** Start the service: a shell command line (`npm run dev`), with `PORT` and `HOST` set for it. */
  readonly run?: {
    readonly command: string;
    /** Relative to `cwd` of {@link UpOptions}, or absolute. @defaultValue that `cwd` */
    readonly cwd?: string;
    readonly env?: Readonly<Record<string, string>>;
    /** The port it listens on. @defaultValue a free port, passed as `PORT` */
    readonly port?: number;
  };
  /** A path answering 2xx once the service is ready. @defaultValue its port accepting connections */
  readonly healthPath?: string;
}

/** Options of {@link up}. */
export interface UpOptions {
  /** Directory of generated configs, data and logs, relative to `cwd`. @defaultValue `'.obskit'` */
  readonly stateDir?: string;
  /** @defaultValue `process.cwd()` */
  readonly cwd?: string;
  /** Environment of the lookup (PATH) and of the apps. @defaultValue `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The services to run or scrape (from `obskit.config.ts`, see `upServicesFromConfig`); at least one. */
  readonly services: readonly UpService[];
  /** Daily GenAI budget of the cost alert (the config's `costBudgetUsdPerDay`). @defaultValue the alerts' default */
  readonly costBudgetUsdPerDay?: number | Readonly<Record<string, number>>;
  /** Run Prometheus. @defaultValue true */
  readonly prometheus?: boolean;
  /** Run Alertmanager. @defaultValue true */
  readonly alertmanager?: boolean;
  /**
   * Run node_exporter for host metrics (the Host row, `alerts.packs.host`), scraped as job `node`; its
   * binary is looked up on PATH (`node_exporter`, `prometheus-node-exporter`), then in the obskit cache
   * (`$OBSKIT_CACHE_DIR/bin/node_exporter-<version>/`, default `~/.cache/obskit`). @defaultValue false
   */
  readonly nodeExporter?: boolean;
  /** Run Grafana when a `grafana` or `grafana-server` binary is found. @defaultValue true */
  readonly grafana?: boolean;
  /** How long each service may take to become ready, ms. @defaultValue 60000 */
  readonly readyTimeoutMs?: number;
  /** Progress lines while starting and waiting. */
  readonly onProgress?: (line: string) => void;
}

/** A service of the running stack. */
export interface StackService {
  /** The app's `job`, or `alertmanager`, `prometheus`, `grafana`. */
  readonly name: string;
  /** Base URL on 127.0.0.1. */
  readonly url: string;
  /** Its log file (absent for an external `target`). */
  readonly logFile?: string;
  /** Process id (absent for an external `target`). */
  readonly pid?: number;
}

/** A process of the stack that exited while it should have been running. */
export interface StackExit {
  readonly name: string;
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

type Env = Readonly<Record<string, string | undefined>>;

function missingBinary(what: string, names: readonly string[], skipFlag: string): string {
  return (
    `Missing "${what}": none of ${names.map((n) => `"${n}"`).join(', ')} is on PATH. ` +
    `Install it with: ${INSTALL_COMMANDS}; or run the Compose stack instead: ${COMPOSE_HINT}; ` +
    `or run without it: obskit up ${skipFlag}`
  );
}

function findFirst(names: readonly string[], env: Env): string | undefined {
  for (const name of names) {
    const file = findExecutable(name, env);
    if (file) return file;
  }
  return undefined;
}

const NODE_EXPORTER_NAMES = ['node_exporter', 'prometheus-node-exporter'] as const;

/** node_exporter on PATH, else the newest in the obskit binary cache (`<cache>/bin/node_exporter-<version>/`). */
function findNodeExporter(env: Env): string | undefined {
  const onPath = findFirst(NODE_EXPORTER_NAMES, env);
  if (onPath) return onPath;
  const root = env['OBSKIT_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'obskit');
  const bin = join(root, 'bin');
  let folders: string[] = [];
  try {
    folders = readdirSync(bin).filter((f) => f.startsWith('node_exporter-'));
  } catch {
    return undefined;
  }
  folders.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  for (const folder of folders) {
    for (const name of NODE_EXPORTER_NAMES) {
      const file = join(bin, folder, name);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

const portOpen = (port: number) => () =>
  new Promise<boolean>((resolveOpen) => {
    const socket = createConnection({ host: HOST, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolveOpen(open);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false));
    socket.setTimeout(2_000, () => done(false));
  });

/** An app of the table: started from its command on its port, or only scraped at its `target`. */
interface AppPlan {
  readonly row: StackRow;
  /** `host:port` Prometheus scrapes. */
  readonly target: string;
  readonly scrape: DeploymentService;
}

async function planApp(service: UpService, cwd: string): Promise<AppPlan> {
  const { target: _target, run: _run, healthPath: _health, ...scrapeOptions } = service;
  const scrapeOf = (target: string): DeploymentService => ({
    ...scrapeOptions,
    targets: { static: [target] },
  });
  if (!service.run) {
    const target = service.target ?? '';
    return {
      target,
      scrape: scrapeOf(target),
      row: { name: service.name, url: `http://${target}`, ready: [] },
    };
  }
  const port = service.run.port ?? (await freeLoopbackPort(HOST));
  const target = `${HOST}:${port}`;
  const url = `http://${target}`;
  const ready: ReadyStep = service.healthPath
    ? httpReady(`${service.name} ${service.healthPath}`, `${url}${service.healthPath}`)
    : { what: `${service.name} listening on ${target}`, check: portOpen(port) };
  return {
    target,
    scrape: scrapeOf(target),
    row: {
      name: service.name,
      url,
      launch: { command: service.run.command },
      cwd: resolve(cwd, service.run.cwd ?? '.'),
      env: { ...service.run.env, PORT: String(port), HOST },
      ready: [ready],
    },
  };
}

interface WaitOptions {
  readonly timeoutMs: number;
  readonly logFile?: string;
  readonly onProgress: (line: string) => void;
}

async function waitUntil(
  step: ReadyStep,
  proc: StackProcess | undefined,
  options: WaitOptions,
): Promise<void> {
  const started = Date.now();
  let nextReport = started + 5_000;
  const log = options.logFile ? ` (full log: ${options.logFile})` : '';
  for (;;) {
    if (proc?.hasExited()) {
      throw new CliError(
        'OBSKIT_STACK_FAILED',
        `${proc.name} exited before ${step.what} (code ${await proc.exited}); its last lines${log}:\n${proc.tail()}`,
      );
    }
    try {
      if (await step.check()) {
        options.onProgress(`${step.what}: ok after ${((Date.now() - started) / 1000).toFixed(1)}s`);
        return;
      }
    } catch (error) {
      if (error instanceof ObskitError) throw error;
      // not listening yet
    }
    const now = Date.now();
    if (now - started > options.timeoutMs) {
      const cause = await step.explain?.().catch(() => undefined);
      throw new CliError(
        'OBSKIT_STACK_FAILED',
        `Timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${step.what}` +
          (cause
            ? `:\n${cause}`
            : proc
              ? `; last lines of ${proc.name}${options.logFile ? ` (${options.logFile})` : ''}:\n${proc.tail()}`
              : ''),
      );
    }
    if (now >= nextReport) {
      options.onProgress(`still waiting for ${step.what} (${Math.round((now - started) / 1000)}s)`);
      nextReport = now + 5_000;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What the stack needs, found before anything starts; every missing piece reported at once. */
function preflight(options: UpOptions, env: Env) {
  const wantPrometheus = options.prometheus ?? true;
  const wantAlertmanager = options.alertmanager ?? true;
  const problems: string[] = [];
  const prometheusBin = wantPrometheus ? findFirst(['prometheus'], env) : undefined;
  if (wantPrometheus && !prometheusBin)
    problems.push(missingBinary('prometheus', ['prometheus'], '--no-prometheus'));
  const amNames = ['prometheus-alertmanager', 'alertmanager'];
  const alertmanagerBin = wantAlertmanager ? findFirst(amNames, env) : undefined;
  if (wantAlertmanager && !alertmanagerBin)
    problems.push(missingBinary('alertmanager', amNames, '--no-alertmanager'));
  const nodeExporterBin = options.nodeExporter ? findNodeExporter(env) : undefined;
  if (options.nodeExporter && !nodeExporterBin) {
    problems.push(
      `Missing "node_exporter" (host metrics are on: alerts.packs.host): none of ${NODE_EXPORTER_NAMES.map((n) => `"${n}"`).join(', ')} ` +
        `is on PATH or in the obskit cache. Install it with: sudo apt-get install -y prometheus-node-exporter ` +
        `(macOS: brew install node_exporter), or bash tools/scripts/ensure-prometheus in the obskit repository; ` +
        `or run the Compose stack instead: ${COMPOSE_HINT}`,
    );
  }
  const services = options.services;
  for (const s of services) {
    if (!s.run && !s.target) {
      problems.push(
        `Service "${s.name}" has neither run.command nor a target: obskit up cannot run or scrape it`,
      );
    }
  }
  if (problems.length > 0) throw new CliError('OBSKIT_MISSING_BINARY', problems.join('\n'));
  return { prometheusBin, alertmanagerBin, nodeExporterBin, services };
}

/** Grafana's binary and home directory, if both are found; otherwise a note says why Grafana is left out. */
function findGrafana(
  options: UpOptions,
  env: Env,
  out: string,
  notes: string[],
): { bin: string | undefined; home: string | undefined } {
  if (options.grafana === false) {
    notes.push('grafana: skipped (--no-grafana)');
    return { bin: undefined, home: undefined };
  }
  const bin = findFirst(['grafana', 'grafana-server'], env);
  const home = bin ? grafanaHome(bin, env) : undefined;
  if (!bin) {
    notes.push(
      `grafana: no "grafana" or "grafana-server" on PATH; the dashboards are in ${join(out, 'grafana', 'dashboards')} — ${GRAFANA_HINT}: ${COMPOSE_HINT}`,
    );
  } else if (!home) {
    notes.push(`grafana: found ${bin} but not its home (conf/defaults.ini); set GF_PATHS_HOME and re-run`);
  }
  return { bin, home };
}

interface StackBinaries {
  readonly prometheusBin: string | undefined;
  readonly alertmanagerBin: string | undefined;
  readonly nodeExporterBin: string | undefined;
  readonly grafanaBin: string | undefined;
  readonly grafanaHomeDir: string | undefined;
}

interface StackPorts {
  readonly prometheus: number;
  readonly alertmanager: number;
  readonly grafana: number;
  readonly nodeExporter: number | undefined;
}

/** The table of processes: the apps first (they drain last), then what watches them. */
function stackRows(
  bins: StackBinaries,
  apps: readonly AppPlan[],
  ports: StackPorts,
  out: string,
  stateDir: string,
): StackRow[] {
  const nodeTarget = ports.nodeExporter === undefined ? undefined : `${HOST}:${ports.nodeExporter}`;
  const targets = new Map<string, string>([
    ...apps.map((a): [string, string] => [a.scrape.name, a.target]),
    ...(nodeTarget ? [['node', nodeTarget] as [string, string]] : []),
  ]);
  return [
    ...apps.map((a) => a.row),
    ...(bins.nodeExporterBin && ports.nodeExporter !== undefined
      ? [nodeExporterRow(bins.nodeExporterBin, ports.nodeExporter)]
      : []),
    ...(bins.alertmanagerBin
      ? [alertmanagerRow(bins.alertmanagerBin, out, stateDir, ports.alertmanager)]
      : []),
    ...(bins.prometheusBin
      ? [prometheusRow(bins.prometheusBin, out, stateDir, ports.prometheus, targets)]
      : []),
    ...(bins.grafanaBin && bins.grafanaHomeDir
      ? [grafanaRow(bins.grafanaBin, bins.grafanaHomeDir, out, stateDir, ports.grafana)]
      : []),
  ];
}

/**
 * Runs the local stack natively: the services (each from its own command, or an app already running at
 * its `target`), the real Prometheus and Alertmanager, and Grafana when its
 * binary is found, on free loopback ports, with the `dev` deployment tree generated for them into
 * `<stateDir>/deployment`. Every row of the table goes through one start routine. Resolves once every
 * service is ready and Prometheus has scraped each app; on any failure stops what it started and throws
 * `OBSKIT_MISSING_BINARY` (with install commands) or `OBSKIT_STACK_FAILED` with the real cause (the
 * scrape error Prometheus reports, e.g. a 404 on the metrics path, or the log tail of a process that died).
 *
 * @example
 * const stack = await up({ stateDir: '/tmp/obskit', services: [{ name: 'orders-api', run: { command: 'npm run dev' } }] });
 * console.log(stack.services); // [{ name: 'orders-api', url: 'http://127.0.0.1:41234', ... }, ...]
 * await stack.stop();
 */
export async function up(options: UpOptions): Promise<RunningStack> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const stateDir = resolve(cwd, options.stateDir ?? '.obskit');
  const progress = options.onProgress ?? (() => undefined);
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const notes: string[] = [];
  if (options.services === undefined || options.services.length === 0) {
    throw new CliError(
      'OBSKIT_CONFIG_NOT_FOUND',
      'No services to run or scrape: obskit up runs the services of a config (obskit.config.ts, see obskit init)',
    );
  }
  const { prometheusBin, alertmanagerBin, nodeExporterBin, services } = preflight(options, env);

  const out = join(stateDir, 'deployment');
  const grafana = findGrafana(options, env, out, notes);
  if (options.prometheus === false) notes.push('prometheus: skipped (--no-prometheus)');
  if (options.alertmanager === false) notes.push('alertmanager: skipped (--no-alertmanager)');

  const logs = join(stateDir, 'logs');
  await mkdir(logs, { recursive: true });
  await mkdir(join(stateDir, 'data'), { recursive: true });
  const apps = await Promise.all(services.map((s) => planApp(s, cwd)));
  const ports = {
    prometheus: await freeLoopbackPort(HOST),
    alertmanager: await freeLoopbackPort(HOST),
    grafana: await freeLoopbackPort(HOST),
    nodeExporter: nodeExporterBin ? await freeLoopbackPort(HOST) : undefined,
  };
  const nodeTarget = ports.nodeExporter === undefined ? undefined : `${HOST}:${ports.nodeExporter}`;
  progress(`generating the dev deployment tree for these ports into ${out}`);
  await generate({
    profile: 'dev',
    out,
    services: apps.map((a) => a.scrape),
    prometheus: `${HOST}:${ports.prometheus}`,
    alertmanager: `${HOST}:${ports.alertmanager}`,
    ...(nodeTarget ? { nodeExporter: nodeTarget } : {}),
    ...(options.costBudgetUsdPerDay !== undefined
      ? { costBudgetUsdPerDay: options.costBudgetUsdPerDay }
      : {}),
    force: true,
  });

  const rows = stackRows(
    {
      prometheusBin,
      alertmanagerBin,
      nodeExporterBin,
      grafanaBin: grafana.bin,
      grafanaHomeDir: grafana.home,
    },
    apps,
    ports,
    out,
    stateDir,
  );
  return startTable(rows, { stateDir, cwd, env, logs, notes, timeoutMs, progress });
}

interface TableContext {
  readonly stateDir: string;
  readonly cwd: string;
  readonly env: Env;
  readonly logs: string;
  readonly notes: readonly string[];
  readonly timeoutMs: number;
  readonly progress: (line: string) => void;
}

/** Starts every row (one routine for all), waits until each is ready, and stops them all on a failure. */
async function startTable(rows: readonly StackRow[], ctx: TableContext): Promise<RunningStack> {
  const running: StackProcess[] = [];
  const started: StackService[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      stopping = true;
      for (const proc of [...running].reverse()) await proc.stop();
    })());

  // Resolves once the row's process is started, with the wait for its readiness (not awaited here).
  const start = async (row: StackRow): Promise<{ ready: Promise<void> }> => {
    if (!row.launch) {
      started.push({ name: row.name, url: row.url });
      return { ready: Promise.resolve() };
    }
    await row.prepare?.();
    const logFile = join(ctx.logs, `${row.name}.log`);
    const shell = 'command' in row.launch;
    const proc = startStackProcess(row.name, shell ? 'sh' : row.launch.file, {
      args: 'command' in row.launch ? ['-c', row.launch.command] : row.launch.args,
      cwd: row.cwd ?? ctx.stateDir,
      env: { ...ctx.env, ...row.env },
      logFile,
      processGroup: shell,
    });
    running.push(proc);
    started.push({ name: row.name, url: row.url, logFile, pid: proc.child.pid });
    ctx.progress(`starting ${row.name} (log: ${relative(ctx.cwd, logFile) || logFile})`);
    const ready = (async () => {
      for (const step of row.ready) {
        await waitUntil(step, proc, { timeoutMs: ctx.timeoutMs, logFile, onProgress: ctx.progress });
      }
    })();
    // handled below by allSettled; a rejection while later rows start must not count as unhandled
    ready.catch(() => undefined);
    return { ready };
  };

  try {
    const waits: Promise<void>[] = [];
    for (const row of rows) waits.push((await start(row)).ready);
    const results = await Promise.allSettled(waits);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  } catch (error) {
    await stop();
    throw error;
  }

  const unexpectedExit = new Promise<StackExit>((resolveExit) => {
    for (const proc of running) {
      void proc.exited.then((code) => {
        if (!stopping) resolveExit({ name: proc.name, code, tail: proc.tail() });
      });
    }
  });
  return { stateDir: ctx.stateDir, services: started, notes: ctx.notes, unexpectedExit, stop };
}
