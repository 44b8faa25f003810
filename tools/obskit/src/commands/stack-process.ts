import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** A child process of the local stack, its output appended to a log file. */
export interface StackProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves once the process exited, with its code (or the signal that ended it). */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Whether the process has exited. */
  hasExited(): boolean;
  /** The last lines it printed, for error messages. */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startStackProcess}. */
export interface StackProcessOptions {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Output (stdout and stderr) is appended here. */
  readonly logFile: string;
  /** Called with each complete line of stdout. */
  readonly onStdoutLine?: (line: string) => void;
  /**
   * Run it in its own process group and signal the whole group on stop: for a shell command line
   * (`sh -c "npm run dev"`), whose children would otherwise outlive the shell.
   */
  readonly processGroup?: boolean;
}

const TAIL_BYTES = 16_384;

/** Spawns `file` with piped output that goes to `logFile` and a bounded in-memory tail. */
export function startStackProcess(name: string, file: string, options: StackProcessOptions): StackProcess {
  const log: WriteStream = createWriteStream(options.logFile, { flags: 'a' });
  log.on('error', () => undefined);
  const child = spawn(file, [...options.args], {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv | undefined,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.processGroup === true,
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      if (options.processGroup && child.pid !== undefined) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // already gone
    }
  };
  const groupAlive = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 0);
      return child.pid !== undefined;
    } catch {
      return false;
    }
  };
  let recent = '';
  let partial = '';
  const remember = (chunk: string) => {
    recent = (recent + chunk).slice(-TAIL_BYTES);
    if (!log.closed) log.write(chunk);
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    remember(chunk);
    if (!options.onStdoutLine) return;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onStdoutLine(line);
  });
  child.stderr?.setEncoding('utf8').on('data', remember);

  let done = false;
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    const finish = (result: number | NodeJS.Signals) => {
      if (done) return;
      done = true;
      log.end();
      resolve(result);
    };
    child.once('exit', (code, signal) => finish(code ?? signal ?? 1));
    // spawn failures (ENOENT, EACCES) emit `error` and no `exit`.
    child.once('error', (error) => {
      remember(`${error.message}\n`);
      finish(1);
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    name,
    child,
    exited,
    hasExited: () => done,
    tail: (lines = 20) => recent.trimEnd().split('\n').slice(-lines).join('\n'),
    stop: (graceMs = 10_000) =>
      (stopping ??= (async () => {
        const deadline = Date.now() + graceMs;
        if (!done || options.processGroup) signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), graceMs);
        await exited;
        // A shell's children outlive it: wait until the whole group is gone (SIGKILL at the deadline).
        while (options.processGroup && groupAlive() && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
        }
        clearTimeout(timer);
        if (options.processGroup && groupAlive()) signal('SIGKILL');
      })()),
  };
}

/** A free TCP port on `host`, chosen by the kernel. */
export function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
