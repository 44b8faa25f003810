import { METRICS, ObskitError, type ERROR_TYPES } from '@obskit/catalog';
import type { ObskitMetrics } from '@obskit/metrics-core';
import { createAgentMeter, otelInstrumentOf } from '@obskit/otel-bridge';
import type { Meter } from '@opentelemetry/api';
import type { ModelProfile } from '../sim/providers.js';
import type { DemoTelemetry, GenAiCallRecord } from './telemetry.js';

type ErrorType = (typeof ERROR_TYPES)[number];

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
  /** Prices for the cost counter on the `otel` path (metrics-core prices it on the other path). */
  readonly priceOf?: (
    provider: string,
    model: string,
  ) => Pick<ModelProfile, 'inputPricePer1k' | 'outputPricePer1k'> | undefined;
  readonly now?: () => number;
}

/** `db_client_connection_pool_name` of the demo's SQLite connection. */
export const DB_POOL_NAME = 'demo-api';

const TASK = METRICS.task;
const AGENT = METRICS.agent;

const statusOf = (errorType: ErrorType | undefined): 'success' | 'error' | 'timeout' | 'cancelled' =>
  errorType === undefined
    ? 'success'
    : errorType === 'timeout'
      ? 'timeout'
      : errorType === 'cancelled'
        ? 'cancelled'
        : 'error';

interface GenAiRecorder {
  /** A chat or invoke_agent operation; invoke_agent also feeds `gen_ai_invoke_agent_duration_seconds`. */
  call(call: GenAiCallRecord): void;
  tool(info: { tool: string; agent: string; durationSeconds: number; errorType?: ErrorType }): void;
  workflow(info: { workflow: string; durationSeconds: number; errorType?: ErrorType }): void;
}

function metricsCoreGenAi(metrics: ObskitMetrics): GenAiRecorder {
  return {
    call: (c) =>
      metrics.agents.recordOperation({
        agent: c.agent,
        operation: c.operation,
        provider: c.provider,
        requestModel: c.requestModel,
        responseModel: c.responseModel,
        status: statusOf(c.errorType),
        errorType: c.errorType,
        durationSeconds: c.durationSeconds,
        inputTokens: c.inputTokens,
        outputTokens: c.outputTokens,
        timeToFirstChunkSeconds: c.timeToFirstChunkSeconds,
        timePerOutputChunkSeconds: c.timePerOutputChunkSeconds,
      }),
    tool: (t) =>
      metrics.agents.recordToolCall({
        tool: t.tool,
        agent: t.agent,
        durationSeconds: t.durationSeconds,
        errorType: t.errorType,
      }),
    workflow: (w) => metrics.agents.recordWorkflow(w),
  };
}

/**
 * The GenAI semconv metrics recorded through the OTel metrics API with @obskit/otel-bridge's agent
 * meter, as an OTel-instrumented app would. Cost and recovery time need a price table and per-agent
 * state, so they stay with metrics-core: the same series exist on both paths.
 */
function otelGenAi(options: CreateTelemetryOptions, meter: Meter): GenAiRecorder {
  const { metrics } = options;
  const now = options.now ?? Date.now;
  const agents = createAgentMeter(meter);
  // The agent meter has no per-chunk instrument: the semconv histogram is made here, as an
  // OTel-instrumented app would, with the catalog's name, unit and buckets.
  const chunkDef = METRICS.genai.clientTimePerOutputChunk;
  const chunk = otelInstrumentOf(chunkDef);
  const perChunk = meter.createHistogram(chunk.name, {
    unit: chunk.unit,
    description: chunkDef.help,
    advice: chunkDef.buckets ? { explicitBucketBoundaries: [...chunkDef.buckets] } : undefined,
  });
  const cost = metrics.counter(AGENT.cost);
  const unpriced = metrics.counter(METRICS.self.unpricedTokens);
  const recovery = metrics.histogram(AGENT.recoveryDuration);
  const failingSince = new Map<string, number>();

  return {
    call(c) {
      agents.recordOperation({ ...c, status: statusOf(c.errorType) });
      if (c.timePerOutputChunkSeconds) {
        const model = {
          'gen_ai.operation.name': c.operation,
          'gen_ai.provider.name': c.provider,
          'gen_ai.request.model': c.requestModel,
          ...(c.responseModel ? { 'gen_ai.response.model': c.responseModel } : {}),
        };
        for (const gap of c.timePerOutputChunkSeconds) perChunk.record(gap, model);
      }
      const price = options.priceOf?.(c.provider, c.requestModel);
      for (const [type, count] of [
        ['input', c.inputTokens],
        ['output', c.outputTokens],
      ] as const) {
        if (count === undefined || count <= 0) continue;
        if (price) {
          cost.inc(
            {
              gen_ai_provider_name: c.provider,
              gen_ai_request_model: c.requestModel,
              gen_ai_agent_name: c.agent,
              gen_ai_token_type: type,
            },
            (count / 1000) * (type === 'input' ? price.inputPricePer1k : price.outputPricePer1k),
          );
        } else {
          unpriced.inc(
            {
              gen_ai_provider_name: c.provider,
              gen_ai_request_model: c.requestModel,
              gen_ai_token_type: type,
            },
            count,
          );
        }
      }
      if (c.errorType !== undefined) {
        if (!failingSince.has(c.agent)) failingSince.set(c.agent, now());
        return;
      }
      const since = failingSince.get(c.agent);
      if (since !== undefined) {
        failingSince.delete(c.agent);
        recovery.observe({ gen_ai_agent_name: c.agent }, Math.max(0, (now() - since) / 1000));
      }
    },
    tool: (t) => agents.recordToolCall(t),
    workflow: (w) => agents.recordWorkflow(w),
  };
}

/**
 * Maps the demo's domain events onto @obskit/metrics-core helpers (and, with `genAiVia: 'otel'`,
 * the GenAI semconv metrics onto the OTel API). The only module of the app that knows obskit's API.
 */
export function createTelemetry(options: CreateTelemetryOptions): DemoTelemetry {
  const { metrics } = options;
  const genAiVia = options.genAiVia ?? 'metrics-core';
  let genAi: GenAiRecorder;
  if (genAiVia === 'otel') {
    if (!options.meter)
      throw new ObskitError(
        'DEMO_INVALID_OPTIONS',
        'Invalid createTelemetry options: genAiVia "otel" needs a meter',
      );
    genAi = otelGenAi(options, options.meter);
  } else {
    genAi = metricsCoreGenAi(metrics);
  }
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
    genAiCall: (call) => genAi.call(call),
    agentInvoked: (info) => genAi.call({ ...info, operation: 'invoke_agent' }),
    toolExecuted: (info) => genAi.tool(info),
    workflowFinished: (info) => genAi.workflow(info),
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
