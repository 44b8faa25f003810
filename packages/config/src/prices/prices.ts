import type { ValidationProblem } from '@obskit/catalog';
import type { ObskitConfig } from '../config/types.js';
import { CONFIG_CODES, type ConfigCode } from '../codes.js';
import { ObskitConfigError } from '../errors.js';

/**
 * USD per 1,000 tokens of one model, in the shape `createMetrics({ prices })` of @obskit/metrics-core
 * takes (its `ModelPrice`): input, output (reasoning included), and the optional prompt-cache prices.
 */
export interface ModelPriceOverride {
  readonly inputPer1k: number;
  readonly outputPer1k: number;
  readonly cacheReadPer1k?: number;
  readonly cacheWritePer1k?: number;
}

/** Provider → model → {@link ModelPriceOverride}: metrics-core's `PriceTable`, which wins over any price package. */
export type PriceOverrides = Readonly<Record<string, Readonly<Record<string, ModelPriceOverride>>>>;

/**
 * The `prices` of a config (after `--env` merging, if any) as the price overrides an app passes to
 * `createMetrics({ prices })` (@obskit/metrics-core), so that the cost counter
 * (`obskit_gen_ai_cost_usd_total`) uses the prices the team wrote in `obskit.config.ts`. `input` and
 * `output` of each model are required there; `reasoning`, when given, must equal `output` (providers
 * bill reasoning tokens as output, and metrics-core prices them so). An empty object when the config
 * has no prices.
 *
 * @param config - a loaded config (`(await loadConfig()).resolved`) or the object given to `defineConfig`
 * @throws ObskitConfigError listing every model whose prices cannot be used, with its path.
 *
 * @example
 * const { resolved } = await loadConfig({ configFile: 'obskit.config.ts' });
 * const metrics = createMetrics({ registry, prices: pricesFor(resolved) });
 */
export function pricesFor(config: Pick<ObskitConfig, 'prices'>): PriceOverrides {
  const problems: ValidationProblem<ConfigCode>[] = [];
  const table: Record<string, Record<string, ModelPriceOverride>> = {};
  for (const [provider, models] of Object.entries(config.prices ?? {})) {
    for (const [model, price] of Object.entries(models)) {
      const path = `prices.${provider}.${JSON.stringify(model)}`;
      for (const key of ['input', 'output'] as const) {
        if (price[key] === undefined) {
          problems.push({
            code: CONFIG_CODES.missing,
            subject: `${path}.${key}`,
            message: `Missing ${key} price of "${provider}/${model}": the cost counter needs USD per 1k ${key} tokens`,
          });
        }
      }
      if (price.reasoning !== undefined && price.reasoning !== price.output) {
        problems.push({
          code: CONFIG_CODES.invalidValue,
          subject: `${path}.reasoning`,
          message: `Invalid reasoning price ${price.reasoning} of "${provider}/${model}": expected the output price (${String(price.output)}), as reasoning tokens are billed as output`,
        });
      }
      if (price.input === undefined || price.output === undefined) continue;
      table[provider] ??= {};
      table[provider][model] = {
        inputPer1k: price.input,
        outputPer1k: price.output,
        ...(price.cacheRead !== undefined ? { cacheReadPer1k: price.cacheRead } : {}),
        ...(price.cacheWrite !== undefined ? { cacheWritePer1k: price.cacheWrite } : {}),
      };
    }
  }
  if (problems.length > 0) throw new ObskitConfigError(problems);
  return table;
}
