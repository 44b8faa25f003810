import { Registry, type RegistryContentType } from 'prom-client';
import type { MetricsRegistry } from './types.js';
import { createMetrics, type CreateMetricsOptions, type ObskitMetrics } from './create-metrics.js';

/** The `globalThis` slot that survives module re-evaluation (Next.js dev, HMR, jest module resets). */
export const GLOBAL_KEY: unique symbol = Symbol.for('obskit.metrics') as never;

interface GlobalState {
  /** registry -> key -> metrics */
  readonly byRegistry: WeakMap<MetricsRegistry, Map<string, ObskitMetrics>>;
  /** key -> registry created by {@link getOrCreateRegistry} */
  readonly registries: Map<string, MetricsRegistry>;
}

function state(): GlobalState {
  const g = globalThis as unknown as Record<symbol, GlobalState | undefined>;
  let s = g[GLOBAL_KEY];
  if (!s) {
    s = { byRegistry: new WeakMap(), registries: new Map() };
    g[GLOBAL_KEY] = s;
  }
  return s;
}

/**
 * A registry kept on `globalThis[Symbol.for('obskit.metrics')]` under `key`, created on first use:
 * the composition root of an app whose modules are re-evaluated (Next.js) asks for it instead of
 * `new Registry()`.
 */
export function getOrCreateRegistry(
  key = 'default',
  contentType: 'prometheus' | 'openmetrics' = 'prometheus',
): MetricsRegistry {
  const { registries } = state();
  let registry = registries.get(key);
  if (!registry) {
    registry = new Registry<RegistryContentType>();
    if (contentType === 'openmetrics') registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    registries.set(key, registry);
  }
  return registry;
}

/** Options of {@link getOrCreateMetrics}. */
export type GetOrCreateMetricsOptions = Omit<CreateMetricsOptions, 'registry'> & {
  /** @defaultValue `getOrCreateRegistry(key)` */
  readonly registry?: MetricsRegistry;
  /** Tells several instances on one registry apart. @defaultValue `'default'` */
  readonly key?: string;
};

/**
 * {@link createMetrics} once per registry and key; later calls (after HMR re-evaluated the calling
 * module) return the same instance instead of failing with "already registered". Options of later
 * calls are ignored.
 */
export function getOrCreateMetrics(options: GetOrCreateMetricsOptions = {}): ObskitMetrics {
  const key = options.key ?? 'default';
  const registry = options.registry ?? getOrCreateRegistry(key);
  const { byRegistry } = state();
  let perKey = byRegistry.get(registry);
  if (!perKey) {
    perKey = new Map();
    byRegistry.set(registry, perKey);
  }
  let metrics = perKey.get(key);
  if (!metrics) {
    metrics = createMetrics({ ...options, registry });
    perKey.set(key, metrics);
  }
  return metrics;
}
