import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { METRICS } from '@obskit/catalog';
import { collectDefaultMetrics, Gauge } from 'prom-client';
import { DROPPED_DEFAULT_METRICS } from '../constants.js';
import type { MetricsRegistry } from '../types.js';

/** Registers prom-client's default Node.js metrics on `registry`, minus {@link DROPPED_DEFAULT_METRICS}. */
export function registerDefaultMetrics(registry: MetricsRegistry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of DROPPED_DEFAULT_METRICS) registry.removeSingleMetric(name);
}

/**
 * Registers `nodejs_eventloop_utilization_ratio`: the share of time the event loop was busy between
 * two scrapes (the first scrape covers the time since creation).
 */
export function registerEventLoopUtilization(registry: MetricsRegistry): void {
  const def = METRICS.self.eventLoopUtilization;
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  new Gauge({
    name: def.name,
    help: def.help,
    labelNames: [],
    registers: [registry],
    aggregator: 'average',
    collect() {
      const now = performance.eventLoopUtilization();
      const delta = performance.eventLoopUtilization(now, last);
      last = now;
      this.set(Number.isFinite(delta.utilization) ? delta.utilization : 0);
    },
  });
}
