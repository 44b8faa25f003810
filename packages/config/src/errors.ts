import { ObskitError, ObskitValidationError, type ValidationProblem } from '@obskit/catalog';

/** Stable codes of config errors and of each kind of problem they list. */
export const CONFIG_CODES = {
  /** The config is invalid; the error lists every problem. */
  invalid: 'OBSKIT_INVALID_CONFIG',
  /** No config file was found upward from the working directory, or the given one does not exist. */
  notFound: 'OBSKIT_CONFIG_NOT_FOUND',
  /** The file could not be read or evaluated (syntax error, a throwing import, no default export). */
  loadFailed: 'OBSKIT_CONFIG_LOAD_FAILED',
  /** `--env` names an environment that is not one of the known ones. */
  unknownEnvironment: 'OBSKIT_CONFIG_UNKNOWN_ENVIRONMENT',
  invalidValue: 'OBSKIT_CONFIG_INVALID_VALUE',
  missing: 'OBSKIT_CONFIG_MISSING',
  unknownKey: 'OBSKIT_CONFIG_UNKNOWN_KEY',
  inlineSecret: 'OBSKIT_CONFIG_INLINE_SECRET',
  duplicateName: 'OBSKIT_CONFIG_DUPLICATE_NAME',
  unknownService: 'OBSKIT_CONFIG_UNKNOWN_SERVICE',
  unknownReceiver: 'OBSKIT_CONFIG_UNKNOWN_RECEIVER',
  unknownTimeInterval: 'OBSKIT_CONFIG_UNKNOWN_TIME_INTERVAL',
  invalidExpression: 'OBSKIT_CONFIG_INVALID_EXPRESSION',
} as const;

/**
 * An `obskit.config.*` is invalid. Lists every problem at once, each with its path in the config
 * (`services[1].targets.static[0]`) and what was expected. Its `code` is always `OBSKIT_INVALID_CONFIG`.
 */
export class ObskitConfigError extends ObskitValidationError {
  /** The file the config came from, when it came from a file. */
  readonly file: string | undefined;

  constructor(problems: readonly ValidationProblem[], file?: string) {
    super(CONFIG_CODES.invalid, `Invalid obskit config${file ? ` in ${file}` : ''}`, problems);
    // One stable code for the whole family, whatever the problems are (the CLI maps it to exit 4).
    Object.defineProperty(this, 'code', { value: CONFIG_CODES.invalid });
    this.file = file;
  }
}

/** The config file could not be found or loaded. */
export class ObskitConfigLoadError extends ObskitError {}
