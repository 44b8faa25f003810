import { CONFIG_CODES } from '@obskit/config';
import { WRITER_CODES } from '@obskit/provisioning';

/**
 * Every code the `obskit` CLI's own errors carry. {@link CliError} carries one of them; `exitCodeOf`
 * maps them, and the codes of the packages the commands call, to exit statuses.
 */
export const CLI_CODES = {
  /** An unknown command, flag or flag value. */
  usage: 'OBSKIT_USAGE',
  /** No config given or found (the same code as @obskit/config's), or `up` has no service to run. */
  configNotFound: CONFIG_CODES.notFound,
  /** `init` would replace an existing config (the same code as @obskit/provisioning's writer). */
  handEdited: WRITER_CODES.handEdited,
  /** promtool, amtool, prometheus, alertmanager or node_exporter is not installed where obskit looks. */
  missingBinary: 'OBSKIT_MISSING_BINARY',
  /** `validate`: promtool or amtool is older than the generated tree needs. */
  validatorTooOld: 'OBSKIT_VALIDATOR_TOO_OLD',
  /** `validate`: the output directory has no prometheus/ or alertmanager/ directory. */
  invalidOutputDir: 'OBSKIT_INVALID_OUTPUT_DIR',
  /** `up`: a service of the stack exited or did not become ready. */
  stackFailed: 'OBSKIT_STACK_FAILED',
} as const;

/** One of {@link CLI_CODES}. */
export type CliCode = (typeof CLI_CODES)[keyof typeof CLI_CODES];
