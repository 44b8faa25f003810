import { createOtelBridge } from './create-otel-bridge.js';
import type { AnyRegistry, OtelBridge, OtelBridgeOptions } from './types.js';

/** The `globalThis` slot that survives module re-evaluation (Next.js dev, HMR, jest module resets). */
export const OTEL_BRIDGE_GLOBAL_KEY: unique symbol = Symbol.for('obskit.otel-bridge') as never;

function bridges(): WeakMap<AnyRegistry, OtelBridge> {
  const g = globalThis as unknown as Record<symbol, WeakMap<AnyRegistry, OtelBridge> | undefined>;
  let map = g[OTEL_BRIDGE_GLOBAL_KEY];
  if (!map) {
    map = new WeakMap();
    g[OTEL_BRIDGE_GLOBAL_KEY] = map;
  }
  return map;
}

/**
 * {@link createOtelBridge} once per registry: later calls (after HMR re-evaluated the calling module)
 * return the same bridge instead of failing on `target_info` already being registered. Options of
 * later calls are ignored; after `shutdown()` the next call creates a new bridge.
 */
export function getOrCreateOtelBridge(options: OtelBridgeOptions): OtelBridge {
  const map = bridges();
  const known = map.get(options.registry);
  if (known) return known;
  const bridge = createOtelBridge(options);
  const tracked: OtelBridge = {
    ...bridge,
    shutdown: async () => {
      if (map.get(options.registry) === tracked) map.delete(options.registry);
      await bridge.shutdown();
    },
  };
  map.set(options.registry, tracked);
  return tracked;
}
