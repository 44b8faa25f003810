import { BUCKETS } from '../model/buckets.js';
import { defineMetric, type MetricDef } from '../model/types.js';
import type { LabelName } from '../model/labels.js';

const gauge = <const N extends string, const L extends LabelName = never>(
  name: N,
  help: string,
  unit: 'seconds' | 'bytes' | 'count' | 'info',
  labels: readonly L[] = [],
): MetricDef<N, L> =>
  defineMetric({ name, type: 'gauge', help, unit, family: 'runtime', labels, source: 'prom-client' });

/**
 * Node.js runtime metrics from prom-client's `collectDefaultMetrics`, listed so that alerts and
 * dashboards can be checked against them. metrics-core drops prom-client's
 * `nodejs_active_{handles,requests,resources}_total` gauges: a gauge must not end in `_total`
 * (`promtool check metrics` rejects them) and they equal the sum of the per-type gauges.
 */
export const runtimeMetrics = {
  processCpuSeconds: defineMetric({
    name: 'process_cpu_seconds_total',
    type: 'counter',
    help: 'Total user and system CPU time spent, in seconds.',
    unit: 'seconds',
    family: 'runtime',
    labels: [],
    source: 'prom-client',
  }),
  processCpuUserSeconds: defineMetric({
    name: 'process_cpu_user_seconds_total',
    type: 'counter',
    help: 'Total user CPU time spent, in seconds.',
    unit: 'seconds',
    family: 'runtime',
    labels: [],
    source: 'prom-client',
  }),
  processCpuSystemSeconds: defineMetric({
    name: 'process_cpu_system_seconds_total',
    type: 'counter',
    help: 'Total system CPU time spent, in seconds.',
    unit: 'seconds',
    family: 'runtime',
    labels: [],
    source: 'prom-client',
  }),
  processStartTime: gauge(
    'process_start_time_seconds',
    'Start time of the process since the Unix epoch, in seconds.',
    'seconds',
  ),
  processResidentMemory: gauge('process_resident_memory_bytes', 'Resident memory size, in bytes.', 'bytes'),
  processVirtualMemory: gauge('process_virtual_memory_bytes', 'Virtual memory size, in bytes.', 'bytes'),
  processHeap: gauge('process_heap_bytes', 'Process heap size, in bytes.', 'bytes'),
  processOpenFds: gauge('process_open_fds', 'Open file descriptors, as a count.', 'count'),
  processMaxFds: gauge('process_max_fds', 'Maximum open file descriptors, as a count.', 'count'),
  eventLoopLag: gauge('nodejs_eventloop_lag_seconds', 'Lag of the event loop, in seconds.', 'seconds'),
  eventLoopLagMin: gauge(
    'nodejs_eventloop_lag_min_seconds',
    'Minimum recorded event loop delay, in seconds.',
    'seconds',
  ),
  eventLoopLagMax: gauge(
    'nodejs_eventloop_lag_max_seconds',
    'Maximum recorded event loop delay, in seconds.',
    'seconds',
  ),
  eventLoopLagMean: gauge(
    'nodejs_eventloop_lag_mean_seconds',
    'Mean of the recorded event loop delays, in seconds.',
    'seconds',
  ),
  eventLoopLagStddev: gauge(
    'nodejs_eventloop_lag_stddev_seconds',
    'Standard deviation of the recorded event loop delays, in seconds.',
    'seconds',
  ),
  eventLoopLagP50: gauge(
    'nodejs_eventloop_lag_p50_seconds',
    '50th percentile of the recorded event loop delays, in seconds.',
    'seconds',
  ),
  eventLoopLagP90: gauge(
    'nodejs_eventloop_lag_p90_seconds',
    '90th percentile of the recorded event loop delays, in seconds.',
    'seconds',
  ),
  eventLoopLagP99: gauge(
    'nodejs_eventloop_lag_p99_seconds',
    '99th percentile of the recorded event loop delays, in seconds.',
    'seconds',
  ),
  activeResources: gauge(
    'nodejs_active_resources',
    'Active resources keeping the event loop alive, by type, as a count.',
    'count',
    ['type'],
  ),
  activeHandles: gauge('nodejs_active_handles', 'Active libuv handles by type, as a count.', 'count', [
    'type',
  ]),
  activeRequests: gauge('nodejs_active_requests', 'Active libuv requests by type, as a count.', 'count', [
    'type',
  ]),
  heapSizeTotal: gauge('nodejs_heap_size_total_bytes', 'V8 heap size, in bytes.', 'bytes'),
  heapSizeUsed: gauge('nodejs_heap_size_used_bytes', 'V8 heap used, in bytes.', 'bytes'),
  externalMemory: gauge(
    'nodejs_external_memory_bytes',
    'Memory of C++ objects bound to JavaScript objects, in bytes.',
    'bytes',
  ),
  heapSpaceTotal: gauge(
    'nodejs_heap_space_size_total_bytes',
    'Size of each V8 heap space, in bytes.',
    'bytes',
    ['space'],
  ),
  heapSpaceUsed: gauge(
    'nodejs_heap_space_size_used_bytes',
    'Used size of each V8 heap space, in bytes.',
    'bytes',
    ['space'],
  ),
  heapSpaceAvailable: gauge(
    'nodejs_heap_space_size_available_bytes',
    'Available size of each V8 heap space, in bytes.',
    'bytes',
    ['space'],
  ),
  versionInfo: gauge('nodejs_version_info', 'Node.js version information; the value is always 1.', 'info', [
    'version',
    'major',
    'minor',
    'patch',
  ]),
  gcDuration: defineMetric({
    name: 'nodejs_gc_duration_seconds',
    type: 'histogram',
    help: 'Garbage collection duration by kind, in seconds.',
    unit: 'seconds',
    family: 'runtime',
    labels: ['kind'],
    buckets: BUCKETS.gcDuration,
    source: 'prom-client',
  }),
} as const;

