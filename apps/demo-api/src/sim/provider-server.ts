import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicError, anthropicMessage, writeAnthropicStream } from './anthropic-wire.js';
import type { SimClock } from './clock.js';
import { openAiCompletion, openAiError, writeOpenAiStream } from './openai-wire.js';
import { chunkCount, drawUsage, NO_USAGE, type StreamTiming, type WireReply } from './provider-wire.js';
import { findModel, type ModelProfile, type ProviderSimulator } from './providers.js';
import type { Sampler } from './random.js';
import { createRateLimitHeaders, type RateLimits } from './rate-limits.js';

/** Options of {@link startProviderServer}. */
export interface ProviderServerOptions {
  /** Draws each call's outcome (tokens, latency, errors, scenario effects). */
  readonly simulator: ProviderSimulator;
  readonly sampler: Sampler;
  readonly clock: SimClock;
  /** @defaultValue 0: a free port */
  readonly port?: number;
  /** Requests and tokens per simulated minute of each model, for the rate-limit headers. */
  readonly limits?: RateLimits;
}

/** A loopback server speaking the OpenAI and Anthropic wire formats. */
export interface ProviderServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The base URL of the OpenAI SDK (`baseURL`) for a provider of the demo, e.g. `openai`, `mistral_ai`. */
  openAiBaseUrl(provider: string): string;
  /** The base URL of the Anthropic SDK (`baseURL`). */
  readonly anthropicBaseUrl: string;
  close(): Promise<void>;
}

const DEFAULT_LIMITS: RateLimits = { requestsPerMinute: 10_000, tokensPerMinute: 30_000_000 };

/** The HTTP status and the provider's error type of each simulated failure. */
const FAILURES: Record<string, { status: number; openai: string; anthropic: string }> = {
  rate_limited: { status: 429, openai: 'rate_limit_exceeded', anthropic: 'rate_limit_error' },
  server_error: { status: 500, openai: 'server_error', anthropic: 'api_error' },
  // A gateway that gave up waiting: the SDK sees a 504.
  timeout: { status: 504, openai: 'server_error', anthropic: 'timeout_error' },
};

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const body: unknown = text ? JSON.parse(text) : {};
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function promptChars(body: Record<string, unknown>): number {
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  let chars = 0;
  for (const m of messages) {
    const content = (m as { content?: unknown } | null)?.content;
    if (typeof content === 'string') chars += content.length;
  }
  return chars;
}

type WireFormat = 'openai' | 'anthropic';

/** Waits until a deadline in simulated seconds from `arrived` (a `performance.now()`). */
function deadlinesFrom(clock: SimClock, arrived: number): (simulatedSeconds: number) => Promise<void> {
  // Each wait is until a deadline, so the timer's granularity (≥ 1 ms a wait, × 1/timeScale in
  // simulated seconds) does not add up chunk by chunk.
  return (simulatedSeconds) => {
    if (clock.timeScale <= 0) return Promise.resolve();
    const late = (performance.now() - arrived) / 1000 / clock.timeScale;
    return clock.sleep(simulatedSeconds - late);
  };
}

