export { METRICS_CORE_CODES } from './codes.js';
export type { MetricsCoreCode } from './codes.js';
export { MetricsCoreError } from './errors.js';
export { attachClusterWorker, createClusterAggregator } from './cluster/cluster.js';
export {
  CLUSTER_REQUEST,
  CLUSTER_RESPONSE,
  DEFAULT_MAX_SERIES_PER_METRIC,
  DROPPED_DEFAULT_METRICS,
  GLOBAL_KEY,
  METRICS_DOMAINS,
} from './constants.js';
export type { ClusterAggregator, ClusterAggregatorOptions } from './cluster/cluster.js';
export { classifyError, statusOfErrorType } from './classify-error.js';
export type { ErrorType } from './classify-error.js';
export { createMetrics } from './create-metrics.js';
export type { CreateMetricsOptions, MetricsDomain, ObskitMetrics } from './create-metrics.js';
export type {
  CustomHistogramConfig,
  CustomMetricConfig,
  CustomMetricsFactory,
  CustomSummaryConfig,
} from './custom/custom-metrics.js';
export { createAgentHelpers } from './domain/agents.js';
export type {
  AgentHelpers,
  AgentOperation,
  AgentStatus,
  AgentUsage,
  GenAiOperationName,
  GenAiTokenType,
  Handoff,
  McpOperation,
  McpSession,
  RateLimitReading,
  RateLimitResource,
  ToolCall,
  WorkflowRun,
} from './domain/agents.js';
export { createBusinessHelpers } from './domain/business.js';
export type { BusinessHelpers } from './domain/business.js';
export type { DbHelpers, DbOperationInfo, DbPoolState } from './domain/db.js';
export type { HttpClientRequest, HttpHelpers, HttpServerRequest } from './domain/http.js';
export type {
  BoundCounter,
  BoundGauge,
  DomainCounter,
  DomainGauge,
  DomainHistogram,
  DomainInstruments,
  ReportError,
} from './domain/instruments.js';
export { createJobHelpers } from './domain/jobs.js';
export type { JobHelpers } from './domain/jobs.js';
export { createTaskHelpers } from './domain/tasks.js';
export type { TaskHelpers, TaskInfo, TaskState, TaskTracker } from './domain/tasks.js';
export {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  formatMetricFamily,
  formatValue,
  joinFamilies,
} from './exposition/format.js';
export type { ExpositionFormat, MetricData, SampleData } from './exposition/format.js';
export { collectExposition, renderExposition, streamExposition } from './exposition/render.js';
export type {
  CollectableMetric,
  CollectedExposition,
  CollectorFailure,
  ExpositionSink,
  RenderExpositionOptions,
  RenderedExposition,
  StreamExpositionOptions,
  StreamedExposition,
} from './exposition/render.js';
export { isMetricFamily, seriesKey } from './store/family.js';
export type {
  CounterFamily,
  FamilyOptions,
  FamilySource,
  GaugeFamily,
  HistogramFamily,
  HistogramFamilyOptions,
  HistogramSeries,
  MetricFamily,
  SeriesLabels,
  ValueSeries,
} from './store/family.js';
export type { ExemplarData, FamilyType, MetricFamilyData, MetricSample } from './store/samples.js';
export { seriesStoreOf } from './store/series-store.js';
export type { SeriesStore } from './store/series-store.js';
export { getOrCreateMetrics, getOrCreateRegistry } from './global.js';
export { claimHttpServerMeasurement, httpServerMeasuredBy } from './http-ownership.js';
export type { GetOrCreateMetricsOptions } from './global.js';
// Defined in @obskit/catalog; re-exported under the name this package always had.
export { MAX_LABEL_VALUE_LENGTH } from '@obskit/catalog';
export { createStderrLogger, noopLogger } from './logger.js';
// Defined in @obskit/catalog; re-exported under the name this package always had.
export type { ObskitLogger } from '@obskit/catalog';
export { findPrice, validatePriceTable } from './pricing.js';
export type { ModelPrice, PriceTable } from './pricing.js';
export type {
  BoundHistogram,
  Exemplar,
  GuardedCounter,
  GuardedGauge,
  GuardedHistogram,
  GuardedSummary,
  InstrumentationErrorReason,
  LabelValues,
  MetricsRegistry,
  ObskitComponent,
} from './types.js';
