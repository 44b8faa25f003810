import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { freePort, waitFor } from '@obskit/testing';

/** The app's directory and the Next.js CLI of the workspace. */
export const APP_DIR = join(__dirname, '..');
const NEXT_BIN = require.resolve('next/dist/bin/next', { paths: [APP_DIR] });

/** Which bundler built the app: Turbopack is Next 16's default; webpack with `--webpack`. */
export type Bundler = 'turbopack' | 'webpack';

/** Where each bundler's build goes (`distDir` in next.config.ts reads `NEXT_DIST_DIR`). */
export const DIST_DIR: Readonly<Record<Bundler, string>> = { turbopack: '.next', webpack: '.next-webpack' };

/**
 * Makes sure the app is built with `bundler`: the Turbopack build is the Nx `build` target's output
 * (the `test` target depends on it, so CI builds it once); the webpack build is made here, once per
 * run, into its own directory.
 */
export async function ensureBuilt(bundler: Bundler): Promise<void> {
  const dist = DIST_DIR[bundler];
  if (bundler === 'turbopack' && existsSync(join(APP_DIR, dist, 'BUILD_ID'))) return;
  // asynchronous, so that jest's timers and the stop of earlier servers keep running meanwhile
  const child = spawn(
    process.execPath,
    [NEXT_BIN, 'build', ...(bundler === 'webpack' ? ['--webpack'] : [])],
    {
      cwd: APP_DIR,
      env: { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: dist, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (log += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (log += c));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`next build (${bundler}) failed with ${code}:\n${log}`);
}

/** How long a `next build` may take on a loaded 2-core CI machine (a hook's timeout). */
export const BUILD_TIMEOUT_MS = 15 * 60_000;

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A running `next start`. */
export interface NextServer {
  readonly url: string;
  readonly port: number;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Where `next dev` writes (Turbopack, Next 16's default in dev): apart from the builds'. */
export const DEV_DIST_DIR = '.next-dev';

/**
 * Starts `next start` (or, with `dev: true`, `next dev` with Turbopack and `NODE_ENV=development`)
 * on `host` (127.0.0.1 unless given) and a free port; waits until it answers.
 */
export async function startNext(
  bundler: Bundler,
  env: Record<string, string> = {},
  options: { host?: string; port?: number; spawnPrefix?: readonly string[]; dev?: boolean } = {},
): Promise<NextServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const prefix = options.spawnPrefix ?? [];
  const dev = options.dev === true;
  if (dev && bundler !== 'turbopack') throw new Error(`next dev is tested with Turbopack, not ${bundler}`);
  const command_ = dev ? 'dev' : 'start';
  const argv = [process.execPath, NEXT_BIN, command_, '-p', String(port), '-H', host];
  const [command, ...args] = [...prefix, ...argv];
  const child: ChildProcess = spawn(command, args, {
    cwd: APP_DIR,
    // jest sets NODE_ENV=test; `next start` is production and `next dev` development, as a user runs them
    env: {
      ...process.env,
      NODE_ENV: dev ? 'development' : 'production',
      NEXT_DIST_DIR: dev ? DEV_DIST_DIR : DIST_DIR[bundler],
      NEXT_TELEMETRY_DISABLED: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let log = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (log += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (log += c));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitFor(
      `next ${command_} (${bundler}) on ${url}`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`next ${command_} exited with ${child.exitCode}:\n${log}`);
        return /Ready in/.test(log);
      },
      60_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, output: () => log, stop };
}

/** A raw HTTP response: the bytes exactly as sent (no decompression), and the headers. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** GET/POST with Node's `http` (fetch would decode gzip and hide a double encoding). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
