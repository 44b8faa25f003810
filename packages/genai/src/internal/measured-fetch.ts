import { classifyError, statusOfErrorType, type ErrorType } from '@obskit/metrics-core';
import { createParser } from 'eventsource-parser';
import { priceOf, type ModelPrices } from './pricing.js';
import { createRateLimitRecorder, type RateLimitRecorder } from './rate-limits.js';
import { reportFailure, safely, type GenAiMetrics, type Reporter } from './safely.js';
import { topLevelModel, type CallState, type WireFormat, type WireRequest } from './wire.js';

/** Options every SDK adapter of this package takes. */
export interface GenAiAdapterOptions {
  /** `gen_ai_agent_name` on the operations counter and the cost. @defaultValue `'default'` */
  readonly agent?: string;
  /** `gen_ai_provider_name`, e.g. `azure.ai.openai` for Azure. @defaultValue the SDK's provider */
  readonly provider?: string;
  /**
   * USD per 1,000 tokens by model, e.g. `{ 'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01,
   * cacheReadPer1k: 0.00125 } }`. Wins over `@pydantic/genai-prices`; createMetrics' `prices` win over both.
   */
  readonly prices?: ModelPrices;
  /** Price models from `@pydantic/genai-prices`' bundled data when no override names them. @defaultValue true */
  readonly priceLookup?: boolean;
  /** The fetch the SDK would otherwise use. @defaultValue `globalThis.fetch` */
  readonly fetch?: typeof fetch;
  /**
   * Milliseconds of a monotonic clock the durations are read from, e.g. a simulation's scaled
   * clock. @defaultValue `performance.now`
   */
  readonly now?: () => number;
}

interface Call {
  readonly request: WireRequest;
  readonly start: number;
  /** The request's headers: the SDK's timeout (`X-Stainless-Timeout`) is read from them on an abort. */
  readonly headers: RequestInit['headers'];
  readonly state: CallState;
  timeToFirstChunk?: number;
  readonly gaps: number[];
  done: boolean;
}

/** The path of the request URL (what the wire formats match on), without parsing the whole URL. */
function pathOf(input: Parameters<typeof fetch>[0]): string {
  if (input instanceof URL) return input.pathname;
  const url = typeof input === 'string' ? input : input.url;
  const query = url.indexOf('?');
  const hash = url.indexOf('#');
  const end = query === -1 ? hash : hash === -1 ? query : Math.min(query, hash);
  return end === -1 ? url : url.slice(0, end);
}

/** The SDK's `X-Stainless-Timeout` in ms; the SDKs pass a `Headers`, which is read as it is. */
function timeoutMsOf(headers: RequestInit['headers']): number | undefined {
  if (headers === undefined) return undefined;
  const raw = (headers instanceof Headers ? headers : new Headers(headers)).get('x-stainless-timeout');
  const seconds = Number(raw ?? Number.NaN);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * The body's top-level `model` when it is a string: read by a scan that stops at that key (a long
 * prompt is not parsed); bodies the scan does not read are parsed whole, as JSON.parse sees them.
 */
