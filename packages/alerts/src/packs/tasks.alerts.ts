import { METRICS } from '@obskit/catalog';
import {
  formatDuration,
  histogramQuantile,
  increase,
  rangeSelector,
  rate,
  selector,
  sum,
} from '@obskit/promql';
import { seconds, type AlertsConfig } from '../config.js';
import {
  afterMinutes,
  constant,
  counter,
  fires,
  humanize,
  humanizeDuration,
  num,
  minutesOf,
  percent,
  quiet,
  series,
  withScope,
} from '../internal/helpers.js';
import type { AlertDefinition } from '../model/types.js';

const { task } = METRICS;
const queue = 'default';

/** Alerts on task orchestration: backlog, capacity forecast, stuck tasks, dependency waits, dead letters, retries. */
export function buildTaskAlerts(config: AlertsConfig): AlertDefinition[] {
  const t = config.thresholds;
  const slow = config.windows.slow;
  const depthScope = withScope(config, task.queueDepth);
  const depth = (values: string) => series(task.queueDepth, { queue }, values);
  const horizon = config.windows.forecastHorizon;
  const waitThreshold = formatDuration(t.dependencyWaitP95Seconds * 1000);
  const wait = t.dependencyWaitP95Seconds;
  // Check times of the cases that follow the `for` of their alert (both use `for.medium`).
  const backlogAt = minutesOf(config.for.medium) + 15;
  const forecastAt = minutesOf(config.for.medium) + 75;

  return [
    {
      name: 'TaskQueueBacklogGrowing',
      casesFollowFor: true,
      expr: `max by (job, queue) (${selector(task.queueDepth, { matchers: depthScope })}) > ${t.queueBacklog} and max by (job, queue) (deriv(${rangeSelector(task.queueDepth, slow, { matchers: depthScope })})) > 0`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'A task queue has a backlog that keeps growing.',
      description: `Queue {{ $labels.queue }} holds {{ $value }} tasks and keeps growing (threshold ${t.queueBacklog}).`,
      runbook: {
        meaning: `More than ${t.queueBacklog} tasks wait in one queue and the depth rose over the last ${slow}.`,
        impact: 'Tasks wait longer and longer before they start; users see delays, deadlines are missed.',
        diagnosis: [
          { title: 'Queue depth', query: `max by (job, queue) (${selector(task.queueDepth)})` },
          {
            title: 'Tasks started and finished per second',
            query: sum(rate(task.transitions, slow), { by: ['job', 'queue', 'to_state'] }),
          },
          { title: 'Tasks running', query: `sum by (job, queue) (${selector(task.running)})` },
        ],
        fixes: [
          'Scale the workers of the queue if they are all busy.',
          'If workers are idle, look for stuck tasks (ObskitTasksStuck) or a failing dependency.',
          'Shed or defer low-priority work.',
        ],
      },
      tests: [
        // From 50 below the threshold T, 10 more per minute: above T from 6m, so firing from 6m + `for`;
        // checked 15 minutes after `for` (30m for 15m), when the depth is T - 50 + 10 * that.
        fires(
          'depth rises by 10 per minute',
          [depth(counter(10, backlogAt + 10, t.queueBacklog - 50))],
          afterMinutes(backlogAt),
          [
            {
              labels: { queue },
              description: `Queue default holds ${num(t.queueBacklog - 50 + 10 * backlogAt)} tasks and keeps growing (threshold ${t.queueBacklog}).`,
            },
          ],
        ),
        quiet(
          'a large but steady backlog',
          [depth(constant(5 * t.queueBacklog, backlogAt + 10))],
          afterMinutes(backlogAt),
        ),
      ],
    },
    {
      name: 'TaskQueueCapacityForecast',
      casesFollowFor: true,
      expr: `max by (job, queue) (predict_linear(${rangeSelector(
        task.queueDepth,
        config.windows.forecastHistory,
        {
          matchers: depthScope,
        },
      )}, ${seconds(horizon)})) > ${t.queueCapacity}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'A task queue is forecast to exceed its capacity.',
      description: `Queue {{ $labels.queue }} is forecast to hold {{ $value | humanize }} tasks in ${horizon}, above its capacity of ${t.queueCapacity}.`,
      runbook: {
        meaning: `A linear fit of the queue depth over ${config.windows.forecastHistory} reaches ${t.queueCapacity} within ${horizon}.`,
        impact: 'Nothing yet: this is the warning before the backlog becomes user-visible.',
        diagnosis: [
          {
            title: 'Forecast depth',
            query: `max by (job, queue) (predict_linear(${rangeSelector(task.queueDepth, config.windows.forecastHistory)}, ${seconds(horizon)}))`,
          },
          { title: 'Queue depth', query: `max by (job, queue) (${selector(task.queueDepth)})` },
        ],
        fixes: [
          'Add worker capacity before the backlog forms.',
          'Check whether an upstream producer is sending more than usual.',
        ],
      },
      tests: [
        // For the capacity C: from C/10, C/200 more per minute, the forecast is above C from the start;
        // checked 75 minutes after `for` (90m for 15m), when the fit over the history reaches
        // C/10 + (check + horizon) min * C/200 (1.75 C for 90m and 4h; C/1000 per minute: 0.43 C).
        fires(
          `depth grows by ${num(t.queueCapacity / 200)} per minute`,
          [depth(counter(t.queueCapacity / 200, forecastAt + 30, t.queueCapacity / 10))],
          afterMinutes(forecastAt),
          [
            {
              labels: { queue },
              description: `Queue default is forecast to hold ${humanize(t.queueCapacity / 10 + ((forecastAt + minutesOf(horizon)) * t.queueCapacity) / 200)} tasks in ${horizon}, above its capacity of ${t.queueCapacity}.`,
            },
          ],
        ),
        quiet(
          `depth grows by ${num(t.queueCapacity / 1000)} per minute`,
          [depth(counter(t.queueCapacity / 1000, forecastAt + 30, t.queueCapacity / 10))],
          afterMinutes(forecastAt),
        ),
      ],
    },
    {
      name: 'TasksStuck',
      expr: `sum by (job, queue) (${selector(task.running, { matchers: withScope(config, task.running) })}) > 0 unless sum by (job, queue) (${rate(task.transitions, slow, { matchers: withScope(config, task.transitions, { from_state: 'running' }) })}) > 0`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'Tasks run but none finishes.',
      description: `{{ $value }} tasks of queue {{ $labels.queue }} are running but none left the running state in the last ${slow}.`,
      runbook: {
        meaning: `Tasks are in the running state but no transition out of "running" happened in ${slow}.`,
        impact: 'Workers are blocked; the queue behind them grows and nothing completes.',
        diagnosis: [
          { title: 'Tasks running', query: `sum by (job, queue) (${selector(task.running)})` },
          {
            title: 'Transitions out of running',
            query: sum(rate(task.transitions, slow, { matchers: { from_state: 'running' } }), {
              by: ['job', 'queue', 'to_state'],
            }),
          },
        ],
        fixes: [
          'Look for a hung dependency (database, provider, tool) in the worker logs and traces.',
          'Restart the stuck workers; make sure tasks have a timeout.',
        ],
      },
      tests: [
        fires('3 tasks run and none finishes', [series(task.running, { queue }, constant(3, 60))], '40m', [
          {
            labels: { queue },
            description: `3 tasks of queue default are running but none left the running state in the last ${slow}.`,
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
      ],
    },
    {
      name: 'TaskDependencyWaitLong',
      expr: `${histogramQuantile(0.95, task.dependencyWaitDuration, slow, {
        matchers: withScope(config, task.dependencyWaitDuration),
        by: ['job', 'queue'],
      })} > ${t.dependencyWaitP95Seconds}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'Tasks wait too long for the tasks they depend on.',
      description: `p95 dependency wait in queue {{ $labels.queue }} is {{ $value | humanizeDuration }} (threshold ${waitThreshold}).`,
      runbook: {
        meaning: `The 95th percentile of ${task.dependencyWaitDuration.name} over ${slow} is above ${waitThreshold}.`,
        impact: 'Workflows with dependencies take much longer end to end.',
        diagnosis: [
          {
            title: 'p95 dependency wait by queue and task type',
            query: histogramQuantile(0.95, task.dependencyWaitDuration, slow, {
              by: ['job', 'queue', 'task_type'],
            }),
          },
          {
            title: 'p95 task duration by queue and task type',
            query: histogramQuantile(0.95, task.duration, slow, { by: ['job', 'queue', 'task_type'] }),
          },
        ],
        fixes: [
          'Find the slow upstream task type and speed it up or give it more workers.',
          'Check for failing upstream tasks that are retried again and again.',
        ],
      },
      tests: [
        // Around the threshold T: waits between T and 2T fire (p95 = 1.95 T), between T/2 and T not.
        fires(
          `dependency waits between ${wait}s and ${num(2 * wait)}s`,
          [
            series(task.dependencyWaitDuration, { queue, le: num(wait) }, constant(0, 40), '_bucket'),
            series(task.dependencyWaitDuration, { queue, le: num(2 * wait) }, counter(4, 40), '_bucket'),
            series(task.dependencyWaitDuration, { queue, le: '+Inf' }, counter(4, 40), '_bucket'),
          ],
          '35m',
          [
            {
              labels: { queue },
              description: `p95 dependency wait in queue default is ${humanizeDuration(1.95 * wait)} (threshold ${waitThreshold}).`,
            },
          ],
        ),
        quiet(
          `dependency waits between ${num(wait / 2)}s and ${wait}s`,
          [
            series(task.dependencyWaitDuration, { queue, le: num(wait / 2) }, constant(0, 40), '_bucket'),
            series(task.dependencyWaitDuration, { queue, le: num(wait) }, counter(4, 40), '_bucket'),
            series(task.dependencyWaitDuration, { queue, le: '+Inf' }, counter(4, 40), '_bucket'),
          ],
          '35m',
        ),
      ],
    },
    {
      name: 'TaskDeadLetters',
      expr: `${sum(increase(task.deadLetters, slow, { matchers: withScope(config, task.deadLetters) }), { by: ['job', 'queue'] })} > 0`,
      for: config.for.page,
      severity: 'warning',
      summary: 'Tasks are moved to the dead-letter queue.',
      description: `{{ $value | humanize }} tasks of queue {{ $labels.queue }} went to the dead-letter queue in the last ${slow}.`,
      runbook: {
        meaning: 'Tasks failed their last attempt and were moved to the dead-letter queue.',
        impact: 'The work of these tasks is lost until someone replays them.',
        diagnosis: [
          {
            title: 'Dead letters by queue and task type',
            query: sum(increase(task.deadLetters, slow), { by: ['job', 'queue', 'task_type'] }),
          },
          {
            title: 'Retries by queue and task type',
            query: sum(rate(task.retries, slow), { by: ['job', 'queue', 'task_type'] }),
          },
        ],
        fixes: [
          'Read the error of the dead-lettered tasks; fix the cause, then replay them.',
          'If a dependency was down, replay once it is back.',
        ],
      },
      tests: [
        fires(
          'one task per minute is dead-lettered',
          [series(task.deadLetters, { queue, task_type: 'email' }, counter(1, 30))],
          '20m',
          [
            {
              labels: { queue },
              description: `15 tasks of queue default went to the dead-letter queue in the last ${slow}.`,
            },
          ],
        ),
        quiet(
          'no new dead letters',
          [series(task.deadLetters, { queue, task_type: 'email' }, constant(5, 30))],
          '20m',
        ),
      ],
    },
    {
      name: 'TaskRetriesHigh',
      expr: `${sum(rate(task.retries, slow, { matchers: withScope(config, task.retries) }), { by: ['job', 'queue'] })} / ${sum(
        rate(task.transitions, slow, {
          matchers: withScope(config, task.transitions, { to_state: 'running' }),
        }),
        { by: ['job', 'queue'] },
      )} > ${t.taskRetryRatio}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'Many task attempts are retries.',
      description: `Queue {{ $labels.queue }} retries {{ $value | humanizePercentage }} of the tasks it starts (threshold ${percent(t.taskRetryRatio)}).`,
      runbook: {
        meaning: `Retries scheduled per task start in one queue are above ${percent(t.taskRetryRatio)} over ${slow}.`,
        impact: 'Work is done several times: cost and latency rise; dead letters may follow.',
        diagnosis: [
          {
            title: 'Retries by task type',
            query: sum(rate(task.retries, slow), { by: ['job', 'queue', 'task_type'] }),
          },
          {
            title: 'Failed tasks by queue',
            query: sum(rate(task.transitions, slow, { matchers: { to_state: 'failed' } }), {
              by: ['job', 'queue'],
            }),
          },
        ],
        fixes: [
          'Find the failing task type and its error; fix or pause it.',
          'Check the dependencies the tasks call (provider, database, HTTP).',
        ],
      },
      tests: [
        fires(
          'one retry per two starts',
          [
            series(task.retries, { queue, task_type: 'email' }, counter(1, 40)),
            series(task.transitions, { queue, from_state: 'pending', to_state: 'running' }, counter(2, 40)),
          ],
          '35m',
          [
            {
              labels: { queue },
              description: `Queue default retries 50% of the tasks it starts (threshold ${percent(t.taskRetryRatio)}).`,
            },
          ],
        ),
        quiet(
          'no retries',
          [
            series(task.retries, { queue, task_type: 'email' }, constant(0, 40)),
            series(task.transitions, { queue, from_state: 'pending', to_state: 'running' }, counter(2, 40)),
          ],
          '35m',
        ),
      ],
    },
  ];
}
