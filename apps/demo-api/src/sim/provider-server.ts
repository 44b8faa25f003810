import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimClock } from './clock.js';
import { findModel, type CompletionResult, type ModelProfile, type ProviderSimulator } from './providers.js';
import type { Sampler } from './random.js';

/** Options of {@link startProviderServer}. */
export interface ProviderServerOptions {
  /** Draws each call's outcome (tokens, latency, errors, scenario effects). */
  readonly simulator: ProviderSimulator;
  readonly sampler: Sampler;
  readonly clock: SimClock;
  /** @defaultValue 0: a free port */
  readonly port?: number;
  /** Requests and tokens per simulated minute of each model, for the rate-limit headers. */
  readonly limits?: { readonly requestsPerMinute: number; readonly tokensPerMinute: number };
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

const DEFAULT_LIMITS = { requestsPerMinute: 10_000, tokensPerMinute: 30_000_000 };

/** The HTTP status and the provider's error type of each simulated failure. */
const FAILURES: Record<string, { status: number; openai: string; anthropic: string }> = {
  rate_limited: { status: 429, openai: 'rate_limit_exceeded', anthropic: 'rate_limit_error' },
  server_error: { status: 500, openai: 'server_error', anthropic: 'api_error' },
  // A gateway that gave up waiting: the SDK sees a 504.
  timeout: { status: 504, openai: 'server_error', anthropic: 'timeout_error' },
};

interface Usage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  readonly reasoning: number;
}

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

/**
 * Starts the demo's LLM providers on 127.0.0.1: OpenAI chat completions (`/openai/v1`, and the
 * OpenAI-compatible `/mistral_ai/v1`) and Anthropic messages (`/anthropic/v1/messages`), JSON and SSE
 * streams, with usage blocks (cached input, cache writes, reasoning), `x-ratelimit-*` /
 * `anthropic-ratelimit-*` headers, and 429/5xx answers. Every outcome is drawn by the simulator, so
 * the seed and the scenarios drive it; latencies are simulated seconds waited through the clock.
 */
