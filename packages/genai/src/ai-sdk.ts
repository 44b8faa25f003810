import type { ErrorType, ObskitMetrics } from '@obskit/metrics-core';
import { classifyError, statusOfErrorType } from '@obskit/metrics-core';
import { ANTHROPIC_WIRE } from './anthropic.js';
import type { GenAiAdapterOptions } from './internal/measured-fetch.js';
import { priceOf } from './internal/pricing.js';
import { createRateLimitRecorder, type RateLimitRecorder } from './internal/rate-limits.js';
import { safely, type Reporter } from './internal/safely.js';
import { headerRecordReader, type TokenUsage, type WireFormat } from './internal/wire.js';
import { OPENAI_WIRE } from './openai.js';

// The parts of the AI SDK's language-model spec (v3, `ai` 6) the middleware reads, typed here so that
// the package does not import `ai`.

/** The model a call of {@link AiSdkMiddleware} goes to (the AI SDK's `LanguageModelV3`, in part). */
export interface AiSdkModelRef {
  readonly provider: string;
  readonly modelId: string;
}
/** Token usage of an AI SDK call (spec v3), in part. */
export interface AiSdkUsage {
  readonly inputTokens?: { total?: number; cacheRead?: number; cacheWrite?: number };
  readonly outputTokens?: { total?: number; reasoning?: number };
}
/** Response metadata of an AI SDK call (spec v3), in part. */
export interface AiSdkResponse {
  readonly modelId?: string;
  readonly headers?: Record<string, string | undefined>;
}
/** What `doGenerate` returns (spec v3), in part. */
export interface AiSdkGenerateResult {
  readonly usage?: AiSdkUsage;
  readonly response?: AiSdkResponse;
  readonly finishReason?: unknown;
}
/** What `doStream` returns (spec v3), in part: the stream of parts `P`. */
export interface AiSdkStreamResult<P extends { type: string }> {
  readonly stream: ReadableStream<P>;
  readonly response?: AiSdkResponse;
}

/** A language-model middleware for the AI SDK's `wrapLanguageModel` (spec v3). */
export interface AiSdkMiddleware {
  readonly specificationVersion: 'v3';
  wrapGenerate<R extends AiSdkGenerateResult>(options: {
    doGenerate: () => PromiseLike<R>;
    model: AiSdkModelRef;
  }): Promise<R>;
  wrapStream<P extends { type: string }, R extends AiSdkStreamResult<P>>(options: {
    doStream: () => PromiseLike<R>;
    model: AiSdkModelRef;
  }): Promise<R>;
}

/** Options of {@link createAiSdkMiddleware}: those of every adapter but `fetch`. */
export type AiSdkMiddlewareOptions = Omit<GenAiAdapterOptions, 'fetch'>;

const WIRES: Record<string, WireFormat> = { openai: OPENAI_WIRE, anthropic: ANTHROPIC_WIRE };

function tokensOf(usage: AiSdkUsage | undefined): TokenUsage {
  return {
    inputTokens: usage?.inputTokens?.total,
    outputTokens: usage?.outputTokens?.total,
    cacheReadInputTokens: usage?.inputTokens?.cacheRead,
    cacheCreationInputTokens: usage?.inputTokens?.cacheWrite,
    reasoningOutputTokens: usage?.outputTokens?.reasoning,
  };
}

function finishError(reason: unknown): ErrorType | undefined {
  const unified = typeof reason === 'string' ? reason : (reason as { unified?: unknown } | null)?.unified;
  return unified === 'content-filter' ? 'content_filter' : undefined;
}

/** What every call through one middleware shares; made once by {@link createAiSdkMiddleware}. */
interface Middleware extends Reporter {
  readonly options: AiSdkMiddlewareOptions;
  /** `options.now`, else `performance.now`: the clock (ms) durations are read from. */
  readonly now: () => number;
  readonly agent: string;
  readonly usePackage: boolean;
  /** The headroom recorder of an OpenAI or Anthropic provider, one per provider, made on first use. */
  readonly rateLimits: (provider: string) => RateLimitRecorder | undefined;
}

/** What one call came to: its usage and response, its error type, and a stream's chunk timing. */
interface CallOutcome {
  readonly usage?: AiSdkUsage;
  readonly response?: AiSdkResponse;
  readonly errorType?: ErrorType;
  readonly timeToFirstChunk?: number;
  readonly gaps?: number[];
}

/**
 * Records one call: its operation, duration, tokens, chunk timing and cost, and the rate-limit
 * headroom in the response headers of an OpenAI or Anthropic model.
 */
function record(middleware: Middleware, model: AiSdkModelRef, start: number, outcome: CallOutcome): void {
  const { metrics, options, agent, usePackage, now } = middleware;
  const provider = options.provider ?? model.provider.split('.')[0];
  const usage = tokensOf(outcome.usage);
  const errorType = outcome.errorType;
  metrics.agents.recordOperation({
    agent,
    operation: 'chat',
    provider,
    requestModel: model.modelId,
    responseModel: outcome.response?.modelId,
    status: statusOfErrorType(errorType),
    errorType,
    durationSeconds: Math.max(0, (now() - start) / 1000),
    ...usage,
    timeToFirstChunkSeconds: outcome.timeToFirstChunk,
    timePerOutputChunkSeconds: outcome.gaps && outcome.gaps.length > 0 ? outcome.gaps : undefined,
    price: priceOf(provider, [model.modelId, outcome.response?.modelId], usage, options.prices, usePackage),
  });
  const headers = outcome.response?.headers;
  // Kept by reference and read into the headroom gauges at the next scrape (createRateLimitRecorder).
  if (headers) middleware.rateLimits(provider)?.(model.modelId, headerRecordReader(headers));
}

