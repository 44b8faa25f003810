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

/**
 * Runs the cluster primary: forks the workers (worker 1 runs the task workers, jobs and load),
 * relays scenario switches to every worker, answers aggregated-scrape requests by collecting each
 * worker's metrics, restarts crashed workers, and on SIGTERM/SIGINT stops the workers (each drains)
 * and exits.
 */
export function runPrimary(options: PrimaryOptions): void {
  let stopping = false;
  let listening = 0;
  let announced = false;
  let nextId = 1;
  const pending = new Map<number, { metrics: PromMetric[][]; waiting: Set<number>; done: () => void }>();

  const fork = (index: number): Worker => {
    const worker = cluster.fork({ DEMO_WORKER_INDEX: String(index) });
    worker.on('message', (message: unknown) => onMessage(worker, message));
    worker.on('exit', (code, signal) => {
      for (const p of pending.values()) if (p.waiting.delete(worker.id) && p.waiting.size === 0) p.done();
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) options.onExit(0);
        return;
      }
      options.log(`demo-api worker ${index} exited (${signal ?? code}); restarting it`);
      fork(index);
    });
    return worker;
  };

  const onMessage = (from: Worker, message: unknown): void => {
    if (!isMessage(message)) return;
    switch (message.type) {
      case 'obskit-demo:listening':
        listening += 1;
        if (!announced && listening >= options.workers) {
          announced = true;
          options.onListening(message.url);
        }
        return;
      case 'obskit-demo:scenario':
        for (const worker of Object.values(cluster.workers ?? {})) {
          if (worker && worker.id !== from.id) worker.send(message);
        }
        return;
      case 'obskit-demo:scrape': {
        const id = nextId++;
        const workers = Object.values(cluster.workers ?? {}).filter(
          (w): w is Worker => !!w && w.isConnected(),
        );
        const entry = {
          metrics: [] as PromMetric[][],
          waiting: new Set(workers.map((w) => w.id)),
          done: () => {
            clearTimeout(timer);
            pending.delete(id);
            if (from.isConnected()) {
              from.send({
                type: 'obskit-demo:scrape-result',
                id: message.id,
                metrics: entry.metrics,
                answered: entry.metrics.length,
                asked: workers.length,
              } satisfies ClusterMessage);
            }
          },
        };
        const timer = setTimeout(() => entry.done(), options.collectTimeoutMs ?? 2000);
        pending.set(id, entry);
        for (const w of workers) w.send({ type: 'obskit-demo:collect', id } satisfies ClusterMessage);
        if (workers.length === 0) entry.done();
        return;
      }
      case 'obskit-demo:collected': {
        const entry = pending.get(message.id);
        if (!entry || !entry.waiting.delete(from.id)) return;
        entry.metrics.push(message.metrics);
        if (entry.waiting.size === 0) entry.done();
        return;
      }
      default:
        return;
    }
  };

  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    if (workers.length === 0) options.onExit(0);
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  for (let i = 0; i < options.workers; i++) fork(i);
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
