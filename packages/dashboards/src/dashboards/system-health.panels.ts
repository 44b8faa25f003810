import { METRICS } from '@obskit/catalog';
import { V } from '../internal/layout.js';
import { statPanel, timeseriesPanel, type PanelBuilder } from '../internal/panels.js';
import { errorRatio, legend, ne, quantile, re, sel, sumGauge, sumRate } from '../internal/query.js';
import { drillDownLink } from '../internal/links.js';

const { http, db, job, runtime, self, prometheus } = METRICS;
const routeFilter = { http_route: V.route } as const;
const SERVER_ERROR = re('5..');

/** Requests per second by route. */
export function requestRatePanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Request rate by route',
    description: `HTTP requests served per second (${http.serverRequestDuration.name} count), by route.`,
    unit: 'reqps',
    links: [drillDownLink('systemHealth', 'This route only', ['route'])],
    queries: [
      {
        expr: sumRate(http.serverRequestDuration, { by: ['http_route'], where: routeFilter }),
        legend: legend('http_route'),
      },
    ],
  });
}

/** 5xx ratio by route. */
export function errorRatioPanel(): PanelBuilder {
  const by = ['http_route'] as const;
  return timeseriesPanel({
    title: 'Error ratio by route',
    description: `Share of HTTP requests answered with a 5xx status (${http.serverRequestDuration.name} count), by route.`,
    unit: 'percentunit',
    links: [drillDownLink('systemHealth', 'This route only', ['route'])],
    queries: [
      {
        expr: errorRatio(http.serverRequestDuration, {
          by,
          where: routeFilter,
          errors: { http_response_status_code: SERVER_ERROR },
        }),
        legend: legend('http_route'),
      },
    ],
  });
}

/** p95 duration by route. */
export function requestDurationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Request duration p95 by route',
    description: `p95 of HTTP server request duration (${http.serverRequestDuration.name}), by route; exemplars link to the trace.`,
    unit: 's',
    links: [drillDownLink('systemHealth', 'This route only', ['route'])],
    queries: [
      {
        expr: quantile(0.95, http.serverRequestDuration, { by: ['http_route'], where: routeFilter }),
        legend: legend('http_route'),
        exemplar: true,
      },
    ],
  });
}

/** Requests in flight. */
export function activeRequestsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Requests in flight',
    description: `HTTP requests being served right now (${http.serverActiveRequests.name}), by method.`,
    unit: 'short',
    width: 12,
    queries: [
      {
        expr: sumGauge(http.serverActiveRequests, { by: ['http_request_method'] }),
        legend: legend('http_request_method'),
      },
    ],
  });
}

/** Requests per second by status code. */
export function statusCodesPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Responses by status code',
    description: `HTTP responses per second (${http.serverRequestDuration.name} count), by status code.`,
    unit: 'reqps',
    width: 12,
    queries: [
      {
        expr: sumRate(http.serverRequestDuration, { by: ['http_response_status_code'], where: routeFilter }),
        legend: legend('http_response_status_code'),
      },
    ],
  });
}

/** DB query latency. */
export function dbLatencyPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Query duration p95',
    description: `p95 of database operation duration (${db.operationDuration.name}), by operation and table; exemplars link to the trace.`,
    unit: 's',
    queries: [
      {
        expr: quantile(0.95, db.operationDuration, { by: ['db_operation_name', 'db_collection_name'] }),
        legend: legend('db_operation_name', 'db_collection_name'),
        exemplar: true,
      },
    ],
  });
}

/** DB operations per second. */
export function dbThroughputPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Queries per second',
    description: `Database operations per second (${db.operationDuration.name} count), by operation; failed ones have error_type set.`,
    unit: 'ops',
    queries: [
      {
        expr: sumRate(db.operationDuration, { by: ['db_operation_name'] }),
        legend: legend('db_operation_name'),
      },
    ],
  });
}

/** Pool usage. */
export function dbPoolPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Connection pool',
    description: `Connections by state (${db.connectionCount.name}), the pool limit (${db.connectionMax.name}) and requests waiting for a connection (${db.connectionPendingRequests.name}).`,
    unit: 'short',
    queries: [
      {
        expr: sumGauge(db.connectionCount, {
          by: ['db_client_connection_pool_name', 'db_client_connection_state'],
        }),
        legend: legend('db_client_connection_pool_name', 'db_client_connection_state'),
      },
      {
        expr: sumGauge(db.connectionMax, { by: ['db_client_connection_pool_name'] }),
        legend: `max ${legend('db_client_connection_pool_name')}`,
      },
      {
        expr: sumGauge(db.connectionPendingRequests, { by: ['db_client_connection_pool_name'] }),
        legend: `pending ${legend('db_client_connection_pool_name')}`,
      },
    ],
  });
}

/** Job runs by outcome. */
export function jobRunsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Job runs by outcome',
    description: `Background job runs finished per second (${job.duration.name} count), by job and outcome.`,
    unit: 'ops',
    queries: [
      { expr: sumRate(job.duration, { by: ['job_name', 'outcome'] }), legend: legend('job_name', 'outcome') },
    ],
  });
}