function writeJson(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Answers a simulated failure with its status and the provider's error body. */
function writeFailure(
  res: ServerResponse,
  format: WireFormat,
  model: ModelProfile,
  errorType: string,
  rateHeaders: Record<string, string>,
): void {
  const failure = FAILURES[errorType] ?? FAILURES['server_error'];
  const message = `simulated ${errorType} (${model.model})`;
  writeJson(
    res,
    failure.status,
    { ...rateHeaders, ...(failure.status === 429 ? { 'retry-after': '1' } : {}) },
    format === 'openai' ? openAiError(message, failure.openai) : anthropicError(message, failure.anthropic),
  );
}

/** What the completion handler draws from and counts with. */
interface CompletionHandlerDeps {
  readonly simulator: ProviderSimulator;
  readonly sampler: Sampler;
  readonly clock: SimClock;
  readonly rateHeaders: (model: ModelProfile, tokens: number) => Record<string, string>;
}

/**
 * The handler of one chat call in either wire format: plans the call with the simulator, then
 * answers with an error, a JSON body or a stream on the simulated timing (from the request's arrival).
 */
function createCompletionHandler(deps: CompletionHandlerDeps) {
  const { simulator, sampler, clock, rateHeaders } = deps;
  let nextId = 1;
  return async (format: WireFormat, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const until = deadlinesFrom(clock, performance.now());
    const body = await readJson(req);
    const requested = typeof body['model'] === 'string' ? body['model'] : '';
    const model = findModel(requested);
    if (!model) {
      const error = { message: `model "${requested}" not found`, type: 'invalid_request_error' };
      writeJson(res, 404, {}, { error });
      return;
    }
    const stream = body['stream'] === true;
    const maxTokens = typeof body['max_tokens'] === 'number' ? body['max_tokens'] : undefined;
    const result = simulator.plan({
      model: model.model,
      promptChars: promptChars(body),
      stream,
      outputTokensMedian: maxTokens !== undefined ? Math.max(1, Math.round(maxTokens / 2)) : 300,
    });
    if (!result.ok && result.errorType !== 'content_filter') {
      await until(result.durationSeconds);
      writeFailure(res, format, model, result.errorType, rateHeaders(model, 0));
      return;
    }
    const usage = result.ok ? drawUsage(sampler, model, result) : NO_USAGE;
    const reply: WireReply = {
      id: `${format === 'openai' ? 'chatcmpl' : 'msg'}-demo-${nextId++}`,
      responseModel: model.responseModel,
      refused: !result.ok,
      usage,
      text: 'Simulated answer.',
    };
    const headers = rateHeaders(model, usage.input + usage.output);
    if (!stream) {
      await until(result.durationSeconds);
      writeJson(res, 200, headers, format === 'openai' ? openAiCompletion(reply) : anthropicMessage(reply));
      return;
    }
    const first = result.ok ? (result.timeToFirstChunkSeconds ?? 0) : result.durationSeconds;
    const chunks = chunkCount(usage.output);
    const timing: StreamTiming = {
      first,
      chunks,
      gap: Math.max(0, result.durationSeconds - first) / chunks,
      until,
    };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    res.flushHeaders();
    await until(first);
    if (format === 'openai') {
      const includeUsage =
        (body['stream_options'] as { include_usage?: unknown } | undefined)?.include_usage === true;
      await writeOpenAiStream(res, reply, timing, includeUsage);
    } else {
      await writeAnthropicStream(res, reply, timing);
    }
    res.end();
  };
}

/** The wire format of a request's route, or none for an unknown route. */
function routeOf(method: string | undefined, path: string): WireFormat | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/anthropic/v1/messages') return 'anthropic';
  return /^\/[a-z_]+\/v1\/chat\/completions$/.test(path) ? 'openai' : undefined;
}

/**
 * Starts the demo's LLM providers on 127.0.0.1: OpenAI chat completions (`/openai/v1`, and the
 * OpenAI-compatible `/mistral_ai/v1`) and Anthropic messages (`/anthropic/v1/messages`), JSON and SSE
 * streams, with usage blocks (cached input, cache writes, reasoning), `x-ratelimit-*` /
 * `anthropic-ratelimit-*` headers, and 429/5xx answers. Every outcome is drawn by the simulator, so
 * the seed and the scenarios drive it; latencies are simulated seconds waited through the clock.
 */
export async function startProviderServer(options: ProviderServerOptions): Promise<ProviderServer> {
  const { simulator, sampler, clock } = options;
  // Rate-limit windows: one simulated minute of wall-clock time per model.
  const windowMs = 60_000 * (clock.timeScale > 0 ? clock.timeScale : 1);
  const rateHeaders = createRateLimitHeaders(options.limits ?? DEFAULT_LIMITS, windowMs);
  const handle = createCompletionHandler({ simulator, sampler, clock, rateHeaders });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routeOf(req.method, path);
    if (!route) {
      writeJson(res, 404, {}, { error: { message: `no route ${req.method} ${path}`, type: 'not_found' } });
      return;
    }
    handle(route, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error), type: 'server_error' } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openAiBaseUrl: (provider) => `${url}/${provider}/v1`,
    anthropicBaseUrl: `${url}/anthropic`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
