import type { AlertsCode } from '@obskit/alerts';
import { ObskitError, type CatalogCode } from '@obskit/catalog';
import type { ConfigCode } from '@obskit/config';
import type { DashboardsCode } from '@obskit/dashboards';
import type { PrometheusConfigCode } from '@obskit/prometheus-config';
import type { ProvisioningCode } from '@obskit/provisioning';
import type { CliCode } from './codes.js';

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

/**
 * Every typed code an error reaching {@link exitCodeOf} may carry: the CLI's own and those of the
 * packages its commands call. @obskit/promql is called only through those packages: the expression
 * codes the alerts report are {@link AlertsCode}s too, and its builders' code (`OBSKIT_PROMQL_BUILD`)
 * takes the `OBSKIT_` rule of {@link exitCodeOf}.
 */
type ReachableCode =
  CliCode | CatalogCode | ConfigCode | AlertsCode | PrometheusConfigCode | ProvisioningCode | DashboardsCode;

/**
 * Error codes that have their own exit status; other `OBSKIT_*` codes map to `invalidConfig`. Keyed
 * by {@link ReachableCode}, so a mistyped code, or one nothing throws any more, fails to compile.
 */
const BY_CODE: { readonly [C in ReachableCode]?: ExitCode } = {
  OBSKIT_USAGE: EXIT_CODES.usage,
  OBSKIT_HAND_EDITED: EXIT_CODES.handEdited,
  OBSKIT_MANIFEST_INVALID: EXIT_CODES.handEdited,
  OBSKIT_MISSING_BINARY: EXIT_CODES.missingBinary,
  /** `validate`: promtool or amtool is older than the generated tree needs. */
  OBSKIT_VALIDATOR_TOO_OLD: EXIT_CODES.missingBinary,
  OBSKIT_WRITE_FAILED: EXIT_CODES.ioError,
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
  const direct = Object.hasOwn(BY_CODE, error.code) ? BY_CODE[error.code as ReachableCode] : undefined;
  if (direct !== undefined) return direct;
  if (error.code.startsWith('OBSKIT_')) return EXIT_CODES.invalidConfig;
  return EXIT_CODES.internal;
}
