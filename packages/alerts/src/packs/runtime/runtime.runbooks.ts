import { METRICS } from '@obskit/catalog';
import { rangeSelector, selector } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import { alertName } from '../../alerts.js';
import type { Runbook } from '../../model/types.js';
import { HEAP_GROWTH_OFFSET } from './runtime.queries.js';

const { runtime, self } = METRICS;

/** Runbook of EventLoopLagHigh. */
export function eventLoopLagHighRunbook(config: AlertsConfig): Runbook {
  return {
    meaning: `The 99th percentile of event-loop delay is above ${config.thresholds.eventLoopLagSeconds}s: JavaScript runs too long without yielding.`,
    impact: 'Every request on the instance waits, including /metrics and health checks.',
    diagnosis: [
      { title: 'Event-loop lag p99', query: `max by (job, instance) (${selector(runtime.eventLoopLagP99)})` },
      {
        title: 'CPU seconds per second',
        query: `rate(${rangeSelector(runtime.processCpuSeconds, config.windows.slow)})`,
      },
      {
        title: 'Event-loop utilization',
        query: `max by (job, instance) (${selector(self.eventLoopUtilization)})`,
      },
    ],
    fixes: [
      'Profile the instance (node --cpu-prof) and move CPU-heavy work (JSON, crypto, regex) to worker threads.',
      'Check for synchronous I/O (fs.*Sync, better-sqlite3 queries without indexes).',
      'Scale out if CPU is saturated.',
    ],
  };
}

/** Runbook of HeapGrowing. */
export function heapGrowingRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `The average used heap over ${slow} is more than ${config.thresholds.heapGrowthRatio} times what it was ${HEAP_GROWTH_OFFSET} earlier.`,
    impact: 'A memory leak: the process slows down in garbage collection and is eventually killed (OOM).',
    diagnosis: [
      { title: 'Heap used', query: `max by (job, instance) (${selector(runtime.heapSizeUsed)})` },
      {
        title: 'GC time per second',
        query: `sum by (job, instance) (rate(${rangeSelector(runtime.gcDuration, slow, { suffix: '_sum' })}))`,
      },
    ],
    fixes: [
      'Take two heap snapshots some minutes apart and compare retained objects.',
      'Look for caches without bounds, listeners never removed, and growing label sets.',
      'Restart the instance as a stop-gap; set --max-old-space-size to the container limit.',
    ],
  };
}

/** Runbook of ProcessRestarting. */
export function processRestartingRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `process_start_time_seconds changed more than ${config.thresholds.restartsMax} times in ${slow}: the process crashes or is killed.`,
    impact: 'In-flight requests and tasks are lost at each restart; the service flaps.',
    diagnosis: [
      { title: 'Restarts', query: `changes(${rangeSelector(runtime.processStartTime, slow)})` },
      {
        title: 'Resident memory',
        query: `max by (job, instance) (${selector(runtime.processResidentMemory)})`,
      },
    ],
    fixes: [
      'Read the logs of the previous run: an uncaught exception or an OOM kill.',
      `Check memory limits against resident memory (${alertName(config, 'HeapGrowing')}).`,
    ],
  };
}
