/**
 * The entry that Edge bundlers pick (package.json `exports` conditions `edge-light`, `worker`,
 * `workerd`): the same names as `index.ts`, without loading prom-client, @obskit/metrics-core's
 * Node.js code or any Node built-in. The functions that need Node.js throw at first call, naming
 * themselves and what to use instead; pure helpers and constants work as on Node.js.
 * `test/edge-entry.spec.ts` keeps both entries' names and values in step.
 */
import { nodeRuntimeRequired as stubFor } from '@obskit/catalog';

const PKG = '@obskit/middleware';

/** A stand-in for the Node.js-only function `name`: throws `OBSKIT_NODE_RUNTIME_REQUIRED` when called. */
const nodeRuntimeRequired = (name: string) => stubFor(PKG, name);

export {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  formatMetricFamily,
  formatValue,
  joinFamilies,
} from '@obskit/metrics-core';
export { acceptsGzip, negotiateFormat } from './exposition/negotiate.js';
export { SQL_OPERATIONS, createDbInstrumentation, sqlOperation } from './wrappers/db.js';
export { wrapAgentOperation, wrapJob } from './wrappers/work.js';

export { CLIENT_CLOSED_STATUS, DEFAULT_EXCLUDED_PATHS } from './constants.js';
export { MIDDLEWARE_CODES } from './codes.js';
export type { MiddlewareCode } from './codes.js';
export { MiddlewareError } from './errors.js';

/** Needs Node.js: throws on the Edge runtime. */
export const createMetricsAuth = nodeRuntimeRequired('createMetricsAuth');
/** Needs Node.js: throws on the Edge runtime. */
export const normalizeIp = nodeRuntimeRequired('normalizeIp');
/** Needs Node.js: throws on the Edge runtime. */
export const secretsEqual = nodeRuntimeRequired('secretsEqual');
/** Needs Node.js: throws on the Edge runtime. */
export const collectExposition = nodeRuntimeRequired('collectExposition');
/** Needs Node.js: throws on the Edge runtime. */
export const renderExposition = nodeRuntimeRequired('renderExposition');
/** Needs Node.js: throws on the Edge runtime. */
export const streamExposition = nodeRuntimeRequired('streamExposition');
/** Needs Node.js: throws on the Edge runtime. */
export const createFetchMetricsHandler = nodeRuntimeRequired('createFetchMetricsHandler');
/** Needs Node.js: throws on the Edge runtime. */
export const createMetricsHandler = nodeRuntimeRequired('createMetricsHandler');
/** Needs Node.js: throws on the Edge runtime. */
export const startMetricsServer = nodeRuntimeRequired('startMetricsServer');
/** Needs Node.js: throws on the Edge runtime. */
export const createScrapeHandler = nodeRuntimeRequired('createScrapeHandler');
/** Needs Node.js: throws on the Edge runtime. */
export const createExpressMiddleware = nodeRuntimeRequired('createExpressMiddleware');
/** Needs Node.js: throws on the Edge runtime. */
export const normalizeMethod = nodeRuntimeRequired('normalizeMethod');
/** Needs Node.js: throws on the Edge runtime. */
export const routeTemplateOf = nodeRuntimeRequired('routeTemplateOf');
/** Needs Node.js: throws on the Edge runtime. */
export const trackRouteTemplate = nodeRuntimeRequired('trackRouteTemplate');
/** Needs Node.js: throws on the Edge runtime. */
export const toNodeListener = nodeRuntimeRequired('toNodeListener');
/** Needs Node.js: throws on the Edge runtime. */
export const wrapFetchHandler = nodeRuntimeRequired('wrapFetchHandler');
/** Needs Node.js: throws on the Edge runtime. */
export const createInstrumentedFetch = nodeRuntimeRequired('createInstrumentedFetch');
