import { METRICS } from '@obskit/catalog';
import { formatDuration } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import {
  afterMinutes,
  constant,
  counter,
  fires,
  humanize,
  humanizeDuration,
  minutesOf,
  num,
  percent,
  quiet,
  series,
} from '../../internal/helpers.js';
import type { AlertCase, TestSeries } from '../../model/types.js';

const { task } = METRICS;
const queue = 'default';

const depth = (values: string): TestSeries => series(task.queueDepth, { queue }, values);
const waits = (le: string, values: string): TestSeries =>
  series(task.dependencyWaitDuration, { queue, le }, values, '_bucket');

/**
 * promtool cases of TaskQueueBacklogGrowing, which follow its `for`: from 50 below the threshold T,
 * 10 more per minute, above T from 6m, so firing from 6m + `for`; checked 15 minutes after `for` (30m
 * for 15m), when the depth is T - 50 + 10 * that.
 */
export function taskQueueBacklogGrowingCases(config: AlertsConfig): AlertCase[] {
  const backlog = config.thresholds.queueBacklog;
  const at = minutesOf(config.for.medium) + 15;
  return [
    fires('depth rises by 10 per minute', [depth(counter(10, at + 10, backlog - 50))], afterMinutes(at), [
      {
        labels: { queue },
        description: `Queue default holds ${num(backlog - 50 + 10 * at)} tasks and keeps growing (threshold ${backlog}).`,
      },
    ]),
    quiet('a large but steady backlog', [depth(constant(5 * backlog, at + 10))], afterMinutes(at)),
  ];
}

/**
 * promtool cases of TaskQueueCapacityForecast, which follow its `for`: for the capacity C, from C/10,
 * C/200 more per minute, the forecast is above C from the start; checked 75 minutes after `for` (90m
 * for 15m), when the fit over the history reaches C/10 + (check + horizon) min * C/200 (1.75 C for
 * 90m and 4h; C/1000 per minute: 0.43 C).
 */
export function taskQueueCapacityForecastCases(config: AlertsConfig): AlertCase[] {
  const capacity = config.thresholds.queueCapacity;
  const horizon = config.windows.forecastHorizon;
  const at = minutesOf(config.for.medium) + 75;
  return [
    fires(
      `depth grows by ${num(capacity / 200)} per minute`,
      [depth(counter(capacity / 200, at + 30, capacity / 10))],
      afterMinutes(at),
      [
        {
          labels: { queue },
          description: `Queue default is forecast to hold ${humanize(capacity / 10 + ((at + minutesOf(horizon)) * capacity) / 200)} tasks in ${horizon}, above its capacity of ${capacity}.`,
        },
      ],
    ),
    quiet(
      `depth grows by ${num(capacity / 1000)} per minute`,
      [depth(counter(capacity / 1000, at + 30, capacity / 10))],
      afterMinutes(at),
    ),
  ];
}

/** promtool cases of TasksStuck. */
export function tasksStuckCases(config: AlertsConfig): AlertCase[] {
  return [
    fires('3 tasks run and none finishes', [series(task.running, { queue }, constant(3, 60))], '40m', [
      {
        labels: { queue },
        description: `3 tasks of queue default are running but none left the running state in the last ${config.windows.slow}.`,
      },
    ]),
    quiet(
      '3 tasks run and 2 finish per minute',
      [
        series(task.running, { queue }, constant(3, 60)),
        series(task.transitions, { queue, from_state: 'running', to_state: 'succeeded' }, counter(2, 60)),
      ],
      '40m',
    ),
  ];
}

/** promtool cases of TaskDependencyWaitLong: around the threshold T, waits between T and 2T fire (p95 = 1.95 T), between T/2 and T not. */
export function taskDependencyWaitLongCases(config: AlertsConfig): AlertCase[] {
  const wait = config.thresholds.dependencyWaitP95Seconds;
  return [
    fires(
      `dependency waits between ${wait}s and ${num(2 * wait)}s`,
      [
        waits(num(wait), constant(0, 40)),
        waits(num(2 * wait), counter(4, 40)),
        waits('+Inf', counter(4, 40)),
      ],
      '35m',
      [
        {
          labels: { queue },
          description: `p95 dependency wait in queue default is ${humanizeDuration(1.95 * wait)} (threshold ${formatDuration(wait * 1000)}).`,
        },
      ],
    ),
    quiet(
      `dependency waits between ${num(wait / 2)}s and ${wait}s`,
      [
        waits(num(wait / 2), constant(0, 40)),
        waits(num(wait), counter(4, 40)),
        waits('+Inf', counter(4, 40)),
      ],
      '35m',
    ),
  ];
}

/** promtool cases of TaskDeadLetters. */
export function taskDeadLettersCases(config: AlertsConfig): AlertCase[] {
  return [
    fires(
      'one task per minute is dead-lettered',
      [series(task.deadLetters, { queue, task_type: 'email' }, counter(1, 30))],
      '20m',
      [
        {
          labels: { queue },
          description: `15 tasks of queue default went to the dead-letter queue in the last ${config.windows.slow}.`,
        },
      ],
    ),
    quiet(
      'no new dead letters',
      [series(task.deadLetters, { queue, task_type: 'email' }, constant(5, 30))],
      '20m',
    ),
  ];
}

/** promtool cases of TaskRetriesHigh. */
export function taskRetriesHighCases(config: AlertsConfig): AlertCase[] {
  const starts = series(
    task.transitions,
    { queue, from_state: 'pending', to_state: 'running' },
    counter(2, 40),
  );
  return [
    fires(
      'one retry per two starts',
      [series(task.retries, { queue, task_type: 'email' }, counter(1, 40)), starts],
      '35m',
      [
        {
          labels: { queue },
          description: `Queue default retries 50% of the tasks it starts (threshold ${percent(config.thresholds.taskRetryRatio)}).`,
        },
      ],
    ),
    quiet(
      'no retries',
      [series(task.retries, { queue, task_type: 'email' }, constant(0, 40)), starts],
      '35m',
    ),
  ];
}
