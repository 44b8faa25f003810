export {
  INSTALL_HINT,
  LINES,
  VERSIONS,
  binaryCacheDir,
  findBinary,
  pathForLine,
  promtoolCheckMetrics,
  requireBinary,
  runBinary,
  runBinarySync,
  versionOf,
} from './binaries.js';
export type { BinaryName, FindOptions, Line, RunOptions, RunResult } from './binaries.js';
export { freePort, makeTempDir, waitFor } from './net.js';
export type { TempDir } from './net.js';
export { promQuery, startAlertmanager, startNodeExporter, startPrometheus } from './servers.js';
export type { PromSample, RunningServer, StartOptions } from './servers.js';
export { fetchTls } from './tls-fetch.js';
export type { TlsClientOptions, TlsRequestInit } from './tls-fetch.js';
export {
  backfillHistory,
  backfillRecordingRules,
  recordingRuleLevels,
  startPrometheusWithHistory,
} from './history/backfill.js';
export type {
  BackfillOptions,
  BackfillRule,
  HistoryPrometheus,
  HistoryPrometheusOptions,
  RuleBackfillOptions,
} from './history/backfill.js';
export {
  historySeriesPerInstance,
  writeOpenMetricsHistory,
  writeOpenMetricsHistoryFile,
} from './history/openmetrics.js';
export type { ExtraHistoryMetric, HistoryOptions, HistorySummary } from './history/openmetrics.js';
export { HISTORY_MODELS, dailyLoad } from './history/workload.js';
export type {
  AnomalySignal,
  AnomalyWindow,
  HistoryMetricDef,
  HistoryMetrics,
  HistoryModel,
} from './history/workload.js';
