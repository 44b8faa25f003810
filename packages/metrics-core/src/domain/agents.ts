import { METRICS, OTHER_VALUE, type AGENT_STATUSES, type GEN_AI_OPERATIONS } from '@obskit/catalog';
import { classifyError, type ErrorType } from '../classify-error.js';
import { findPrice } from '../pricing.js';
import type { Exemplar } from '../types.js';
import { settled, type Instruments } from './instruments.js';

/** `gen_ai_operation_name` values (OTel GenAI semconv). */
export type GenAiOperationName = (typeof GEN_AI_OPERATIONS)[number];
/** Outcome of an agent operation. */
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** One finished agent (LLM) operation: everything {@link AgentHelpers.recordOperation} records. */
export interface AgentOperation {
  /** Agent name (`gen_ai_agent_name`). */
  readonly agent: string;
  readonly operation: GenAiOperationName;
  /** `gen_ai_provider_name`, e.g. `openai`. */
  readonly provider: string;
  readonly requestModel: string;
  readonly responseModel?: string;
  readonly status: AgentStatus;
  /** Class of error when `status` is `error`; derived from the status for timeouts and cancels. */
  readonly errorType?: ErrorType;
  readonly durationSeconds: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** Streaming only: time to the first chunk, in seconds. */
  readonly timeToFirstChunkSeconds?: number;
  readonly exemplar?: Exemplar;
}

/** Token usage and response model read from an operation's result by {@link AgentHelpers.timeOperation}. */
export interface AgentUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly responseModel?: string;
}

/** A tool call made by an agent. */
export interface ToolCall {
  readonly tool: string;
  readonly agent?: string;
  readonly durationSeconds: number;
  readonly errorType?: ErrorType;
  readonly exemplar?: Exemplar;
}

/** A multi-agent workflow run. */
export interface WorkflowRun {
  readonly workflow: string;
  readonly durationSeconds: number;
  readonly errorType?: ErrorType;
  readonly exemplar?: Exemplar;
}

/** A hand-off of work from one agent to another. */
export interface Handoff {
  readonly from: string;
  readonly to: string;
  /** @defaultValue `'success'` */
  readonly outcome?: 'success' | 'failure';
  /** Hand-over to pick-up latency, in seconds. */
  readonly durationSeconds?: number;
}

/** AI-agent helpers: GenAI semconv metrics plus obskit's agent metrics, in one call each. */
export interface AgentHelpers {
  /**
   * Records a finished operation: duration, token usage, time to first chunk, the operations counter,
   * cost from the price table (or unpriced tokens), errors and recovery time.
   */
  recordOperation(op: AgentOperation): void;
  /**
   * Times `fn` as an agent operation (`obskit_agents_active` while it runs); a throw is recorded with
   * its status and `error_type` and rethrown. `usage` reads tokens from the result.
   */
  timeOperation<T>(
    op: Omit<AgentOperation, 'durationSeconds' | 'status'>,
    fn: () => Promise<T> | T,
    options?: { usage?: (result: T) => AgentUsage | undefined },
  ): Promise<T>;
  /** Records a decision confidence score from 0 to 1; other values are dropped and reported. */
  recordDecision(agent: string, confidence: number): void;
  recordHandoff(handoff: Handoff): void;
  /** Records an agent error outside an operation; starts the recovery clock. */
  recordError(agent: string, errorType: ErrorType): void;
  recordToolCall(call: ToolCall): void;
  timeToolCall<T>(
    call: Omit<ToolCall, 'durationSeconds' | 'errorType'>,
    fn: () => Promise<T> | T,
  ): Promise<T>;
  recordWorkflow(run: WorkflowRun): void;
  timeWorkflow<T>(
    run: Omit<WorkflowRun, 'durationSeconds' | 'errorType'>,
    fn: () => Promise<T> | T,
  ): Promise<T>;
}

const MAX_TRACKED_AGENTS = 1000;

