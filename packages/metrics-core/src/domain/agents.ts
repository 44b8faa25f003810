import {
  METRICS,
  OTHER_VALUE,
  type AGENT_STATUSES,
  type GEN_AI_OPERATIONS,
  type GEN_AI_RATE_LIMIT_RESOURCES,
  type GEN_AI_TOKEN_TYPES,
} from '@obskit/catalog';
import { classifyError, statusOfErrorType, type ErrorType } from '../classify-error.js';
import { findPrice, type ModelPrice } from '../pricing.js';
import type { BoundCounter, BoundGauge } from '../internal/guarded.js';
import type { BoundHistogram, Exemplar } from '../types.js';
import { settled, type DomainInstruments } from './instruments.js';

/** `gen_ai_operation_name` values (OTel GenAI semconv). */
export type GenAiOperationName = (typeof GEN_AI_OPERATIONS)[number];
/** Outcome of an agent operation. */
export type AgentStatus = (typeof AGENT_STATUSES)[number];
/** `gen_ai_token_type` values: `input`/`output` totals and their cache and reasoning parts. */
export type GenAiTokenType = (typeof GEN_AI_TOKEN_TYPES)[number];
/** What a provider rate limit counts (`gen_ai_rate_limit_resource`). */
export type RateLimitResource = (typeof GEN_AI_RATE_LIMIT_RESOURCES)[number];

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
  /** All input tokens, cached ones included (semconv `gen_ai.usage.input_tokens`). */
  readonly inputTokens?: number;
  /** All output tokens, reasoning included (semconv `gen_ai.usage.output_tokens`). */
  readonly outputTokens?: number;
  /** The part of `inputTokens` read from the prompt cache (`gen_ai_token_type="cache_read"`). */
  readonly cacheReadInputTokens?: number;
  /** The part of `inputTokens` written to the prompt cache (`gen_ai_token_type="cache_creation"`). */
  readonly cacheCreationInputTokens?: number;
  /** The part of `outputTokens` spent on reasoning (`gen_ai_token_type="reasoning"`). */
  readonly reasoningOutputTokens?: number;
  /** Streaming only: time to the first chunk, in seconds. */
  readonly timeToFirstChunkSeconds?: number;
  /** Streaming only: time between consecutive chunks after the first, in seconds, one per chunk. */
  readonly timePerOutputChunkSeconds?: readonly number[];
  /**
   * Price of the model when createMetrics' `prices` table does not list it (the table wins), e.g.
   * from a maintained price package. Without either, tokens are counted as unpriced.
   */
  readonly price?: ModelPrice;
  readonly exemplar?: Exemplar;
}

/** Rate-limit headroom read from a provider's response headers. */
export interface RateLimitReading {
  readonly provider: string;
  readonly requestModel: string;
  readonly resource: RateLimitResource;
  /** Left in the current window (`obskit_gen_ai_rate_limit_remaining`). */
  readonly remaining?: number;
  /** Allowed per window (`obskit_gen_ai_rate_limit_quota`). */
  readonly limit?: number;
}

/** One MCP request or notification, as seen by the client or the server. */
export interface McpOperation {
  readonly side: 'client' | 'server';
  /** `mcp_method_name`, e.g. `tools/call`; methods outside the MCP spec become `_OTHER`. */
  readonly method: string;
  /** `gen_ai_tool_name` of a `tools/call`. */
  readonly tool?: string;
  readonly durationSeconds: number;
  readonly errorType?: ErrorType;
}

/** One MCP session, from connect to close, as seen by the client or the server. */
export interface McpSession {
  readonly side: 'client' | 'server';
  readonly durationSeconds: number;
  readonly errorType?: ErrorType;
}

