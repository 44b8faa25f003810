import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { ObskitError } from '@obskit/catalog';
import { DEPLOYMENT_PROFILES, type DeploymentOptions, type DeploymentProfile } from '@obskit/provisioning';
import { EXIT_CODES, exitCodeOf } from './exit-codes.js';
import { check, generate } from './generate.js';
import { HELP } from './help.js';
import { UsageError } from './internal/usage-error.js';
import { processIo, type CliIo } from './io.js';
import { validate } from './validate.js';
import { UP_FLAGS, runUpCommand } from './commands/up-command.js';

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean', short: 'v' },
} as const;
const OUT = { out: { type: 'string' } } as const;
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
  generate: { ...COMMON, ...OUT, ...DEPLOYMENT, force: { type: 'boolean' } },
  check: { ...COMMON, ...OUT, ...DEPLOYMENT },
  validate: { ...COMMON, ...OUT },
  up: { ...COMMON, ...UP_FLAGS },
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

function display(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

async function runCommand(command: Command, args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(command, args);
  if (values.help) {
    io.out(HELP[command]);
    return EXIT_CODES.ok;
  }
  const progress = (line: string) => io.err(`obskit: ${line}`);
  switch (command) {
    case 'generate': {
      const v = values as Record<string, unknown>;
      const result = await generate({
        profile: 'compose',
        ...deploymentOptionsFrom(v),
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
    case 'check': {
      const v = values as Record<string, unknown>;
      const result = await check({
        ...deploymentOptionsFrom(v),
        out: v.out as string | undefined,
        cwd: io.cwd,
        onProgress: progress,
      });
      const where = display(io, result.out);
      if (result.upToDate) {
        io.out(`${where} is up to date (profile ${result.options.profile})`);
        return EXIT_CODES.ok;
      }
      io.out(`${where} differs from what obskit generate would write (profile ${result.options.profile}):`);
      for (const file of result.missing) io.out(`  missing   ${file}`);
      for (const file of result.changed) io.out(`  changed   ${file}`);
      for (const file of result.stale) io.out(`  stale     ${file}`);
      io.out(`Run: npx obskit generate --out ${where} --profile ${result.options.profile}`);
      return EXIT_CODES.failed;
    }
    case 'validate': {
      const v = values as Record<string, unknown>;
      const result = await validate({
        out: v.out as string | undefined,
        cwd: io.cwd,
        env: io.env,
        onProgress: progress,
      });
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
    case 'up':
      return runUpCommand(values as Record<string, unknown>, io);
  }
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
      throw new UsageError(`Unknown command "${command}": expected generate, check, validate or up`);
    return await runCommand(command as Command, rest, io);
  } catch (error) {
    const code = exitCodeOf(error);
    const message = (error as Error)?.message ?? String(error);
    const tag =
      error instanceof ObskitError && !message.endsWith(`[${error.code}]`) ? ` [${error.code}]` : '';
    io.err(`obskit: error: ${message}${tag}`);
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
