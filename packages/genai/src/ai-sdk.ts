import type { ErrorType, ObskitMetrics } from '@obskit/metrics-core';
import { classifyError } from '@obskit/metrics-core';
import { ANTHROPIC_WIRE } from './anthropic.js';
import type { GenAiAdapterOptions } from './internal/measured-fetch.js';
import { priceOf } from './internal/pricing.js';
import { statusOf, type TokenUsage, type WireFormat } from './internal/wire.js';
import { OPENAI_WIRE } from './openai.js';

/** The parts of the AI SDK's language-model spec (v3, `ai` 6) the middleware reads; no import of `ai`. */
interface ModelRef {
  readonly provider: string;
  readonly modelId: string;
}
interface V3Usage {
  readonly inputTokens?: { total?: number; cacheRead?: number; cacheWrite?: number };
  readonly outputTokens?: { total?: number; reasoning?: number };
}
interface V3Response {
  readonly modelId?: string;
  readonly headers?: Record<string, string | undefined>;
}
interface GenerateResult {
  readonly usage?: V3Usage;
  readonly response?: V3Response;
  readonly finishReason?: unknown;
}
interface StreamResult<P extends { type: string }> {
  readonly stream: ReadableStream<P>;
  readonly response?: V3Response;
}

/** A language-model middleware for the AI SDK's `wrapLanguageModel` (spec v3). */
export interface AiSdkMiddleware {
  readonly specificationVersion: 'v3';
  wrapGenerate<R extends GenerateResult>(options: {
    doGenerate: () => PromiseLike<R>;
    model: ModelRef;
  }): Promise<R>;
  wrapStream<P extends { type: string }, R extends StreamResult<P>>(options: {
    doStream: () => PromiseLike<R>;
    model: ModelRef;
  }): Promise<R>;
}

/** Options of {@link createAiSdkMiddleware}: those of every adapter but `fetch`. */
export type AiSdkMiddlewareOptions = Omit<GenAiAdapterOptions, 'fetch'>;

const WIRES: Record<string, WireFormat> = { openai: OPENAI_WIRE, anthropic: ANTHROPIC_WIRE };

function tokensOf(usage: V3Usage | undefined): TokenUsage {
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
  const agent = options.agent ?? 'default';
  const usePackage = options.priceLookup ?? true;
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      metrics.reportError('genai', 'exception', 'AI SDK middleware failed to record a call', error);
    }
  };
  const providerOf = (model: ModelRef) => options.provider ?? model.provider.split('.')[0];

  const record = (
    model: ModelRef,
    start: number,
    outcome: {
      usage?: V3Usage;
      response?: V3Response;
      errorType?: ErrorType;
      timeToFirstChunk?: number;
      gaps?: number[];
    },
  ) => {
    const provider = providerOf(model);
    const usage = tokensOf(outcome.usage);
    const errorType = outcome.errorType;
    metrics.agents.recordOperation({
      agent,
      operation: 'chat',
      provider,
      requestModel: model.modelId,
      responseModel: outcome.response?.modelId,
      status: statusOf(errorType),
      errorType,
      durationSeconds: Math.max(0, (performance.now() - start) / 1000),
      ...usage,
      timeToFirstChunkSeconds: outcome.timeToFirstChunk,
      timePerOutputChunkSeconds: outcome.gaps && outcome.gaps.length > 0 ? outcome.gaps : undefined,
      price: priceOf(provider, [model.modelId, outcome.response?.modelId], usage, options.prices, usePackage),
    });
    const wire = WIRES[provider];
    const headers = outcome.response?.headers;
    if (wire && headers) {
      const h = new Headers();
      for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') h.set(k, v);
      for (const reading of wire.rateLimits(h)) {
        metrics.agents.recordRateLimit({ provider, requestModel: model.modelId, ...reading });
      }
    }
  };

  return {
    specificationVersion: 'v3',
    async wrapGenerate<R extends GenerateResult>({
      doGenerate,
      model,
    }: {
      doGenerate: () => PromiseLike<R>;
      model: ModelRef;
    }): Promise<R> {
      const start = performance.now();
      let result: R;
      try {
        result = (await doGenerate()) as R;
      } catch (error) {
        safely(() => record(model, start, { errorType: classifyError(error) }));
        throw error;
      }
      safely(() =>
        record(model, start, {
          usage: result.usage,
          response: result.response,
          errorType: finishError(result.finishReason),
        }),
      );
      return result;
    },
    async wrapStream<P extends { type: string }, R extends StreamResult<P>>({
      doStream,
      model,
    }: {
      doStream: () => PromiseLike<R>;
      model: ModelRef;
    }): Promise<R> {
      const start = performance.now();
      let result: R;
      try {
        result = (await doStream()) as R;
      } catch (error) {
        safely(() => record(model, start, { errorType: classifyError(error) }));
        throw error;
      }
      const reader = result.stream.getReader();
      const gaps: number[] = [];
      let timeToFirstChunk: number | undefined;
      let last = start;
      let usage: V3Usage | undefined;
      let responseModel: string | undefined;
      let errorType: ErrorType | undefined;
      let done = false;
      const end = (failure?: ErrorType) => {
        if (done) return;
        done = true;
        safely(() =>
          record(model, start, {
            usage,
            response: { ...result.response, modelId: responseModel ?? result.response?.modelId },
            errorType: failure ?? errorType,
            timeToFirstChunk,
            gaps,
          }),
        );
      };
      const stream = new ReadableStream<P>(
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
              const now = performance.now();
              if (timeToFirstChunk === undefined) timeToFirstChunk = (now - start) / 1000;
              else gaps.push((now - last) / 1000);
              last = now;
            } else if (part.type === 'response-metadata' && typeof fields['modelId'] === 'string') {
              responseModel = fields['modelId'];
            } else if (part.type === 'finish') {
              usage = fields['usage'] as V3Usage | undefined;
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
      return { ...result, stream } as R;
    },
  };
}
