import type { ObskitConfig } from './types.js';

/**
 * Types an `obskit.config.ts`: returns its argument unchanged, so the editor completes and checks it.
 * Validation happens when the CLI loads the file ({@link loadConfig}).
 *
 * @example
 * ```ts
 * import { defineConfig } from '@obskit/cli';
 * export default defineConfig({ services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }] });
 * ```
 */
export function defineConfig(config: ObskitConfig): ObskitConfig {
  return config;
}