/** Token usage and response model read from an operation's result by {@link AgentHelpers.timeOperation}. */
export interface AgentUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cacheReadInputTokens?: number;
  readonly cacheCreationInputTokens?: number;
  readonly reasoningOutputTokens?: number;
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
  /** Sets the rate-limit headroom gauges of one provider/model/resource; missing values are left alone. */
  recordRateLimit(reading: RateLimitReading): void;
  /**
   * Calls `callback` each time the rate-limit headroom gauges are collected (a scrape, before their
   * values are read; it may run once per gauge), so an adapter can keep the latest response headers
   * and call {@link AgentHelpers.recordRateLimit} there instead of on every call. A callback that
   * throws is reported and the others still run. Returns a function that removes it, or `undefined`
   * where the gauges are not read at collection (OpenTelemetry's synchronous Gauge): record at once there.
   */
  onRateLimitCollect(callback: () => void): (() => void) | undefined;
  /** Records an MCP request or notification (`mcp_{client,server}_operation_duration_seconds`). */
  recordMcpOperation(op: McpOperation): void;
  /** Records a finished MCP session (`mcp_{client,server}_session_duration_seconds`). */
  recordMcpSession(session: McpSession): void;
  timeWorkflow<T>(
    run: Omit<WorkflowRun, 'durationSeconds' | 'errorType'>,
    fn: () => Promise<T> | T,
  ): Promise<T>;
}

const MAX_TRACKED_AGENTS = 1000;

function statusOf(error: unknown): { status: AgentStatus; errorType: ErrorType } {
  const errorType = classifyError(error);
  return { status: statusOfErrorType(errorType), errorType };
}

/** The catalog's GenAI, agent and MCP instruments on `ins`, created in one place and order. */
function agentInstruments(ins: DomainInstruments) {
  const g = METRICS.genai;
  const a = METRICS.agent;
  const mcp = METRICS.mcp;
  return {
    duration: ins.histogram(g.clientOperationDuration),
    tokens: ins.histogram(g.clientTokenUsage),
    ttfc: ins.histogram(g.clientTimeToFirstChunk),
    tpoc: ins.histogram(g.clientTimePerOutputChunk),
    rateRemaining: ins.gauge(a.rateLimitRemaining),
    rateQuota: ins.gauge(a.rateLimitQuota),
    mcpOperation: {
      client: ins.histogram(mcp.clientOperationDuration),
      server: ins.histogram(mcp.serverOperationDuration),
    },
    mcpSession: {
      client: ins.histogram(mcp.clientSessionDuration),
      server: ins.histogram(mcp.serverSessionDuration),
    },
    invokeAgent: ins.histogram(g.invokeAgentDuration),
    tool: ins.histogram(g.executeToolDuration),
    workflow: ins.histogram(g.workflowDuration),
    operations: ins.counter(a.operations),
    cost: ins.counter(a.cost),
    unpriced: ins.counter(METRICS.self.unpricedTokens),
    decision: ins.histogram(a.decisionConfidence),
    handoffs: ins.counter(a.handoffs),
    handoffDuration: ins.histogram(a.handoffDuration),
    errors: ins.counter(a.errors),
    recovery: ins.histogram(a.recoveryDuration),
    active: ins.gauge(a.active),
  };
}

type AgentInstruments = ReturnType<typeof agentInstruments>;

/**
 * What one label set of `recordOperation` records on, resolved once: bound histograms and the
 * counters' label objects. Per call only the values change, so the labels are not rebuilt and
 * looked up ~10 times over (the label guard's resolution is the same as on each call).
 */
interface OperationSeries {
  readonly duration: BoundHistogram;
  readonly invokeAgent: BoundHistogram | undefined;
  /** The four labels of the token, time-to-first-chunk and time-per-chunk series. */
  readonly base: Readonly<Record<string, string | undefined>>;
  ttfc?: BoundHistogram;
  tpoc?: BoundHistogram;
  readonly tokens: Partial<Record<GenAiTokenType, BoundHistogram>>;
  readonly cost: Partial<Record<GenAiTokenType, BoundCounter>>;
  readonly unpriced: Partial<Record<GenAiTokenType, BoundCounter>>;
  readonly operations: BoundCounter;
}

const MAX_CACHED_OPERATION_SERIES = 1000;
/** Stands for an absent value in a cache key. */
const U = '\u0002';
/** Separates the values of a cache key. */
const S = '\u0001';