export async function startProviderServer(options: ProviderServerOptions): Promise<ProviderServer> {
  const { simulator, sampler, clock } = options;
  const limits = options.limits ?? DEFAULT_LIMITS;
  // Rate-limit windows: one simulated minute of wall-clock time per model.
  const windowMs = 60_000 * (clock.timeScale > 0 ? clock.timeScale : 1);
  const windows = new Map<string, { start: number; requests: number; tokens: number }>();
  let nextId = 1;

  const rateHeaders = (model: ModelProfile, tokens: number): Record<string, string> => {
    const now = Date.now();
    let w = windows.get(model.model);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, requests: 0, tokens: 0 };
      windows.set(model.model, w);
    }
    w.requests += 1;
    w.tokens += tokens;
    const remainingRequests = String(Math.max(0, limits.requestsPerMinute - w.requests));
    const remainingTokens = String(Math.max(0, limits.tokensPerMinute - w.tokens));
    if (model.provider === 'anthropic') {
      return {
        'anthropic-ratelimit-requests-limit': String(limits.requestsPerMinute),
        'anthropic-ratelimit-requests-remaining': remainingRequests,
        'anthropic-ratelimit-tokens-limit': String(limits.tokensPerMinute),
        'anthropic-ratelimit-tokens-remaining': remainingTokens,
      };
    }
    return {
      'x-ratelimit-limit-requests': String(limits.requestsPerMinute),
      'x-ratelimit-remaining-requests': remainingRequests,
      'x-ratelimit-limit-tokens': String(limits.tokensPerMinute),
      'x-ratelimit-remaining-tokens': remainingTokens,
    };
  };

  /** Splits the plan's input into plain, cache-read and cache-write parts; reasoning out of output. */
  const usageOf = (model: ModelProfile, result: Extract<CompletionResult, { ok: true }>): Usage => {
    // System prompts and tool definitions repeat: about half the calls hit the prompt cache.
    const cacheRead = sampler.chance(0.5) ? Math.round(result.inputTokens * sampler.uniform(0.3, 0.8)) : 0;
    const cacheWrite =
      model.provider === 'anthropic' && cacheRead === 0 && sampler.chance(0.3)
        ? Math.round(result.inputTokens * sampler.uniform(0.2, 0.5))
        : 0;
    const reasoning =
      model.provider === 'openai' && model.expensive && sampler.chance(0.3)
        ? Math.round(result.outputTokens * sampler.uniform(0.1, 0.4))
        : 0;
    return { input: result.inputTokens, output: result.outputTokens, cacheRead, cacheWrite, reasoning };
  };

  const openAiUsage = (u: Usage) => ({
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead },
    completion_tokens_details: { reasoning_tokens: u.reasoning },
  });
  /** Anthropic's `input_tokens` excludes the cache parts. */
  const anthropicUsage = (u: Usage) => ({
    input_tokens: u.input - u.cacheRead - u.cacheWrite,
    output_tokens: u.output,
    cache_read_input_tokens: u.cacheRead,
    cache_creation_input_tokens: u.cacheWrite,
  });

  /** Output chunks of a stream: about 8 tokens each, at most 24. */
  const chunkCount = (outputTokens: number): number => Math.max(1, Math.min(24, Math.ceil(outputTokens / 8)));

  const sse = (res: ServerResponse, event: string | undefined, data: unknown): void => {
    res.write(
      `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
    );
  };

  const fail = async (
    res: ServerResponse,
    format: 'openai' | 'anthropic',
    model: ModelProfile,
    errorType: string,
    durationSeconds: number,
  ): Promise<void> => {
    await clock.sleep(durationSeconds);
    const failure = FAILURES[errorType] ?? FAILURES['server_error'];
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...rateHeaders(model, 0),
      ...(failure.status === 429 ? { 'retry-after': '1' } : {}),
    };
    res.writeHead(failure.status, headers);
    const message = `simulated ${errorType} (${model.model})`;
    res.end(
      JSON.stringify(
        format === 'openai'
          ? { error: { message, type: failure.openai, code: failure.openai, param: null } }
          : { type: 'error', error: { type: failure.anthropic, message } },
      ),
    );
  };

  const handle = async (format: 'openai' | 'anthropic', req: IncomingMessage, res: ServerResponse) => {
    // Simulated time runs from the request's arrival: each wait is until a deadline, so the timer's
    // granularity (≥ 1 ms a wait, × 1/timeScale in simulated seconds) does not add up chunk by chunk.
    const arrived = performance.now();
    const until = (simulatedSeconds: number): Promise<void> => {
      if (clock.timeScale <= 0) return Promise.resolve();
      const late = (performance.now() - arrived) / 1000 / clock.timeScale;
      return clock.sleep(simulatedSeconds - late);
    };
    const body = await readJson(req);
    const requested = typeof body['model'] === 'string' ? body['model'] : '';
    const model = findModel(requested);
    if (!model) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `model "${requested}" not found`, type: 'invalid_request_error' },
        }),
      );
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
      await fail(res, format, model, result.errorType, 0);
      return;
    }
    const refused = !result.ok;
    const usage: Usage = result.ok
      ? usageOf(model, result)
      : { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
    const id = `${format === 'openai' ? 'chatcmpl' : 'msg'}-demo-${nextId++}`;
    const responseModel = model.responseModel;
    const headers = rateHeaders(model, usage.input + usage.output);
    const text = 'Simulated answer.';

    if (!stream) {
      await until(result.durationSeconds);
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(
        JSON.stringify(
          format === 'openai'
            ? {
                id,
                object: 'chat.completion',
                created: Math.floor(Date.now() / 1000),
                model: responseModel,
                choices: [
                  {
                    index: 0,
                    message: { role: 'assistant', content: refused ? null : text, refusal: null },
                    finish_reason: refused ? 'content_filter' : 'stop',
                    logprobs: null,
                  },
                ],
                usage: openAiUsage(usage),
              }
            : {
                id,
                type: 'message',
                role: 'assistant',
                model: responseModel,
                content: refused ? [] : [{ type: 'text', text }],
                stop_reason: refused ? 'refusal' : 'end_turn',
                stop_sequence: null,
                usage: anthropicUsage(usage),
              },
        ),
      );
      return;
    }

    const first = result.ok ? (result.timeToFirstChunkSeconds ?? 0) : result.durationSeconds;
    const chunks = chunkCount(usage.output);
    const gap = Math.max(0, result.durationSeconds - first) / chunks;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    res.flushHeaders();
    await until(first);
    if (format === 'openai') {
      const chunk = (delta: unknown, finish: string | null) => ({
        id,
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model: responseModel,
        choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      });
      sse(res, undefined, chunk({ role: 'assistant', content: '' }, null));
      for (let i = 0; i < chunks && !refused; i++) {
        if (i > 0) await until(first + i * gap);
        sse(res, undefined, chunk({ content: `${text} ` }, null));
      }
      sse(res, undefined, chunk({}, refused ? 'content_filter' : 'stop'));
      if ((body['stream_options'] as { include_usage?: unknown } | undefined)?.include_usage === true) {
        sse(res, undefined, {
          id,
          object: 'chat.completion.chunk',
          created: Math.floor(Date.now() / 1000),
          model: responseModel,
          choices: [],
          usage: openAiUsage(usage),
        });
      }
      sse(res, undefined, '[DONE]');
    } else {
      const u = anthropicUsage(usage);
      sse(res, 'message_start', {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: responseModel,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...u, output_tokens: 1 },
        },
      });
      sse(res, 'content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      });
      for (let i = 0; i < chunks && !refused; i++) {
        if (i > 0) await until(first + i * gap);
        sse(res, 'content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: `${text} ` },
        });
      }
      sse(res, 'content_block_stop', { type: 'content_block_stop', index: 0 });
      sse(res, 'message_delta', {
        type: 'message_delta',
        delta: { stop_reason: refused ? 'refusal' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: u.output_tokens },
      });
      sse(res, 'message_stop', { type: 'message_stop' });
    }
    res.end();
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route =
      req.method === 'POST' && path === '/anthropic/v1/messages'
        ? 'anthropic'
        : req.method === 'POST' && /^\/[a-z_]+\/v1\/chat\/completions$/.test(path)
          ? 'openai'
          : undefined;
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}`, type: 'not_found' } }));
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
