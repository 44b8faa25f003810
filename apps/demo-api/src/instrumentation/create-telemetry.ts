import { METRICS } from '@obskit/catalog';
import { DEMO_CODES } from '../codes.js';
import { DemoError } from '../errors.js';
import {
  statusOfErrorType,
  type AgentHelpers,
  type AgentOperation,
  type ObskitMetrics,
  type PriceTable,
} from '@obskit/metrics-core';
import { createOtelDomain } from '@obskit/otel-bridge';
import type { Meter } from '@opentelemetry/api';
import type { DemoTelemetry, GenAiCallRecord } from './telemetry.js';

/** Where the GenAI semconv metrics are recorded. */
export type GenAiVia = 'metrics-core' | 'otel';

/** Options of {@link createTelemetry}. */
export interface CreateTelemetryOptions {
  /** The app's metrics-core object; every non-GenAI metric, and GenAI unless `genAiVia` is `otel`. */
  readonly metrics: ObskitMetrics;
  /** @defaultValue `'metrics-core'` */
  readonly genAiVia?: GenAiVia;
  /**
   * Meter of the @obskit/otel-bridge MeterProvider; required with `genAiVia: 'otel'`. The GenAI
   * semconv instruments recorded on it come out under the same Prometheus names.
   */
  readonly meter?: Meter;
  /**
   * Prices for the cost counter on the `otel` path: pass the table given to `createMetrics`, which
   * prices the other path. @defaultValue none: tokens are counted as unpriced
   */
  readonly prices?: PriceTable;
  /** Milliseconds since the Unix epoch, for recovery time on the `otel` path. @defaultValue `Date.now` */
  readonly now?: () => number;
}

/** `db_client_connection_pool_name` of the demo's SQLite connection. */
export const DB_POOL_NAME = 'demo-api';

const TASK = METRICS.task;
const AGENT = METRICS.agent;

/** The agent operation of one of the demo's GenAI calls. */
const operationOf = (c: GenAiCallRecord): AgentOperation => ({
  agent: c.agent,
  operation: c.operation,
  provider: c.provider,
  requestModel: c.requestModel,
  responseModel: c.responseModel,
  status: statusOfErrorType(c.errorType),
  errorType: c.errorType,
  durationSeconds: c.durationSeconds,
  inputTokens: c.inputTokens,
  outputTokens: c.outputTokens,
  timeToFirstChunkSeconds: c.timeToFirstChunkSeconds,
  timePerOutputChunkSeconds: c.timePerOutputChunkSeconds,
});

/**
 * The agent helpers the GenAI calls, tools and workflows are recorded with: metrics-core's, or with
 * `genAiVia: 'otel'` the same helpers over @obskit/otel-bridge's OTel adapter, as an OTel-instrumented
 * app would record them (cost, unpriced tokens, time per chunk and recovery time on both paths).
 */
function genAiAgents(options: CreateTelemetryOptions): AgentHelpers {
  if ((options.genAiVia ?? 'metrics-core') !== 'otel') return options.metrics.agents;
  if (!options.meter)
    throw new DemoError(
      DEMO_CODES.invalidOptions,
      'Invalid createTelemetry options: genAiVia "otel" needs a meter',
    );
  return createOtelDomain(options.meter, {
    prices: options.prices,
    clock: options.now,
    report: options.metrics.reportError,
  }).agents;
}

/**
 * Maps the demo's domain events onto @obskit/metrics-core helpers (and, with `genAiVia: 'otel'`,
 * the GenAI semconv metrics onto the OTel API). The only module of the app that knows obskit's API.
 */
export function createTelemetry(options: CreateTelemetryOptions): DemoTelemetry {
  const { metrics } = options;
  const genAi = genAiAgents(options);
  const active = metrics.gauge(AGENT.active);
  const depth = metrics.gauge(TASK.queueDepth);
  const running = metrics.gauge(TASK.running);
  const transitions = metrics.counter(TASK.transitions);
  const taskDuration = metrics.histogram(TASK.duration);
  const taskWait = metrics.histogram(TASK.waitDuration);
  const depWait = metrics.histogram(TASK.dependencyWaitDuration);
  const retries = metrics.counter(TASK.retries);
  const deadLetters = metrics.counter(TASK.deadLetters);

  return {
    genAiCall: (call) => genAi.recordOperation(operationOf(call)),
    agentInvoked: (info) => genAi.recordOperation(operationOf({ ...info, operation: 'invoke_agent' })),
    toolExecuted: (info) => genAi.recordToolCall(info),
    workflowFinished: (info) => genAi.recordWorkflow(info),
    agentDecision: (agent, confidence) => metrics.agents.recordDecision(agent, confidence),
    agentHandoff: (h) => metrics.agents.recordHandoff(h),
    agentActive: (agent, delta) =>
      delta > 0 ? active.inc({ gen_ai_agent_name: agent }) : active.dec({ gen_ai_agent_name: agent }),
    primeTaskCounters: (queue, taskType) => {
      retries.inc({ queue, task_type: taskType }, 0);
      deadLetters.inc({ queue, task_type: taskType }, 0);
    },
    taskEnqueued: (queue, state) => transitions.inc({ queue, to_state: state }),
    taskTransition: (queue, from, to) => transitions.inc({ queue, from_state: from, to_state: to }),
    queueDepth: (queue, n) => depth.set({ queue }, n),
    tasksRunning: (queue, n) => running.set({ queue }, n),
    taskFinished: (t) =>
      taskDuration.observe({ queue: t.queue, task_type: t.taskType, outcome: t.outcome }, t.seconds),
    taskWaited: (t) => taskWait.observe({ queue: t.queue, task_type: t.taskType }, t.seconds),
    taskDependencyWaited: (t) => depWait.observe({ queue: t.queue, task_type: t.taskType }, t.seconds),
    taskRetried: (queue, taskType) => retries.inc({ queue, task_type: taskType }),
    taskDeadLettered: (queue, taskType) => deadLetters.inc({ queue, task_type: taskType }),
    dbQuery: (info, fn) =>
      metrics.db.timeQuerySync(
        { system: 'sqlite', operation: info.operation, collection: info.collection },
        fn,
      ),
    dbPool: ({ open }) =>
      metrics.db.setPool({ pool: DB_POOL_NAME, used: 0, idle: open ? 1 : 0, max: 1, pending: 0 }),
    jobRun: (name, fn) => metrics.jobs.run(name, fn),
    sessionStarted: () => metrics.business.sessionStarted(),
    sessionEnded: (seconds) => metrics.business.sessionEnded(seconds),
    featureUsed: (feature) => metrics.business.featureUsed(feature),
    experimentExposure: (e, v) => metrics.business.exposure(e, v),
    experimentConversion: (e, v) => metrics.business.conversion(e, v),
    businessOperation: (name, outcome) => metrics.business.operation(name, outcome),
  };
}
