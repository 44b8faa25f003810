import {
  createMetrics,
  METRICS_DOMAINS,
  noopLogger,
  type ObskitLogger,
  type ObskitMetrics,
  type PriceTable,
} from '@obskit/metrics-core';
import { createExpressMiddleware, createInstrumentedFetch, createMetricsHandler } from '@obskit/middleware';
import { createOtelBridge, type OtelBridge } from '@obskit/otel-bridge';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS } from '@obskit/catalog';
import { Gauge, Registry, type RegistryContentType } from 'prom-client';
import { createApp } from './app.js';
import type { ClusterWorker } from './cluster.js';
import { openDatabase, type DemoDatabase } from './db/database.js';
import { AGENT_NAMES, createAgentRuntime, TOOL_NAMES, WORKFLOWS } from './domain/agents.js';
import { createBackgroundJobs, JOB_NAMES } from './domain/jobs.js';
import { createSessionService, EXPERIMENT, FEATURES } from './domain/sessions.js';
import { createTaskExecutor, enqueueWorkflow } from './domain/task-executor.js';
import { createTaskQueue, TASK_QUEUES, TASK_TYPES, type TaskQueue } from './domain/task-queue.js';
import { createTelemetry, type GenAiVia } from './instrumentation/create-telemetry.js';
import { createLoadGenerator, type LoadGenerator } from './load/load-generator.js';
import { createSimClock } from './sim/clock.js';
import { createLlmClients, simulatedLlmClients } from './sim/llm-clients.js';
import { startMcpTools } from './sim/mcp-tools.js';
import { startProviderServer } from './sim/provider-server.js';
import {
  createProviderSimulator,
  modelPriceTable,
  PROVIDER_NAMES,
  REQUEST_MODEL_NAMES,
  RESPONSE_MODEL_NAMES,
} from './sim/providers.js';
import { createSampler, createSeededRandom } from './sim/random.js';
import { createScenarioState, type ScenarioState } from './sim/scenarios.js';

/** Default SQLite file: under the OS temp dir, so a fresh clone needs no set-up. */
export const DEFAULT_DATABASE_PATH = join(tmpdir(), 'obskit-demo', 'demo.sqlite');

/** Options of {@link startDemo}; `main.ts` fills them from the environment. */
export interface StartDemoOptions {
  /** Port; `0` picks a free one. @defaultValue 3000 */
  readonly port?: number;
  /** @defaultValue `'127.0.0.1'` */
  readonly host?: string;
  /** Background requests per second through the HTTP server; 0 is off. @defaultValue 0 */
  readonly load?: number;
  /** SQLite file. @defaultValue {@link DEFAULT_DATABASE_PATH} */
  readonly databasePath?: string;
  /** Credentials of `/metrics`; without any, `/metrics` is open (it is a demo). */
  readonly metricsAuth?: { readonly bearerToken?: string; readonly basicAuth?: string };
  /** Where GenAI semconv metrics are recorded. @defaultValue `'metrics-core'` */
  readonly genAiVia?: GenAiVia;
  /**
   * USD per 1k tokens by provider and model for the cost counter: `main` passes the `prices` of the
   * demo's obskit.config.ts (`pricesFor` of @obskit/config). @defaultValue {@link modelPriceTable}
   */
  readonly prices?: PriceTable;
  /** Seed of the simulation; runs with the same seed draw the same numbers. @defaultValue time-based */
  readonly seed?: number;
  /**
   * Wall-clock factor of simulated waits (0 = no waiting). Small by default so that HTTP latency
   * stays under the default `HttpLatencyHigh` threshold while GenAI metrics keep realistic values.
   * @defaultValue 0.01
   */
  readonly timeScale?: number;
  /** Run the task workers and background jobs here (cluster: the first worker only). @defaultValue true */
  readonly backgroundWork?: boolean;
  /** Share an existing switchboard (cluster workers). @defaultValue a new one */
  readonly scenarios?: ScenarioState;
  /** The app's registry. @defaultValue a new `Registry` */
  readonly registry?: Registry;
  readonly logger?: ObskitLogger;
  /** Longest wait for in-flight requests on stop, ms; then connections are closed. @defaultValue 10000 */
  readonly drainTimeoutMs?: number;
  /**
   * Cluster worker protocol (`DEMO_WORKERS`): scenarios are shared, `/metrics` serves the sum over
   * all workers, and only worker 0 runs the background work and load.
   */
  readonly cluster?: ClusterWorker;
  /**
   * How the agents reach their LLMs: `simulated` draws each call in-process and records it by hand;
   * `sdk` starts the loopback provider server (OpenAI and Anthropic wire formats) and calls it
   * through the real `openai` and `@anthropic-ai/sdk` clients, measured by @obskit/genai's adapters.
   * @defaultValue `'sdk'`
   */
  readonly llmProviders?: 'simulated' | 'sdk';
  /** Port of the loopback LLM provider server on 127.0.0.1; `0` picks a free one. @defaultValue 0 */
  readonly providerPort?: number;
  /** Intervals of the background jobs, ms (tests shorten them). */
  readonly jobIntervalsMs?: Partial<Record<(typeof JOB_NAMES)[number], number>>;
}

