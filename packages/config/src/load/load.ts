import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { createJiti } from 'jiti';
import type { EnvironmentName, ObskitConfig, ResolvedObskitConfig } from '../config/types.js';
import { resolveEnvironment } from '../environments/merge.js';
import { CONFIG_CODES } from '../codes.js';
import { ObskitConfigLoadError } from '../errors.js';
import { ENVIRONMENT_NAMES } from '../schema/schema.js';
import { didYouMean } from '../validation/issues.js';
import { validateConfig } from '../validation/validate.js';

/** File names searched for, in this order, in each directory from the working directory upward. */
export const CONFIG_FILE_NAMES = [
  'obskit.config.ts',
  'obskit.config.mts',
  'obskit.config.mjs',
  'obskit.config.js',
  'obskit.config.cjs',
  'obskit.config.json',
] as const;

/** The first {@link CONFIG_FILE_NAMES} file in `cwd` or one of its parents, or `undefined`. */
export function findConfigFile(cwd: string = process.cwd()): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Reads a config file as written (not validated): JSON parsed, TypeScript and JavaScript evaluated
 * with jiti (ESM or CommonJS, `export default` or `module.exports`).
 * @throws ObskitConfigLoadError `OBSKIT_CONFIG_NOT_FOUND` when the file does not exist,
 * `OBSKIT_CONFIG_LOAD_FAILED` when it cannot be read or evaluated or has no default export
 */
export async function readConfigFile(file: string): Promise<unknown> {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new ObskitConfigLoadError(CONFIG_CODES.notFound, `Config file "${file}" does not exist`);
  }
  let loaded: unknown;
  try {
    if (path.endsWith('.json')) return JSON.parse(readFileSync(path, 'utf8'));
    // A fresh jiti per load: no module cache, so `obskit check` after an edit reads the edit.
    const jiti = createJiti(path, { moduleCache: false, fsCache: false, interopDefault: true });
    loaded = await jiti.import<unknown>(path, { default: true });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ObskitConfigLoadError(CONFIG_CODES.loadFailed, `Cannot load config "${file}": ${reason}`, {
      cause: err,
    });
  }
  if (loaded === undefined || loaded === null) {
    throw new ObskitConfigLoadError(
      CONFIG_CODES.loadFailed,
      `Cannot load config "${file}": it has no default export (expected \`export default defineConfig({...})\`)`,
    );
  }
  return loaded;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Where to start looking upward. @defaultValue `process.cwd()` */
  readonly cwd?: string;
  /** A config file to use instead of searching (relative to `cwd`). */
  readonly configFile?: string;
  /** The environment to merge over the base (`--env`). @defaultValue none: the base alone */
  readonly env?: string;
}

/** A loaded, validated config and where it came from. */
export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  /** The environment merged in, if any. */
  readonly env: EnvironmentName | undefined;
  /** The config as written (validated), environments included. */
  readonly config: ObskitConfig;
  /** The base with the environment merged in: what the generators receive. */
  readonly resolved: ResolvedObskitConfig;
}

/**
 * Finds (upward from `cwd`) or takes the config file, loads and validates it and merges the chosen
 * environment. Throws {@link ObskitConfigLoadError} when there is no file or it cannot be evaluated,
 * {@link ObskitConfigError} (listing every problem) when it is invalid.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env;
  if (env !== undefined && !(ENVIRONMENT_NAMES as readonly string[]).includes(env)) {
    const hint = didYouMean(env, ENVIRONMENT_NAMES);
    throw new ObskitConfigLoadError(
      CONFIG_CODES.unknownEnvironment,
      `Unknown environment "${env}": expected one of ${ENVIRONMENT_NAMES.join(', ')}${
        hint ? ` (did you mean "${hint}"?)` : ''
      }`,
    );
  }
  const file = options.configFile
    ? isAbsolute(options.configFile)
      ? options.configFile
      : resolve(cwd, options.configFile)
    : findConfigFile(cwd);
  if (!file) {
    throw new ObskitConfigLoadError(
      CONFIG_CODES.notFound,
      `No obskit config found in ${cwd} or any parent directory (looked for ${CONFIG_FILE_NAMES.join(', ')}); ` +
        'create one with "npx obskit init --name <service> --port <port>" or pass --config FILE',
    );
  }
  const raw = await readConfigFile(file);
  const config = validateConfig(raw, relative(cwd, file) || file);
  const chosen = env as EnvironmentName | undefined;
  return { file, env: chosen, config, resolved: resolveEnvironment(config, chosen) };
}
