import cluster, { type Worker } from 'node:cluster';
import { METRICS } from '@obskit/catalog';
import {
  AggregatorRegistry,
  Gauge,
  Registry,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
import { CLUSTER_REQUEST, CLUSTER_RESPONSE } from '../constants.js';
import type { ObskitMetrics } from '../create-metrics.js';
import type { MetricsRegistry } from '../types.js';

type WorkerMetrics = MetricObjectWithValues<MetricValue<string>>[];

interface MetricsRequest {
  readonly type: typeof CLUSTER_REQUEST;
  readonly requestId: number;
}

interface MetricsResponse {
  readonly type: typeof CLUSTER_RESPONSE;
  readonly requestId: number;
  readonly metrics?: WorkerMetrics;
  readonly error?: string;
}

/** Options of {@link createClusterAggregator}. */
export interface ClusterAggregatorOptions {
  /**
   * The primary's own metrics: their registry is merged into every scrape, the worker outcome gauge
   * `obskit_cluster_scrape_workers` is theirs, and workers that fail are reported through them.
   * Without it the aggregator keeps the gauge on a registry of its own.
   */
  readonly metrics?: ObskitMetrics;
  /** How long to wait for workers; the scrape returns whoever answered by then. @defaultValue 5000 */
  readonly timeoutMs?: number;
}

/** Scrapes every cluster worker for one aggregated exposition. */
export interface ClusterAggregator {
  /**
   * Asks every connected worker for its metrics and waits at most `timeoutMs`; returns the
   * aggregation of the workers that answered (never fails because one did not), with
   * `obskit_cluster_scrape_workers{worker_outcome}` saying how many answered, timed out or failed.
   */
  metrics(): Promise<string>;
  /**
   * The same aggregation as a registry, to serve through @obskit/middleware's `/metrics` handler
   * (`registries: async () => [await aggregator.aggregate()]`) with its auth and negotiation.
   */
  aggregate(): Promise<MetricsRegistry>;
  /** Content type of what {@link ClusterAggregator.metrics} returns. */
  readonly contentType: string;
  /** Stops listening for worker answers. */
  close(): void;
}

interface Pending {
  readonly waiting: Set<number>;
  readonly answers: WorkerMetrics[];
  errors: number;
  finish(): void;
}

type WorkerOutcome = 'answered' | 'timeout' | 'error';
type ReportWorker = (detail: string, reason: 'collector_timeout' | 'collector_failed') => void;

/** Sets `obskit_cluster_scrape_workers`: on the primary's metrics if given, else on a gauge of `primary`. */
function workerOutcomeSetter(
  primary: MetricsRegistry,
  metrics: ObskitMetrics | undefined,
): (outcome: WorkerOutcome, count: number) => void {
  const def = METRICS.self.clusterWorkers;
  if (metrics) return (outcome, count) => metrics.gauge(def).set({ worker_outcome: outcome }, count);
  const gauge = new Gauge({
    name: def.name,
    help: def.help,
    labelNames: def.labels,
    registers: [primary],
  });
  return (outcome, count) => gauge.set({ worker_outcome: outcome }, count);
}

/**
 * Sends request `requestId` to every connected worker and resolves with the answers once all have
 * answered or `timeoutMs` has passed; the reply handler finds the request in `pending`.
 */
function askWorkers(
  pending: Map<number, Pending>,
  requestId: number,
  timeoutMs: number,
  report: ReportWorker,
): Promise<{ answers: WorkerMetrics[]; timedOut: number; errors: number }> {
  return new Promise((resolve) => {
    const request: Pending = {
      waiting: new Set(),
      answers: [],
      errors: 0,
      finish: () => {
        clearTimeout(timer);
        pending.delete(requestId);
        resolve({ answers: request.answers, timedOut: request.waiting.size, errors: request.errors });
      },
    };
    const timer = setTimeout(() => {
      for (const id of request.waiting) {
        report(`worker ${id} did not answer within ${timeoutMs} ms`, 'collector_timeout');
      }
      request.finish();
    }, timeoutMs);
    pending.set(requestId, request);
    const message: MetricsRequest = { type: CLUSTER_REQUEST, requestId };
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (!worker || !worker.isConnected()) continue;
      request.waiting.add(worker.id);
      try {
        worker.send(message);
      } catch {
        request.waiting.delete(worker.id);
        request.errors++;
        report(`worker ${worker.id} could not be asked for its metrics`, 'collector_failed');
      }
    }
    if (request.waiting.size === 0) request.finish();
  });
}

