/**
 * The entry that Edge bundlers pick (package.json `exports` conditions `edge-light`, `worker`,
 * `workerd`): the same names as `index.ts`, without loading prom-client, @obskit/metrics-core's
 * Node.js code or any Node built-in. The functions that need Node.js throw at first call, naming
 * themselves and what to use instead; pure helpers and constants work as on Node.js.
 * `test/edge-entry.spec.ts` keeps both entries' names and values in step.
 */
import { nodeRuntimeRequired } from './internal/node-runtime-required.js';

const PKG = '@obskit/middleware';

export {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  formatMetricFamily,
  formatValue,
  joinFamilies,
} from './exposition/format.js';
export { acceptsGzip, negotiateFormat } from './exposition/negotiate.js';
export { SQL_OPERATIONS, createDbInstrumentation, sqlOperation } from './wrappers/db.js';
export { wrapAgentOperation, wrapJob } from './wrappers/work.js';

// Constants of modules that load Node built-ins, repeated here (the spec compares them).
/** See `express/middleware.ts`. */
export const CLIENT_CLOSED_STATUS = 499;
/** See `express/middleware.ts`. */
export const DEFAULT_EXCLUDED_PATHS: readonly string[] = [
  '/metrics',
  '/health',
  '/healthz',
  '/livez',
  '/readyz',
  '/ready',
  '/favicon.ico',
];

/** Needs Node.js: throws on the Edge runtime. */
export const createMetricsAuth = nodeRuntimeRequired(PKG, 'createMetricsAuth');
/** Needs Node.js: throws on the Edge runtime. */
export const normalizeIp = nodeRuntimeRequired(PKG, 'normalizeIp');
/** Needs Node.js: throws on the Edge runtime. */
export const secretsEqual = nodeRuntimeRequired(PKG, 'secretsEqual');
/** Needs Node.js: throws on the Edge runtime. */
export const collectExposition = nodeRuntimeRequired(PKG, 'collectExposition');
/** Needs Node.js: throws on the Edge runtime. */
export const renderExposition = nodeRuntimeRequired(PKG, 'renderExposition');
/** Needs Node.js: throws on the Edge runtime. */
export const streamExposition = nodeRuntimeRequired(PKG, 'streamExposition');
/** Needs Node.js: throws on the Edge runtime. */
export const createFetchMetricsHandler = nodeRuntimeRequired(PKG, 'createFetchMetricsHandler');
/** Needs Node.js: throws on the Edge runtime. */
export const createMetricsHandler = nodeRuntimeRequired(PKG, 'createMetricsHandler');
/** Needs Node.js: throws on the Edge runtime. */
export const startMetricsServer = nodeRuntimeRequired(PKG, 'startMetricsServer');
/** Needs Node.js: throws on the Edge runtime. */
export const createScrapeHandler = nodeRuntimeRequired(PKG, 'createScrapeHandler');
/** Needs Node.js: throws on the Edge runtime. */
export const createExpressMiddleware = nodeRuntimeRequired(PKG, 'createExpressMiddleware');
/** Needs Node.js: throws on the Edge runtime. */
export const normalizeMethod = nodeRuntimeRequired(PKG, 'normalizeMethod');
/** Needs Node.js: throws on the Edge runtime. */
export const routeTemplateOf = nodeRuntimeRequired(PKG, 'routeTemplateOf');
/** Needs Node.js: throws on the Edge runtime. */
export const trackRouteTemplate = nodeRuntimeRequired(PKG, 'trackRouteTemplate');
/** Needs Node.js: throws on the Edge runtime. */
export const toNodeListener = nodeRuntimeRequired(PKG, 'toNodeListener');
/** Needs Node.js: throws on the Edge runtime. */
export const wrapFetchHandler = nodeRuntimeRequired(PKG, 'wrapFetchHandler');
/** Needs Node.js: throws on the Edge runtime. */
export const createInstrumentedFetch = nodeRuntimeRequired(PKG, 'createInstrumentedFetch');
