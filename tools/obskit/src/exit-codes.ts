import { ObskitError } from '@obskit/catalog';

/**
 * Exit statuses of the `obskit` CLI. `failed` is what CI reacts to: `check` found drift, `validate`
 * found an invalid file.
 */
export const EXIT_CODES = {
  ok: 0,
  /** `check` found files that differ; `validate` found a problem. */
  failed: 1,
  /** Unknown command, flag or flag value. */
  usage: 2,
  /** `generate` refused to overwrite a hand-edited file (use `--force`). */
  handEdited: 3,
  /** The configuration or a builder's input is invalid. */
  invalidConfig: 4,
  /** promtool or amtool is not installed, or too old for the tree. */
  missingBinary: 5,
  /** Writing the output failed. */
  ioError: 74,
  /** A bug: an unexpected error. */
  internal: 70,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** Error codes that have their own exit status; other `OBSKIT_INVALID_*` codes map to `invalidConfig`. */
const BY_CODE: Readonly<Record<string, ExitCode>> = {
  OBSKIT_USAGE: EXIT_CODES.usage,
  OBSKIT_HAND_EDITED: EXIT_CODES.handEdited,
  OBSKIT_MANIFEST_INVALID: EXIT_CODES.handEdited,
  OBSKIT_MISSING_BINARY: EXIT_CODES.missingBinary,
  /** `validate`: promtool or amtool is older than the generated tree needs. */
  OBSKIT_VALIDATOR_TOO_OLD: EXIT_CODES.missingBinary,
  OBSKIT_WRITE_FAILED: EXIT_CODES.ioError,
  OBSKIT_NOT_IMPLEMENTED: EXIT_CODES.usage,
  /** No `--config` and no obskit.config.* found upward (nor recorded by the tree's manifest). */
  OBSKIT_CONFIG_NOT_FOUND: EXIT_CODES.usage,
  /** `--env` names no environment of the config. */
  OBSKIT_CONFIG_UNKNOWN_ENVIRONMENT: EXIT_CODES.usage,
  /** `up`: a service of the stack did not become ready. */
  OBSKIT_STACK_FAILED: EXIT_CODES.failed,
};

/** The exit status for an error thrown by a command. */
export function exitCodeOf(error: unknown): ExitCode {
  if (!(error instanceof ObskitError)) return EXIT_CODES.internal;
  const direct = BY_CODE[error.code];
  if (direct !== undefined) return direct;
  if (error.code.startsWith('OBSKIT_')) return EXIT_CODES.invalidConfig;
  return EXIT_CODES.internal;
}
