import { Registry, type RegistryContentType } from 'prom-client';
import { GLOBAL_KEY } from './constants.js';
import type { MetricsRegistry } from './types.js';
import { createMetrics, type CreateMetricsOptions, type ObskitMetrics } from './create-metrics.js';

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

/** The options an instance was created with, one JSON value per option (functions as a marker). */
type OptionValues = Record<string, string>;

function optionValues(options: GetOrCreateMetricsOptions): OptionValues {
  const values: OptionValues = {};
  for (const [name, value] of Object.entries(options)) {
    if (name === 'registry' || name === 'key' || value === undefined) continue;
    values[name] =
      JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? '[function]' : v)) ?? '';
  }
  return values;
}

function changedOptions(first: OptionValues, now: OptionValues): string[] {
  const names = new Set([...Object.keys(first), ...Object.keys(now)]);
  return [...names].filter((name) => first[name] !== now[name]).sort();
}

const CREATED_WITH: unique symbol = Symbol.for('obskit.metrics.createdWith') as never;

/** Options each instance was created with, and whether a mismatch was already reported. */
function createdWith(): WeakMap<ObskitMetrics, { values: OptionValues; warned: boolean }> {
  const g = globalThis as unknown as Record<
    symbol,
    WeakMap<ObskitMetrics, { values: OptionValues; warned: boolean }>
  >;
  return (g[CREATED_WITH] ??= new WeakMap());
}

/**
 * {@link createMetrics} once per registry and key; later calls (after HMR re-evaluated the calling
 * module) return the same instance instead of failing with "already registered". Options of later
 * calls are not applied: when they differ from the first call's, the instance's logger warns once,
 * naming the options and how to apply them (restart the process, or use another `key`).
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
  const values = optionValues(options);
  if (!metrics) {
    metrics = createMetrics({ ...options, registry });
    perKey.set(key, metrics);
    createdWith().set(metrics, { values, warned: false });
    return metrics;
  }
  const first = createdWith().get(metrics);
  if (first && !first.warned) {
    const changed = changedOptions(first.values, values);
    if (changed.length > 0) {
      first.warned = true;
      try {
        metrics.logger.warn(
          `obskit: getOrCreateMetrics("${key}") was called with options that differ from the instance it returns (${changed.join(', ')}); they are not applied to the existing instance — restart the process (e.g. next dev) to apply them, or pass another key`,
          { key, changed },
        );
      } catch {
        // a broken logger must not break the app
      }
    }
  }
  return metrics;
}
