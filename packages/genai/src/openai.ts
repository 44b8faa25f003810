import type { ObskitMetrics } from '@obskit/metrics-core';
import { createMeasuredFetch, type GenAiAdapterOptions } from './internal/measured-fetch.js';
import { headerNumber, num, str, type CallState, type WireFormat } from './internal/wire.js';

function readUsage(usage: unknown, state: CallState): void {
  if (typeof usage !== 'object' || usage === null) return;
  const u = state.usage;
  // Chat completions and embeddings say prompt/completion; the Responses API says input/output.
  u.inputTokens = num(usage, 'prompt_tokens') ?? num(usage, 'input_tokens') ?? u.inputTokens;
  u.outputTokens = num(usage, 'completion_tokens') ?? num(usage, 'output_tokens') ?? u.outputTokens;
  u.cacheReadInputTokens =
    num(usage, 'prompt_tokens_details', 'cached_tokens') ??
    num(usage, 'input_tokens_details', 'cached_tokens') ??
    u.cacheReadInputTokens;
  u.reasoningOutputTokens =
    num(usage, 'completion_tokens_details', 'reasoning_tokens') ??
    num(usage, 'output_tokens_details', 'reasoning_tokens') ??
    u.reasoningOutputTokens;
}

function readChoices(body: unknown, state: CallState): void {
  const choices = (body as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) return;
  if (choices.some((c) => str(c, 'finish_reason') === 'content_filter')) state.errorType = 'content_filter';
}

function readResponse(response: unknown, state: CallState): void {
  state.responseModel = str(response, 'model') ?? state.responseModel;
  readUsage((response as { usage?: unknown }).usage, state);
  if (str(response, 'incomplete_details', 'reason') === 'content_filter') state.errorType = 'content_filter';
}

const RATE_LIMIT_HEADERS = [
  ['requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-limit-requests'],
  ['tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-limit-tokens'],
] as const;

/** The OpenAI REST wire format (chat completions, Responses API, embeddings, legacy completions). */
export const OPENAI_WIRE: WireFormat = {
  provider: 'openai',
  request(path, model) {
    if (!model) return undefined;
    if (path.endsWith('/chat/completions')) return { operation: 'chat', requestModel: model };
    if (path.endsWith('/responses')) return { operation: 'chat', requestModel: model };
    if (path.endsWith('/embeddings')) return { operation: 'embeddings', requestModel: model };
    if (path.endsWith('/completions')) return { operation: 'text_completion', requestModel: model };
    return undefined;
  },
  readJson(body, state) {
    readResponse(body, state);
    readChoices(body, state);
  },
  readEvent(event, data, state) {
    if (event === 'response.completed' || event === 'response.incomplete' || event === 'response.failed') {
      readResponse((data as { response?: unknown }).response, state);
      return;
    }
    if (event !== undefined && event !== 'message') return;
    state.responseModel = str(data, 'model') ?? state.responseModel;
    readUsage((data as { usage?: unknown }).usage, state);
    readChoices(data, state);
  },
  wants(event, data, state) {
    if (event !== undefined && event !== 'message') {
      return event === 'response.completed' || event === 'response.incomplete' || event === 'response.failed';
    }
    // Chat chunks: the first (model), the usage chunk (the others say "usage":null) and a filtered finish.
    if (state.responseModel === undefined) return true;
    const usage = data.indexOf('"usage"');
    return (usage >= 0 && !data.startsWith('"usage":null', usage)) || data.includes('content_filter');
  },
  rateLimits(headers) {
    const readings = [];
    for (const [resource, remainingHeader, limitHeader] of RATE_LIMIT_HEADERS) {
      const remaining = headerNumber(headers, remainingHeader);
      const limit = headerNumber(headers, limitHeader);
      if (remaining !== undefined || limit !== undefined) readings.push({ resource, remaining, limit });
    }
    return readings;
  },
};

/**
 * A `fetch` for the OpenAI SDK's `fetch` client option that measures every chat completion,
 * Responses API call and embedding it sends, streamed or not: duration, tokens by type, time to
 * first chunk and per chunk, errors, rate-limit headroom and cost. Imports nothing from `openai`.
 *
 * @example
 * const client = new OpenAI({ fetch: createOpenAIFetch(metrics, { agent: 'planner' }) });
 */
export function createOpenAIFetch(
  metrics: Pick<ObskitMetrics, 'agents' | 'reportError'>,
  options?: GenAiAdapterOptions,
): typeof fetch {
  return createMeasuredFetch(metrics, OPENAI_WIRE, options);
}