/** Records a call whose `doGenerate` or `doStream` threw, with the error's type. */
function recordFailure(middleware: Middleware, model: AiSdkModelRef, start: number, error: unknown): void {
  safely(middleware, 'record a call', () =>
    record(middleware, model, start, { errorType: classifyError(error) }),
  );
}

/**
 * The model's stream, read through: each delta is timed, the response model, usage and finish
 * reason are noted, and the call is recorded once, when the stream ends, fails or is cancelled.
 */
function meteredStream<P extends { type: string }>(
  middleware: Middleware,
  model: AiSdkModelRef,
  start: number,
  result: AiSdkStreamResult<P>,
): ReadableStream<P> {
  const clock = middleware.now;
  const reader = result.stream.getReader();
  const gaps: number[] = [];
  let timeToFirstChunk: number | undefined;
  let last = start;
  let usage: AiSdkUsage | undefined;
  let responseModel: string | undefined;
  let errorType: ErrorType | undefined;
  let done = false;
  const end = (failure?: ErrorType) => {
    if (done) return;
    done = true;
    safely(middleware, 'record a call', () =>
      record(middleware, model, start, {
        usage,
        response: { ...result.response, modelId: responseModel ?? result.response?.modelId },
        errorType: failure ?? errorType,
        timeToFirstChunk,
        gaps,
      }),
    );
  };
  return new ReadableStream<P>(
    {
      async pull(controller) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          end(classifyError(error));
          controller.error(error);
          return;
        }
        if (chunk.done) {
          end();
          controller.close();
          return;
        }
        const part = chunk.value;
        const fields = part as unknown as Record<string, unknown>;
        if (part.type.endsWith('-delta')) {
          const at = clock();
          if (timeToFirstChunk === undefined) timeToFirstChunk = (at - start) / 1000;
          else gaps.push((at - last) / 1000);
          last = at;
        } else if (part.type === 'response-metadata' && typeof fields['modelId'] === 'string') {
          responseModel = fields['modelId'];
        } else if (part.type === 'finish') {
          usage = fields['usage'] as AiSdkUsage | undefined;
          errorType = finishError(fields['finishReason']);
        } else if (part.type === 'error') {
          errorType = classifyError(fields['error']);
        }
        controller.enqueue(part);
      },
      cancel(reason) {
        end('cancelled');
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * A middleware for the Vercel AI SDK's `wrapLanguageModel` that measures `generateText` and
 * `streamText` calls of any provider: duration (a stream's ends when the stream ends), tokens by type
 * from the SDK's normalised usage, time to first chunk and per chunk, errors, rate-limit headroom from
 * the response headers of OpenAI and Anthropic models, and cost.
 *
 * @example
 * const model = wrapLanguageModel({ model: openai('gpt-4o'), middleware: createAiSdkMiddleware(metrics) });
 */
export function createAiSdkMiddleware(
  metrics: Pick<ObskitMetrics, 'agents' | 'reportError'>,
  options: AiSdkMiddlewareOptions = {},
): AiSdkMiddleware {
  const now = options.now ?? (() => performance.now());
  const reporter: Reporter = { metrics, who: 'AI SDK middleware' };
  const recorders = new Map<string, RateLimitRecorder>();
  const middleware: Middleware = {
    ...reporter,
    options,
    agent: options.agent ?? 'default',
    now,
    usePackage: options.priceLookup ?? true,
    rateLimits(provider) {
      const wire = WIRES[provider];
      if (!wire) return undefined;
      let recorder = recorders.get(provider);
      if (!recorder) recorders.set(provider, (recorder = createRateLimitRecorder(reporter, wire, provider)));
      return recorder;
    },
  };

  return {
    specificationVersion: 'v3',
    async wrapGenerate<R extends AiSdkGenerateResult>({
      doGenerate,
      model,
    }: {
      doGenerate: () => PromiseLike<R>;
      model: AiSdkModelRef;
    }): Promise<R> {
      const start = now();
      let result: R;
      try {
        result = (await doGenerate()) as R;
      } catch (error) {
        recordFailure(middleware, model, start, error);
        throw error;
      }
      safely(middleware, 'record a call', () =>
        record(middleware, model, start, {
          usage: result.usage,
          response: result.response,
          errorType: finishError(result.finishReason),
        }),
      );
      return result;
    },
    async wrapStream<P extends { type: string }, R extends AiSdkStreamResult<P>>({
      doStream,
      model,
    }: {
      doStream: () => PromiseLike<R>;
      model: AiSdkModelRef;
    }): Promise<R> {
      const start = now();
      let result: R;
      try {
        result = (await doStream()) as R;
      } catch (error) {
        recordFailure(middleware, model, start, error);
        throw error;
      }
      const stream = meteredStream(middleware, model, start, result);
      return { ...result, stream } as R;
    },
  };
}
