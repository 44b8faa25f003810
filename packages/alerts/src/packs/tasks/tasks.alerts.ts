import { formatDuration, METRICS } from '@obskit/catalog';
import { histogramQuantile, increase, rangeSelector, rate, selector, sum } from '@obskit/promql';
import type { PackAlert } from '../../alerts.js';
import { seconds, type AlertsConfig } from '../../config.js';
import { percent, withScope } from '../../internal/helpers.js';
import type { AlertDefinition } from '../../model/types.js';
import {
  taskDeadLettersCases,
  taskDependencyWaitLongCases,
  taskQueueBacklogGrowingCases,
  taskQueueCapacityForecastCases,
  taskRetriesHighCases,
  tasksStuckCases,
} from './tasks.cases.js';
import {
  taskDeadLettersRunbook,
  taskDependencyWaitLongRunbook,
  taskQueueBacklogGrowingRunbook,
  taskQueueCapacityForecastRunbook,
  taskRetriesHighRunbook,
  tasksStuckRunbook,
} from './tasks.runbooks.js';

const { task } = METRICS;

/** An alert of the tasks pack. */
type TaskAlert = PackAlert<'tasks'>;

/** A queue above its backlog threshold whose depth still rises. */
export function taskQueueBacklogGrowing(config: AlertsConfig): TaskAlert {
  const t = config.thresholds;
  const depthScope = withScope(config, task.queueDepth);
  return {
    name: 'TaskQueueBacklogGrowing',
    casesFollowFor: true,
    expr: `max by (job, queue) (${selector(task.queueDepth, { matchers: depthScope })}) > ${t.queueBacklog} and max by (job, queue) (deriv(${rangeSelector(task.queueDepth, config.windows.slow, { matchers: depthScope })})) > 0`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'A task queue has a backlog that keeps growing.',
    description: `Queue {{ $labels.queue }} holds {{ $value }} tasks and keeps growing (threshold ${t.queueBacklog}).`,
    runbook: taskQueueBacklogGrowingRunbook(config),
    tests: taskQueueBacklogGrowingCases(config),
  };
}

/** A queue whose linear forecast exceeds its capacity within the horizon. */
export function taskQueueCapacityForecast(config: AlertsConfig): TaskAlert {
  const t = config.thresholds;
  const horizon = config.windows.forecastHorizon;
  return {
    name: 'TaskQueueCapacityForecast',
    casesFollowFor: true,
    expr: `max by (job, queue) (predict_linear(${rangeSelector(
      task.queueDepth,
      config.windows.forecastHistory,
      {
        matchers: withScope(config, task.queueDepth),
      },
    )}, ${seconds(horizon)})) > ${t.queueCapacity}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'A task queue is forecast to exceed its capacity.',
    description: `Queue {{ $labels.queue }} is forecast to hold {{ $value | humanize }} tasks in ${horizon}, above its capacity of ${t.queueCapacity}.`,
    runbook: taskQueueCapacityForecastRunbook(config),
    tests: taskQueueCapacityForecastCases(config),
  };
}

/** Tasks in the running state of which none leaves it. */
export function tasksStuck(config: AlertsConfig): TaskAlert {
  const slow = config.windows.slow;
  return {
    name: 'TasksStuck',
    expr: `sum by (job, queue) (${selector(task.running, { matchers: withScope(config, task.running) })}) > 0 unless sum by (job, queue) (${rate(task.transitions, slow, { matchers: withScope(config, task.transitions, { from_state: 'running' }) })}) > 0`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'Tasks run but none finishes.',
    description: `{{ $value }} tasks of queue {{ $labels.queue }} are running but none left the running state in the last ${slow}.`,
    runbook: tasksStuckRunbook(config),
    tests: tasksStuckCases(config),
  };
}

/** p95 wait for dependencies above its threshold. */
export function taskDependencyWaitLong(config: AlertsConfig): TaskAlert {
  const t = config.thresholds;
  return {
    name: 'TaskDependencyWaitLong',
    expr: `${histogramQuantile(0.95, task.dependencyWaitDuration, config.windows.slow, {
      matchers: withScope(config, task.dependencyWaitDuration),
      by: ['job', 'queue'],
    })} > ${t.dependencyWaitP95Seconds}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'Tasks wait too long for the tasks they depend on.',
    description: `p95 dependency wait in queue {{ $labels.queue }} is {{ $value | humanizeDuration }} (threshold ${formatDuration(t.dependencyWaitP95Seconds * 1000)}).`,
    runbook: taskDependencyWaitLongRunbook(config),
    tests: taskDependencyWaitLongCases(config),
  };
}

/** Tasks moved to the dead-letter queue. */
export function taskDeadLetters(config: AlertsConfig): TaskAlert {
  const slow = config.windows.slow;
  return {
    name: 'TaskDeadLetters',
    expr: `${sum(increase(task.deadLetters, slow, { matchers: withScope(config, task.deadLetters) }), { by: ['job', 'queue'] })} > 0`,
    for: config.for.page,
    severity: 'warning',
    summary: 'Tasks are moved to the dead-letter queue.',
    description: `{{ $value | humanize }} tasks of queue {{ $labels.queue }} went to the dead-letter queue in the last ${slow}.`,
    runbook: taskDeadLettersRunbook(config),
    tests: taskDeadLettersCases(config),
  };
}

/** Retries per task start above their threshold. */
export function taskRetriesHigh(config: AlertsConfig): TaskAlert {
  const t = config.thresholds;
  const slow = config.windows.slow;
  return {
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
    runbook: taskRetriesHighRunbook(config),
    tests: taskRetriesHighCases(config),
  };
}

/** The alerts of the tasks pack, in rendering order. */
const TASK_ALERTS: ReadonlyArray<(config: AlertsConfig) => TaskAlert> = [
  taskQueueBacklogGrowing,
  taskQueueCapacityForecast,
  tasksStuck,
  taskDependencyWaitLong,
  taskDeadLetters,
  taskRetriesHigh,
];

/** Alerts on task orchestration: backlog, capacity forecast, stuck tasks, dependency waits, dead letters, retries. */
export function buildTaskAlerts(config: AlertsConfig): AlertDefinition[] {
  return TASK_ALERTS.map((alert) => alert(config));
}
