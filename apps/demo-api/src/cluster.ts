import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry, type RegistryContentType } from 'prom-client';
import type { ScenarioState } from './sim/scenarios.js';
import { isScenarioName } from './sim/scenarios.js';

/** One metric of `registry.getMetricsAsJSON()`. */
type PromMetric = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];

/** IPC messages between the primary and the workers of the demo cluster. */
type ClusterMessage =
  | { type: 'obskit-demo:scenario'; name: string; active: boolean }
  | { type: 'obskit-demo:listening'; url: string }
  | { type: 'obskit-demo:scrape'; id: number }
  | { type: 'obskit-demo:collect'; id: number }
  | { type: 'obskit-demo:collected'; id: number; metrics: PromMetric[] }
  | {
      type: 'obskit-demo:scrape-result';
      id: number;
      metrics: PromMetric[][];
      answered: number;
      asked: number;
    };

const isMessage = (m: unknown): m is ClusterMessage =>
  typeof m === 'object' &&
  m !== null &&
  typeof (m as { type?: unknown }).type === 'string' &&
  (m as { type: string }).type.startsWith('obskit-demo:');

/** Options of {@link runPrimary}. */
export interface PrimaryOptions {
  readonly workers: number;
  /** Longest wait for workers' metrics on a scrape, ms. @defaultValue 2000 */
  readonly collectTimeoutMs?: number;
  /** Called once, when every worker listens. */
  readonly onListening: (url: string) => void;
  readonly onExit: (code: number) => void;
  readonly log: (message: string) => void;
}

/** A scrape the primary collects for: the workers' metrics so far, the workers not answered yet, and how it ends. */
interface PendingScrape {
  readonly metrics: PromMetric[][];
  readonly waiting: Set<number>;
  readonly done: () => void;
}

/** What the primary's handlers share. */
interface PrimaryState {
  readonly options: PrimaryOptions;
  /** Set by SIGTERM/SIGINT: exited workers are not restarted, and the last one to exit ends the primary. */
  stopping: boolean;
  /** `listening` messages received (restarted workers count again): `onListening` is called when it reaches `workers`. */
  listening: number;
  /** Id of the next collect round. */
  nextId: number;
  readonly pending: Map<number, PendingScrape>;
}

/** The workers of the cluster that are still connected. */
const connectedWorkers = (): Worker[] =>
  Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && w.isConnected());

/** Forks worker `index` and handles its messages and its exit. */
function forkWorker(state: PrimaryState, index: number): Worker {
  const worker = cluster.fork({ DEMO_WORKER_INDEX: String(index) });
  worker.on('message', (message: unknown) => onWorkerMessage(state, worker, message));
  worker.on('exit', (code, signal) => onWorkerExit(state, worker, index, signal ?? code));
  return worker;
}

/**
 * A worker exited: the scrapes waiting for it stop waiting; while stopping, the last exit ends the
 * primary, otherwise the worker is restarted under the same index.
 */
function onWorkerExit(state: PrimaryState, worker: Worker, index: number, reason: string | number): void {
  for (const p of state.pending.values()) if (p.waiting.delete(worker.id) && p.waiting.size === 0) p.done();
  if (state.stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) state.options.onExit(0);
    return;
  }
  state.options.log(`demo-api worker ${index} exited (${reason}); restarting it`);
  forkWorker(state, index);
}

/** One message of a worker: listening, a scenario switch to relay, a scrape to fan out, or collected metrics. */
function onWorkerMessage(state: PrimaryState, from: Worker, message: unknown): void {
  if (!isMessage(message)) return;
  switch (message.type) {
    case 'obskit-demo:listening':
      state.listening += 1;
      if (state.listening === state.options.workers) state.options.onListening(message.url);
      return;
    case 'obskit-demo:scenario':
      for (const worker of Object.values(cluster.workers ?? {})) {
        if (worker && worker.id !== from.id) worker.send(message);
      }
      return;
    case 'obskit-demo:scrape':
      startScrape(state, from, message.id);
      return;
    case 'obskit-demo:collected':
      onCollected(state, from, message);
      return;
    default:
      return;
  }
}

/**
 * Fans a worker's scrape out: asks every connected worker for its metrics and answers `from` with a
 * `scrape-result` (under the worker's `requestId`) once all have answered or exited, or after
 * `collectTimeoutMs`, with what came in.
 */
function startScrape(state: PrimaryState, from: Worker, requestId: number): void {
  const id = state.nextId++;
  const workers = connectedWorkers();
  const entry: PendingScrape = {
    metrics: [],
    waiting: new Set(workers.map((w) => w.id)),
    done: () => {
      clearTimeout(timer);
      state.pending.delete(id);
      if (from.isConnected()) {
        from.send({
          type: 'obskit-demo:scrape-result',
          id: requestId,
          metrics: entry.metrics,
          answered: entry.metrics.length,
          asked: workers.length,
        } satisfies ClusterMessage);
      }
    },
  };
  const timer = setTimeout(() => entry.done(), state.options.collectTimeoutMs ?? 2000);
  state.pending.set(id, entry);
  for (const w of workers) w.send({ type: 'obskit-demo:collect', id } satisfies ClusterMessage);
  if (workers.length === 0) entry.done();
}

