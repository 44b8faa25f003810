import { METRICS } from '@obskit/catalog';
import type { AlertsConfig } from '../../config.js';
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
} from '../../internal/helpers.js';
import type { AlertCase } from '../../model/types.js';
import { HEAP_GROWTH_OFFSET } from './runtime.queries.js';

const { runtime } = METRICS;

/** promtool cases of EventLoopLagHigh: around the threshold T, a lag of 1.5 T fires, T/2 does not. */
export function eventLoopLagHighCases(config: AlertsConfig): AlertCase[] {
  const target = testTarget(config);
  const lag = config.thresholds.eventLoopLagSeconds;
  return [
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
  ];
}

/**
 * promtool cases of HeapGrowing, which follow its `for`: the heap steps up by `growth` every hour
 * (after the first 61 minutes), so from 75m on the 15m average is exactly `growth` times that of 1h
 * earlier; checked 10 minutes after `for`.
 */
export function heapGrowingCases(config: AlertsConfig): AlertCase[] {
  const target = testTarget(config);
  const heap = runtime.heapSizeUsed;
  const growth = Math.max(3, Math.ceil(2 * config.thresholds.heapGrowthRatio));
  const heapAt = 75 + minutesOf(config.for.medium) + 10;
  const heapSteps = Math.max(2, Math.ceil((heapAt + 19) / 60));
  const growingHeap = Array.from({ length: heapSteps }, (_, k) =>
    k === 0 ? '100000000x60' : `${num(100000000 * growth ** k)}x${k === heapSteps - 1 ? 60 : 59}`,
  ).join(' ');
  return [
    fires(`heap grows ${growth}x every hour`, [series(heap, target, growingHeap)], afterMinutes(heapAt), [
      {
        labels: target,
        description: `Heap used by ${target.instance} grew ${growth}x within ${HEAP_GROWTH_OFFSET}.`,
      },
    ]),
    quiet('steady heap', [series(heap, target, constant(100000000, heapAt + 20))], afterMinutes(heapAt)),
  ];
}

/**
 * A crash loop: a restart every `every` minutes, at least restartsMax + 1 in any window of `slow` from
 * `loopFrom` on; checked 5 minutes after `for` (later if the pair at the window's left edge is a
 * restart, so Prometheus 2's closed and 3's left-open ranges count alike).
 */
function crashLoop(config: AlertsConfig) {
  const window = minutesOf(config.windows.slow);
  const every = Math.max(1, Math.floor((window - 1) / (config.thresholds.restartsMax + 1)));
  const loopFrom = (config.thresholds.restartsMax + 1) * every;
  let at = loopFrom + minutesOf(config.for.short) + 5;
  while (every > 1 && (at - window + 1) % every === 0) at++;
  const samples = at + 10;
  const values = Array.from({ length: Math.ceil(samples / every) }, (_, i) =>
    every === 1 ? `${100 * (i + 1)}` : `${100 * (i + 1)}x${every - 1}`,
  ).join(' ');
  // restarts counted at the check: pairs (i - 1, i) inside the window whose i is a multiple of `every`
  let restarts = 0;
  for (let i = at - window + 2; i <= at; i++) if (i % every === 0) restarts++;
  return { every, at, samples, values, restarts };
}

/** A burst of `restarts` restarts, then a steady start time for `samples` samples. */
function starts(restarts: number, samples: number): string {
  return [
    ...Array.from({ length: restarts + 1 }, (_, i) => String(100 * (i + 1))),
    `${100 * (restarts + 1)}x${samples}`,
  ].join(' ');
}

/** promtool cases of ProcessRestarting, which follow its `for`: a crash loop fires, a burst of restarts within the limit does not. */
export function processRestartingCases(config: AlertsConfig): AlertCase[] {
  const target = testTarget(config);
  const max = config.thresholds.restartsMax;
  const loop = crashLoop(config);
  return [
    fires(
      `a restart every ${loop.every} minutes`,
      [series(runtime.processStartTime, target, loop.values)],
      afterMinutes(loop.at),
      [
        {
          labels: target,
          description: `${target.instance} restarted ${loop.restarts} times in the last ${config.windows.slow} (limit ${max}).`,
        },
      ],
    ),
    quiet(
      `${max} restarts`,
      [series(runtime.processStartTime, target, starts(max, loop.samples))],
      afterMinutes(loop.at),
    ),
  ];
}
