import type { ModelPrice } from '@obskit/metrics-core';
import { calcPrice } from '@pydantic/genai-prices';
import type { TokenUsage } from './wire.js';

/** Per-model prices the application sets; they win over the price package. */
export type ModelPrices = Readonly<Record<string, ModelPrice>>;

type PriceValue =
  number | { base: number; tiers: ReadonlyArray<{ start: number; price: number }> } | undefined;

/** USD per million tokens at `inputTokens` of context (tiered prices rise with the prompt size). */
function perMillion(value: PriceValue, inputTokens: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  let price = value.base;
  for (const tier of value.tiers) if (inputTokens > tier.start) price = tier.price;
  return price;
}

/** A looked-up price record, with its per-1k price when no value is tiered (the same for every call). */
interface Looked {
  readonly at: number;
  readonly price: Record<string, PriceValue> | null;
  /** The price of every call when no value is tiered; `null`: tiered or incomplete, per call. */
  readonly flat: ModelPrice | null;
}

/** Looked-up model prices by provider and model, kept for an hour (the lookup is the costly part). */
const looked = new Map<string, Looked>();
const LOOKUP_TTL_MS = 3_600_000;

/** The package's price record of `model`, or `null` when it does not know the model. */
function packagePrice(provider: string, model: string): Looked {
  const key = `${provider}\u0000${model}`;
  const now = Date.now();
  const hit = looked.get(key);
  if (hit && now - hit.at < LOOKUP_TTL_MS) return hit;
  let found: ReturnType<typeof calcPrice>;
  try {
    // Tiers are applied per call by perMillion(); the lookup itself does not depend on the counts.
    found = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId: provider });
  } catch {
    found = null;
  }
  const price = found ? (found.model_price as Record<string, PriceValue>) : null;
  const tiered =
    price === null ||
    ['input_mtok', 'output_mtok', 'cache_read_mtok', 'cache_write_mtok'].some(
      (k) => price[k] !== undefined && typeof price[k] !== 'number',
    );
  const entry: Looked = { at: now, price, flat: tiered ? null : (modelPrice(price, 0) ?? null) };
  if (looked.size >= 1000) looked.clear();
  looked.set(key, entry);
  return entry;
}

/** Per-1k prices of a package record at `inputTokens` of context, or `undefined` without input/output prices. */
function modelPrice(p: Record<string, PriceValue>, input: number): ModelPrice | undefined {
  const inputPerM = perMillion(p['input_mtok'], input);
  const outputPerM = perMillion(p['output_mtok'], input);
  if (inputPerM === undefined || outputPerM === undefined) return undefined;
  const cacheReadPerM = perMillion(p['cache_read_mtok'], input);
  const cacheWritePerM = perMillion(p['cache_write_mtok'], input);
  return {
    inputPer1k: inputPerM / 1000,
    outputPer1k: outputPerM / 1000,
    ...(cacheReadPerM === undefined ? {} : { cacheReadPer1k: cacheReadPerM / 1000 }),
    ...(cacheWritePerM === undefined ? {} : { cacheWritePer1k: cacheWritePerM / 1000 }),
  };
}

/**
 * The price of `model` for this call: an application override, else the bundled data of
 * `@pydantic/genai-prices` (no network access; it is updated by upgrading the package), else
 * `undefined` (its tokens are then counted as unpriced).
 */
export function priceOf(
  provider: string,
  models: readonly (string | undefined)[],
  usage: TokenUsage,
  overrides: ModelPrices | undefined,
  usePackage: boolean,
): ModelPrice | undefined {
  for (const model of models) {
    if (model && overrides && Object.hasOwn(overrides, model)) return overrides[model];
  }
  if (!usePackage) return undefined;
  for (const model of models) {
    if (!model) continue;
    const { price, flat } = packagePrice(provider, model);
    if (flat) return flat;
    if (!price) continue;
    const priced = modelPrice(price, usage.inputTokens ?? 0);
    if (priced) return priced;
  }
  return undefined;
}
