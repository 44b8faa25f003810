import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import { ObskitError } from '@obskit/catalog';
import { ObskitConfigError, findConfigFile, loadConfig } from '@obskit/config';
import {
  DEPLOYMENT_PROFILES,
  readGeneratedManifest,
  type DeploymentOptions,
  type DeploymentProfile,
} from '@obskit/provisioning';
import { EXIT_CODES, exitCodeOf } from './exit-codes.js';
import { NO_CONFIG_HINT, check, generate, type ConfigSource } from './generate.js';
import { init } from './config/init.js';
import { HELP } from './help.js';
import { UsageError } from './internal/usage-error.js';
import { processIo, type CliIo } from './io.js';
import { validate } from './validate.js';
import { UP_FLAGS, runUpCommand } from './commands/up-command.js';
import { CliError } from './errors.js';

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean', short: 'v' },
} as const;
const OUT = { out: { type: 'string' } } as const;
const CONFIG = { config: { type: 'string' }, env: { type: 'string' } } as const;
const DEPLOYMENT = {
  profile: { type: 'string' },
  target: { type: 'string' },
  prometheus: { type: 'string' },
  alertmanager: { type: 'string' },
  'webhook-url': { type: 'string' },
  namespace: { type: 'string' },
  label: { type: 'string', multiple: true },
  'cost-budget': { type: 'string' },
} as const;
const OPTIONS = {
  init: {
    ...COMMON,
    name: { type: 'string' },
    port: { type: 'string' },
    'metrics-path': { type: 'string' },
    force: { type: 'boolean' },
  },
  generate: { ...COMMON, ...OUT, ...CONFIG, ...DEPLOYMENT, force: { type: 'boolean' } },
  check: { ...COMMON, ...OUT, ...CONFIG, ...DEPLOYMENT },
  validate: { ...COMMON, ...OUT, ...CONFIG, promtool: { type: 'string' }, amtool: { type: 'string' } },
  up: { ...COMMON, ...CONFIG, ...UP_FLAGS },
} as const;
type Command = keyof typeof OPTIONS;

