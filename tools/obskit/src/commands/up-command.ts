import { dirname, relative, resolve } from 'node:path';
import type { LoadedConfig, ServiceConfig } from '@obskit/config';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../internal/usage-error.js';
import type { CliIo } from '../io.js';
import { up, type RunningStack, type StackExit, type UpService } from './up.js';

/** Flags of `obskit up` (for `node:util` parseArgs). */
export const UP_FLAGS = {
  'state-dir': { type: 'string' },
  target: { type: 'string' },
  timeout: { type: 'string' },
  'no-prometheus': { type: 'boolean' },
  'no-alertmanager': { type: 'boolean' },
  'no-grafana': { type: 'boolean' },
} as const;

/** Where `obskit up` learns that the user wants to stop (Ctrl-C, SIGTERM). */
export type StopSignalSource = (onSignal: (signal: string) => void) => () => void;

/** SIGINT and SIGTERM of this process. */
export const processStopSignals: StopSignalSource = (onSignal) => {
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
};

function numberFlag(name: string, raw: unknown, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`Invalid --${name} "${String(raw)}": expected a number from ${min} to ${max}`);
  }
  return n;
}

/**
 * The scrape credentials and CA file of a service, relative paths taken from the config file's
 * directory (as `run.cwd`): the generated prometheus.yml lives in the state dir, and Prometheus would
 * otherwise resolve them from there.
 */
function withFilesFrom(
  base: string,
  scrape: Pick<ServiceConfig, 'auth' | 'tlsCaFile'>,
): Pick<ServiceConfig, 'auth' | 'tlsCaFile'> {
  const { auth, tlsCaFile } = scrape;
  return {
    ...(auth === undefined
      ? {}
      : 'bearerTokenFile' in auth
        ? { auth: { bearerTokenFile: resolve(base, auth.bearerTokenFile) } }
        : {
            auth: {
              basicAuth: { ...auth.basicAuth, passwordFile: resolve(base, auth.basicAuth.passwordFile) },
            },
          }),
    ...(tlsCaFile === undefined ? {} : { tlsCaFile: resolve(base, tlsCaFile) }),
  };
}

/**
 * The services of a loaded config as `obskit up` runs them: from `run.command` (its `cwd` relative to
 * the config file) on `run.port` or the port of its first static target, or only scraped at that target. Kubernetes and file_sd
 * targets are not local: such a service needs a `run.command` to take part. Relative `auth` and
 * `tlsCaFile` paths are relative to the config file too.
 */
export function upServicesFromConfig(loaded: LoadedConfig): UpService[] {
  const base = dirname(loaded.file);
  return loaded.resolved.services.map(({ packs: _packs, targets, run, ...service }) => {
    const scrape = { ...service, ...withFilesFrom(base, service) };
    const target = 'static' in targets ? targets.static[0] : undefined;
    const command = run?.command;
    const targetPort = target === undefined ? undefined : Number(target.slice(target.lastIndexOf(':') + 1));
    const port = run?.port ?? targetPort;
    return {
      ...scrape,
      ...(command
        ? {
            run: {
              command,
              cwd: resolve(base, run?.cwd ?? '.'),
              ...(run?.env ? { env: run.env } : {}),
              // the port it listens on: run.port, else the one the config scrapes it at
              ...(port !== undefined ? { port } : {}),
            },
          }
        : target !== undefined
          ? { target }
          : {}),
    };
  });
}

/** `--target HOST:PORT`: the config's only service, already running there, is scraped instead of started. */
function withTarget(services: UpService[], target: string | undefined, file: string): UpService[] {
  if (target === undefined) return services;
  if (services.length !== 1) {
    throw new UsageError(
      `--target "${target}" needs a config with one service: ${file} has ${services.length} (${services.map((s) => s.name).join(', ')})`,
    );
  }
  const { run: _run, ...scrape } = services[0];
  return [{ ...scrape, target }];
}

/** Prints the URL table of a running stack. */
export function printStack(io: CliIo, stack: RunningStack): void {
  const where = relative(io.cwd, stack.stateDir) || '.';
  io.out('');
  io.out('obskit stack is up:');
  for (const s of stack.services) io.out(`  ${s.name.padEnd(13)} ${s.url}`);
  for (const note of stack.notes) io.out(`  note: ${note}`);
  io.out(`  state and logs in ${where.startsWith('..') ? stack.stateDir : where}`);
  io.out('Press Ctrl-C to stop.');
}

/**
 * `obskit up`: starts the stack of `values.loadedConfig` (the loaded config), prints its URLs, waits for Ctrl-C / SIGTERM (or a process dying),
 * stops everything and returns the exit status: 0 after a signal, 1 when a process died.
 */
export async function runUpCommand(
  values: Record<string, unknown>,
  io: CliIo,
  signals: StopSignalSource = processStopSignals,
): Promise<number> {
  const loaded = values.loadedConfig as LoadedConfig;
  const services = withTarget(upServicesFromConfig(loaded), values.target as string | undefined, loaded.file);
  const timeout = numberFlag('timeout', values.timeout, 1, 3600);
  const progress = (line: string) => io.err(`obskit: ${line}`);
  let signalled: string | undefined;
  let wake: (() => void) | undefined;
  // Listen from the start: Ctrl-C while starting stops what has started.
  const unlisten = signals((signal) => {
    if (signalled) return;
    signalled = signal;
    progress(`${signal}: stopping the stack`);
    wake?.();
  });
  try {
    const starting = up({
      stateDir: values['state-dir'] as string | undefined,
      cwd: io.cwd,
      env: io.env,
      services,
      // host metrics (the host alert pack) need node_exporter beside the apps
      nodeExporter: loaded.resolved.alerts?.packs?.host === true,
      ...(loaded.resolved.costBudgetUsdPerDay !== undefined
        ? { costBudgetUsdPerDay: loaded.resolved.costBudgetUsdPerDay }
        : {}),
      prometheus: values['no-prometheus'] !== true,
      alertmanager: values['no-alertmanager'] !== true,
      grafana: values['no-grafana'] !== true,
      readyTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
      onProgress: progress,
    });
    const stack = await starting;
    if (signalled) {
      await stack.stop();
      progress('stopped');
      return EXIT_CODES.ok;
    }
    printStack(io, stack);
    const exit = await new Promise<StackExit | undefined>((resolveWait) => {
      wake = () => resolveWait(undefined);
      void stack.unexpectedExit.then((e) =>
        // Ctrl-C reaches the children too; give our own handler a moment to run first.
        setTimeout(() => resolveWait(signalled ? undefined : e), 300),
      );
    });
    if (exit) {
      progress(`${exit.name} exited unexpectedly (code ${exit.code}); last lines:\n${exit.tail}`);
      progress('stopping the stack');
    }
    await stack.stop();
    progress('stopped');
    return exit ? EXIT_CODES.failed : EXIT_CODES.ok;
  } finally {
    unlisten();
  }
}
