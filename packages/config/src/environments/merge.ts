import type { EnvironmentName, ObskitConfig, ResolvedObskitConfig } from '../config/types.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `override` deep-merged over `base`: objects merge key by key, arrays and scalars replace, `undefined`
 * leaves the base value. Neither argument is modified.
 *
 * Written here rather than taken from `defu`/`deepmerge`: defu concatenates arrays and deepmerge needs
 * an `arrayMerge` callback to replace them; obskit wants "an environment's list replaces the base's"
 * (a production `services` list is the list, not an addition), which is these few lines.
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] = deepMerge(base[key], value);
  }
  return out as T;
}

/**
 * The config a generator receives: `environments[name]` deep-merged over the base (arrays replace), with
 * `environments` and `$schema` removed. Without `name`, the base alone.
 */
export function resolveEnvironment(config: ObskitConfig, name?: EnvironmentName): ResolvedObskitConfig {
  const { environments, $schema: _schema, ...base } = config;
  const override = name ? environments?.[name] : undefined;
  return deepMerge<ResolvedObskitConfig>(base, override);
}
