import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, pricesFor } from '@obskit/config';
import type { ObskitLogger, PriceTable } from '@obskit/metrics-core';

/** The demo's obskit.config.ts: beside `dist/` in this package. */
export const DEMO_CONFIG_FILE = join(__dirname, '..', 'obskit.config.ts');

/**
 * The prices of the demo's config (`OBSKIT_CONFIG`, default {@link DEMO_CONFIG_FILE}) for the cost
 * counter, or `undefined` (the built-in table) when the file is not there, as in the container image,
 * which says so through `logger`. An invalid config throws: a price typo is not silently ignored.
 */
export async function configPrices(
  logger: ObskitLogger,
  file: string = process.env['OBSKIT_CONFIG'] ?? DEMO_CONFIG_FILE,
): Promise<PriceTable | undefined> {
  if (!existsSync(file)) {
    logger.warn(`no ${file}: the cost counter uses the built-in price table`);
    return undefined;
  }
  const { resolved } = await loadConfig({ configFile: file });
  return resolved.prices === undefined ? undefined : pricesFor(resolved);
}