/** The per-agent error count and recovery clock: `noteError` starts it, `noteSuccess` observes it. */
function createFailureTracker(ins: DomainInstruments, m: AgentInstruments) {
  const { errors, recovery } = m;
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
  return { noteError, noteSuccess };
}

/** The {@link OperationSeries} of an operation's labels, cached (≤ 1000 label sets) by their values. */
function createOperationSeriesCache(m: AgentInstruments) {
  const { duration, invokeAgent, operations } = m;
  const operationSeries = new Map<string, OperationSeries>();
  const seriesOf = (op: AgentOperation, errorType: ErrorType | undefined): OperationSeries => {
    const { agent, operation, provider, requestModel, responseModel, status } = op;
    const key =
      typeof agent === 'string' &&
      typeof operation === 'string' &&
      typeof provider === 'string' &&
      typeof requestModel === 'string' &&
      (responseModel === undefined || typeof responseModel === 'string') &&
      typeof status === 'string'
        ? `${agent}${S}${operation}${S}${provider}${S}${requestModel}${S}${responseModel ?? U}${S}${status}${S}${errorType ?? U}`
        : undefined;
    if (key !== undefined) {
      const hit = operationSeries.get(key);
      if (hit !== undefined) return hit;
    }
    const base = {
      gen_ai_operation_name: operation,
      gen_ai_provider_name: provider,
      gen_ai_request_model: requestModel,
      gen_ai_response_model: responseModel,
    };
    const made: OperationSeries = {
      duration: duration.labels({ ...base, error_type: errorType }),
      invokeAgent:
        operation === 'invoke_agent'
          ? invokeAgent.labels({
              gen_ai_agent_name: agent,
              gen_ai_provider_name: provider,
              gen_ai_request_model: requestModel,
              error_type: errorType,
            })
          : undefined,
      base,
      tokens: {},
      cost: {},
      unpriced: {},
      operations: operations.labels({
        gen_ai_agent_name: agent,
        gen_ai_operation_name: operation,
        gen_ai_provider_name: provider,
        status,
      }),
    };
    if (key !== undefined) {
      if (operationSeries.size >= MAX_CACHED_OPERATION_SERIES) operationSeries.clear();
      operationSeries.set(key, made);
    }
    return made;
  };
  return seriesOf;
}

/** Observes an operation's token counts and bills its cost (or counts its unpriced tokens). */
function createTokenBilling(ins: DomainInstruments, m: AgentInstruments) {
  const { tokens, cost, unpriced } = m;
  const observeTokens = (series: OperationSeries, type: GenAiTokenType, count: number | undefined) => {
    if (count === undefined) return;
    const bound = (series.tokens[type] ??= tokens.labels({ ...series.base, gen_ai_token_type: type }));
    bound.observe(count);
  };

  // Cost is split so that each token is priced once: input minus its cached parts at the input
  // price, each cached part at its own price, output (reasoning included) at the output price.
  const bill = (
    op: AgentOperation,
    series: OperationSeries,
    type: GenAiTokenType,
    count: number | undefined,
    per1k: number | undefined,
  ) => {
    if (count === undefined || !(count > 0)) return;
    if (per1k !== undefined) {
      const bound = (series.cost[type] ??= cost.labels({
        gen_ai_provider_name: op.provider,
        gen_ai_request_model: op.requestModel,
        gen_ai_agent_name: op.agent,
        gen_ai_token_type: type,
      }));
      bound.inc((count / 1000) * per1k);
    } else {
      const bound = (series.unpriced[type] ??= unpriced.labels({
        gen_ai_provider_name: op.provider,
        gen_ai_request_model: op.requestModel,
        gen_ai_token_type: type,
      }));
      bound.inc(count);
    }
  };

  const tokensUsed = (op: AgentOperation, series: OperationSeries) => {
    observeTokens(series, 'input', op.inputTokens);
    observeTokens(series, 'output', op.outputTokens);
    observeTokens(series, 'cache_read', op.cacheReadInputTokens);
    observeTokens(series, 'cache_creation', op.cacheCreationInputTokens);
    observeTokens(series, 'reasoning', op.reasoningOutputTokens);
    const cacheRead = op.cacheReadInputTokens ?? 0;
    const cacheWrite = op.cacheCreationInputTokens ?? 0;
    const price = findPrice(ins.prices, op.provider, op.requestModel) ?? op.price;
    bill(
      op,
      series,
      'input',
      op.inputTokens === undefined ? undefined : Math.max(0, op.inputTokens - cacheRead - cacheWrite),
      price?.inputPer1k,
    );
    bill(op, series, 'cache_read', op.cacheReadInputTokens, price?.cacheReadPer1k);
    bill(op, series, 'cache_creation', op.cacheCreationInputTokens, price?.cacheWritePer1k);
    bill(op, series, 'output', op.outputTokens, price?.outputPer1k);
  };
  return tokensUsed;
}

