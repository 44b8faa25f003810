import { createMetrics, type CreateMetricsOptions } from '@obskit/metrics-core';
import { Registry } from 'prom-client';

/** Metrics on a fresh registry, and `scrape()` that waits until `until` appears in the exposition. */
export function freshMetrics(options: Partial<CreateMetricsOptions> = {}) {
  const registry = new Registry();
  const metrics = createMetrics({ registry, defaultMetrics: false, ...options });
  const scrape = async (until?: string): Promise<string> => {
    // Recording a call waits for its body to be read, which may finish a tick after the SDK returns.
    for (let i = 0; i < 200; i++) {
      const text = await registry.metrics();
      if (until === undefined || text.includes(until)) return text;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return registry.metrics();
  };
  return { registry, metrics, scrape };
}
