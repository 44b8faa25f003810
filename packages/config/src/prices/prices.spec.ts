import { ObskitConfigError } from '../errors';
import { pricesFor } from './prices';

describe('pricesFor', () => {
  // That these prices are what the cost counter records: apps/demo-api/src/obskit-prices.spec.ts.
  it('maps token types to the override shape of createMetrics', () => {
    expect(
      pricesFor({
        prices: {
          anthropic: {
            'claude-sonnet-4': { input: 0.003, output: 0.015, cacheRead: 0.0003, cacheWrite: 0.00375 },
          },
          openai: { 'o3-mini': { input: 0.0011, output: 0.0044, reasoning: 0.0044 } },
        },
      }),
    ).toEqual({
      anthropic: {
        'claude-sonnet-4': {
          inputPer1k: 0.003,
          outputPer1k: 0.015,
          cacheReadPer1k: 0.0003,
          cacheWritePer1k: 0.00375,
        },
      },
      openai: { 'o3-mini': { inputPer1k: 0.0011, outputPer1k: 0.0044 } },
    });
    expect(pricesFor({})).toEqual({});
  });

  it('lists every model whose prices the cost counter cannot use, with its path', () => {
    let error: unknown;
    try {
      pricesFor({
        prices: {
          openai: {
            'gpt-4o': { input: 0.0025 },
            'o3-mini': { input: 0.0011, output: 0.0044, reasoning: 0.01 },
          },
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitConfigError);
    expect((error as ObskitConfigError).code).toBe('OBSKIT_INVALID_CONFIG');
    expect((error as ObskitConfigError).problems.map((p) => [p.subject, p.message])).toEqual([
      [
        'prices.openai."gpt-4o".output',
        'Missing output price of "openai/gpt-4o": the cost counter needs USD per 1k output tokens',
      ],
      [
        'prices.openai."o3-mini".reasoning',
        'Invalid reasoning price 0.01 of "openai/o3-mini": expected the output price (0.0044), as reasoning tokens are billed as output',
      ],
    ]);
  });
});
