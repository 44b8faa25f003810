export { CATALOG_CODES } from './codes.js';
export type { CatalogCode } from './codes.js';
export {
  CatalogError,
  NodeRuntimeRequiredError,
  nodeRuntimeRequired,
  ObskitError,
  ObskitValidationError,
  throwIfProblems,
} from './errors.js';
export type { ValidationProblem } from './errors.js';
export { createLogOnce } from './logging.js';
export type { LogOnce, ObskitLogger } from './logging.js';
export { defineMetric, UNIT_SUFFIXES } from './model/types.js';
export type {
  LabelsOf,
  MetricDef,
  MetricFamily,
  MetricSource,
  MetricType,
  MetricUnit,
  OtelInstrument,
} from './model/types.js';
export {
  AGENT_STATUSES,
  ERROR_TYPE_ALIASES,
  ERROR_TYPES,
  GEN_AI_OPERATIONS,
  GEN_AI_PROVIDERS,
  GEN_AI_RATE_LIMIT_RESOURCES,
  GEN_AI_TOKEN_TYPES,
  HTTP_METHODS,
  MCP_METHODS,
  INSTRUMENTATION_ERROR_REASONS,
  LABELS,
  MAX_LABEL_VALUE_LENGTH,
  OBSKIT_COMPONENTS,
  OTEL_ATTRIBUTE_ALIASES,
  OTHER_VALUE,
  OUTCOMES,
  TARGET_LABELS,
  TASK_STATES,
  UNMATCHED_ROUTE,
} from './model/labels.js';
export type { LabelBound, LabelDef, LabelName } from './model/labels.js';
export { ALERT_LABELS, BURN_WINDOWS, SEVERITIES } from './model/alerting.js';
export type { BurnWindow, Severity } from './model/alerting.js';
export { BUCKETS } from './model/buckets.js';
export {
  DURATION_CODES,
  DURATION_EXPECTED,
  DURATION_PATTERN,
  DURATION_UNITS,
  durationSeconds,
  formatDuration,
  invalidDurationMessage,
  isDuration,
  parseDuration,
  scaleDuration,
} from './model/duration.js';
export type { Duration, DurationOptions, DurationUnit, ScaleDurationOptions } from './model/duration.js';
export {
  ALL_METRICS,
  METRICS,
  OBSKIT_METRICS,
  assertCatalogValid,
  findMetric,
  resolveSeriesName,
} from './catalog.js';
export {
  LABEL_NAME_PATTERN,
  METRIC_NAME_PATTERN,
  NAMING_CODES,
  RESERVED_LABELS,
  isKnownLabel,
  validateMetric,
  validateMetrics,
} from './validation/naming.js';
export type { MetricShape, ValidateMetricOptions } from './validation/naming.js';
export {
  METRICS_TABLE_END,
  METRICS_TABLE_START,
  renderMetricsTable,
  replaceMetricsTable,
} from './docs/markdown.js';
