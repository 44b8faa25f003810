import { ObskitError } from '@obskit/catalog';

/** A command line the CLI cannot run: unknown command, flag or flag value. */
export class UsageError extends ObskitError {
  constructor(message: string) {
    super('OBSKIT_USAGE', message);
  }
}