function modelOf(body: string): string | undefined {
  const scanned = topLevelModel(body);
  if (scanned !== null) return scanned;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const model =
    typeof parsed === 'object' && parsed !== null ? (parsed as { model?: unknown }).model : undefined;
  return typeof model === 'string' ? model : undefined;
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** What every call through one measured fetch shares; made once by {@link createMeasuredFetch}. */
interface Adapter extends Reporter {
  readonly wire: WireFormat;
  readonly prices: ModelPrices | undefined;
  readonly agent: string;
  readonly provider: string;
  readonly usePackage: boolean;
  readonly now: () => number;
  /** Records a response's rate-limit headroom ({@link createRateLimitRecorder}). */
  readonly rateLimits: RateLimitRecorder;
}

/** The call a request starts: a POST with a string body to a path the wire format measures. */
function begin(
  adapter: Adapter,
  input: Parameters<typeof fetch>[0],
  init: RequestInit | undefined,
): Call | undefined {
  const { wire, now } = adapter;
  if ((init?.method ?? 'GET').toUpperCase() !== 'POST' || typeof init?.body !== 'string') return undefined;
  const request = wire.request(pathOf(input), modelOf(init.body));
  if (!request) return undefined;
  return {
    request,
    start: now(),
    headers: init.headers,
    state: { usage: {} },
    gaps: [],
    done: false,
  };
}

/** Records the call once: its operation, duration, tokens, chunk timing and cost. */
function finish(adapter: Adapter, call: Call, failure: ErrorType | undefined): void {
  if (call.done) return;
  call.done = true;
  const { metrics, agent, provider, prices, usePackage, now } = adapter;
  const { request, state } = call;
  const errorType = failure ?? state.errorType;
  const usage = state.usage;
  metrics.agents.recordOperation({
    agent,
    operation: request.operation,
    provider,
    requestModel: request.requestModel,
    responseModel: state.responseModel,
    status: statusOfErrorType(errorType),
    errorType,
    durationSeconds: Math.max(0, (now() - call.start) / 1000),
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheReadInputTokens: usage.cacheReadInputTokens,
    cacheCreationInputTokens: usage.cacheCreationInputTokens,
    reasoningOutputTokens: usage.reasoningOutputTokens,
    timeToFirstChunkSeconds: call.timeToFirstChunk,
    timePerOutputChunkSeconds: call.gaps.length > 0 ? call.gaps : undefined,
    price: priceOf(provider, [request.requestModel, state.responseModel], usage, prices, usePackage),
  });
}

/**
 * The `error_type` of a failed call: an abort is a `timeout` once the SDK's own timeout has passed,
 * else `cancelled`; a fetch error the classifier does not know is classified by its `cause`.
 */
function failureOf(adapter: Adapter, call: Call, error: unknown): ErrorType {
  const { now } = adapter;
  if (isAbort(error)) {
    const elapsed = now() - call.start;
    const timeoutMs = timeoutMsOf(call.headers);
    return timeoutMs !== undefined && elapsed >= timeoutMs ? 'timeout' : 'cancelled';
  }
  const type = classifyError(error);
  const cause = (error as { cause?: unknown } | null)?.cause;
  return type === '_OTHER' && cause !== undefined ? classifyError(cause) : type;
}

/**
 * The SDK's stream, read through: each chunk feeds the SSE parser on its way to the SDK, and the
 * call is recorded before the SDK sees the end, an error or its own cancel.
 */
function readThrough(
  adapter: Adapter,
  call: Call,
  body: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const { wire, now } = adapter;
  let last = call.start;
  // When the network read that carried an event arrived: the events of one read arrived together.
  let at = call.start;
  const parser = createParser({
    onEvent: (event) => {
      if (event.data === '[DONE]') return;
      if (call.timeToFirstChunk === undefined) call.timeToFirstChunk = (at - call.start) / 1000;
      else call.gaps.push((at - last) / 1000);
      last = at;
      if (wire.wants && !wire.wants(event.event, event.data, call.state)) return;
      safely(adapter, 'read a stream event', () =>
        wire.readEvent(event.event, JSON.parse(event.data), call.state),
      );
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          safely(adapter, 'record a stream', () => finish(adapter, call, failureOf(adapter, call, error)));
          controller.error(error);
          return;
        }
        if (chunk.done) {
          safely(adapter, 'record a stream', () => finish(adapter, call, undefined));
          controller.close();
          return;
        }
        at = now();
        safely(adapter, 'read a stream chunk', () =>
          parser.feed(decoder.decode(chunk.value, { stream: true })),
        );
        controller.enqueue(chunk.value);
      },
      cancel(reason) {
        safely(adapter, 'record a stream', () => finish(adapter, call, 'cancelled'));
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Records a JSON call from the value the SDK reads: `json()`, `text()` and `arrayBuffer()` of this
 * one Response are measured where they stand, so the body crosses the process once, is parsed once
 * (by the SDK's own `json()`) and is never copied. A body nobody reads leaves the call unrecorded.
 */
function measureJson(adapter: Adapter, call: Call, response: Response): Response {
  const { wire } = adapter;
  const settle = <T>(read: Promise<T>, toJson: (value: T) => unknown): Promise<T> =>
    read.then(
      (value) => {
        safely(adapter, 'read a response', () => wire.readJson(toJson(value), call.state));
        safely(adapter, 'record a call', () => finish(adapter, call, undefined));
        return value;
      },
      (error: unknown) => {
        // A body that arrived but is not JSON is the provider's answer, not a failed call.
        if (error instanceof SyntaxError) {
          reportFailure(adapter, 'read a response', error);
          safely(adapter, 'record a call', () => finish(adapter, call, undefined));
        } else {
          safely(adapter, 'record a call', () => finish(adapter, call, failureOf(adapter, call, error)));
        }
        throw error;
      },
    );
  const { json, text, arrayBuffer } = response;
  const measured: Pick<Response, 'json' | 'text' | 'arrayBuffer'> = {
    json: () => settle(json.call(response) as Promise<unknown>, (value) => value),
    text: () => settle(text.call(response), (value) => JSON.parse(value)),
    arrayBuffer: () =>
      settle(arrayBuffer.call(response), (value) => JSON.parse(new TextDecoder().decode(value))),
  };
  return Object.assign(response, measured);
}

/**
 * Measures the provider's response: its rate-limit headroom, then an error status at once, a stream
 * as the SDK reads it through ({@link readThrough}) and a JSON body as the SDK reads it ({@link measureJson}).
 */
function respond(adapter: Adapter, call: Call, response: Response): Response {
  try {
    adapter.rateLimits(call.request.requestModel, response.headers);
  } catch (error) {
    reportFailure(adapter, 'read rate-limit headers', error);
  }
  if (!response.ok) {
    finish(adapter, call, classifyError({ status: response.status }));
    return response;
  }
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('text/event-stream') && response.body) {
    return new Response(readThrough(adapter, call, response.body), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
  return measureJson(adapter, call, response);
}

/**
 * A `fetch` for an SDK's `fetch` client option that measures each GenAI call it carries in that
 * provider's wire format. It never changes what the SDK sees, and nothing it does throws into the SDK.
 */
export function createMeasuredFetch(
  metrics: GenAiMetrics,
  wire: WireFormat,
  options: GenAiAdapterOptions = {},
): typeof fetch {
  const provider = options.provider ?? wire.provider;
  const reporter: Reporter = { metrics, who: `${provider} adapter` };
  const adapter: Adapter = {
    ...reporter,
    wire,
    prices: options.prices,
    agent: options.agent ?? 'default',
    provider,
    usePackage: options.priceLookup ?? true,
    now: options.now ?? (() => performance.now()),
    rateLimits: createRateLimitRecorder(reporter, wire, provider),
  };
  const base = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));

  return async function measuredFetch(input, init) {
    let measured: Call | undefined;
    try {
      measured = begin(adapter, input, init);
    } catch (error) {
      reportFailure(adapter, 'read a request', error);
    }
    if (!measured) return base(input, init);
    const call = measured;
    let response: Response;
    try {
      response = await base(input, init);
    } catch (error) {
      safely(adapter, 'record a failed call', () => finish(adapter, call, failureOf(adapter, call, error)));
      throw error;
    }
    try {
      return respond(adapter, call, response);
    } catch (error) {
      reportFailure(adapter, 'read a response', error);
      return response;
    }
  };
}