/** A running demo. */
export interface RunningDemo {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly registry: Registry;
  readonly metrics: ObskitMetrics;
  readonly scenarios: ScenarioState;
  readonly tasks: TaskQueue;
  readonly db: DemoDatabase;
  /** Drains in-flight requests, stops load, workers and jobs, closes the database. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the demo: creates the registry, metrics (and the OTel bridge with `genAiVia: 'otel'`),
 * the database, simulation, task workers, jobs, app and HTTP server, and the load generator.
 *
 * @example
 * const demo = await startDemo({ port: 0, load: 5 });
 * console.log(demo.url); // http://127.0.0.1:41234
 * await demo.stop();
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? noopLogger;
  const registry = options.registry ?? new Registry();
  const genAiVia = options.genAiVia ?? 'metrics-core';
  // Every open-set label is allow-listed: the simulation's names, nothing else.
  const allowLists = {
    gen_ai_provider_name: PROVIDER_NAMES,
    gen_ai_request_model: REQUEST_MODEL_NAMES,
    gen_ai_response_model: RESPONSE_MODEL_NAMES,
    gen_ai_agent_name: AGENT_NAMES,
    from_agent: AGENT_NAMES,
    to_agent: AGENT_NAMES,
    gen_ai_tool_name: TOOL_NAMES,
    gen_ai_workflow_name: Object.values(WORKFLOWS),
    queue: TASK_QUEUES,
    task_type: Object.keys(TASK_TYPES),
    job_name: JOB_NAMES,
    feature: FEATURES,
    experiment: [EXPERIMENT.name],
    variant: EXPERIMENT.variants,
    operation: ['agent_run', 'task_submit'],
    db_system_name: ['sqlite'],
    db_collection_name: ['tasks', 'task_dependencies', 'sessions', 'agent_runs'],
  };
  const prices = options.prices ?? modelPriceTable();
  const metrics = createMetrics({
    registry,
    logger,
    prices,
    allowLists,
    build: { version: packageVersion() },
    // The demo uses every domain; its dashboards expect zeros from the first scrape.
    domains: [...METRICS_DOMAINS],
  });
  let bridge: OtelBridge | undefined;
  if (genAiVia === 'otel') bridge = createOtelBridge({ registry, metrics, allowLists });
  const telemetry = createTelemetry({
    metrics,
    genAiVia,
    meter: bridge?.getMeter('@obskit/demo-api'),
    prices,
  });

  const seed = options.seed ?? Date.now() % 2 ** 31;
  const sampler = createSampler(createSeededRandom(seed));
  const clock = createSimClock(options.timeScale ?? 0.01);
  const scenarios = options.scenarios ?? createScenarioState();
  const clusterWorker = options.cluster;
  if (clusterWorker) {
    clusterWorker.shareScenarios(scenarios);
    clusterWorker.serveCollect(() => registry.getMetricsAsJSON());
  }
  const leader = !clusterWorker || clusterWorker.index === 0;
  const db = openDatabase(options.databasePath ?? DEFAULT_DATABASE_PATH, telemetry);
  // The LLM providers: a loopback server speaking the OpenAI and Anthropic wire formats, called
  // through the real SDKs; on the metrics-core path @obskit/genai's adapters measure every call.
  const simulator = createProviderSimulator({ sampler, clock, scenarios });
  const providerServer =
    (options.llmProviders ?? 'sdk') === 'sdk'
      ? await startProviderServer({ simulator, sampler, clock, port: options.providerPort })
      : undefined;
  const llm = providerServer
    ? createLlmClients({ server: providerServer, clock, metrics: genAiVia === 'otel' ? undefined : metrics })
    : simulatedLlmClients(simulator);
  // The agents' tools: a real MCP server and client (in-process), measured by @obskit/genai's MCP adapter.
  const mcpTools = providerServer
    ? await startMcpTools({
        tools: TOOL_NAMES,
        clock,
        scenarios,
        metrics: genAiVia === 'otel' ? undefined : metrics,
      })
    : undefined;
  const agents = createAgentRuntime({ llm, telemetry, sampler, clock, scenarios, db, tools: mcpTools });
  const sessions = createSessionService({ db, telemetry, sampler });
  const tasks = createTaskQueue({
    db,
    telemetry,
    executor: createTaskExecutor({ agents, sampler, clock, scenarios }),
    pauseAfterTaskMs: () => (scenarios.isActive('queue-backlog') ? 1000 : 0),
  });
  const jobs = createBackgroundJobs({
    db,
    telemetry,
    sessions,
    sampler,
    clock,
    intervalsMs: options.jobIntervalsMs,
  });

  let draining = false;
  const app = createApp({
    agents,
    tasks,
    sessions,
    scenarios,
    telemetry,
    sampler,
    httpMetrics: createExpressMiddleware(metrics, { bodySizes: true }),
    metricsHandler: createMetricsHandler({
      metrics,
      auth: authOf(options.metricsAuth),
      // In cluster mode every worker answers scrapes with the sum over all workers; the handler
      // authorises first, then asks the primary.
      registries: clusterWorker
        ? async () => {
            const { registry: aggregated, answered, asked } = await clusterWorker.aggregate();
            return [withWorkerOutcome(aggregated, answered, asked)];
          }
        : undefined,
    }),
    isDraining: () => draining,
    workerIndex: clusterWorker?.index,
    onError: (error) => logger.error('request failed', { error }),
  });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const backgroundWork = options.backgroundWork ?? leader;
  const timers: NodeJS.Timeout[] = [];
  if (backgroundWork) {
    tasks.start();
    jobs.start();
    // Keeps the depth gauge right when tasks age into retry windows between transitions.
    timers.push(setInterval(() => safely(() => tasks.refreshGauges()), 1000));
    // `queue-backlog`: enqueue 10 tasks a second, half of them in dependency chains.
    timers.push(
      setInterval(() => {
        if (!scenarios.isActive('queue-backlog')) return;
        safely(() => {
          if (sampler.chance(0.5)) tasks.enqueue({ type: 'sync' });
          else enqueueWorkflow(tasks, 'backlog');
        });
      }, 100),
    );
    for (const t of timers) t.unref();
  }
  const load: LoadGenerator | undefined =
    (options.load ?? 0) > 0 && leader
      ? createLoadGenerator({
          baseUrl: `http://${host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`,
          rps: options.load ?? 0,
          sampler,
          // The generator is this service's own HTTP client: its calls are outbound HTTP metrics.
          fetch: createInstrumentedFetch(metrics, { serverAddresses: ['127.0.0.1', 'localhost', '::1'] }),
          onError: (error) => logger.warn('load request failed', { error }),
        })
      : undefined;
  load?.start();

  function safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      logger.warn('background step failed', { error });
    }
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      draining = true;
      for (const t of timers) clearInterval(t);
      await load?.stop();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      await tasks.stop();
      await jobs.stop();
      await mcpTools?.close();
      await providerServer?.close();
      await bridge?.shutdown();
      db.close();
    })());

  return { url, port, server, registry, metrics, scenarios, tasks, db, stop };
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** Replaces the (empty, summed) worker gauge of an aggregated registry by this scrape's outcome. */
function withWorkerOutcome(
  aggregated: Registry<RegistryContentType>,
  answered: number,
  asked: number,
): Registry<RegistryContentType> {
  const def = METRICS.self.clusterWorkers;
  aggregated.removeSingleMetric(def.name);
  const gauge = new Gauge({
    name: def.name,
    help: def.help,
    labelNames: def.labels,
    registers: [aggregated],
  });
  gauge.set({ worker_outcome: 'answered' }, answered);
  gauge.set({ worker_outcome: 'timeout' }, asked - answered);
  gauge.set({ worker_outcome: 'error' }, 0);
  return aggregated;
}

function authOf(auth: StartDemoOptions['metricsAuth']): { bearerToken?: string; basicAuth?: string } | false {
  if (!auth || (!auth.bearerToken && !auth.basicAuth)) return false;
  return { bearerToken: auth.bearerToken, basicAuth: auth.basicAuth };
}
