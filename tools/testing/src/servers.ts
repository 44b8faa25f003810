import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { requireBinary, type BinaryName, type FindOptions } from './binaries.js';
import { freePort, makeTempDir, waitFor } from './net.js';
import { fetchTls, type TlsClientOptions, type TlsRequestInit } from './tls-fetch.js';

/** A real server process started for a test, on 127.0.0.1. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (`https://…` when started with `tls`). */
  readonly url: string;
  readonly port: number;
  /** Temp dir holding its config, data and the extra files. */
  readonly dir: string;
  /** What the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /**
   * Requests `path` (e.g. `/api/v2/status`) from the server: the global `fetch` over HTTP, over HTTPS
   * trusting the `tls` CA given at start.
   */
  fetch(path: string, init?: TlsRequestInit): Promise<Response>;
  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and removes its temp dir. */
  stop(): Promise<void>;
}

/**
 * Options shared by {@link startPrometheus} and {@link startAlertmanager}. `line` / `version` pick the
 * binary ({@link FindOptions}); the default is the `current` line (Prometheus 3.5.3, Alertmanager 0.33.1).
 */
export interface StartOptions extends Pick<FindOptions, 'line' | 'version'> {
  /** The configuration: a YAML string, or an object (written as JSON, which is valid YAML). */
  readonly config: string | object;
  /** Extra files to write into the temp dir first, by relative path (rule files, secrets, tests). */
  readonly files?: Readonly<Record<string, string>>;
  /** Extra command-line flags. */
  readonly args?: readonly string[];
  /** Port to listen on. @defaultValue a free port */
  readonly port?: number;
  /**
   * Prometheus only: TSDB directory to use instead of `<dir>/data`, e.g. one holding backfilled
   * blocks; it is kept on `stop()`, so a second server can be started on it. @defaultValue `<dir>/data`
   */
  readonly storagePath?: string;
  /**
   * A web config (exporter-toolkit `web.yml`: TLS, basic-auth users, headers), written to `web.yml` and
   * passed as `--web.config.file`. A YAML string or an object.
   */
  readonly webConfig?: string | object;
  /**
   * The server speaks HTTPS (its `webConfig` has `tls_server_config`): readiness and
   * {@link RunningServer.fetch} trust this CA and expect this name in the certificate.
   */
  readonly tls?: TlsClientOptions;
  /** How long to wait for `/-/ready`. @defaultValue 30000 */
  readonly readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function start(
  binary: BinaryName,
  configName: string,
  flags: (dir: string, port: number) => string[],
  options: StartOptions,
  readyPath = '/-/ready',
): Promise<RunningServer> {
  const file = requireBinary(binary, { line: options.line, version: options.version });
  if (options.tls && options.webConfig === undefined)
    throw new Error(`Missing "webConfig" for ${binary}: "tls" needs a web config that serves HTTPS`);
  const temp = await makeTempDir(`obskit-${binary}-`);
  const port = options.port ?? (await freePort());
  for (const [relative, content] of Object.entries(options.files ?? {})) {
    const target = join(temp.path, relative);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  const config =
    typeof options.config === 'string' ? options.config : JSON.stringify(options.config, null, 2);
  if (configName) await writeFile(join(temp.path, configName), config);
  const webFlags: string[] = [];
  if (options.webConfig !== undefined) {
    const web =
      typeof options.webConfig === 'string' ? options.webConfig : JSON.stringify(options.webConfig, null, 2);
    await writeFile(join(temp.path, 'web.yml'), web);
    webFlags.push(`--web.config.file=${join(temp.path, 'web.yml')}`);
  }

  let log = '';
  const child = spawn(file, [...flags(temp.path, port), ...webFlags, ...(options.args ?? [])], {
    cwd: temp.path,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    }),
  );

  const tls = options.tls;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const fetchPath = (path: string, init?: TlsRequestInit): Promise<Response> =>
    tls ? fetchTls(`${url}${path}`, tls, init) : fetch(`${url}${path}`, init);
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    await temp.cleanup();
  };
  try {
    const exitedEarly = exit.then(() => {
      throw new Error(`${binary} exited early (code ${child.exitCode})`);
    });
    // Once ready, a later exit (stop()) must not surface as an unhandled rejection.
    exitedEarly.catch(() => undefined);
    await Promise.race([
      exitedEarly,
      waitFor(
        `${binary} to be ready at ${url}`,
        async () => !exited && (await fetchPath(readyPath)).ok,
        options.readyTimeoutMs ?? 30_000,
      ),
    ]);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- ${binary} output ---\n${log}`, { cause: error });
  }
  return { url, port, dir: temp.path, output: () => log, fetch: fetchPath, stop };
}

/**
 * Starts the real Prometheus server on 127.0.0.1 with `config` in a temp dir. Config paths (rule
 * files) are relative to that dir. `--web.enable-lifecycle` is on, so `POST /-/reload` works.
 */
export function startPrometheus(options: StartOptions): Promise<RunningServer> {
  return start(
    'prometheus',
    'prometheus.yml',
    (dir, port) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${options.storagePath ?? join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    options,
  );
}

/**
 * Starts the real Alertmanager on 127.0.0.1 in a temp dir, with clustering off unless `args` holds a
 * `--cluster.listen-address` (then the caller's cluster flags apply).
 */
export function startAlertmanager(options: StartOptions): Promise<RunningServer> {
  return start(
    'prometheus-alertmanager',
    'alertmanager.yml',
    (dir, port) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // clustering off, unless the caller's args set up a cluster
      ...(options.args?.some((a) => a.startsWith('--cluster.listen-address'))
        ? []
        : ['--cluster.listen-address=']),
    ],
    options,
  );
}

/**
 * Starts the real node_exporter (default: the `current` line's 1.11) on 127.0.0.1; `config` is unused
 * (pass `''`), `args` adds collector flags. Ready once `/metrics` answers.
 */
export function startNodeExporter(options: Partial<StartOptions> = {}): Promise<RunningServer> {
  return start(
    'node_exporter',
    '',
    (_dir, port) => [`--web.listen-address=127.0.0.1:${port}`],
    { config: '', ...options },
    '/metrics',
  );
}

/** One sample of an instant-vector result. */
export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/**
 * Runs an instant query against a Prometheus HTTP API (a base URL, or a {@link RunningServer}, also one
 * served over HTTPS), at `options.time` (Unix seconds) or the server's now; throws with the server's
 * error message. A scalar answer comes back as one sample without labels.
 */
export async function promQuery(
  server: string | Pick<RunningServer, 'fetch'>,
  expr: string,
  options: { readonly time?: number } = {},
): Promise<PromSample[]> {
  const at = options.time === undefined ? '' : `&time=${options.time}`;
  const path = `/api/v1/query?query=${encodeURIComponent(expr)}${at}`;
  const response = await (typeof server === 'string' ? fetch(`${server}${path}`) : server.fetch(path));
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: unknown };
  };
  if (body.status !== 'success') {
    const where = typeof server === 'string' ? `${server}: ` : '';
    throw new Error(`${where}Query "${expr}" failed: ${body.error ?? response.status}`);
  }
  if (body.data?.resultType === 'scalar') {
    return [{ metric: {}, value: body.data.result as [number, string] }];
  }
  return body.data?.result as PromSample[];
}
