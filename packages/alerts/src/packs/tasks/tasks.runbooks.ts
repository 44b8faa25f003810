import { formatDuration, METRICS } from '@obskit/catalog';
import { histogramQuantile, increase, rangeSelector, rate, selector, sum } from '@obskit/promql';
import { seconds, type AlertsConfig } from '../../config.js';
import { percent } from '../../internal/helpers.js';
import { alertName } from '../../alerts.js';
import type { Runbook } from '../../model/types.js';

const { task } = METRICS;

const queueDepth = { title: 'Queue depth', query: `max by (job, queue) (${selector(task.queueDepth)})` };
const tasksRunning = { title: 'Tasks running', query: `sum by (job, queue) (${selector(task.running)})` };

/** Runbook of TaskQueueBacklogGrowing. */
export function taskQueueBacklogGrowingRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `More than ${config.thresholds.queueBacklog} tasks wait in one queue and the depth rose over the last ${slow}.`,
    impact: 'Tasks wait longer and longer before they start; users see delays, deadlines are missed.',
    diagnosis: [
      queueDepth,
      {
        title: 'Tasks started and finished per second',
        query: sum(rate(task.transitions, slow), { by: ['job', 'queue', 'to_state'] }),
      },
      tasksRunning,
    ],
    fixes: [
      'Scale the workers of the queue if they are all busy.',
      `If workers are idle, look for stuck tasks (${alertName(config, 'TasksStuck')}) or a failing dependency.`,
      'Shed or defer low-priority work.',
    ],
  };
}

/** Runbook of TaskQueueCapacityForecast. */
export function taskQueueCapacityForecastRunbook(config: AlertsConfig): Runbook {
  const history = config.windows.forecastHistory;
  const horizon = config.windows.forecastHorizon;
  return {
    meaning: `A linear fit of the queue depth over ${history} reaches ${config.thresholds.queueCapacity} within ${horizon}.`,
    impact: 'Nothing yet: this is the warning before the backlog becomes user-visible.',
    diagnosis: [
      {
        title: 'Forecast depth',
        query: `max by (job, queue) (predict_linear(${rangeSelector(task.queueDepth, history)}, ${seconds(horizon)}))`,
      },
      queueDepth,
    ],
    fixes: [
      'Add worker capacity before the backlog forms.',
      'Check whether an upstream producer is sending more than usual.',
    ],
  };
}

/** Runbook of TasksStuck. */
export function tasksStuckRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `Tasks are in the running state but no transition out of "running" happened in ${slow}.`,
    impact: 'Workers are blocked; the queue behind them grows and nothing completes.',
    diagnosis: [
      tasksRunning,
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
  };
}

/** Runbook of TaskDependencyWaitLong. */
export function taskDependencyWaitLongRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `The 95th percentile of ${task.dependencyWaitDuration.name} over ${slow} is above ${formatDuration(config.thresholds.dependencyWaitP95Seconds * 1000)}.`,
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
  };
}

/** Runbook of TaskDeadLetters. */
export function taskDeadLettersRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
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
  };
}

/** Runbook of TaskRetriesHigh. */
export function taskRetriesHighRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `Retries scheduled per task start in one queue are above ${percent(config.thresholds.taskRetryRatio)} over ${slow}.`,
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
  };
}
