import { METRICS, OTHER_VALUE, type AGENT_STATUSES, type GEN_AI_OPERATIONS } from '@obskit/catalog';
import type { Attributes, Meter } from '@opentelemetry/api';
import { catalogCounter, catalogHistogram, catalogUpDownCounter } from './instruments.js';

/** One finished GenAI/agent operation, as {@link AgentMeter.recordOperation} records it. */
export interface OtelAgentOperation {
  /** `gen_ai.agent.name`. */
  readonly agent: string;
  /** `gen_ai.operation.name`. */
  readonly operation: (typeof GEN_AI_OPERATIONS)[number];
  /** `gen_ai.provider.name`, e.g. `openai`. */
  readonly provider: string;
  readonly requestModel: string;
  readonly responseModel?: string;
  readonly status: (typeof AGENT_STATUSES)[number];
  /** `error.type` when the status is not `success`; defaults to the status (or `_OTHER` for errors). */
  readonly errorType?: string;
  readonly durationSeconds: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** Streaming only: time to the first chunk, in seconds. */
  readonly timeToFirstChunkSeconds?: number;
}

/** A tool call made by an agent (`gen_ai.execute_tool.duration`). */
export interface OtelToolCall {
  readonly tool: string;
  readonly agent?: string;
  readonly durationSeconds: number;
  readonly errorType?: string;
}

/** A multi-agent workflow run (`gen_ai.workflow.duration`). */
export interface OtelWorkflowRun {
  readonly workflow: string;
  readonly durationSeconds: number;
  readonly errorType?: string;
}

/** A hand-off of work from one agent to another. */
export interface OtelHandoff {
  readonly from: string;
  readonly to: string;
  /** @defaultValue `'success'` */
  readonly outcome?: 'success' | 'failure';
  /** Hand-over to pick-up latency, in seconds. */
  readonly durationSeconds?: number;
}

/**
 * Agent metrics through the OpenTelemetry API, for teams that prefer it over metrics-core: the GenAI
 * semconv instruments plus obskit's agent instruments, under exactly the catalog's names and labels and
 * recorded like metrics-core's `agents` helpers. Cost (it needs a price table) and recovery time (it
 * needs per-agent state) stay with metrics-core.
 */
export interface AgentMeter {
  /**
   * Duration (plus `gen_ai.invoke_agent.duration` for `invoke_agent`), token usage, time to first
   * chunk, the operations counter and agent errors.
   */
  recordOperation(op: OtelAgentOperation): void;
  /** Marks an agent operation as running (`obskit_agents_active`); call the result when it ends. */
  operationStarted(agent: string): () => void;
  /** A decision confidence score from 0 to 1. */
  recordDecision(agent: string, confidence: number): void;
  recordHandoff(handoff: OtelHandoff): void;
  /** An agent error outside an operation. */
  recordError(agent: string, errorType: string): void;
  recordToolCall(call: OtelToolCall): void;
  recordWorkflow(run: OtelWorkflowRun): void;
}

const withError = (errorType: string | undefined): Attributes =>
  errorType ? { 'error.type': errorType } : {};

/**
 * Creates the agent instruments on `meter` (from {@link OtelBridge.getMeter} or any OTel meter).
 *
 * @example
 * const agents = createAgentMeter(bridge.getMeter('planner'));
 * agents.recordOperation({ agent: 'planner', operation: 'chat', provider: 'openai',
 *   requestModel: 'gpt-4o', status: 'success', durationSeconds: 1.4, inputTokens: 812, outputTokens: 96 });
 */
export function createAgentMeter(meter: Meter): AgentMeter {
  const g = METRICS.genai;
  const a = METRICS.agent;
  const duration = catalogHistogram(meter, g.clientOperationDuration);
  const tokens = catalogHistogram(meter, g.clientTokenUsage);
  const ttfc = catalogHistogram(meter, g.clientTimeToFirstChunk);
  const invokeAgent = catalogHistogram(meter, g.invokeAgentDuration);
  const tool = catalogHistogram(meter, g.executeToolDuration);
  const workflow = catalogHistogram(meter, g.workflowDuration);
  const operations = catalogCounter(meter, a.operations);
  const errors = catalogCounter(meter, a.errors);
  const decision = catalogHistogram(meter, a.decisionConfidence);
  const handoffs = catalogCounter(meter, a.handoffs);
  const handoffDuration = catalogHistogram(meter, a.handoffDuration);
  const active = catalogUpDownCounter(meter, a.active);
  const recordError = (agent: string, errorType: string) =>
    errors.add(1, { 'gen_ai.agent.name': agent, 'error.type': errorType });

  return {
    recordOperation(op) {
      const errorType =
        op.status === 'success'
          ? undefined
          : (op.errorType ?? (op.status === 'error' ? OTHER_VALUE : op.status));
      const model: Attributes = {
        'gen_ai.operation.name': op.operation,
        'gen_ai.provider.name': op.provider,
        'gen_ai.request.model': op.requestModel,
        ...(op.responseModel ? { 'gen_ai.response.model': op.responseModel } : {}),
      };
      duration.record(op.durationSeconds, { ...model, ...withError(errorType) });
      if (op.operation === 'invoke_agent') {
        invokeAgent.record(op.durationSeconds, {
          'gen_ai.agent.name': op.agent,
          'gen_ai.provider.name': op.provider,
          'gen_ai.request.model': op.requestModel,
          ...withError(errorType),
        });
      }
      if (op.timeToFirstChunkSeconds !== undefined) ttfc.record(op.timeToFirstChunkSeconds, model);
      if (op.inputTokens !== undefined)
        tokens.record(op.inputTokens, { ...model, 'gen_ai.token.type': 'input' });
      if (op.outputTokens !== undefined)
        tokens.record(op.outputTokens, { ...model, 'gen_ai.token.type': 'output' });
      operations.add(1, {
        'gen_ai.agent.name': op.agent,
        'gen_ai.operation.name': op.operation,
        'gen_ai.provider.name': op.provider,
        status: op.status,
      });
      if (errorType) recordError(op.agent, errorType);
    },
    operationStarted(agent) {
      active.add(1, { 'gen_ai.agent.name': agent });
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        active.add(-1, { 'gen_ai.agent.name': agent });
      };
    },
    recordDecision(agent, confidence) {
      decision.record(confidence, { 'gen_ai.agent.name': agent });
    },
    recordHandoff(h) {
      handoffs.add(1, { from_agent: h.from, to_agent: h.to, outcome: h.outcome ?? 'success' });
      if (h.durationSeconds !== undefined) {
        handoffDuration.record(h.durationSeconds, { from_agent: h.from, to_agent: h.to });
      }
    },
    recordError,
    recordToolCall(call) {
      tool.record(call.durationSeconds, {
        'gen_ai.tool.name': call.tool,
        ...(call.agent ? { 'gen_ai.agent.name': call.agent } : {}),
        ...withError(call.errorType),
      });
    },
    recordWorkflow(run) {
      workflow.record(run.durationSeconds, {
        'gen_ai.workflow.name': run.workflow,
        ...withError(run.errorType),
      });
    },
  };
}
