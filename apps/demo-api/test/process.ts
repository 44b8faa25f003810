import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const appRoot = join(__dirname, '..');

/** Builds the app (incremental), so that `dist/main.js` matches the sources under test. */
export function buildApp(): void {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', join(appRoot, 'tsconfig.lib.json')], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
}

/** A `node dist/main.js` child process. */
export interface DemoProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the URL of the `demo-api listening on …` line. */
  readonly listening: Promise<string>;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
}

/** Starts `node dist/main.js` with `env` added to the current environment. */
export function startDemoProcess(env: Record<string, string>): DemoProcess {
  const child = spawn(process.execPath, [join(appRoot, 'dist', 'main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /^demo-api listening on (http:\/\/\S+)$/m.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error(`demo-api exited before listening:\n${out}\n${err}`)));
  });
  listening.catch(() => undefined);
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, stdout: () => out, stderr: () => err, listening, exited };
}
