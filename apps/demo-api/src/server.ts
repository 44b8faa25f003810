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
import type { RequestHandler } from 'express';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS, type LabelName } from '@obskit/catalog';
import { Gauge, Registry, type RegistryContentType } from 'prom-client';
import { createApp } from './app.js';
import type { ClusterWorker } from './cluster.js';
import { openDatabase, type DemoDatabase } from './db/database.js';
import {
  AGENT_NAMES,
  createAgentRuntime,
  TOOL_NAMES,
  WORKFLOWS,
  type AgentRuntime,
} from './domain/agents.js';
import { createBackgroundJobs, JOB_NAMES, type BackgroundJobs } from './domain/jobs.js';
import { createSessionService, EXPERIMENT, FEATURES, type SessionService } from './domain/sessions.js';
import { createTaskExecutor, enqueueWorkflow } from './domain/task-executor.js';
import { createTaskQueue, TASK_QUEUES, TASK_TYPES, type TaskQueue } from './domain/task-queue.js';
import { createTelemetry, type GenAiVia } from './instrumentation/create-telemetry.js';
import type { DemoTelemetry } from './instrumentation/telemetry.js';
import { createLoadGenerator, type LoadGenerator } from './load/load-generator.js';
import { createSimClock, type SimClock } from './sim/clock.js';
import { createLlmClients, simulatedLlmClients, type LlmClients } from './sim/llm-clients.js';
import { startMcpTools, type McpTools } from './sim/mcp-tools.js';
import { startProviderServer, type ProviderServer } from './sim/provider-server.js';
import {
  createProviderSimulator,
  modelPriceTable,
  PROVIDER_NAMES,
  REQUEST_MODEL_NAMES,
  RESPONSE_MODEL_NAMES,
} from './sim/providers.js';
import { createSampler, createSeededRandom, type Sampler } from './sim/random.js';
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

// Every open-set label is allow-listed: the simulation's names, nothing else.
const ALLOW_LISTS = {
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
} satisfies Partial<Record<LabelName, readonly string[]>>;

/** The demo's instrumentation: the metrics on the app's registry, the OTel bridge, the telemetry seam. */
interface DemoInstrumentation {
  readonly registry: Registry;
  readonly genAiVia: GenAiVia;
  readonly metrics: ObskitMetrics;
  /** Only with `genAiVia: 'otel'`. */
  readonly bridge?: OtelBridge;
  readonly telemetry: DemoTelemetry;
}

/** Creates the registry (unless given), every metric domain on it, the OTel bridge with `genAiVia: 'otel'`, and the telemetry. */
function createInstrumentation(options: StartDemoOptions, logger: ObskitLogger): DemoInstrumentation {
  const registry = options.registry ?? new Registry();
  const genAiVia = options.genAiVia ?? 'metrics-core';
  const prices = options.prices ?? modelPriceTable();
  const metrics = createMetrics({
    registry,
    logger,
    prices,
    allowLists: ALLOW_LISTS,
    build: { version: packageVersion() },
    // The demo uses every domain; its dashboards expect zeros from the first scrape.
    domains: [...METRICS_DOMAINS],
  });
  let bridge: OtelBridge | undefined;
  if (genAiVia === 'otel') bridge = createOtelBridge({ registry, metrics, allowLists: ALLOW_LISTS });
  const telemetry = createTelemetry({
    metrics,
    genAiVia,
    meter: bridge?.getMeter('@obskit/demo-api'),
    prices,
  });
  return { registry, genAiVia, metrics, bridge, telemetry };
}

/** What the agents call: their LLM clients, and with `llmProviders: 'sdk'` the provider server and MCP tools behind them. */
interface DemoLlm {
  readonly llm: LlmClients;
  readonly providerServer?: ProviderServer;
  readonly mcpTools?: McpTools;
}

/**
 * The LLM providers: a loopback server speaking the OpenAI and Anthropic wire formats, called
 * through the real SDKs, and the agents' tools on a real MCP server and client (in-process); on the
 * metrics-core path @obskit/genai's adapters measure every call. `simulated`: in-process draws only.
 */
async function startLlm(
  options: StartDemoOptions,
  inst: DemoInstrumentation,
  simulation: { readonly sampler: Sampler; readonly clock: SimClock; readonly scenarios: ScenarioState },
): Promise<DemoLlm> {
  const { sampler, clock, scenarios } = simulation;
  const metrics = inst.genAiVia === 'otel' ? undefined : inst.metrics;
  const simulator = createProviderSimulator({ sampler, clock, scenarios });
  const providerServer =
    (options.llmProviders ?? 'sdk') === 'sdk'
      ? await startProviderServer({ simulator, sampler, clock, port: options.providerPort })
      : undefined;
  const llm = providerServer
    ? createLlmClients({ server: providerServer, clock, metrics })
    : simulatedLlmClients(simulator);
  const mcpTools = providerServer
    ? await startMcpTools({ tools: TOOL_NAMES, clock, scenarios, metrics })
    : undefined;
  return { llm, providerServer, mcpTools };
}

/** The simulated service behind the app: its randomness, clock, scenarios, database, agents, sessions, tasks and jobs. */
interface DemoDomain extends DemoLlm {
  readonly sampler: Sampler;
  readonly clock: SimClock;
  readonly scenarios: ScenarioState;
  /** Runs the background work and load: not a cluster worker, or worker 0. */
  readonly leader: boolean;
  readonly db: DemoDatabase;
  readonly agents: AgentRuntime;
  readonly sessions: SessionService;
  readonly tasks: TaskQueue;
  readonly jobs: BackgroundJobs;
}

