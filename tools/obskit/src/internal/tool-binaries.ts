import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CliError } from '../errors.js';

/** The validators `obskit validate` runs. */
export type ToolName = 'promtool' | 'amtool';

/** A validator binary `obskit validate` chose, and why that one. */
export interface FoundTool {
  readonly name: ToolName;
  /** Absolute path of the binary. */
  readonly file: string;
  /** What `--version` printed (`3.5.3`), `undefined` when it printed none. */
  readonly version: string | undefined;
  /** Where it came from: the `--promtool`/`--amtool` flag, `OBSKIT_PROMTOOL`/`OBSKIT_AMTOOL`, the obskit binary cache or PATH. */
  readonly source: 'flag' | 'env' | 'cache' | 'PATH';
}

/** What a generated tree needs of a validator: `tool` at `minimum` or later, because of `reason`. */
export interface ToolRequirement {
  readonly tool: ToolName;
  /** Dotted version, e.g. `0.28.0`. */
  readonly minimum: string;
  /** What in the tree needs it, e.g. `alertmanager/alertmanager.yml uses msteamsv2_configs`. */
  readonly reason: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const ENV_VARIABLE: Readonly<Record<ToolName, string>> = {
  promtool: 'OBSKIT_PROMTOOL',
  amtool: 'OBSKIT_AMTOOL',
};

/** The exact commands that install promtool and amtool. */
export const INSTALL_COMMANDS =
  'Debian/Ubuntu: sudo apt-get install -y prometheus prometheus-alertmanager; macOS: brew install prometheus alertmanager';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What `file --version` says its version is (`3.5.3`), or `undefined`. */
export function toolVersion(file: string): string | undefined {
  const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return /version (\d+\.\d+\.\d+)/.exec(text)?.[1];
}

/** Compares dotted versions numerically (`2.42.0` < `3.5.3`); `undefined` sorts first. */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The obskit binary cache: `$OBSKIT_CACHE_DIR/bin`, default `${XDG_CACHE_HOME:-~/.cache}/obskit/bin`. */
export function binaryCacheDir(env: Env): string {
  const root =
    env['OBSKIT_CACHE_DIR'] ??
    join(env['XDG_CACHE_HOME'] ?? join(env['HOME'] ?? homedir(), '.cache'), 'obskit');
  return join(root, 'bin');
}

/**
 * The validator to run: the path given (`explicit`, from the flag) or in `OBSKIT_PROMTOOL` /
 * `OBSKIT_AMTOOL` as it is; otherwise the newest version among the obskit binary cache
 * (`<cache>/<folder>/<name>`, filled by `tools/scripts/ensure-prometheus`) and every PATH directory.
 *
 * @throws CliError `OBSKIT_MISSING_BINARY` when the given path is not executable or none is found.
 */
export function findTool(name: ToolName, env: Env, explicit?: string): FoundTool {
  const given = explicit ?? env[ENV_VARIABLE[name]];
  if (given !== undefined && given !== '') {
    const where = explicit !== undefined ? `--${name}` : ENV_VARIABLE[name];
    if (!executable(given)) {
      throw new CliError(
        'OBSKIT_MISSING_BINARY',
        `Missing "${name}": ${where} names "${given}", which is not an executable file`,
      );
    }
    return {
      name,
      file: given,
      version: toolVersion(given),
      source: explicit !== undefined ? 'flag' : 'env',
    };
  }
  const candidates: { file: string; source: FoundTool['source'] }[] = [];
  const cache = binaryCacheDir(env);
  let folders: string[] = [];
  try {
    folders = readdirSync(cache).sort();
  } catch {
    // no cache
  }
  for (const folder of folders) candidates.push({ file: join(cache, folder, name), source: 'cache' });
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    candidates.push({ file: join(dir, name), source: 'PATH' });
  }
  let best: FoundTool | undefined;
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.file) || !executable(c.file)) continue;
    seen.add(c.file);
    const version = toolVersion(c.file);
    // Ties keep the first found: the cache before PATH, PATH in its order.
    if (best === undefined || compareVersions(version, best.version) > 0)
      best = { name, file: c.file, version, source: c.source };
  }
  if (best === undefined) {
    throw new CliError(
      'OBSKIT_MISSING_BINARY',
      `Missing "${name}": not in the obskit binary cache (${cache}) nor on PATH, and ${ENV_VARIABLE[name]} is not set. Install it with: ${INSTALL_COMMANDS}`,
    );
  }
  return best;
}

/**
 * @throws CliError `OBSKIT_VALIDATOR_TOO_OLD` naming the binary, its version and the minimum, for
 *   every requirement `tool` does not meet.
 */
export function assertToolMeets(tool: FoundTool, requirements: readonly ToolRequirement[]): void {
  const unmet = requirements.filter(
    (r) =>
      r.tool === tool.name && (tool.version === undefined || compareVersions(tool.version, r.minimum) < 0),
  );
  if (unmet.length === 0) return;
  const lines = unmet.map((r) => `  ${r.reason}: needs ${tool.name} ${r.minimum} or later`);
  throw new CliError(
    'OBSKIT_VALIDATOR_TOO_OLD',
    [
      `${tool.name} ${tool.version ?? '(version unknown)'} at "${tool.file}" is too old for this tree:`,
      ...lines,
      `Install a newer one (bash tools/scripts/ensure-prometheus in the obskit repository, or ${INSTALL_COMMANDS}) ` +
        `or point --${tool.name} / ${ENV_VARIABLE[tool.name]} at it.`,
    ].join('\n'),
  );
}
