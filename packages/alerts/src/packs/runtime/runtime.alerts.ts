import { METRICS, type Duration } from '@obskit/catalog';
import { rangeSelector, selector } from '@obskit/promql';
import type { PackAlert } from '../../alerts.js';
import type { AlertsConfig } from '../../config.js';
import { withScope } from '../../internal/helpers.js';
import type { AlertDefinition } from '../../model/types.js';
import { eventLoopLagHighCases, heapGrowingCases, processRestartingCases } from './runtime.cases.js';
import { HEAP_GROWTH_OFFSET } from './runtime.queries.js';
import { eventLoopLagHighRunbook, heapGrowingRunbook, processRestartingRunbook } from './runtime.runbooks.js';

const { runtime } = METRICS;

/** An alert of the runtime pack. */
type RuntimeAlert = PackAlert<'runtime'>;

/** Event-loop lag p99 of an instance above its threshold. */
export function eventLoopLagHigh(config: AlertsConfig): RuntimeAlert {
  const t = config.thresholds;
  return {
    name: 'EventLoopLagHigh',
    expr: `max by (job, instance) (${selector(runtime.eventLoopLagP99, { matchers: withScope(config, runtime.eventLoopLagP99) })}) > ${t.eventLoopLagSeconds}`,
    for: config.for.short,
    severity: 'warning',
    summary: 'The Node.js event loop is blocked.',
    description: `Event-loop lag p99 of {{ $labels.instance }} is {{ $value | humanizeDuration }} (threshold ${t.eventLoopLagSeconds}s).`,
    runbook: eventLoopLagHighRunbook(config),
    tests: eventLoopLagHighCases(config),
  };
}

/** The average heap a multiple of what it was an hour earlier. */
export function heapGrowing(config: AlertsConfig): RuntimeAlert {
  const heap = runtime.heapSizeUsed;
  const heapRange = (offset?: Duration) =>
    rangeSelector(heap, config.windows.slow, { matchers: withScope(config, heap), offset });
  return {
    name: 'HeapGrowing',
    casesFollowFor: true,
    expr: `avg_over_time(${heapRange()}) / avg_over_time(${heapRange(HEAP_GROWTH_OFFSET)}) > ${config.thresholds.heapGrowthRatio}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'The heap of a Node.js process keeps growing.',
    description: `Heap used by {{ $labels.instance }} grew {{ $value | humanize }}x within ${HEAP_GROWTH_OFFSET}.`,
    runbook: heapGrowingRunbook(config),
    tests: heapGrowingCases(config),
  };
}

/** More restarts of a process within the slow window than the limit. */
export function processRestarting(config: AlertsConfig): RuntimeAlert {
  const t = config.thresholds;
  const slow = config.windows.slow;
  return {
    name: 'ProcessRestarting',
    casesFollowFor: true,
    expr: `changes(${rangeSelector(runtime.processStartTime, slow, { matchers: withScope(config, runtime.processStartTime) })}) > ${t.restartsMax}`,
    for: config.for.short,
    severity: 'warning',
    summary: 'A process restarts again and again.',
    description: `{{ $labels.instance }} restarted {{ $value }} times in the last ${slow} (limit ${t.restartsMax}).`,
    runbook: processRestartingRunbook(config),
    tests: processRestartingCases(config),
  };
}

/** The alerts of the runtime pack, in rendering order. */
const RUNTIME_ALERTS: ReadonlyArray<(config: AlertsConfig) => RuntimeAlert> = [
  eventLoopLagHigh,
  heapGrowing,
  processRestarting,
];

/** Alerts on the Node.js runtime: event-loop lag, heap growth, restarts. */
export function buildRuntimeAlerts(config: AlertsConfig): AlertDefinition[] {
  return RUNTIME_ALERTS.map((alert) => alert(config));
}