/**
 * Builds the aggregator for the cluster primary. Pair it with {@link attachClusterWorker} in each
 * worker. Uses prom-client's `AggregatorRegistry.aggregate` to merge (sum by default; gauges such
 * as build info and timestamps keep their own aggregator).
 */
export function createClusterAggregator(options: ClusterAggregatorOptions = {}): ClusterAggregator {
  const timeoutMs = options.timeoutMs ?? 5000;
  const primary: MetricsRegistry = options.metrics?.registry ?? new Registry();
  const contentType = primary.contentType;
  const setOutcome = workerOutcomeSetter(primary, options.metrics);
  const report = (detail: string, reason: 'collector_timeout' | 'collector_failed') =>
    options.metrics?.reportError('cluster', reason, detail);

  let nextId = 0;
  const pending = new Map<number, Pending>();
  const onMessage = (worker: Worker, message: unknown) => {
    const m = message as Partial<MetricsResponse> | null;
    if (!m || m.type !== CLUSTER_RESPONSE || typeof m.requestId !== 'number') return;
    const request = pending.get(m.requestId);
    if (!request || !request.waiting.delete(worker.id)) return;
    if (Array.isArray(m.metrics)) request.answers.push(m.metrics);
    else {
      request.errors++;
      report(`worker ${worker.id} failed to collect its metrics`, 'collector_failed');
    }
    if (request.waiting.size === 0) request.finish();
  };
  cluster.on('message', onMessage);

  const ask = () => askWorkers(pending, nextId++, timeoutMs, report);

  const aggregate = async (): Promise<MetricsRegistry> => {
    const { answers, timedOut, errors } = await ask();
    setOutcome('answered', answers.length);
    setOutcome('timeout', timedOut);
    setOutcome('error', errors);
    const own = (await primary.getMetricsAsJSON()) as WorkerMetrics;
    // prom-client's typings omit aggregate's second parameter, the content type of the result.
    const merge = AggregatorRegistry.aggregate as unknown as (
      metrics: WorkerMetrics[],
      contentType: string,
    ) => MetricsRegistry;
    return merge([...answers, own], contentType);
  };

  return {
    contentType,
    aggregate,
    metrics: async () => (await aggregate()).metrics(),
    close() {
      cluster.off('message', onMessage);
      for (const request of pending.values()) request.finish();
    },
  };
}

/**
 * Answers the primary's metric requests from `registry` in a cluster worker. Returns a function that
 * stops answering. Does nothing outside a cluster worker.
 */
export function attachClusterWorker(registry: MetricsRegistry): () => void {
  if (!cluster.isWorker || typeof process.send !== 'function') return () => undefined;
  const send = (response: MetricsResponse) => {
    try {
      process.send?.(response);
    } catch {
      // The primary went away; it counts this worker as timed out.
    }
  };
  const onMessage = (message: unknown) => {
    const m = message as Partial<MetricsRequest> | null;
    if (!m || m.type !== CLUSTER_REQUEST || typeof m.requestId !== 'number') return;
    const requestId = m.requestId;
    registry.getMetricsAsJSON().then(
      (metrics) => send({ type: CLUSTER_RESPONSE, requestId, metrics: metrics as WorkerMetrics }),
      (error: unknown) =>
        send({ type: CLUSTER_RESPONSE, requestId, error: String((error as Error)?.message) }),
    );
  };
  process.on('message', onMessage);
  return () => {
    process.off('message', onMessage);
  };
}
