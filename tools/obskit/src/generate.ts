import { isAbsolute, relative, resolve, sep } from 'node:path';
import { loadConfig, type LoadedConfig } from '@obskit/config';
import {
  assertValidDeploymentOptions,
  diffGeneratedFiles,
  readGeneratedManifest,
  renderDeploymentTree,
  writeGeneratedFiles,
  type DeploymentOptions,
  type DeploymentProfile,
  type DeploymentService,
  type GeneratedFilesDiff,
  type WriteGeneratedFilesResult,
} from '@obskit/provisioning';
import { deploymentOptionsFromConfig, profileFor } from './config/deployment-options.js';
import { UsageError } from './internal/usage-error.js';
import { CliError } from './errors.js';

/** Deployment options of the CLI: `target` is the `--target` flag (the address of the config's one service). */
export type CliDeploymentOptions = DeploymentOptions & {
  /** `host:port` that replaces the targets of the config's only service (e.g. an app on a free port). */
  readonly target?: string;
};

/** Where the services come from: an `obskit.config.*` and the environment merged over it. */
export interface ConfigSource {
  /** The config file (relative to `cwd`); without it, `services` must be given (the programmatic form). */
  readonly config?: string;
  /** Environment of the config (`--env`); also the profile when it names one and `profile` is not given. */
  readonly env?: string;
}

/** What to do when there is no config, for every message that says so. */
export const NO_CONFIG_HINT =
  'create obskit.config.ts with `npx obskit init --name <service> --port <port>`, or pass --config FILE';

/** The config's only service at `target` (`--target`): scraped there, whatever its targets were. */
function retarget(services: readonly DeploymentService[], target: string, file: string): DeploymentService[] {
  if (services.length !== 1) {
    throw new UsageError(
      `--target "${target}" needs a config with one service: ${file} has ${services.length} (${services.map((s) => s.name).join(', ')})`,
    );
  }
  return [{ ...services[0], targets: { static: [target] } }];
}

/** Options of {@link generate}. */
export interface GenerateOptions extends Omit<DeploymentOptions, 'profile'>, ConfigSource {
  /** @defaultValue the environment when it names a profile, else `'compose'` */
  readonly profile?: DeploymentProfile;
  /** `host:port` that replaces the targets of the config's only service (`--target`). */
  readonly target?: string;
  /** Output directory. @defaultValue `'deployment'` */
  readonly out?: string;
  /** Overwrite files edited by hand. @defaultValue false */
  readonly force?: boolean;
  /** Directory `out` and `config` are relative to. @defaultValue `process.cwd()` */
  readonly cwd?: string;
  /** Called with a progress line before each step. */
  readonly onProgress?: (line: string) => void;
}

/** Result of {@link generate}. */
export interface GenerateResult extends WriteGeneratedFilesResult {
  /** Absolute output directory. */
  readonly out: string;
  /** Every generated file, by relative path. */
  readonly files: readonly string[];
  /** The config the tree was generated from, if any. */
  readonly config?: LoadedConfig;
}

/** The flag options recorded in the manifest, without undefined fields. */
export function manifestOptionsOf(options: Partial<CliDeploymentOptions>): Record<string, unknown> {
  const recorded: Record<string, unknown> = {};
  const keys: (keyof CliDeploymentOptions)[] = [
    'profile',
    'target',
    'prometheus',
    'alertmanager',
    'nodeExporter',
    'webhookUrl',
    'namespace',
    'kubernetesLabels',
    'costBudgetUsdPerDay',
  ];
  for (const key of keys) if (options[key] !== undefined) recorded[key] = options[key];
  return recorded;
}

/** What a tree is rendered from, and what its manifest records to render it again. */
interface ResolvedDeployment {
  readonly rendered: DeploymentOptions;
  readonly recorded: Record<string, unknown>;
  readonly profile: DeploymentProfile;
  readonly config?: LoadedConfig;
}

/**
 * The deployment options of a run: from the config when there is one (flags override its values),
 * else from the options alone, which must then list the `services` (there is no default service).
 * `configBase` is the directory `config` is relative to; the manifest records it relative to `out`.
 */