/** Seeds the simulation, joins the cluster's scenarios and scrapes, opens the database and builds the domain on it. */
async function startDomain(options: StartDemoOptions, inst: DemoInstrumentation): Promise<DemoDomain> {
  const { registry, telemetry } = inst;
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
  const llm = await startLlm(options, inst, { sampler, clock, scenarios });
  const agents = createAgentRuntime({
    llm: llm.llm,
    telemetry,
    sampler,
    clock,
    scenarios,
    db,
    tools: llm.mcpTools,
  });
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
  return { ...llm, sampler, clock, scenarios, leader, db, agents, sessions, tasks, jobs };
}

/** The `/metrics` handler; in cluster mode it serves the sum over all workers. */
function demoMetricsHandler(options: StartDemoOptions, metrics: ObskitMetrics): RequestHandler {
  const clusterWorker = options.cluster;
  return createMetricsHandler({
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
  });
}

/** Listens on `port` and `host`; rejects if the server cannot (port in use, bad host). */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** `http://host:port`, an IPv6 host in brackets. */
const httpUrl = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/** Runs `fn`, logging rather than throwing: a failed background step must not stop the timers. */
function safely(logger: ObskitLogger, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    logger.warn('background step failed', { error });
  }
}

/** Starts the task workers, the jobs and the timers of the background work; answers the timers. */
function startBackgroundWork(domain: DemoDomain, logger: ObskitLogger): NodeJS.Timeout[] {
  const { tasks, jobs, scenarios, sampler } = domain;
  const timers: NodeJS.Timeout[] = [];
  tasks.start();
  jobs.start();
  // Keeps the depth gauge right when tasks age into retry windows between transitions.
  timers.push(setInterval(() => safely(logger, () => tasks.refreshGauges()), 1000));
  // `queue-backlog`: enqueue 10 tasks a second, half of them in dependency chains.
  timers.push(
    setInterval(() => {
      if (!scenarios.isActive('queue-backlog')) return;
      safely(logger, () => {
        if (sampler.chance(0.5)) tasks.enqueue({ type: 'sync' });
        else enqueueWorkflow(tasks, 'backlog');
      });
    }, 100),
  );
  for (const t of timers) t.unref();
  return timers;
}

/** Starts the load generator against the demo's own port, if `load` asks for it (cluster: worker 0 only). */
function startLoad(
  options: StartDemoOptions,
  inst: DemoInstrumentation,
  domain: DemoDomain,
  logger: ObskitLogger,
  at: { readonly host: string; readonly port: number },
): LoadGenerator | undefined {
  const { host, port } = at;
  const load: LoadGenerator | undefined =
    (options.load ?? 0) > 0 && domain.leader
      ? createLoadGenerator({
          baseUrl: httpUrl(host === '0.0.0.0' ? '127.0.0.1' : host, port),
          rps: options.load ?? 0,
          sampler: domain.sampler,
          // The generator is this service's own HTTP client: its calls are outbound HTTP metrics.
          fetch: createInstrumentedFetch(inst.metrics, {
            serverAddresses: ['127.0.0.1', 'localhost', '::1'],
          }),
          onError: (error) => logger.warn('load request failed', { error }),
        })
      : undefined;
  load?.start();
  return load;
}

/** What {@link stopDemo} stops. */
interface DemoParts {
  readonly inst: DemoInstrumentation;
  readonly domain: DemoDomain;
  readonly server: Server;
  readonly timers: readonly NodeJS.Timeout[];
  readonly load?: LoadGenerator;
  /** Makes `/healthz` answer 503 from now on. */
  readonly startDraining: () => void;
}

/**
 * Stops the demo, in order: `/healthz` starts draining, timers and load stop, the server drains its
 * requests (connections closed after `drainTimeoutMs`), then task workers, jobs, MCP tools, the
 * provider server and the OTel bridge stop, and the database closes.
 */
async function stopDemo(parts: DemoParts, drainTimeoutMs: number): Promise<void> {
  const { domain, server } = parts;
  parts.startDraining();
  for (const t of parts.timers) clearInterval(t);
  await parts.load?.stop();
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
  await domain.tasks.stop();
  await domain.jobs.stop();
  await domain.mcpTools?.close();
  await domain.providerServer?.close();
  await parts.inst.bridge?.shutdown();
  domain.db.close();
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
  const inst = createInstrumentation(options, logger);
  const domain = await startDomain(options, inst);
  const { metrics, registry } = inst;
  const { agents, tasks, sessions, scenarios, sampler, db } = domain;

  let draining = false;
  const app = createApp({
    agents,
    tasks,
    sessions,
    scenarios,
    telemetry: inst.telemetry,
    sampler,
    httpMetrics: createExpressMiddleware(metrics, { bodySizes: true }),
    metricsHandler: demoMetricsHandler(options, metrics),
    isDraining: () => draining,
    workerIndex: options.cluster?.index,
    onError: (error) => logger.error('request failed', { error }),
  });
  const server = createServer(app);
  await listen(server, options.port ?? 3000, host);
  const port = (server.address() as AddressInfo).port;
  const url = httpUrl(host, port);

  const timers = (options.backgroundWork ?? domain.leader) ? startBackgroundWork(domain, logger) : [];
  const load = startLoad(options, inst, domain, logger, { host, port });

  let stopping: Promise<void> | undefined;
  const startDraining = (): void => {
    draining = true;
  };
  const parts: DemoParts = { inst, domain, server, timers, load, startDraining };
  const stop = (): Promise<void> => (stopping ??= stopDemo(parts, options.drainTimeoutMs ?? 10_000));

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
