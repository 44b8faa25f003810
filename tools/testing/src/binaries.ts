import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** The real binaries obskit's tests use (Debian's names; `node_exporter` is upstream's). */
export type BinaryName =
  | 'prometheus'
  | 'promtool'
  | 'prometheus-alertmanager'
  | 'amtool'
  | 'victoria-metrics'
  | 'vmagent'
  | 'vmalert'
  | 'node_exporter';

/**
 * A supported version line. `current` is what users run (Debian sid's Prometheus 3.5.3 LTS,
 * Alertmanager 0.33.1, VictoriaMetrics 1.145, node_exporter 1.11), unpacked into the cache by
 * `tools/scripts/ensure-prometheus`; `oldest` is the oldest supported (Debian bookworm's Prometheus 2.42
 * and Alertmanager 0.25, installed system-wide). Live servers default to `current`.
 */
export type Line = 'current' | 'oldest';

/** Both lines, oldest first: iterate these where validation must hold on every supported version. */
export const LINES: readonly Line[] = ['oldest', 'current'];

/**
 * The version of each binary per line. A version matches when equal or a dotted prefix (`2.42`
 * matches `2.42.0`). A binary absent from a line (e.g. VictoriaMetrics on `oldest`) is not on it.
 */
export const VERSIONS: Readonly<Record<Line, Readonly<Partial<Record<BinaryName, string>>>>> = {
  current: {
    prometheus: '3.5.3',
    promtool: '3.5.3',
    'prometheus-alertmanager': '0.33.1',
    amtool: '0.33.1',
    'victoria-metrics': '1.145.0',
    vmagent: '1.145.0',
    vmalert: '1.145.0',
    node_exporter: '1.11.1',
  },
  oldest: {
    prometheus: '2.42',
    promtool: '2.42',
    'prometheus-alertmanager': '0.25',
    amtool: '0.25',
  },
};

const ALTERNATIVE_NAMES: Record<BinaryName, readonly string[]> = {
  prometheus: ['prometheus'],
  promtool: ['promtool'],
  'prometheus-alertmanager': ['prometheus-alertmanager', 'alertmanager'],
  amtool: ['amtool'],
  'victoria-metrics': ['victoria-metrics', 'victoria-metrics-prod'],
  vmagent: ['vmagent', 'vmagent-prod'],
  vmalert: ['vmalert', 'vmalert-prod'],
  node_exporter: ['node_exporter', 'prometheus-node-exporter'],
};

/** The exact command that installs the binaries. */
export const INSTALL_HINT =
  'Run `bash tools/scripts/ensure-prometheus` (Debian: bookworm packages system-wide for the oldest line, ' +
  "sid's packages unpacked into ~/.cache/obskit/bin for the current line).";

/**
 * The cache the current line is unpacked into: `$OBSKIT_CACHE_DIR/bin`, default
 * `${XDG_CACHE_HOME:-~/.cache}/obskit/bin`, holding `<name>-<version>/<binary>` folders.
 */
export function binaryCacheDir(): string {
  const root =
    process.env.OBSKIT_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'obskit');
  return join(root, 'bin');
}

/** Which binary {@link findBinary} looks for. */
export interface FindOptions {
  /** Version line. @defaultValue `'current'` (ignored when `version` is given) */
  readonly line?: Line;
  /** An exact version or a dotted prefix (`'3.5'`), instead of a line. */
  readonly version?: string;
  /** Directories searched after the cache. @defaultValue PATH, then /usr/bin and /usr/local/bin */
  readonly searchPath?: readonly string[];
}

function wantedVersion(name: BinaryName, options: FindOptions): string | undefined {
  return options.version ?? VERSIONS[options.line ?? 'current'][name];
}

