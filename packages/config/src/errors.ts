import { ObskitError, ObskitValidationError, type ValidationProblem } from '@obskit/catalog';
import { CONFIG_CODES, type ConfigCode } from './codes.js';

/**
 * An `obskit.config.*` is invalid. Lists every problem at once, each with its path in the config
 * (`services[1].targets.static[0]`) and what was expected, its code a {@link ConfigCode}. Its own
 * `code` is always `OBSKIT_INVALID_CONFIG`.
 */
export class ObskitConfigError extends ObskitValidationError<ConfigCode> {
  /** Always `OBSKIT_INVALID_CONFIG`, whatever the problems are. */
  declare readonly code: typeof CONFIG_CODES.invalid;
  /** The file the config came from, when it came from a file. */
  readonly file: string | undefined;

  constructor(problems: readonly ValidationProblem<ConfigCode>[], file?: string) {
    super(CONFIG_CODES.invalid, `Invalid obskit config${file ? ` in ${file}` : ''}`, problems);
    // One stable code for the whole family, whatever the problems are (the CLI maps it to exit 4).
    Object.defineProperty(this, 'code', { value: CONFIG_CODES.invalid });
    this.file = file;
  }
}

/**
 * The config file could not be found or loaded, or `--env` names no environment; its code is a
 * {@link ConfigCode} (`OBSKIT_CONFIG_NOT_FOUND`, `OBSKIT_CONFIG_LOAD_FAILED`,
 * `OBSKIT_CONFIG_UNKNOWN_ENVIRONMENT`).
 */
export class ObskitConfigLoadError extends ObskitError<ConfigCode> {}
