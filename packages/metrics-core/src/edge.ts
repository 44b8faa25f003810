/**
 * The entry that Edge bundlers pick (package.json `exports` conditions `edge-light`, `worker`,
 * `workerd`): the same names as `index.ts`, without loading prom-client or any Node built-in. The
 * functions that need Node.js throw at first call, naming themselves and what to use instead; pure
 * helpers and constants work as on Node.js. `packages/middleware/test/edge-entry.spec.ts` keeps both entries' names and
 * values in step.
 */
import { nodeRuntimeRequired } from './edge/node-runtime-required.js';

const PKG = '@obskit/metrics-core';

export { classifyError } from './classify-error.js';
export { claimHttpServerMeasurement, httpServerMeasuredBy } from './http-ownership.js';
export { MAX_LABEL_VALUE_LENGTH } from './internal/label-guard.js';
export { createStderrLogger, noopLogger } from './logger.js';
export { findPrice, validatePriceTable } from './pricing.js';

// Constants of modules that load prom-client or Node built-ins, repeated here (the spec compares them).
/** See `cluster/cluster.ts`. */
export const CLUSTER_REQUEST = 'obskit:metrics-request';
/** See `cluster/cluster.ts`. */
export const CLUSTER_RESPONSE = 'obskit:metrics-response';
/** See `create-metrics.ts`. */
export const DEFAULT_MAX_SERIES_PER_METRIC = 2000;
/** See `create-metrics.ts`. */
export const METRICS_DOMAINS = ['http', 'genai', 'tasks', 'jobs', 'business', 'db'] as const;
/** See `global.ts`. */
export const GLOBAL_KEY: unique symbol = Symbol.for('obskit.metrics') as never;
/** See `runtime/default-metrics.ts`. */
export const DROPPED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

/** Needs Node.js: throws on the Edge runtime. */
export const attachClusterWorker = nodeRuntimeRequired(PKG, 'attachClusterWorker');
/** Needs Node.js: throws on the Edge runtime. */
export const createClusterAggregator = nodeRuntimeRequired(PKG, 'createClusterAggregator');
/** Needs Node.js: throws on the Edge runtime. */
export const createMetrics = nodeRuntimeRequired(PKG, 'createMetrics');
/** Needs Node.js: throws on the Edge runtime. */
export const getOrCreateMetrics = nodeRuntimeRequired(PKG, 'getOrCreateMetrics');
/** Needs Node.js: throws on the Edge runtime. */
export const getOrCreateRegistry = nodeRuntimeRequired(PKG, 'getOrCreateRegistry');