/** `recordOperation` and `timeOperation`, over the series cache, token billing and failure tracker. */
function createOperationRecorder(
  ins: DomainInstruments,
  m: AgentInstruments,
  failures: ReturnType<typeof createFailureTracker>,
): Pick<AgentHelpers, 'recordOperation' | 'timeOperation'> {
  const { ttfc, tpoc, active } = m;
  const { noteError, noteSuccess } = failures;
  const seriesOf = createOperationSeriesCache(m);
  const tokensUsed = createTokenBilling(ins, m);
  const recordOperation = (op: AgentOperation): void => {
    const errorType: ErrorType | undefined =
      op.status === 'success'
        ? undefined
        : op.status === 'error'
          ? (op.errorType ?? OTHER_VALUE)
          : (op.errorType ?? op.status);
    const series = seriesOf(op, errorType);
    series.duration.observe(op.durationSeconds, op.exemplar);
    series.invokeAgent?.observe(op.durationSeconds, op.exemplar);
    if (op.timeToFirstChunkSeconds !== undefined) {
      series.ttfc ??= ttfc.labels(series.base);
      series.ttfc.observe(op.timeToFirstChunkSeconds, op.exemplar);
    }
    if (op.timePerOutputChunkSeconds !== undefined && op.timePerOutputChunkSeconds.length > 0) {
      const bound = (series.tpoc ??= tpoc.labels(series.base));
      for (const gap of op.timePerOutputChunkSeconds) bound.observe(gap);
    }
    tokensUsed(op, series);
    series.operations.inc();
    if (errorType === undefined) noteSuccess(op.agent);
    else noteError(op.agent, errorType);
  };

  return {
    recordOperation,
    timeOperation(op, fn, options) {
      active.inc({ gen_ai_agent_name: op.agent });
      return timed(ins, fn, (durationSeconds, error, failed, result) => {
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
          cacheReadInputTokens: usage?.cacheReadInputTokens ?? op.cacheReadInputTokens,
          cacheCreationInputTokens: usage?.cacheCreationInputTokens ?? op.cacheCreationInputTokens,
          reasoningOutputTokens: usage?.reasoningOutputTokens ?? op.reasoningOutputTokens,
          durationSeconds,
          status: 'success',
        });
      });
    },
  };
}

/** The two headroom gauges of one provider/model/resource, bound once (≤ 1000 label sets kept). */
function createRateLimitGauges(m: AgentInstruments) {
  const { rateRemaining, rateQuota } = m;
  const rateLimitSeries = new Map<string, { remaining: BoundGauge; quota: BoundGauge }>();
  const rateLimitGauges = (r: RateLimitReading) => {
    const { provider, requestModel, resource } = r;
    const key =
      typeof provider === 'string' && typeof requestModel === 'string' && typeof resource === 'string'
        ? `${provider}${S}${requestModel}${S}${resource}`
        : undefined;
    const hit = key === undefined ? undefined : rateLimitSeries.get(key);
    if (hit !== undefined) return hit;
    const labels = {
      gen_ai_provider_name: provider,
      gen_ai_request_model: requestModel,
      gen_ai_rate_limit_resource: resource,
    };
    const made = { remaining: rateRemaining.labels(labels), quota: rateQuota.labels(labels) };
    if (key !== undefined) {
      if (rateLimitSeries.size >= MAX_CACHED_OPERATION_SERIES) rateLimitSeries.clear();
      rateLimitSeries.set(key, made);
    }
    return made;
  };
  return rateLimitGauges;
}

