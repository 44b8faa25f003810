export { MIDDLEWARE_CODES } from './codes.js';
export type { MiddlewareCode } from './codes.js';
export { MiddlewareError } from './errors.js';
export { createMetricsAuth, normalizeIp, secretsEqual } from './auth/auth.js';
export type {
  AuthDecision,
  AuthMode,
  AuthRequest,
  CreateMetricsAuthOptions,
  MetricsAuth,
  MetricsAuthOptions,
} from './auth/auth.js';
// The exposition writer sits next to the series store in @obskit/metrics-core; re-exported under
// the names this package always had.
export {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  collectExposition,
  formatMetricFamily,
  formatValue,
  joinFamilies,
  renderExposition,
  streamExposition,
} from '@obskit/metrics-core';
export type {
  CollectableMetric,
  CollectedExposition,
  CollectorFailure,
  ExpositionFormat,
  ExpositionSink,
  MetricData,
  RenderExpositionOptions,
  RenderedExposition,
  SampleData,
  StreamExpositionOptions,
  StreamedExposition,
} from '@obskit/metrics-core';
export { acceptsGzip, negotiateFormat } from './exposition/negotiate.js';
export {
  createFetchMetricsHandler,
  createMetricsHandler,
  startMetricsServer,
} from './handler/metrics-handler.js';
export type {
  FetchMetricsHandler,
  FetchMetricsHandlerOptions,
  MetricsServer,
  MetricsServerOptions,
  NodeMetricsHandler,
} from './handler/metrics-handler.js';
export { createScrapeHandler } from './handler/scrape.js';
export type {
  MetricsHandlerOptions,
  RegistriesSource,
  ScrapeBodyStream,
  ScrapeBodyWriter,
  ScrapeRequest,
  ScrapeResponse,
} from './handler/scrape.js';
export {
  CLIENT_CLOSED_STATUS,
  DEFAULT_EXCLUDED_PATHS,
  createExpressMiddleware,
  normalizeMethod,
} from './express/middleware.js';
export type { CustomLabelsOptions, ExpressMiddleware, HttpMetricsOptions } from './express/middleware.js';
export { routeTemplateOf, trackRouteTemplate } from './express/route-template.js';
export { toNodeListener } from './fetch/node-adapter.js';
export type { NodeFetchContext } from './fetch/node-adapter.js';
export { wrapFetchHandler } from './fetch/wrap-handler.js';
export type { FetchHandler, WrapFetchHandlerOptions } from './fetch/wrap-handler.js';
export { SQL_OPERATIONS, createDbInstrumentation, sqlOperation } from './wrappers/db.js';
export type { DbInstrumentation, DbInstrumentationOptions, DbQueryInfo } from './wrappers/db.js';
export { createInstrumentedFetch } from './wrappers/outbound-fetch.js';
export type { InstrumentedFetchOptions } from './wrappers/outbound-fetch.js';
export { wrapAgentOperation, wrapJob } from './wrappers/work.js';
