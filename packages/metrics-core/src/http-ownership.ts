/**
 * Which component records a metrics instance's HTTP server requests, so that two instrumentations
 * of one request never both record it (a Next.js span processor and a wrapped route handler). Kept
 * on `globalThis` like {@link getOrCreateMetrics}: Next.js bundles `instrumentation.ts` and the
 * route handlers separately, each with its own copy of this module.
 */
const KEY: unique symbol = Symbol.for('obskit.http.serverMeasuredBy') as never;

function owners(): WeakMap<object, string> {
  const g = globalThis as unknown as Record<symbol, WeakMap<object, string> | undefined>;
  let map = g[KEY];
  if (!map) {
    map = new WeakMap();
    g[KEY] = map;
  }
  return map;
}

/**
 * Declares that `by` records every HTTP server request of `metrics` (e.g. `'next-spans'`); per-route
 * wrappers then leave the HTTP server metrics to it.
 *
 * @param metrics - the app's metrics instance.
 * @param by - a short name of the component, shown in logs.
 */
export function claimHttpServerMeasurement(metrics: object, by: string): void {
  owners().set(metrics, by);
}

/** The component that claimed the HTTP server requests of `metrics`, if any. */
export function httpServerMeasuredBy(metrics: object): string | undefined {
  return owners().get(metrics);
}
