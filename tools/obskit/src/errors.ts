import { ObskitError } from '@obskit/catalog';
import type { CliCode } from './codes.js';

/** An error of the `obskit` CLI (a missing binary, a stack that failed, …); its code is a {@link CliCode}. */
export class CliError extends ObskitError<CliCode> {}
