import type { TASK_STATES } from '@obskit/catalog';
import type { ErrorType } from '../sim/providers.js';

/** One GenAI client call (a chat completion or a tool call made on behalf of an agent). */
export interface GenAiCallRecord {
  readonly agent: string;
  readonly operation: 'chat' | 'execute_tool' | 'invoke_agent';
  readonly provider: string;
  readonly requestModel: string;
  readonly responseModel?: string;
  readonly durationSeconds: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly timeToFirstChunkSeconds?: number;
  /** Streaming only: time between consecutive output chunks after the first, in seconds. */
  readonly timePerOutputChunkSeconds?: readonly number[];
  readonly errorType?: ErrorType;
}

/** Database operation info, in OTel database semconv terms. */
export interface DbQueryInfo {
  readonly operation: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'BEGIN' | 'COMMIT';
  readonly collection: string;
}

/**
 * Everything the demo's domain tells its instrumentation, as domain events. The one seam between
 * the simulation and obskit: `createTelemetry` maps these onto @obskit/metrics-core (and, with
 * `OBSKIT_GENAI_VIA=otel`, the GenAI ones onto the OTel API through @obskit/otel-bridge).
 */
export interface DemoTelemetry {
  // GenAI and agents
  genAiCall(call: GenAiCallRecord): void;
  /** One agent invocation (`invoke_agent` operation), without the agents it handed off to. */
  agentInvoked(info: {
    agent: string;
    provider: string;
    requestModel: string;
    durationSeconds: number;
    errorType?: ErrorType;
  }): void;
  toolExecuted(info: { tool: string; agent: string; durationSeconds: number; errorType?: ErrorType }): void;
  workflowFinished(info: { workflow: string; durationSeconds: number; errorType?: ErrorType }): void;
  agentDecision(agent: string, confidence: number): void;
  agentHandoff(info: {
    from: string;
    to: string;
    outcome: 'success' | 'failure';
    durationSeconds: number;
  }): void;
  agentActive(agent: string, delta: 1 | -1): void;
  // Tasks
  /** Creates the retry and dead-letter series at 0, so that `increase()` over them has data. */
  primeTaskCounters(queue: string, taskType: string): void;
  taskEnqueued(queue: string, state: TaskStateName): void;
  taskTransition(queue: string, from: TaskStateName, to: TaskStateName): void;
  queueDepth(queue: string, depth: number): void;
  tasksRunning(queue: string, running: number): void;
  taskFinished(info: {
    queue: string;
    taskType: string;
    outcome: 'success' | 'failure';
    seconds: number;
  }): void;
  taskWaited(info: { queue: string; taskType: string; seconds: number }): void;
  taskDependencyWaited(info: { queue: string; taskType: string; seconds: number }): void;
  taskRetried(queue: string, taskType: string): void;
  taskDeadLettered(queue: string, taskType: string): void;
  // Database (better-sqlite3 is synchronous)
  dbQuery<T>(info: DbQueryInfo, fn: () => T): T;
  /** The connection "pool": better-sqlite3 holds one connection, used only inside a query. */
  dbPool(state: { open: boolean }): void;
  // Background jobs
  jobRun<T>(jobName: string, fn: () => Promise<T>): Promise<T>;
  // Business
  sessionStarted(): void;
  sessionEnded(durationSeconds: number): void;
  featureUsed(feature: string): void;
  experimentExposure(experiment: string, variant: string): void;
  experimentConversion(experiment: string, variant: string): void;
  businessOperation(operation: string, outcome: 'success' | 'failure'): void;
}

/** Task states, as the catalog's `from_state` / `to_state` values. */
export type TaskStateName = (typeof TASK_STATES)[number];
