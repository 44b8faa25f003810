import { ObskitError } from '@obskit/catalog';
import type { MiddlewareCode } from './codes.js';

/** An error of @obskit/middleware (bad auth settings, handler options, route template); its code is a {@link MiddlewareCode}. */
export class MiddlewareError extends ObskitError<MiddlewareCode> {}
