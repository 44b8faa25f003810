import type { ModelProfile } from './providers.js';

/** Requests and tokens per simulated minute of each model. */
export interface RateLimits {
  readonly requestsPerMinute: number;
  readonly tokensPerMinute: number;
}

/**
 * Counts requests and tokens per model in fixed windows of `windowMs` wall-clock ms and returns,
 * for each call, the provider's rate-limit headers (`x-ratelimit-*` or `anthropic-ratelimit-*`).
 */
export function createRateLimitHeaders(
  limits: RateLimits,
  windowMs: number,
): (model: ModelProfile, tokens: number) => Record<string, string> {
  const windows = new Map<string, { start: number; requests: number; tokens: number }>();
  return (model, tokens): Record<string, string> => {
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
}
