import { classifyError, statusOfErrorType, type ErrorType, type ObskitMetrics } from '@obskit/metrics-core';
import { priceOf, type ModelPrices } from './internal/pricing.js';
import { safely, type Reporter } from './internal/safely.js';
import type { TokenUsage } from './internal/wire.js';
import { num, str } from './internal/wire.js';

/** Options of {@link createLangChainHandler}. */
export interface LangChainHandlerOptions {
  /** `gen_ai_agent_name` on the operations counter, the cost and tool calls. @defaultValue `'default'` */
  readonly agent?: string;
  /** `gen_ai_provider_name`; by default LangChain's `ls_provider` (`openai`, `anthropic`, …). */
  readonly provider?: string;
  /** USD per 1,000 tokens by model; wins over `@pydantic/genai-prices`. */
  readonly prices?: ModelPrices;
  /** Price models from `@pydantic/genai-prices`' bundled data when no override names them. @defaultValue true */
  readonly priceLookup?: boolean;
}

/**
 * A LangChain.js callback handler as a plain object of handler methods (LangChain wraps such an object
 * in its `BaseCallbackHandler`), so nothing is imported from `@langchain/core`. Pass it in
 * `callbacks: [handler]` of a model's constructor or of a call's options.
 */
export interface LangChainHandler {
  /** Recorded before the call returns to the app (LangChain would otherwise run it in the background). */
  readonly awaitHandlers: true;
  handleLLMStart(
    llm: unknown,
    prompts: unknown,
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
  ): void;
  handleChatModelStart(
    llm: unknown,
    messages: unknown,
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
  ): void;
  handleLLMNewToken(
    token: string,
    idx: unknown,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    fields?: { chunk?: unknown },
  ): void;
  handleLLMEnd(output: unknown, runId: string): void;
  handleLLMError(error: unknown, runId: string): void;
  handleToolStart(
    tool: unknown,
    input: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): void;
  handleToolEnd(output: unknown, runId: string): void;
  handleToolError(error: unknown, runId: string): void;
}

interface LlmRun {
  readonly operation: 'chat' | 'text_completion';
  readonly provider: string;
  readonly requestModel: string;
  readonly start: number;
  usage: TokenUsage;
  responseModel?: string;
  lastChunk?: number;
  timeToFirstChunk?: number;
  readonly gaps: number[];
}

/** LangChain's `ls_provider` values that differ from the semconv `gen_ai.provider.name`. */
const PROVIDERS: Readonly<Record<string, string>> = {
  azure: 'azure.ai.openai',
  google_vertexai: 'gcp.vertex_ai',
  google_genai: 'gcp.gemini',
  bedrock: 'aws.bedrock',
  amazon_bedrock: 'aws.bedrock',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
};

/** LangChain's `usage_metadata` (input/output totals, cache and reasoning details) as token usage. */
function usageOf(usage: unknown): TokenUsage | undefined {
  const input = num(usage, 'input_tokens');
  const output = num(usage, 'output_tokens');
  if (input === undefined && output === undefined) return undefined;
  return {
    inputTokens: input,
    outputTokens: output,
    cacheReadInputTokens: num(usage, 'input_token_details', 'cache_read'),
    cacheCreationInputTokens: num(usage, 'input_token_details', 'cache_creation'),
    reasoningOutputTokens: num(usage, 'output_token_details', 'reasoning'),
  };
}

/** The first generation's message of an `LLMResult` (or of a streamed chunk). */
function messageOf(generation: unknown): unknown {
  return (generation as { message?: unknown } | null | undefined)?.message;
}

/** An error LangChain or the provider SDK threw, as a bounded `error_type`. */
function errorTypeOf(error: unknown): ErrorType {
  const type = classifyError(error);
  if (type !== '_OTHER') return type;
  const e = error as { name?: unknown; message?: unknown; constructor?: { name?: unknown } } | null;
  const name = typeof e?.constructor?.name === 'string' ? e.constructor.name : '';
  // @langchain/openai throws `new Error("AbortError")` when the signal fired between chunks, and the
  // provider SDKs' own abort and timeout errors keep their class names.
  if (name === 'APIUserAbortError' || e?.message === 'AbortError') return 'cancelled';
  if (name === 'APIConnectionTimeoutError') return 'timeout';
  return type;
}

