import { METRICS } from '@obskit/catalog';
import {
  createAgentHelpers,
  type AgentHelpers,
  type AgentOperation,
  type ErrorType,
  type Handoff,
  type ToolCall,
  type WorkflowRun,
} from '@obskit/metrics-core';
import type { Meter } from '@opentelemetry/api';
import { createOtelInstruments, type OtelInstrumentsOptions } from '../domain/otel-instruments.js';

/**
 * One finished GenAI/agent operation, as {@link AgentMeter.recordOperation} records it: metrics-core's
 * `AgentOperation` (cache and reasoning tokens, per-chunk times, price, exemplar included) with any
 * `error.type` string; values outside the catalog's error types are recorded as `_OTHER`.
 */
export interface OtelAgentOperation extends Omit<AgentOperation, 'errorType'> {
  /** `error.type` when the status is not `success`; defaults to the status (or `_OTHER` for errors). */
  readonly errorType?: string;
}

/** A tool call made by an agent (`gen_ai.execute_tool.duration`). */
export interface OtelToolCall extends Omit<ToolCall, 'errorType'> {
  /** `error.type` of a failed call; values outside the catalog's error types are recorded as `_OTHER`. */
  readonly errorType?: string;
}

/** A multi-agent workflow run (`gen_ai.workflow.duration`). */
export interface OtelWorkflowRun extends Omit<WorkflowRun, 'errorType'> {
  /** `error.type` of a failed call; values outside the catalog's error types are recorded as `_OTHER`. */
  readonly errorType?: string;
}

/** A hand-off of work from one agent to another (metrics-core's `Handoff`). */
export type OtelHandoff = Handoff;

/**
 * metrics-core's agent helpers (`AgentHelpers`) recording through the OpenTelemetry API, under exactly
 * the catalog's names and labels: the same code as `createMetrics().agents`, so besides durations,
 * token usage and the operations counter it also records cost (with `prices`; unpriced tokens
 * otherwise), recovery time after errors, cache and reasoning token types, per-chunk times, rate-limit
 * headroom and MCP operations. Its record types take any `error.type` string.
 */
export interface AgentMeter extends Omit<
  AgentHelpers,
  'recordOperation' | 'recordError' | 'recordToolCall' | 'recordWorkflow'
> {
  /**
   * Duration (plus `gen_ai.invoke_agent.duration` for `invoke_agent`), token usage by type, time to
   * first chunk, time per chunk, the operations counter, cost or unpriced tokens, agent errors and
   * recovery time.
   */
  recordOperation(op: OtelAgentOperation): void;
  /** Marks an agent operation as running (`obskit_agents_active`); call the result when it ends. */
  operationStarted(agent: string): () => void;
  /** An agent error outside an operation; starts the recovery clock. */
  recordError(agent: string, errorType: string): void;
  recordToolCall(call: OtelToolCall): void;
  recordWorkflow(run: OtelWorkflowRun): void;
}

/**
 * Creates the agent helpers on `meter` (from {@link OtelBridge.getMeter} or any OTel meter), over
 * {@link createOtelInstruments}.
 *
 * @param options - `prices` for the cost counter, `clock`, `report` or `logger`.
 * @example
 * const agents = createAgentMeter(bridge.getMeter('planner'), { prices });
 * agents.recordOperation({ agent: 'planner', operation: 'chat', provider: 'openai',
 *   requestModel: 'gpt-4o', status: 'success', durationSeconds: 1.4, inputTokens: 812, outputTokens: 96 });
 */
export function createAgentMeter(meter: Meter, options: OtelInstrumentsOptions = {}): AgentMeter {
  const instruments = createOtelInstruments(meter, options);
  const helpers = createAgentHelpers(instruments);
  const active = instruments.gauge(METRICS.agent.active);
  // error.type strings outside the catalog's set are bounded by the bridge (`_OTHER`).
  return {
    ...helpers,
    recordOperation: (op) => helpers.recordOperation(op as AgentOperation),
    recordError: (agent, errorType) => helpers.recordError(agent, errorType as ErrorType),
    recordToolCall: (call) => helpers.recordToolCall(call as ToolCall),
    recordWorkflow: (run) => helpers.recordWorkflow(run as WorkflowRun),
    operationStarted(agent) {
      active.inc({ gen_ai_agent_name: agent });
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        active.dec({ gen_ai_agent_name: agent });
      };
    },
  };
}
