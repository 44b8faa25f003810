import { createMetrics, type CreateMetricsOptions } from '@obskit/metrics-core';
import { Registry } from 'prom-client';

/**
 * Metrics on a fresh registry and `scrape()`. No waiting: the adapters record a call before the SDK
 * sees its end, so a scrape right after the SDK call returns must already show it.
 */
export function freshMetrics(options: Partial<CreateMetricsOptions> = {}) {
  const registry = new Registry();
  const metrics = createMetrics({ registry, defaultMetrics: false, ...options });
  // The argument names what the caller expects to find (kept for readability at the call sites).
  const scrape = async (_expected?: string): Promise<string> => registry.metrics();
  return { registry, metrics, scrape };
}
