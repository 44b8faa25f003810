import { Registry } from 'prom-client';
import { createMetrics, type CreateMetricsOptions } from '../../src/create-metrics';

/**
 * For specs: metrics on a fresh registry with a fake clock starting at `startMs`, and the
 * exposition lines that start with a prefix.
 */
export function metricsWithClock(startMs: number, options: Partial<CreateMetricsOptions> = {}) {
  const registry = new Registry();
  let now = startMs;
  const metrics = createMetrics({ registry, defaultMetrics: false, clock: () => now, ...options });
  const advance = (ms: number) => {
    now += ms;
  };
  const lines = async (prefix: string) =>
    (await registry.metrics()).split('\n').filter((l) => l.startsWith(prefix));
  return { registry, metrics, advance, lines };
}