/** What the callbacks of one handler share: its settings and the LLM and tool runs in flight. */
interface Handler extends Reporter {
  readonly options: LangChainHandlerOptions;
  readonly agent: string;
  readonly usePackage: boolean;
  readonly runs: Map<string, LlmRun>;
  readonly tools: Map<string, { tool: string; start: number }>;
}

/** Starts an LLM run: its provider and request model from the invocation params and LangSmith metadata. */
function startRun(
  handler: Handler,
  operation: LlmRun['operation'],
  runId: string,
  extraParams: Record<string, unknown> | undefined,
  metadata: Record<string, unknown> | undefined,
): void {
  safely(handler, 'start a run', () => {
    const params = extraParams?.['invocation_params'];
    const lsProvider = str(metadata, 'ls_provider');
    handler.runs.set(runId, {
      operation,
      provider: handler.options.provider ?? (lsProvider ? (PROVIDERS[lsProvider] ?? lsProvider) : '_OTHER'),
      requestModel:
        str(params, 'model') ?? str(params, 'model_name') ?? str(metadata, 'ls_model_name') ?? '_OTHER',
      start: performance.now(),
      usage: {},
      gaps: [],
    });
  });
}

/** Records an LLM run once and forgets it: its operation, duration, tokens, chunk timing and cost. */
function finishRun(handler: Handler, runId: string, errorType: ErrorType | undefined): void {
  const { metrics, options, agent, usePackage, runs } = handler;
  const run = runs.get(runId);
  if (!run) return;
  runs.delete(runId);
  const { usage } = run;
  metrics.agents.recordOperation({
    agent,
    operation: run.operation,
    provider: run.provider,
    requestModel: run.requestModel,
    responseModel: run.responseModel,
    status: statusOfErrorType(errorType),
    errorType,
    durationSeconds: Math.max(0, (performance.now() - run.start) / 1000),
    ...usage,
    timeToFirstChunkSeconds: run.timeToFirstChunk,
    timePerOutputChunkSeconds: run.gaps.length > 0 ? run.gaps : undefined,
    price: priceOf(run.provider, [run.requestModel, run.responseModel], usage, options.prices, usePackage),
  });
}

/** Times a streamed chunk of a run and notes the usage and response model the chunk's message carries. */
function noteToken(handler: Handler, runId: string, fields: { chunk?: unknown } | undefined): void {
  const run = handler.runs.get(runId);
  if (!run) return;
  const now = performance.now();
  if (run.lastChunk === undefined) run.timeToFirstChunk = (now - run.start) / 1000;
  else run.gaps.push((now - run.lastChunk) / 1000);
  run.lastChunk = now;
  const message = messageOf(fields?.chunk);
  if (message === undefined) return;
  safely(handler, 'read a chunk', () => {
    const usage = usageOf((message as { usage_metadata?: unknown }).usage_metadata);
    if (usage) run.usage = usage;
    const model = str(message, 'response_metadata', 'model_name');
    if (model) run.responseModel = model;
  });
}

/**
 * Records a run LangChain ended, with the usage and response model of its `LLMResult`: the first
 * generation's `usage_metadata`, else a plain LLM's `llmOutput.tokenUsage`.
 */