function matches(actual: string, wanted: string): boolean {
  return actual === wanted || actual.startsWith(`${wanted}.`);
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const versionCache = new Map<string, string | undefined>();

/** What `file --version` says its version is (`3.5.3`), or `undefined` when it does not say. */
export function versionOf(file: string): string | undefined {
  if (!versionCache.has(file)) {
    const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    const text = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    const found = /version (\d+\.\d+\.\d+)/.exec(text) ?? /-v(\d+\.\d+\.\d+)/.exec(text);
    versionCache.set(file, found?.[1]);
  }
  return versionCache.get(file);
}

/**
 * Absolute path of `name` in the wanted version (default: the `current` line), or `undefined`.
 * Looks in the cache first (`<cache>/<folder>-<version>/<binary>`, version from the folder name),
 * then on PATH (version from `--version`).
 *
 * @example findBinary('prometheus') // ~/.cache/obskit/bin/prometheus-3.5.3/prometheus
 * @example findBinary('promtool', { line: 'oldest' }) // /usr/bin/promtool (2.42)
 */
export function findBinary(name: BinaryName, options: FindOptions = {}): string | undefined {
  const wanted = wantedVersion(name, options);
  if (wanted === undefined) return undefined;
  const cache = binaryCacheDir();
  let folders: string[] = [];
  try {
    folders = readdirSync(cache).sort().reverse();
  } catch {
    // no cache yet
  }
  for (const folder of folders) {
    const version = /-(\d+\.\d+\.\d+)$/.exec(folder)?.[1];
    if (!version || !matches(version, wanted)) continue;
    for (const candidate of ALTERNATIVE_NAMES[name]) {
      const file = join(cache, folder, candidate);
      if (executable(file)) return file;
    }
  }
  const dirs = options.searchPath ?? [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
    '/usr/bin',
    '/usr/local/bin',
  ];
  for (const candidate of ALTERNATIVE_NAMES[name]) {
    for (const dir of dirs) {
      const file = join(dir, candidate);
      if (!executable(file)) continue;
      const version = versionOf(file);
      if (version !== undefined && matches(version, wanted)) return file;
    }
  }
  return undefined;
}

/**
 * Like {@link findBinary}, but throws when the binary is missing — in CI (`CI=true`) and on a developer
 * machine alike; the message names the version and the install command. Tests never skip silently.
 */
export function requireBinary(name: BinaryName, options: FindOptions = {}): string {
  const file = findBinary(name, options);
  if (!file) {
    const wanted = wantedVersion(name, options);
    const which =
      wanted === undefined
        ? `: no version of it on the "${options.line ?? 'current'}" line`
        : ` ${wanted}${options.version ? '' : ` (${options.line ?? 'current'} line)`}`;
    const where = process.env.CI === 'true' ? ' (CI=true: a missing binary fails the run)' : '';
    throw new Error(`Missing binary "${name}"${which}${where}. ${INSTALL_HINT}`);
  }
  return file;
}

/**
 * A PATH value that puts the line's binaries first (for child processes that look them up on PATH,
 * such as the obskit CLI): the directories of every binary the line has, then `basePath`.
 * @throws when one of the line's Prometheus/Alertmanager binaries is missing.
 */
export function pathForLine(line: Line, basePath: string = process.env.PATH ?? ''): string {
  const dirs: string[] = [];
  for (const name of Object.keys(VERSIONS[line]) as BinaryName[]) {
    const required = ['prometheus', 'promtool', 'prometheus-alertmanager', 'amtool'].includes(name);
    const file = required ? requireBinary(name, { line }) : findBinary(name, { line });
    if (file && !dirs.includes(dirname(file))) dirs.push(dirname(file));
  }
  return [...dirs, ...basePath.split(delimiter).filter(Boolean)].join(delimiter);
}

/** Result of {@link runBinary}. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runBinary}: which version ({@link FindOptions}), plus how to run it. */
export interface RunOptions extends FindOptions {
  /** Written to standard input. */
  readonly input?: string;
  readonly cwd?: string;
  /** Kill after this many milliseconds. @defaultValue 60000 */
  readonly timeoutMs?: number;
}

/** Runs a real binary (default: the `current` line) to completion and collects its output. */
export function runBinary(
  name: BinaryName,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const file = requireBinary(name, options);
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
  const result = spawnSync(requireBinary(name, options), args, {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * `promtool check metrics` on an exposition (default: the `current` line's promtool); resolves to what
 * promtool printed (empty when clean).
 */
export async function promtoolCheckMetrics(
  exposition: string,
  options: FindOptions = {},
): Promise<{ code: number | null; output: string }> {
  const result = await runBinary('promtool', ['check', 'metrics'], { ...options, input: exposition });
  return { code: result.code, output: (result.stdout + result.stderr).trim() };
}
