import type { ErrorType, ObskitMetrics } from '@obskit/metrics-core';
import { createMeasuredFetch, type GenAiAdapterOptions } from './internal/measured-fetch.js';
import { headerNumber, num, str, type CallState, type WireFormat } from './internal/wire.js';

/** Anthropic's own counts: `input_tokens` excludes the cache, so semconv's input total is the sum. */
interface AnthropicCounts {
  plain?: number;
  cacheRead?: number;
  cacheWrite?: number;
}
const counts = new WeakMap<CallState, AnthropicCounts>();

function readUsage(usage: unknown, state: CallState): void {
  if (typeof usage !== 'object' || usage === null) return;
  const c = counts.get(state) ?? {};
  counts.set(state, c);
  c.plain = num(usage, 'input_tokens') ?? c.plain;
  c.cacheRead = num(usage, 'cache_read_input_tokens') ?? c.cacheRead;
  c.cacheWrite = num(usage, 'cache_creation_input_tokens') ?? c.cacheWrite;
  const u = state.usage;
  if (c.plain !== undefined || c.cacheRead !== undefined || c.cacheWrite !== undefined) {
    u.inputTokens = (c.plain ?? 0) + (c.cacheRead ?? 0) + (c.cacheWrite ?? 0);
  }
  u.cacheReadInputTokens = c.cacheRead;
  u.cacheCreationInputTokens = c.cacheWrite;
  // Output is cumulative in message_delta; thinking tokens are part of it and not reported apart.
  u.outputTokens = num(usage, 'output_tokens') ?? u.outputTokens;
}

function readStop(reason: string | undefined, state: CallState): void {
  if (reason === 'refusal') state.errorType = 'content_filter';
}

const ERROR_EVENT_TYPES: Record<string, ErrorType> = {
  rate_limit_error: 'rate_limited',
  overloaded_error: 'server_error',
  api_error: 'server_error',
  invalid_request_error: 'invalid_request',
  timeout_error: 'timeout',
};

/** The Anthropic Messages wire format (JSON and SSE: message_start, message_delta, error). */
export const ANTHROPIC_WIRE: WireFormat = {
  provider: 'anthropic',
  request(path, model) {
    if (!model || !path.endsWith('/messages')) return undefined;
    return { operation: 'chat', requestModel: model };
  },
  readJson(body, state) {
    state.responseModel = str(body, 'model') ?? state.responseModel;
    readUsage((body as { usage?: unknown }).usage, state);
    readStop(str(body, 'stop_reason'), state);
  },
  readEvent(event, data, state) {
    if (event === 'message_start') {
      const message = (data as { message?: unknown }).message;
      state.responseModel = str(message, 'model') ?? state.responseModel;
      readUsage((message as { usage?: unknown } | undefined)?.usage, state);
    } else if (event === 'message_delta') {
      readUsage((data as { usage?: unknown }).usage, state);
      readStop(str(data, 'delta', 'stop_reason'), state);
    } else if (event === 'error') {
      state.errorType = ERROR_EVENT_TYPES[str(data, 'error', 'type') ?? ''] ?? '_OTHER';
    }
  },
  wants(event) {
    // content_block_* deltas carry text only; usage, model and stop reason come in these.
    return event === 'message_start' || event === 'message_delta' || event === 'error';
  },
  rateLimits(headers) {
    const readings = [];
    for (const [resource, key] of [
      ['requests', 'requests'],
      ['tokens', 'tokens'],
      ['input_tokens', 'input-tokens'],
      ['output_tokens', 'output-tokens'],
    ] as const) {
      const remaining = headerNumber(headers, `anthropic-ratelimit-${key}-remaining`);
      const limit = headerNumber(headers, `anthropic-ratelimit-${key}-limit`);
      if (remaining !== undefined || limit !== undefined) readings.push({ resource, remaining, limit });
    }
    return readings;
  },
};

/**
 * A `fetch` for the Anthropic SDK's `fetch` client option that measures every Messages call
 * (`messages.create`, `messages.stream`, tool use), streamed or not: duration, tokens with cache
 * reads and writes apart, time to first chunk and per chunk, errors, rate-limit headroom and cost.
 * Imports nothing from `@anthropic-ai/sdk`.
 *
 * @example
 * const client = new Anthropic({ fetch: createAnthropicFetch(metrics, { agent: 'planner' }) });
 */
export function createAnthropicFetch(
  metrics: Pick<ObskitMetrics, 'agents' | 'reportError'>,
  options?: GenAiAdapterOptions,
): typeof fetch {
  return createMeasuredFetch(metrics, ANTHROPIC_WIRE, options);
}