function endRun(handler: Handler, output: unknown, runId: string): void {
  safely(handler, 'record a call', () => {
    const run = handler.runs.get(runId);
    if (!run) return;
    const generations = (output as { generations?: unknown[][] } | null)?.generations;
    const message = messageOf(generations?.[0]?.[0]);
    const usage = usageOf((message as { usage_metadata?: unknown } | undefined)?.usage_metadata);
    if (usage) {
      run.usage = usage;
    } else {
      // Plain LLMs report `llmOutput.tokenUsage` only.
      const tokenUsage = (output as { llmOutput?: { tokenUsage?: unknown } } | null)?.llmOutput?.tokenUsage;
      const input = num(tokenUsage, 'promptTokens');
      const outputTokens = num(tokenUsage, 'completionTokens');
      if (input !== undefined || outputTokens !== undefined) run.usage = { inputTokens: input, outputTokens };
    }
    run.responseModel =
      str(message, 'response_metadata', 'model_name') ??
      str(message, 'response_metadata', 'model') ??
      run.responseModel;
    finishRun(handler, runId, undefined);
  });
}

/** A tool's name: the run's name, else the tool's `name`, else the last part of its serialised `id`. */
function toolNameOf(tool: unknown, runName: string | undefined): string {
  const id = (tool as { id?: unknown } | null)?.id;
  return (
    runName ??
    str(tool, 'name') ??
    (Array.isArray(id) && typeof id.at(-1) === 'string' ? (id.at(-1) as string) : '_OTHER')
  );
}

/**
 * A LangChain.js callback handler that measures every chat model / LLM call and tool run it sees:
 * operation duration, tokens by type (from `usage_metadata`, with `input_token_details.cache_read` /
 * `cache_creation` and `output_token_details.reasoning` counted apart), time to first chunk and per
 * chunk when streaming (`handleLLMNewToken`), request and response model, errors as `error_type`
 * (an aborted call is `cancelled`, with the tokens its chunks carried), cost through the same pricing
 * as the fetch adapters, and tools as `gen_ai_execute_tool_duration_seconds`. Rate-limit headroom is
 * not visible to callbacks; use `createOpenAIFetch` / `createAnthropicFetch` for it.
 *
 * @example
 * const model = new ChatOpenAI({ model: 'gpt-4o', callbacks: [createLangChainHandler(metrics)] });
 */
export function createLangChainHandler(
  metrics: Pick<ObskitMetrics, 'agents' | 'reportError'>,
  options: LangChainHandlerOptions = {},
): LangChainHandler {
  const handler: Handler = {
    metrics,
    who: 'LangChain handler',
    options,
    agent: options.agent ?? 'default',
    usePackage: options.priceLookup ?? true,
    runs: new Map<string, LlmRun>(),
    tools: new Map<string, { tool: string; start: number }>(),
  };
  const { agent, tools } = handler;

  return {
    awaitHandlers: true,
    handleLLMStart(_llm, _prompts, runId, _parent, extraParams, _tags, metadata) {
      startRun(handler, 'text_completion', runId, extraParams, metadata);
    },
    handleChatModelStart(_llm, _messages, runId, _parent, extraParams, _tags, metadata) {
      startRun(handler, 'chat', runId, extraParams, metadata);
    },
    handleLLMNewToken(_token, _idx, runId, _parent, _tags, fields) {
      noteToken(handler, runId, fields);
    },
    handleLLMEnd(output, runId) {
      endRun(handler, output, runId);
    },
    handleLLMError(error, runId) {
      safely(handler, 'record a failed call', () => finishRun(handler, runId, errorTypeOf(error)));
    },
    handleToolStart(tool, _input, runId, _parent, _tags, _metadata, runName) {
      tools.set(runId, { tool: toolNameOf(tool, runName), start: performance.now() });
    },
    handleToolEnd(_output, runId) {
      safely(handler, 'record a tool run', () => {
        const run = tools.get(runId);
        if (!run) return;
        tools.delete(runId);
        metrics.agents.recordToolCall({
          tool: run.tool,
          agent,
          durationSeconds: (performance.now() - run.start) / 1000,
        });
      });
    },
    handleToolError(error, runId) {
      safely(handler, 'record a failed tool run', () => {
        const run = tools.get(runId);
        if (!run) return;
        tools.delete(runId);
        metrics.agents.recordToolCall({
          tool: run.tool,
          agent,
          durationSeconds: (performance.now() - run.start) / 1000,
          errorType: errorTypeOf(error),
        });
      });
    },
  };
}
