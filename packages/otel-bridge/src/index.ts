export { createOtelBridge, DEFAULT_COLLECT_TIMEOUT_MILLIS } from './bridge/create-otel-bridge.js';
export { OTEL_BRIDGE_CODES } from './codes.js';
export type { OtelBridgeCode } from './codes.js';
export { OtelBridgeError, OtelNameCollisionError } from './bridge/errors.js';
export { getOrCreateOtelBridge, OTEL_BRIDGE_GLOBAL_KEY } from './bridge/global.js';
export type {
  AnyRegistry,
  BridgeErrorReason,
  BridgeLogger,
  BridgeMetricsSink,
  OtelBridge,
  OtelBridgeOptions,
} from './bridge/types.js';
export {
  findCatalogMetric,
  otelInstrumentOf,
  prometheusNameOf,
  resolveInstrument,
} from './naming/catalog-instruments.js';
export { otelAttributeOf } from './naming/attribute-names.js';
export {
  prometheusTypeOf,
  toPrometheusLabelName,
  toPrometheusName,
  unitSuffixOf,
} from './naming/prometheus-name.js';
export type { OtelInstrumentKind, PrometheusType } from './naming/prometheus-name.js';
export { createOtelDomain } from './domain/otel-domain.js';
export type { OtelDomain } from './domain/otel-domain.js';
export { createOtelInstruments, otelGaugeWrite } from './domain/otel-instruments.js';
export type { OtelInstrumentsOptions } from './domain/otel-instruments.js';
export { createAgentMeter } from './meters/agent-meter.js';
export type {
  AgentMeter,
  OtelAgentOperation,
  OtelHandoff,
  OtelToolCall,
  OtelWorkflowRun,
} from './meters/agent-meter.js';
export { createBusinessMeter } from './meters/business-meter.js';
export type { BusinessMeter } from './meters/business-meter.js';
export { createTaskMeter } from './meters/task-meter.js';
export type {
  OtelTaskInfo,
  OtelTaskState,
  OtelTaskTracker,
  TaskMeter,
  TaskMeterOptions,
} from './meters/task-meter.js';
export {
  createNextSpanProcessor,
  DEFAULT_NEXT_EXCLUDED_ROUTES,
  NEXT_REQUEST_SPAN_TYPE,
} from './spans/next-span-processor.js';
export type { EndedSpan, NextSpanProcessor, NextSpanProcessorOptions } from './spans/next-span-processor.js';