/** Job duration p95. */
export function jobDurationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Job duration p95',
    description: `p95 of background job run duration (${job.duration.name}), by job; exemplars link to the trace.`,
    unit: 's',
    queries: [
      {
        expr: quantile(0.95, job.duration, { by: ['job_name'] }),
        legend: legend('job_name'),
        exemplar: true,
      },
    ],
  });
}

/** Time since the last success of each job. */
export function jobLastSuccessPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Time since last successful run',
    description: `Seconds since each background job last succeeded (time() - ${job.lastSuccess.name}); and job runs in flight (${job.inFlight.name}).`,
    unit: 's',
    queries: [
      { expr: `time() - max by (job_name) (${sel(job.lastSuccess)})`, legend: legend('job_name') },
      { expr: sumGauge(job.inFlight, { by: ['job_name'] }), legend: `in flight ${legend('job_name')}` },
    ],
  });
}

/** Event loop lag and utilization. */
export function eventLoopPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Event loop lag',
    description: `p50 and p99 of event loop delay (${runtime.eventLoopLagP50.name}, ${runtime.eventLoopLagP99.name}), per instance.`,
    unit: 's',
    queries: [
      { expr: `max by (instance) (${sel(runtime.eventLoopLagP50)})`, legend: 'p50 {{instance}}' },
      { expr: `max by (instance) (${sel(runtime.eventLoopLagP99)})`, legend: 'p99 {{instance}}' },
    ],
  });
}

/** Event loop utilization. */
export function eventLoopUtilizationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Event loop utilization',
    description: `Share of time the event loop was busy since the previous scrape (${self.eventLoopUtilization.name}), per instance.`,
    unit: 'percentunit',
    min: 0,
    max: 1,
    queries: [{ expr: `max by (instance) (${sel(self.eventLoopUtilization)})`, legend: '{{instance}}' }],
  });
}

/** Heap and RSS. */
export function memoryPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Memory',
    description: `V8 heap used and total (${runtime.heapSizeUsed.name}, ${runtime.heapSizeTotal.name}) and resident memory (${runtime.processResidentMemory.name}), per instance.`,
    unit: 'bytes',
    queries: [
      { expr: `sum by (instance) (${sel(runtime.heapSizeUsed)})`, legend: 'heap used {{instance}}' },
      { expr: `sum by (instance) (${sel(runtime.heapSizeTotal)})`, legend: 'heap total {{instance}}' },
      { expr: `sum by (instance) (${sel(runtime.processResidentMemory)})`, legend: 'rss {{instance}}' },
    ],
  });
}

/** Share of time spent in GC. */
export function gcPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Garbage collection',
    description: `Share of wall time spent in garbage collection (${runtime.gcDuration.name} sum rate), by kind.`,
    unit: 'percentunit',
    queries: [
      { expr: sumRate(runtime.gcDuration, { by: ['kind'], series: '_sum' }), legend: legend('kind') },
    ],
  });
}

/** CPU use. */
export function cpuPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'CPU',
    description: `CPU time used per second of wall time (${runtime.processCpuSeconds.name}), per instance; 1 is one full core.`,
    unit: 'percentunit',
    queries: [
      {
        expr: sumRate(runtime.processCpuSeconds, { by: ['instance'] }),
        legend: '{{instance}}',
      },
    ],
  });
}

/** Targets up. */
export function targetsUpPanel(): PanelBuilder {
  return statPanel({
    title: 'Targets up',
    description: `Scrape targets whose last scrape succeeded (${prometheus.up.name}), out of all selected targets.`,
    unit: 'short',
    width: 8,
    height: 8,
    queries: [{ expr: `sum(${sel(prometheus.up)})`, instant: true }],
  });
}

/** Scrape duration and size. */
export function scrapeDurationPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Scrape duration',
    description: `How long the last scrape of each target took (${prometheus.scrapeDuration.name}).`,
    unit: 's',
    queries: [{ expr: `max by (instance) (${sel(prometheus.scrapeDuration)})`, legend: '{{instance}}' }],
  });
}

/** Self metrics: dropped observations. */
export function instrumentationErrorsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Instrumentation problems',
    description: `Observations obskit dropped per second (${self.instrumentationErrors.name}) by component and reason, and samples per scrape (${prometheus.scrapeSamplesScraped.name}).`,
    unit: 'short',
    queries: [
      {
        expr: `${sumRate(self.instrumentationErrors, { by: ['component', 'reason'] })} or on () vector(0)`,
        legend: legend('component', 'reason'),
      },
      { expr: `sum by (instance) (${sel(prometheus.scrapeSamplesScraped)})`, legend: 'samples {{instance}}' },
    ],
  });
}

/** DB errors. */
export function dbErrorsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Query errors',
    description: `Failed database operations per second (${db.operationDuration.name} count with error_type set), by error type.`,
    unit: 'ops',
    queries: [
      {
        expr: `${sumRate(db.operationDuration, { by: ['error_type'], where: { error_type: ne('') } })} or on () vector(0)`,
        legend: legend('error_type'),
      },
    ],
  });
}