function parse<C extends Command>(command: C, args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS[command], allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify.*$/s, '')}; see obskit ${command} --help`,
    );
  }
}

function deploymentOptionsFrom(values: Record<string, unknown>): Partial<DeploymentOptions> {
  const profile = values.profile as string | undefined;
  if (profile !== undefined && !(DEPLOYMENT_PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`Invalid --profile "${profile}": expected one of ${DEPLOYMENT_PROFILES.join(', ')}`);
  }
  let kubernetesLabels: Record<string, string> | undefined;
  for (const pair of (values.label as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`Invalid --label "${pair}": expected KEY=VALUE`);
    kubernetesLabels = { ...kubernetesLabels, [pair.slice(0, eq)]: pair.slice(eq + 1) };
  }
  const budgetText = values['cost-budget'] as string | undefined;
  const costBudgetUsdPerDay = budgetText === undefined ? undefined : Number(budgetText);
  if (
    costBudgetUsdPerDay !== undefined &&
    !(Number.isFinite(costBudgetUsdPerDay) && costBudgetUsdPerDay >= 1)
  ) {
    throw new UsageError(
      `Invalid --cost-budget "${budgetText}": expected USD per day, a number of at least 1`,
    );
  }
  const options: Record<string, unknown> = {
    profile: profile as DeploymentProfile | undefined,
    target: values.target,
    prometheus: values.prometheus,
    alertmanager: values.alertmanager,
    webhookUrl: values['webhook-url'],
    namespace: values.namespace,
    kubernetesLabels,
    costBudgetUsdPerDay,
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options as Partial<DeploymentOptions>;
}

/** The error when no config is given or found: where obskit looked and what to do. */
export function noConfigError(cwd: string): CliError {
  return new CliError(
    'OBSKIT_CONFIG_NOT_FOUND',
    `No obskit.config.ts (or .mts/.mjs/.js/.cjs/.json) in ${cwd} or any parent directory: ${NO_CONFIG_HINT}`,
  );
}

/** `--config FILE` or the config found upward from cwd, with `--env`; `undefined` config when there is none. */
function findSource(values: Record<string, unknown>, io: CliIo): ConfigSource {
  const env = values.env as string | undefined;
  const config = (values.config as string | undefined) ?? findConfigFile(io.cwd);
  return { ...(config !== undefined ? { config } : {}), ...(env !== undefined ? { env } : {}) };
}

/** Like {@link findSource}, but a config is required. @throws CliError `OBSKIT_CONFIG_NOT_FOUND` */
function configSource(
  values: Record<string, unknown>,
  io: CliIo,
): ConfigSource & { readonly config: string } {
  const source = findSource(values, io);
  if (source.config === undefined) throw noConfigError(io.cwd);
  return source as ConfigSource & { readonly config: string };
}

/** The config file the manifest of the tree at `out` records (absolute), if any. */
async function manifestConfig(out: string): Promise<string | undefined> {
  const manifest = await readGeneratedManifest(out).catch(() => undefined);
  const config = manifest?.options['config'];
  return typeof config === 'string' ? resolve(out, config) : undefined;
}

function display(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

type Flags = Record<string, unknown>;

/** `obskit init`: runs the command with its parsed flags and prints its result. */
async function runInit(v: Flags, io: CliIo): Promise<number> {
  const portText = v.port as string | undefined;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    throw new UsageError(`Invalid --port "${portText}": expected a port number from 1 to 65535`);
  }
  const result = await init({
    cwd: io.cwd,
    name: v.name as string | undefined,
    port,
    metricsPath: v['metrics-path'] as string | undefined,
    force: v.force === true,
  });
  io.out(
    `wrote     ${display(io, result.file)} (service "${result.name}" at localhost:${result.port}${result.metricsPath})`,
  );
  io.out('Next:');
  io.out('  npx obskit generate    # write deployment/ from it');
  io.out('  npx obskit validate    # check deployment/ with promtool and amtool');
  io.out('  npx obskit up          # run Prometheus and Alertmanager against your service');
  return EXIT_CODES.ok;
}

/** `obskit generate`: runs the command with its parsed flags and prints its result. */
async function runGenerate(v: Flags, io: CliIo, progress: (line: string) => void): Promise<number> {
  const flags = deploymentOptionsFrom(v);
  const source = configSource(v, io);
  const result = await generate({
    ...source,
    ...flags,
    out: v.out as string | undefined,
    force: v.force === true,
    cwd: io.cwd,
    onProgress: progress,
  });
  for (const file of result.written) io.out(`wrote     ${file}`);
  for (const file of result.removed) io.out(`removed   ${file}`);
  io.out(
    `${display(io, result.out)}: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed`,
  );
  return EXIT_CODES.ok;
}

/** `obskit check`: runs the command with its parsed flags and prints its result. */
async function runCheck(v: Flags, io: CliIo, progress: (line: string) => void): Promise<number> {
  // The manifest records the config (and env) the tree came from; --config/--env override it.
  const out = resolve(io.cwd, (v.out as string | undefined) ?? 'deployment');
  // Without --config and a manifest that records one (e.g. an empty directory): the config found upward.
  const config =
    (v.config as string | undefined) ??
    ((await manifestConfig(out)) === undefined ? configSource(v, io).config : undefined);
  const result = await check({
    ...(config !== undefined ? { config } : {}),
    ...(v.env !== undefined ? { env: v.env as string } : {}),
    ...deploymentOptionsFrom(v),
    out: v.out as string | undefined,
    cwd: io.cwd,
    onProgress: progress,
  });
  const where = display(io, result.out);
  const from = typeof result.recorded['config'] === 'string' ? result.recorded['config'] : undefined;
  const env = result.recorded['env'] as string | undefined;
  const what = `profile ${result.options.profile}${from ? `, config ${from}${env ? `, env ${env}` : ''}` : ''}`;
  if (result.upToDate) {
    io.out(`${where} is up to date (${what})`);
    return EXIT_CODES.ok;
  }
  io.out(`${where} differs from what obskit generate would write (${what}):`);
  for (const file of result.missing) io.out(`  missing   ${file}`);
  for (const file of result.changed) io.out(`  changed   ${file}`);
  for (const file of result.stale) io.out(`  stale     ${file}`);
  const configFlag = from
    ? ` --config ${display(io, resolve(result.out, from))}${env ? ` --env ${env}` : ''}`
    : '';
  io.out(`Run: npx obskit generate --out ${where}${configFlag} --profile ${result.options.profile}`);
  return EXIT_CODES.failed;
}

/** `obskit validate`: runs the command with its parsed flags and prints its result. */
async function runValidate(v: Flags, io: CliIo, progress: (line: string) => void): Promise<number> {
  // The config (given, found upward, else the one the tree's manifest records) must be valid
  // before its tree is checked (exit 4 otherwise).
  const found = findSource(v, io);
  const out = resolve(io.cwd, (v.out as string | undefined) ?? 'deployment');
  const config = found.config ?? (await manifestConfig(out));
  if (config === undefined) throw noConfigError(io.cwd);
  const loaded = await loadConfig({ cwd: io.cwd, configFile: config, env: found.env });
  io.out(`ok    config ${display(io, loaded.file)}${loaded.env ? ` (env ${loaded.env})` : ''}`);
  const result = await validate({
    out: v.out as string | undefined,
    cwd: io.cwd,
    env: io.env,
    onProgress: progress,
    ...(v.promtool !== undefined ? { promtool: v.promtool as string } : {}),
    ...(v.amtool !== undefined ? { amtool: v.amtool as string } : {}),
  });
  for (const tool of result.tools) {
    io.out(`using ${tool.name} ${tool.version ?? '(version unknown)'} ${display(io, tool.file)}`);
  }
  for (const step of result.steps) {
    io.out(
      `${step.ok ? 'ok  ' : 'FAIL'}  ${step.command}${step.command === 'secret scan' ? ` ${step.file}` : ''}`,
    );
    if (!step.ok) for (const line of step.output.split('\n')) io.out(`        ${line}`);
    for (const note of step.notes) io.out(`        note: ${note}`);
  }
  const failed = result.steps.filter((s) => !s.ok).length;
  io.out(
    failed === 0
      ? `${display(io, result.out)}: ${result.steps.length} checks passed`
      : `${display(io, result.out)}: ${failed} of ${result.steps.length} checks failed`,
  );
  return failed === 0 ? EXIT_CODES.ok : EXIT_CODES.failed;
}

/** `obskit up`: runs the command with its parsed flags and prints its result. */
async function runUp(v: Flags, io: CliIo): Promise<number> {
  const source = configSource(v, io);
  // `up` runs the local stack: the config's `dev` environment unless --env names another.
  const probe = await loadConfig({ cwd: io.cwd, configFile: source.config });
  const env = source.env ?? (probe.config.environments?.dev !== undefined ? 'dev' : undefined);
  // `up` receives the loaded config (services, their run commands) as `loadedConfig`.
  const loadedConfig =
    env === undefined ? probe : await loadConfig({ cwd: io.cwd, configFile: source.config, env });
  return runUpCommand({ ...v, loadedConfig }, io);
}

const COMMANDS: Readonly<
  Record<Command, (v: Flags, io: CliIo, progress: (line: string) => void) => Promise<number>>
> = {
  init: runInit,
  generate: runGenerate,
  check: runCheck,
  validate: runValidate,
  up: runUp,
};

async function runCommand(command: Command, args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(command, args);
  if (values.help) {
    io.out(HELP[command]);
    return EXIT_CODES.ok;
  }
  const progress = (line: string) => io.err(`obskit: ${line}`);
  return COMMANDS[command](values as Flags, io, progress);
}

/**
 * Runs the `obskit` CLI with `argv` (without `node` and the script) and returns the exit status;
 * never throws and never calls `process.exit`. Errors print their message, and with `--verbose`
 * their stack and causes.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP.main);
      return command === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
    }
    if (!(command in OPTIONS))
      throw new UsageError(`Unknown command "${command}": expected init, generate, check, validate or up`);
    return await runCommand(command as Command, rest, io);
  } catch (error) {
    const code = exitCodeOf(error);
    const message = (error as Error)?.message ?? String(error);
    if (error instanceof ObskitConfigError) {
      // The code of the whole error on its first line; each problem's code ends its own line.
      const [first, ...problems] = message.split('\n');
      io.err([`obskit: error: ${first} [${error.code}]`, ...problems].join('\n'));
    } else {
      const tag =
        error instanceof ObskitError && !message.endsWith(`[${error.code}]`) ? ` [${error.code}]` : '';
      io.err(`obskit: error: ${message}${tag}`);
    }
    if (verbose) {
      let e: unknown = error;
      while (e instanceof Error) {
        io.err(e.stack ?? String(e));
        e = e.cause;
        if (e) io.err('caused by:');
      }
    } else if (code === EXIT_CODES.internal) {
      io.err('obskit: this is a bug; re-run with --verbose for the stack trace');
    }
    return code;
  }
}
