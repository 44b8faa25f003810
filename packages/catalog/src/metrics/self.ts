import { defineMetric } from '../model/types.js';

/** obskit's metrics about itself. */
export const selfMetrics = {
  instrumentationErrors: defineMetric({
    name: 'obskit_instrumentation_errors_total',
    type: 'counter',
    help: 'Observations obskit dropped or could not make, by component and reason, counted once per problem.',
    unit: 'count',
    family: 'self',
    labels: ['component', 'reason'],
  }),
  seriesOverflow: defineMetric({
    name: 'obskit_metric_series_overflow_total',
    type: 'counter',
    help: 'Observations folded into the overflow series because a metric reached its series cap, counted once per observation.',
    unit: 'count',
    family: 'self',
    labels: ['metric'],
  }),
  collectorErrors: defineMetric({
    name: 'obskit_scrape_collector_errors_total',
    type: 'counter',
    help: 'Collectors that failed or timed out during a scrape and were left out of it, counted once per collector and scrape.',
    unit: 'count',
    family: 'self',
    labels: ['metric', 'reason'],
  }),
  unpricedTokens: defineMetric({
    name: 'obskit_gen_ai_unpriced_tokens_total',
    type: 'counter',
    help: 'Tokens used by models missing from the price table, so left out of the cost, counted in tokens.',
    unit: 'tokens',
    family: 'self',
    labels: ['gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'],
  }),
  clusterWorkers: defineMetric({
    name: 'obskit_cluster_scrape_workers',
    type: 'gauge',
    help: 'Cluster workers asked for metrics in the last aggregated scrape, by whether they answered, as a count.',
    unit: 'count',
    family: 'self',
    labels: ['worker_outcome'],
  }),
  buildInfo: defineMetric({
    name: 'obskit_build_info',
    type: 'gauge',
    help: 'Build information of the instrumented service; the value is always 1.',
    unit: 'info',
    family: 'self',
    labels: ['version', 'revision', 'node_version'],
  }),
  eventLoopUtilization: defineMetric({
    name: 'nodejs_eventloop_utilization_ratio',
    type: 'gauge',
    help: 'Share of time the event loop was busy since the previous scrape, as a ratio from 0 to 1.',
    unit: 'ratio',
    family: 'runtime',
    labels: [],
  }),
} as const;