function statusOf(error: unknown): { status: AgentStatus; errorType: ErrorType } {
  const errorType = classifyError(error);
  if (errorType === 'timeout') return { status: 'timeout', errorType };
  if (errorType === 'cancelled') return { status: 'cancelled', errorType };
  return { status: 'error', errorType };
}

/** Builds the agent helpers over the catalog's GenAI and agent metrics. */
export function createAgentHelpers(ins: Instruments): AgentHelpers {
  const g = METRICS.genai;
  const a = METRICS.agent;
  const duration = ins.histogram(g.clientOperationDuration);
  const tokens = ins.histogram(g.clientTokenUsage);
  const ttfc = ins.histogram(g.clientTimeToFirstChunk);
  const invokeAgent = ins.histogram(g.invokeAgentDuration);
  const tool = ins.histogram(g.executeToolDuration);
  const workflow = ins.histogram(g.workflowDuration);
  const operations = ins.counter(a.operations);
  const cost = ins.counter(a.cost);
  const unpriced = ins.counter(METRICS.self.unpricedTokens);
  const decision = ins.histogram(a.decisionConfidence);
  const handoffs = ins.counter(a.handoffs);
  const handoffDuration = ins.histogram(a.handoffDuration);
  const errors = ins.counter(a.errors);
  const recovery = ins.histogram(a.recoveryDuration);
  const active = ins.gauge(a.active);
  /** agent -> time of its first error since its last success (ms) */
  const failingSince = new Map<string, number>();

  const noteError = (agent: string, errorType: ErrorType) => {
    errors.inc({ gen_ai_agent_name: agent, error_type: errorType });
    if (!failingSince.has(agent) && failingSince.size < MAX_TRACKED_AGENTS)
      failingSince.set(agent, ins.clock());
  };
  const noteSuccess = (agent: string) => {
    const since = failingSince.get(agent);
    if (since === undefined) return;
    failingSince.delete(agent);
    recovery.observe({ gen_ai_agent_name: agent }, Math.max(0, (ins.clock() - since) / 1000));
  };

  const tokensUsed = (op: AgentOperation, type: 'input' | 'output', count: number | undefined) => {
    if (count === undefined) return;
    const base = {
      gen_ai_operation_name: op.operation,
      gen_ai_provider_name: op.provider,
      gen_ai_request_model: op.requestModel,
      gen_ai_response_model: op.responseModel,
    };
    tokens.observe({ ...base, gen_ai_token_type: type }, count);
    if (!(count > 0)) return;
    const price = findPrice(ins.prices, op.provider, op.requestModel);
    if (price) {
      const usd = (count / 1000) * (type === 'input' ? price.inputPer1k : price.outputPer1k);
      cost.inc(
        {
          gen_ai_provider_name: op.provider,
          gen_ai_request_model: op.requestModel,
          gen_ai_agent_name: op.agent,
          gen_ai_token_type: type,
        },
        usd,
      );
    } else {
      unpriced.inc(
        { gen_ai_provider_name: op.provider, gen_ai_request_model: op.requestModel, gen_ai_token_type: type },
        count,
      );
    }
  };

  const recordOperation = (op: AgentOperation): void => {
    const errorType: ErrorType | undefined =
      op.status === 'success'
        ? undefined
        : op.status === 'error'
          ? (op.errorType ?? OTHER_VALUE)
          : (op.errorType ?? op.status);
    duration.observe(
      {
        gen_ai_operation_name: op.operation,
        gen_ai_provider_name: op.provider,
        gen_ai_request_model: op.requestModel,
        gen_ai_response_model: op.responseModel,
        error_type: errorType,
      },
      op.durationSeconds,
      op.exemplar,
    );
    if (op.operation === 'invoke_agent') {
      invokeAgent.observe(
        {
          gen_ai_agent_name: op.agent,
          gen_ai_provider_name: op.provider,
          gen_ai_request_model: op.requestModel,
          error_type: errorType,
        },
        op.durationSeconds,
        op.exemplar,
      );
    }
    if (op.timeToFirstChunkSeconds !== undefined) {
      ttfc.observe(
        {
          gen_ai_operation_name: op.operation,
          gen_ai_provider_name: op.provider,
          gen_ai_request_model: op.requestModel,
          gen_ai_response_model: op.responseModel,
        },
        op.timeToFirstChunkSeconds,
        op.exemplar,
      );
    }
    tokensUsed(op, 'input', op.inputTokens);
    tokensUsed(op, 'output', op.outputTokens);
    operations.inc({
      gen_ai_agent_name: op.agent,
      gen_ai_operation_name: op.operation,
      gen_ai_provider_name: op.provider,
      status: op.status,
    });
    if (errorType === undefined) noteSuccess(op.agent);
    else noteError(op.agent, errorType);
  };

  const timed = async <T>(
    fn: () => Promise<T> | T,
    done: (seconds: number, error: unknown, failed: boolean, result?: T) => void,
  ): Promise<T> => {
    const start = ins.clock();
    return settled(fn, (error, failed, result) => {
      try {
        done(Math.max(0, (ins.clock() - start) / 1000), error, failed, result);
      } catch (e) {
        ins.report('metrics-core', 'exception', 'agent helper failed to record', e);
      }
    });
  };

  return {
    recordOperation,
    timeOperation(op, fn, options) {
      active.inc({ gen_ai_agent_name: op.agent });
      return timed(fn, (durationSeconds, error, failed, result) => {
        active.dec({ gen_ai_agent_name: op.agent });
        if (failed) {
          recordOperation({ ...op, durationSeconds, ...statusOf(error) });
          return;
        }
        const usage = options?.usage && result !== undefined ? options.usage(result) : undefined;
        recordOperation({
          ...op,
          responseModel: usage?.responseModel ?? op.responseModel,
          inputTokens: usage?.inputTokens ?? op.inputTokens,
          outputTokens: usage?.outputTokens ?? op.outputTokens,
          durationSeconds,
          status: 'success',
        });
      });
    },
    recordDecision(agent, confidence) {
      if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) {
        ins.report(
          'metrics-core',
          'invalid_value',
          `${a.decisionConfidence.name}: confidence must be from 0 to 1`,
        );
        return;
      }
      decision.observe({ gen_ai_agent_name: agent }, confidence);
    },
    recordHandoff(h) {
      handoffs.inc({ from_agent: h.from, to_agent: h.to, outcome: h.outcome ?? 'success' });
      if (h.durationSeconds !== undefined) {
        handoffDuration.observe({ from_agent: h.from, to_agent: h.to }, h.durationSeconds);
      }
    },
    recordError: noteError,
    recordToolCall(call) {
      tool.observe(
        { gen_ai_tool_name: call.tool, gen_ai_agent_name: call.agent, error_type: call.errorType },
        call.durationSeconds,
        call.exemplar,
      );
    },
    timeToolCall(call, fn) {
      return timed(fn, (durationSeconds, error, failed) =>
        tool.observe(
          {
            gen_ai_tool_name: call.tool,
            gen_ai_agent_name: call.agent,
            error_type: failed ? classifyError(error) : undefined,
          },
          durationSeconds,
          call.exemplar,
        ),
      );
    },
    recordWorkflow(run) {
      workflow.observe(
        { gen_ai_workflow_name: run.workflow, error_type: run.errorType },
        run.durationSeconds,
        run.exemplar,
      );
    },
    timeWorkflow(run, fn) {
      return timed(fn, (durationSeconds, error, failed) =>
        workflow.observe(
          { gen_ai_workflow_name: run.workflow, error_type: failed ? classifyError(error) : undefined },
          durationSeconds,
          run.exemplar,
        ),
      );
    },
  };
}