/** Runs `fn` and calls `done` with its duration and outcome; a throwing `done` is reported, not rethrown. */
async function timed<T>(
  ins: DomainInstruments,
  fn: () => Promise<T> | T,
  done: (seconds: number, error: unknown, failed: boolean, result?: T) => void,
): Promise<T> {
  const start = ins.clock();
  return settled(fn, (error, failed, result) => {
    try {
      done(Math.max(0, (ins.clock() - start) / 1000), error, failed, result);
    } catch (e) {
      ins.report('metrics-core', 'exception', 'agent helper failed to record', e);
    }
  });
}

/** Tool calls, MCP operations and sessions, and workflows: one histogram each, timed or recorded. */
function createToolHelpers(
  ins: DomainInstruments,
  m: AgentInstruments,
): Pick<
  AgentHelpers,
  | 'recordToolCall'
  | 'timeToolCall'
  | 'recordMcpOperation'
  | 'recordMcpSession'
  | 'recordWorkflow'
  | 'timeWorkflow'
> {
  const { tool, mcpOperation, mcpSession, workflow } = m;
  return {
    recordToolCall(call) {
      tool.observe(
        { gen_ai_tool_name: call.tool, gen_ai_agent_name: call.agent, error_type: call.errorType },
        call.durationSeconds,
        call.exemplar,
      );
    },
    timeToolCall(call, fn) {
      return timed(ins, fn, (durationSeconds, error, failed) =>
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
    recordMcpOperation(op) {
      const histogram = op.side === 'server' ? mcpOperation.server : mcpOperation.client;
      histogram.observe(
        { mcp_method_name: op.method, gen_ai_tool_name: op.tool, error_type: op.errorType },
        op.durationSeconds,
      );
    },
    recordMcpSession(session) {
      const histogram = session.side === 'server' ? mcpSession.server : mcpSession.client;
      histogram.observe({ error_type: session.errorType }, session.durationSeconds);
    },
    recordWorkflow(run) {
      workflow.observe(
        { gen_ai_workflow_name: run.workflow, error_type: run.errorType },
        run.durationSeconds,
        run.exemplar,
      );
    },
    timeWorkflow(run, fn) {
      return timed(ins, fn, (durationSeconds, error, failed) =>
        workflow.observe(
          { gen_ai_workflow_name: run.workflow, error_type: failed ? classifyError(error) : undefined },
          durationSeconds,
          run.exemplar,
        ),
      );
    },
  };
}

/**
 * Builds the agent helpers over the catalog's GenAI and agent metrics on any {@link DomainInstruments}:
 * metrics-core's own (`createMetrics().agents`) or an OpenTelemetry meter's (@obskit/otel-bridge).
 */
export function createAgentHelpers(ins: DomainInstruments): AgentHelpers {
  const a = METRICS.agent;
  const m = agentInstruments(ins);
  const { decision, handoffs, handoffDuration } = m;
  const failures = createFailureTracker(ins, m);
  const rateLimitGauges = createRateLimitGauges(m);
  return {
    ...createOperationRecorder(ins, m, failures),
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
    recordError: failures.noteError,
    recordRateLimit(r) {
      const gauges = rateLimitGauges(r);
      if (r.remaining !== undefined) gauges.remaining.set(r.remaining);
      if (r.limit !== undefined) gauges.quota.set(r.limit);
    },
    onRateLimitCollect(callback) {
      const { rateRemaining, rateQuota } = m;
      if (rateRemaining.onCollect === undefined || rateQuota.onCollect === undefined) return undefined;
      const removeRemaining = rateRemaining.onCollect(callback);
      const removeQuota = rateQuota.onCollect(callback);
      return () => {
        removeRemaining();
        removeQuota();
      };
    },
    ...createToolHelpers(ins, m),
  };
}