async function resolveDeployment(
  flags: Record<string, unknown>,
  source: ConfigSource,
  configBase: string,
  out: string,
): Promise<ResolvedDeployment> {
  const overrides = manifestOptionsOf(flags as Partial<CliDeploymentOptions>);
  if (source.config === undefined) {
    if (source.env !== undefined) {
      throw new UsageError(`--env "${source.env}" needs a config file: there is none (see obskit init)`);
    }
    if (flags['services'] === undefined) {
      throw new CliError(
        'OBSKIT_CONFIG_NOT_FOUND',
        `No config: ${NO_CONFIG_HINT}. (Programmatically: pass config, or services.)`,
      );
    }
    if (overrides['target'] !== undefined) {
      throw new UsageError("--target needs a config: it replaces the targets of the config's only service");
    }
    const deployment = { profile: 'compose', ...overrides } as CliDeploymentOptions;
    const passThrough: Partial<DeploymentOptions> = {};
    for (const key of ['services', 'slos', 'alerts', 'notifications', 'storage', 'grafana'] as const) {
      if (flags[key] !== undefined) Object.assign(passThrough, { [key]: flags[key] });
    }
    return {
      rendered: { ...deployment, ...passThrough },
      recorded: manifestOptionsOf(deployment),
      profile: deployment.profile,
    };
  }
  const file = isAbsolute(source.config) ? source.config : resolve(configBase, source.config);
  const loaded = await loadConfig({ configFile: file, env: source.env, cwd: configBase });
  const profile = profileFor(overrides['profile'] as string | undefined, loaded.env);
  const { profile: _profile, target, ...flagValues } = overrides;
  const fromConfig = deploymentOptionsFromConfig(loaded.resolved, profile);
  const rendered = {
    ...fromConfig,
    ...(target !== undefined
      ? { services: retarget(fromConfig.services ?? [], target as string, loaded.file) }
      : {}),
    ...flagValues,
  };
  const configPath = relative(out, loaded.file).split(sep).join('/');
  return {
    rendered,
    recorded: {
      profile,
      config: configPath,
      ...(loaded.env ? { env: loaded.env } : {}),
      ...(target !== undefined ? { target } : {}),
      ...flagValues,
    },
    profile,
    config: loaded,
  };
}

/**
 * Renders the deployment tree and writes it into `out` (atomically, with a manifest recording the config
 * file, environment and flags; refusing to overwrite hand-edited files unless `force`). The programmatic
 * form of `obskit generate`. From `config` (with `target` to scrape its one service elsewhere, e.g. on a
 * free port), or without a config from `services` and the other deployment options as given.
 *
 * @throws CliError `OBSKIT_CONFIG_NOT_FOUND` with neither `config` nor `services`.
 *
 * @example await generate({ config: 'obskit.config.ts', env: 'compose', out: 'deployment' })
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out ?? 'deployment');
  const { rendered, recorded, profile, config } = await resolveDeployment(
    options as unknown as Record<string, unknown>,
    options,
    cwd,
    out,
  );
  assertValidDeploymentOptions(rendered);
  options.onProgress?.(
    `rendering the ${profile} deployment tree${config ? ` from ${relative(cwd, config.file) || config.file}${config.env ? ` (env ${config.env})` : ''}` : ''}`,
  );
  const files = renderDeploymentTree(rendered);
  options.onProgress?.(`writing ${Object.keys(files).length} files to ${out}`);
  const result = await writeGeneratedFiles(out, files, { force: options.force, generatorOptions: recorded });
  return { ...result, out, files: Object.keys(files).sort(), ...(config ? { config } : {}) };
}

/** Options of {@link check}. */
export interface CheckOptions extends Partial<CliDeploymentOptions>, ConfigSource {
  /** @defaultValue `'deployment'` */
  readonly out?: string;
  readonly cwd?: string;
  readonly onProgress?: (line: string) => void;
}

/** Result of {@link check}. */
export interface CheckResult extends GeneratedFilesDiff {
  readonly out: string;
  readonly upToDate: boolean;
  /** The options the tree was regenerated with. */
  readonly options: CliDeploymentOptions;
  /** The options the manifest records (and `generate` would record): profile, config, env, flags. */
  readonly recorded: Record<string, unknown>;
}

/**
 * Regenerates the tree in memory with what the manifest in `out` records — the config file (relative
 * to `out`), its environment and the flags — (flags given override) and compares it with `out`. The
 * programmatic form of `obskit check`.
 */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out ?? 'deployment');
  const manifest = await readGeneratedManifest(out).catch(() => undefined);
  const recordedBefore = (manifest?.options ?? {}) as Record<string, unknown>;
  const flags = { ...recordedBefore, ...manifestOptionsOf(options as CliDeploymentOptions) };
  // A config given now is relative to cwd; the one the manifest records, to `out`.
  const source: ConfigSource =
    options.config !== undefined
      ? { config: resolve(cwd, options.config), env: options.env }
      : typeof recordedBefore['config'] === 'string'
        ? {
            config: resolve(out, recordedBefore['config']),
            env: options.env ?? (recordedBefore['env'] as string),
          }
        : { env: options.env };
  const { rendered, recorded, profile } = await resolveDeployment(flags, source, cwd, out);
  assertValidDeploymentOptions(rendered);
  options.onProgress?.(`regenerating the ${profile} tree in memory and comparing it with ${out}`);
  const files = renderDeploymentTree(rendered);
  const diff = await diffGeneratedFiles(out, files, { generatorOptions: recorded });
  const upToDate = diff.missing.length + diff.changed.length + diff.stale.length === 0;
  return { ...diff, out, upToDate, options: rendered, recorded };
}
