import { METRICS } from '@obskit/catalog';
import { rangeSelector, selector } from '@obskit/promql';
import type { AlertsConfig } from '../config.js';
import {
  afterMinutes,
  constant,
  fires,
  humanizeDuration,
  minutesOf,
  num,
  quiet,
  series,
  testTarget,
  withScope,
} from '../internal/helpers.js';
import type { AlertDefinition } from '../model/types.js';

const { runtime } = METRICS;

/** Alerts on the Node.js runtime: event-loop lag, heap growth, restarts. */
export function buildRuntimeAlerts(config: AlertsConfig): AlertDefinition[] {
  const target = testTarget(config);
  const t = config.thresholds;
  const slow = config.windows.slow;
  const heap = runtime.heapSizeUsed;
  const heapRange = (offset?: string) =>
    rangeSelector(heap, slow, { matchers: withScope(config, heap), offset });
  const growthOffset = '1h';
  const lag = t.eventLoopLagSeconds;
  // A burst of restarts within the limit does not fire.
  const starts = (restarts: number, samples: number) =>
    [
      ...Array.from({ length: restarts + 1 }, (_, i) => String(100 * (i + 1))),
      `${100 * (restarts + 1)}x${samples}`,
    ].join(' ');

  // HeapGrowing: the heap steps up by `growth` every hour (after the first 61 minutes), so from 75m on
  // the 15m average is exactly `growth` times that of 1h earlier; checked 10 minutes after `for`.
  const growth = Math.max(3, Math.ceil(2 * t.heapGrowthRatio));
  const heapAt = 75 + minutesOf(config.for.medium) + 10;
  const heapSteps = Math.max(2, Math.ceil((heapAt + 19) / 60));
  const growingHeap = Array.from({ length: heapSteps }, (_, k) =>
    k === 0 ? '100000000x60' : `${num(100000000 * growth ** k)}x${k === heapSteps - 1 ? 60 : 59}`,
  ).join(' ');
  // ProcessRestarting: a crash loop, a restart every `every` minutes, at least restartsMax + 1 in any
  // window of `slow` from `loopFrom` on; checked 5 minutes after `for` (later if the pair at the
  // window's left edge is a restart, so Prometheus 2's closed and 3's left-open ranges count alike).
  const window = minutesOf(slow);
  const every = Math.max(1, Math.floor((window - 1) / (t.restartsMax + 1)));
  const loopFrom = (t.restartsMax + 1) * every;
  let loopAt = loopFrom + minutesOf(config.for.short) + 5;
  while (every > 1 && (loopAt - window + 1) % every === 0) loopAt++;
  const loopSamples = loopAt + 10;
  const crashLoop = Array.from({ length: Math.ceil(loopSamples / every) }, (_, i) =>
    every === 1 ? `${100 * (i + 1)}` : `${100 * (i + 1)}x${every - 1}`,
  ).join(' ');
  // restarts counted at the check: pairs (i - 1, i) inside the window whose i is a multiple of `every`
  let loopRestarts = 0;
  for (let i = loopAt - window + 2; i <= loopAt; i++) if (i % every === 0) loopRestarts++;
  return [
    {
      name: 'EventLoopLagHigh',
      expr: `max by (job, instance) (${selector(runtime.eventLoopLagP99, { matchers: withScope(config, runtime.eventLoopLagP99) })}) > ${t.eventLoopLagSeconds}`,
      for: config.for.short,
      severity: 'warning',
      summary: 'The Node.js event loop is blocked.',
      description: `Event-loop lag p99 of {{ $labels.instance }} is {{ $value | humanizeDuration }} (threshold ${t.eventLoopLagSeconds}s).`,
      runbook: {
        meaning: `The 99th percentile of event-loop delay is above ${t.eventLoopLagSeconds}s: JavaScript runs too long without yielding.`,
        impact: 'Every request on the instance waits, including /metrics and health checks.',
        diagnosis: [
          {
            title: 'Event-loop lag p99',
            query: `max by (job, instance) (${selector(runtime.eventLoopLagP99)})`,
          },
          {
            title: 'CPU seconds per second',
            query: `rate(${rangeSelector(runtime.processCpuSeconds, slow)})`,
          },
          {
            title: 'Event-loop utilization',
            query: `max by (job, instance) (${selector(METRICS.self.eventLoopUtilization)})`,
          },
        ],
        fixes: [
          'Profile the instance (node --cpu-prof) and move CPU-heavy work (JSON, crypto, regex) to worker threads.',
          'Check for synchronous I/O (fs.*Sync, better-sqlite3 queries without indexes).',
          'Scale out if CPU is saturated.',
        ],
      },
      tests: [
        // Around the threshold T: a lag of 1.5 T fires, T/2 does not.
        fires(
          `lag of ${humanizeDuration(1.5 * lag)}`,
          [series(runtime.eventLoopLagP99, target, constant(Number(num(1.5 * lag)), 20))],
          '10m',
          [
            {
              labels: target,
              description: `Event-loop lag p99 of ${target.instance} is ${humanizeDuration(1.5 * lag)} (threshold ${lag}s).`,
            },
          ],
        ),
        quiet(
          `lag of ${humanizeDuration(lag / 2)}`,
          [series(runtime.eventLoopLagP99, target, constant(Number(num(lag / 2)), 20))],
          '10m',
        ),
      ],
    },
    {
      name: 'HeapGrowing',
      casesFollowFor: true,
      expr: `avg_over_time(${heapRange()}) / avg_over_time(${heapRange(growthOffset)}) > ${t.heapGrowthRatio}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'The heap of a Node.js process keeps growing.',
      description: `Heap used by {{ $labels.instance }} grew {{ $value | humanize }}x within ${growthOffset}.`,
      runbook: {
        meaning: `The average used heap over ${slow} is more than ${t.heapGrowthRatio} times what it was ${growthOffset} earlier.`,
        impact: 'A memory leak: the process slows down in garbage collection and is eventually killed (OOM).',
        diagnosis: [
          { title: 'Heap used', query: `max by (job, instance) (${selector(heap)})` },
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
      },
      tests: [
        fires(`heap grows ${growth}x every hour`, [series(heap, target, growingHeap)], afterMinutes(heapAt), [
          {
            labels: target,
            description: `Heap used by ${target.instance} grew ${growth}x within ${growthOffset}.`,
          },
        ]),
        quiet('steady heap', [series(heap, target, constant(100000000, heapAt + 20))], afterMinutes(heapAt)),
      ],
    },
    {
      name: 'ProcessRestarting',
      casesFollowFor: true,
      expr: `changes(${rangeSelector(runtime.processStartTime, slow, { matchers: withScope(config, runtime.processStartTime) })}) > ${t.restartsMax}`,
      for: config.for.short,
      severity: 'warning',
      summary: 'A process restarts again and again.',
      description: `{{ $labels.instance }} restarted {{ $value }} times in the last ${slow} (limit ${t.restartsMax}).`,
      runbook: {
        meaning: `process_start_time_seconds changed more than ${t.restartsMax} times in ${slow}: the process crashes or is killed.`,
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
          'Check memory limits against resident memory (ObskitHeapGrowing).',
        ],
      },
      tests: [
        fires(
          `a restart every ${every} minutes`,
          [series(runtime.processStartTime, target, crashLoop)],
          afterMinutes(loopAt),
          [
            {
              labels: target,
              description: `${target.instance} restarted ${loopRestarts} times in the last ${slow} (limit ${t.restartsMax}).`,
            },
          ],
        ),
        quiet(
          `${t.restartsMax} restarts`,
          [series(runtime.processStartTime, target, starts(t.restartsMax, loopSamples))],
          afterMinutes(loopAt),
        ),
      ],
    },
  ];
}
