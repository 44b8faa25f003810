import { resolve } from 'node:path';
import {
  assertValidDeploymentOptions,
  diffGeneratedFiles,
  readGeneratedManifest,
  renderDeploymentTree,
  writeGeneratedFiles,
  type DeploymentOptions,
  type GeneratedFilesDiff,
  type WriteGeneratedFilesResult,
} from '@obskit/provisioning';
import { withDemoDefaults } from './demo.js';

/** Deployment options of the CLI: `target` is the `--target` flag (the demo's address). */
export type CliDeploymentOptions = DeploymentOptions & {
  /** `host:port` of the demo app (dev, compose, e2e) when no `services` are given. */
  readonly target?: string;
};

/** Options of {@link generate}. */
export interface GenerateOptions extends DeploymentOptions {
  /** `host:port` of the demo app (dev, compose, e2e) when no `services` are given. */
  readonly target?: string;
  /** Output directory. @defaultValue `'deployment'` */
  readonly out?: string;
  /** Overwrite files edited by hand. @defaultValue false */
  readonly force?: boolean;
  /** Directory `out` is relative to. @defaultValue `process.cwd()` */
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
}

/** The options recorded in the manifest: the deployment options, without undefined fields. */
export function manifestOptionsOf(options: CliDeploymentOptions): Record<string, unknown> {
  const recorded: Record<string, unknown> = {};
  const keys: (keyof CliDeploymentOptions)[] = [
    'profile',
    'target',
    'prometheus',
    'alertmanager',
    'webhookUrl',
    'namespace',
    'kubernetesLabels',
    'costBudgetUsdPerDay',
  ];
  for (const key of keys) if (options[key] !== undefined) recorded[key] = options[key];
  return recorded;
}

function deploymentOptionsOf(options: CliDeploymentOptions): CliDeploymentOptions {
  return manifestOptionsOf(options) as unknown as CliDeploymentOptions;
}

/**
 * Renders the deployment tree and writes it into `out` (atomically, with a manifest; refusing to
 * overwrite hand-edited files unless `force`). The programmatic form of `obskit generate`, used by
 * the e2e tests with free ports as `target` / `alertmanager` / `webhookUrl`.
 *
 * @example await generate({ out: tmpDir, profile: 'e2e', target: `127.0.0.1:${port}` })
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const deployment = deploymentOptionsOf(options);
  const rendered = withDemoDefaults(deployment);
  assertValidDeploymentOptions(rendered);
  const out = resolve(options.cwd ?? process.cwd(), options.out ?? 'deployment');
  options.onProgress?.(`rendering the ${deployment.profile} deployment tree`);
  const files = renderDeploymentTree(rendered);
  options.onProgress?.(`writing ${Object.keys(files).length} files to ${out}`);
  const result = await writeGeneratedFiles(out, files, {
    force: options.force,
    generatorOptions: manifestOptionsOf(deployment),
  });
  return { ...result, out, files: Object.keys(files).sort() };
}

/** Options of {@link check}. */
export interface CheckOptions extends Partial<CliDeploymentOptions> {
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
}

/**
 * Regenerates the tree in memory with the options the manifest in `out` records (flags override)
 * and compares it with `out`. The programmatic form of `obskit check`.
 */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const out = resolve(options.cwd ?? process.cwd(), options.out ?? 'deployment');
  const manifest = await readGeneratedManifest(out).catch(() => undefined);
  const flags = manifestOptionsOf(options as CliDeploymentOptions);
  const merged = { profile: 'compose', ...manifest?.options, ...flags } as unknown as CliDeploymentOptions;
  const deployment = deploymentOptionsOf(merged);
  const rendered = withDemoDefaults(deployment);
  assertValidDeploymentOptions(rendered);
  options.onProgress?.(`regenerating the ${deployment.profile} tree in memory and comparing it with ${out}`);
  const files = renderDeploymentTree(rendered);
  const diff = await diffGeneratedFiles(out, files, { generatorOptions: manifestOptionsOf(deployment) });
  const upToDate = diff.missing.length + diff.changed.length + diff.stale.length === 0;
  return { ...diff, out, upToDate, options: deployment };
}