/**
 * Series Prometheus itself produces for every target and rule: scrape health and `ALERTS`, plus
 * `target_info` from the OTel bridge. Listed so queries over them can be checked.
 */
export const prometheusMetrics = {
  up: defineMetric({
    name: 'up',
    type: 'gauge',
    help: 'Whether the last scrape of the target succeeded: 1 or 0, as a count.',
    unit: 'count',
    family: 'prometheus',
    labels: [],
    source: 'prometheus',
  }),
  scrapeDuration: defineMetric({
    name: 'scrape_duration_seconds',
    type: 'gauge',
    help: 'Duration of the last scrape of the target, in seconds.',
    unit: 'seconds',
    family: 'prometheus',
    labels: [],
    source: 'prometheus',
  }),
  scrapeSamplesScraped: defineMetric({
    name: 'scrape_samples_scraped',
    type: 'gauge',
    help: 'Samples the target exposed in the last scrape, as a count.',
    unit: 'count',
    family: 'prometheus',
    labels: [],
    source: 'prometheus',
  }),
  scrapeSeriesAdded: defineMetric({
    name: 'scrape_series_added',
    type: 'gauge',
    help: 'New series in the last scrape of the target, as a count.',
    unit: 'count',
    family: 'prometheus',
    labels: [],
    source: 'prometheus',
  }),
  alerts: defineMetric({
    name: 'ALERTS',
    type: 'gauge',
    help: 'Pending and firing alerts, one series per alert with the value 1, as a count.',
    unit: 'count',
    family: 'prometheus',
    labels: ['alertname', 'alertstate', 'severity'],
    source: 'prometheus',
  }),
  targetInfo: defineMetric({
    name: 'target_info',
    type: 'gauge',
    help: 'OpenTelemetry resource attributes of the target; the value is always 1, as info.',
    unit: 'count',
    family: 'runtime',
    labels: [
      'service_name',
      'service_version',
      'service_instance_id',
      'deployment_environment',
      'telemetry_sdk_language',
      'telemetry_sdk_name',
      'telemetry_sdk_version',
    ],
    source: 'otel-bridge',
  }),
} as const;
