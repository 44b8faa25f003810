import { NodeRuntimeRequiredError } from '@obskit/catalog';

/**
 * Every code @obskit/middleware's errors carry: the `/metrics` protection, the handler's options, the
 * Fetch wrapper's route template and the Edge entry's stand-ins. {@link MiddlewareError} carries one of them.
 */
export const MIDDLEWARE_CODES = {
  /** `createMetricsAuth`: an unreadable `METRICS_*_FILE`, malformed basic credentials, an empty token or a bad `allowedIps` entry. */
  metricsAuthConfig: 'OBSKIT_METRICS_AUTH_CONFIG',
  /** `createScrapeHandler`: neither `metrics` nor a non-empty `registries`. */
  invalidOptions: 'OBSKIT_INVALID_OPTIONS',
  /** `wrapFetchHandler`: a route template that is not a path. */
  invalidRoute: 'OBSKIT_INVALID_ROUTE',
  /** A Node.js-only function of the Edge entry was called (a `NodeRuntimeRequiredError` of @obskit/catalog). */
  nodeRuntimeRequired: NodeRuntimeRequiredError.CODE,
} as const;

/** One of {@link MIDDLEWARE_CODES}. */
export type MiddlewareCode = (typeof MIDDLEWARE_CODES)[keyof typeof MIDDLEWARE_CODES];