/** A worker's metrics for a collect round; the round ends when the last worker asked has answered. */
function onCollected(
  state: PrimaryState,
  from: Worker,
  message: Extract<ClusterMessage, { type: 'obskit-demo:collected' }>,
): void {
  const entry = state.pending.get(message.id);
  if (!entry || !entry.waiting.delete(from.id)) return;
  entry.metrics.push(message.metrics);
  if (entry.waiting.size === 0) entry.done();
}

/** SIGTERM/SIGINT: stops every worker (each drains); the primary exits when the last one has. */
function shutdown(state: PrimaryState): void {
  if (state.stopping) return;
  state.stopping = true;
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
  if (workers.length === 0) state.options.onExit(0);
  for (const worker of workers) worker.process.kill('SIGTERM');
}

/**
 * Runs the cluster primary: forks the workers (worker 1 runs the task workers, jobs and load),
 * relays scenario switches to every worker, answers aggregated-scrape requests by collecting each
 * worker's metrics, restarts crashed workers, and on SIGTERM/SIGINT stops the workers (each drains)
 * and exits.
 */
export function runPrimary(options: PrimaryOptions): void {
  const state: PrimaryState = {
    options,
    stopping: false,
    listening: 0,
    nextId: 1,
    pending: new Map(),
  };
  const onSignal = (): void => shutdown(state);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  for (let i = 0; i < options.workers; i++) forkWorker(state, i);
}

/** The worker side of the cluster protocol. */
export interface ClusterWorker {
  /** Index of this worker, 0-based; worker 0 runs the background work. */
  readonly index: number;
  /** Tells the primary this worker listens. */
  announce(url: string): void;
  /** Relays scenario switches both ways. */
  shareScenarios(scenarios: ScenarioState): void;
  /** Answers the primary's collect requests with this worker's metrics. */
  serveCollect(getMetrics: () => Promise<PromMetric[]>): void;
  /**
   * The sum over every worker for one scrape: asks the primary, which collects from every worker,
   * and aggregates with prom-client's `AggregatorRegistry.aggregate`. Rejects when the primary does
   * not answer within `timeoutMs`.
   */
  aggregate(
    timeoutMs?: number,
  ): Promise<{ registry: Registry<RegistryContentType>; answered: number; asked: number }>;
}

/** Joins the cluster protocol from a worker process. */
export function joinCluster(): ClusterWorker {
  const index = Number(process.env['DEMO_WORKER_INDEX'] ?? '0');
  let nextId = 1;
  const scrapes = new Map<
    number,
    (m: Extract<ClusterMessage, { type: 'obskit-demo:scrape-result' }>) => void
  >();
  const send = (message: ClusterMessage): void => {
    if (process.connected) process.send?.(message);
  };
  let scenarioState: ScenarioState | undefined;
  let applyingRemote = false;
  let collect: (() => Promise<PromMetric[]>) | undefined;

  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === 'obskit-demo:scenario' && scenarioState && isScenarioName(message.name)) {
      applyingRemote = true;
      try {
        if (message.active) scenarioState.activate(message.name);
        else scenarioState.deactivate(message.name);
      } finally {
        applyingRemote = false;
      }
    } else if (message.type === 'obskit-demo:collect' && collect) {
      collect().then(
        (metrics) => send({ type: 'obskit-demo:collected', id: message.id, metrics }),
        () => send({ type: 'obskit-demo:collected', id: message.id, metrics: [] }),
      );
    } else if (message.type === 'obskit-demo:scrape-result') {
      scrapes.get(message.id)?.(message);
    }
  });

  return {
    index,
    announce: (url) => send({ type: 'obskit-demo:listening', url }),
    shareScenarios(scenarios) {
      scenarioState = scenarios;
      scenarios.onChange((name, active) => {
        if (!applyingRemote) send({ type: 'obskit-demo:scenario', name, active });
      });
    },
    serveCollect(getMetrics) {
      collect = getMetrics;
    },
    aggregate(timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          scrapes.delete(id);
          reject(new Error(`cluster primary did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        scrapes.set(id, (result) => {
          clearTimeout(timer);
          scrapes.delete(id);
          resolve({
            registry: AggregatorRegistry.aggregate(result.metrics),
            answered: result.answered,
            asked: result.asked,
          });
        });
        send({ type: 'obskit-demo:scrape', id });
      });
    },
  };
}

/** Whether this process is the cluster primary. */
export const isPrimary = (): boolean => cluster.isPrimary;
