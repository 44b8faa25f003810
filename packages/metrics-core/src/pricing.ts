import { ObskitValidationError, type ValidationProblem } from '@obskit/catalog';
import { METRICS_CORE_CODES, type MetricsCoreCode } from './codes.js';

/**
 * USD per 1,000 tokens of one model. `inputPer1k` prices uncached input, `outputPer1k` all output
 * (reasoning included, as providers bill it). Cached input has its own prices; without them, cache
 * reads and writes are counted as unpriced tokens rather than costed at a guessed rate.
 */
export interface ModelPrice {
  readonly inputPer1k: number;
  readonly outputPer1k: number;
  /** USD per 1,000 input tokens read from the provider's prompt cache. */
  readonly cacheReadPer1k?: number;
  /** USD per 1,000 input tokens written to the provider's prompt cache. */
  readonly cacheWritePer1k?: number;
}

const PRICE_KEYS = ['inputPer1k', 'outputPer1k', 'cacheReadPer1k', 'cacheWritePer1k'] as const;
const OPTIONAL_PRICE_KEYS = new Set<string>(['cacheReadPer1k', 'cacheWritePer1k']);

/**
 * Prices the application pays, by provider then model, e.g.
 * `{ openai: { 'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01 } } }`. obskit ships no prices:
 * they change, and an invented cost is worse than none.
 */
export type PriceTable = Readonly<Record<string, Readonly<Record<string, ModelPrice>>>>;

/** Checks every price is a finite non-negative number; throws one error listing all problems. */
export function validatePriceTable(prices: PriceTable): void {
  const problems: ValidationProblem<MetricsCoreCode>[] = [];
  for (const [provider, models] of Object.entries(prices)) {
    for (const [model, price] of Object.entries(models ?? {})) {
      for (const key of PRICE_KEYS) {
        const v = price?.[key];
        if (v === undefined && OPTIONAL_PRICE_KEYS.has(key)) continue;
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
          problems.push({
            code: METRICS_CORE_CODES.invalidPrice,
            subject: `price of "${provider}/${model}"`,
            message: `Invalid price ${key} "${String(v)}": must be a finite number of USD >= 0`,
          });
        }
      }
    }
  }
  if (problems.length > 0)
    throw new ObskitValidationError<MetricsCoreCode>(
      METRICS_CORE_CODES.invalidPrice,
      'Invalid price table',
      problems,
    );
}

/** The price of `provider`/`model`, or `undefined` when the table does not list it. */
export function findPrice(
  prices: PriceTable | undefined,
  provider: string,
  model: string,
): ModelPrice | undefined {
  if (!prices || !Object.hasOwn(prices, provider)) return undefined;
  const models = prices[provider];
  return Object.hasOwn(models, model) ? models[model] : undefined;
}
