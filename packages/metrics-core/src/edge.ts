/**
 * The entry that Edge bundlers pick (package.json `exports` conditions `edge-light`, `worker`,
 * `workerd`): the same names as `index.ts`, without loading prom-client or any Node built-in. The
 * functions that need Node.js throw at first call, naming themselves and what to use instead; pure
 * helpers and constants work as on Node.js.
 * `packages/middleware/test/edge-entry.spec.ts` keeps both entries' names and values in step.
 */
import { nodeRuntimeRequired as stubFor } from '@obskit/catalog';

const PKG = '@obskit/metrics-core';

/** A stand-in for the Node.js-only function `name`: throws `OBSKIT_NODE_RUNTIME_REQUIRED` when called. */
const nodeRuntimeRequired = (name: string) => stubFor(PKG, name);

export { classifyError, statusOfErrorType } from './classify-error.js';
export { claimHttpServerMeasurement, httpServerMeasuredBy } from './http-ownership.js';
export { MAX_LABEL_VALUE_LENGTH } from '@obskit/catalog';
export { createStderrLogger, noopLogger } from './logger.js';
export {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  formatMetricFamily,
  formatValue,
  joinFamilies,
} from './exposition/format.js';
export { isMetricFamily, seriesKey } from './store/family.js';
export { findPrice, validatePriceTable } from './pricing.js';
export { createAgentHelpers } from './domain/agents.js';
export { createBusinessHelpers } from './domain/business.js';
export { createJobHelpers } from './domain/jobs.js';
export { createTaskHelpers } from './domain/tasks.js';
export { METRICS_CORE_CODES } from './codes.js';
export type { MetricsCoreCode } from './codes.js';
export { MetricsCoreError } from './errors.js';

export {
  CLUSTER_REQUEST,
  CLUSTER_RESPONSE,
  DEFAULT_MAX_SERIES_PER_METRIC,
  DROPPED_DEFAULT_METRICS,
  GLOBAL_KEY,
  METRICS_DOMAINS,
} from './constants.js';

/** Needs Node.js: throws on the Edge runtime. */
export const attachClusterWorker = nodeRuntimeRequired('attachClusterWorker');
/** Needs Node.js: throws on the Edge runtime. */
export const createClusterAggregator = nodeRuntimeRequired('createClusterAggregator');
/** Needs Node.js: throws on the Edge runtime. */
export const createMetrics = nodeRuntimeRequired('createMetrics');
/** Needs Node.js: throws on the Edge runtime. */
export const collectExposition = nodeRuntimeRequired('collectExposition');
/** Needs Node.js: throws on the Edge runtime. */
export const renderExposition = nodeRuntimeRequired('renderExposition');
/** Needs Node.js: throws on the Edge runtime. */
export const streamExposition = nodeRuntimeRequired('streamExposition');
/** Needs Node.js: throws on the Edge runtime. */
export const seriesStoreOf = nodeRuntimeRequired('seriesStoreOf');
/** Needs Node.js: throws on the Edge runtime. */
export const getOrCreateMetrics = nodeRuntimeRequired('getOrCreateMetrics');
/** Needs Node.js: throws on the Edge runtime. */
export const getOrCreateRegistry = nodeRuntimeRequired('getOrCreateRegistry');
