import { CLI_CODES } from '../codes.js';
import { CliError } from '../errors.js';

/** A command line the CLI cannot run: unknown command, flag or flag value. */
export class UsageError extends CliError {
  declare readonly code: typeof CLI_CODES.usage;

  constructor(message: string) {
    super(CLI_CODES.usage, message);
  }
}
