import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The real binaries obskit's tests use, and where they come from. */
export type BinaryName = 'prometheus' | 'promtool' | 'prometheus-alertmanager' | 'amtool';

const ALTERNATIVE_NAMES: Record<BinaryName, readonly string[]> = {
  prometheus: ['prometheus'],
  promtool: ['promtool'],
  'prometheus-alertmanager': ['prometheus-alertmanager', 'alertmanager'],
  amtool: ['amtool'],
};

/** The exact command that installs the binaries, per platform. */
export const INSTALL_HINT =
  'Install them with:\n' +
  '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y prometheus prometheus-alertmanager\n' +
  '  macOS:         brew install prometheus alertmanager\n' +
  '  or run:        bash tools/scripts/ensure-prometheus';

/** Where {@link findBinary} looks. */
export interface FindOptions {
  /** Directories to search. @defaultValue PATH, then /usr/bin and /usr/local/bin */
  readonly searchPath?: readonly string[];
}

/** Looks `name` up on PATH (and under /usr/bin); `undefined` when absent. */
export function findBinary(name: BinaryName, options: FindOptions = {}): string | undefined {
  const dirs = options.searchPath ?? [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
    '/usr/bin',
    '/usr/local/bin',
  ];
  for (const candidate of ALTERNATIVE_NAMES[name]) {
    for (const dir of dirs) {
      const file = join(dir, candidate);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/**
 * Absolute path of a real binary. Throws when it is missing — in CI (`CI=true`) and on a developer
 * machine alike; the message gives the exact install command. Tests never skip silently.
 */
export function requireBinary(name: BinaryName, options: FindOptions = {}): string {
  const file = findBinary(name, options);
  if (!file) {
    const where = process.env.CI === 'true' ? ' (CI=true: a missing binary fails the run)' : '';
    throw new Error(`Missing binary "${name}"${where}. ${INSTALL_HINT}`);
  }
  return file;
}

/** Result of {@link runBinary}. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runBinary}. */
export interface RunOptions {
  /** Written to standard input. */
  readonly input?: string;
  readonly cwd?: string;
  /** Kill after this many milliseconds. @defaultValue 60000 */
  readonly timeoutMs?: number;
}

/** Runs a real binary to completion and collects its output. */
export function runBinary(
  name: BinaryName,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const file = requireBinary(name);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Synchronous variant of {@link runBinary}, for setup code. */
export function runBinarySync(
  name: BinaryName,
  args: readonly string[],
  options: RunOptions = {},
): RunResult {
  const result = spawnSync(requireBinary(name), args, {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** `promtool check metrics` on an exposition; resolves to what promtool printed (empty when clean). */
export async function promtoolCheckMetrics(
  exposition: string,
): Promise<{ code: number | null; output: string }> {
  const result = await runBinary('promtool', ['check', 'metrics'], { input: exposition });
  return { code: result.code, output: (result.stdout + result.stderr).trim() };
}
