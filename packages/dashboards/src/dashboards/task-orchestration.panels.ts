import { METRICS } from '@obskit/catalog';
import { V } from '../internal/layout.js';
import { statPanel, timeseriesPanel, type PanelBuilder } from '../internal/panels.js';
import { errorRatio, legend, quantile, sumGauge, sumIncrease, sumRate } from '../internal/query.js';
import { VALUES } from '../internal/values.js';

const { task } = METRICS;
const queueFilter = { queue: V.queue } as const;

/** Tasks waiting, all queues. */
export function queuedNowPanel(): PanelBuilder {
  return statPanel({
    title: 'Tasks queued',
    description: `Tasks waiting in the selected queues right now (${task.queueDepth.name}).`,
    unit: 'short',
    queries: [{ expr: sumGauge(task.queueDepth, { where: queueFilter }), instant: false }],
  });
}

/** Tasks running, all queues. */
export function runningNowPanel(): PanelBuilder {
  return statPanel({
    title: 'Tasks running',
    description: `Tasks executing in the selected queues right now (${task.running.name}).`,
    unit: 'short',
    queries: [{ expr: sumGauge(task.running, { where: queueFilter }), instant: false }],
  });
}

/** Share of finished tasks that failed. */
export function failureRatioPanel(): PanelBuilder {
  const by: [] = [];
  return statPanel({
    title: 'Task failure ratio',
    description: `Share of finished task runs with outcome "failure" over the time range (${task.duration.name}).`,
    unit: 'percentunit',
    thresholds: [
      { value: 0.01, color: 'yellow' },
      { value: 0.05, color: 'red' },
    ],
    queries: [
      {
        expr: errorRatio(task.duration, {
          by,
          where: queueFilter,
          errors: { outcome: VALUES.outcomeFailure },
          counter: 'increase',
        }),
      },
    ],
  });
}

/** Tasks dead-lettered over the range. */
export function deadLettersTotalPanel(): PanelBuilder {
  return statPanel({
    title: 'Dead letters in range',
    description: `Tasks moved to the dead-letter queue over the time range (${task.deadLetters.name}).`,
    unit: 'short',
    thresholds: [{ value: 1, color: 'red' }],
    queries: [{ expr: `${sumIncrease(task.deadLetters, { where: queueFilter })} or vector(0)` }],
  });
}

/** Queue depth per queue. */
export function queueDepthPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Queue depth',
    description: `Tasks pending or waiting on dependencies (${task.queueDepth.name}) and tasks running (${task.running.name}), per queue.`,
    unit: 'short',
    width: 12,
    queries: [
      {
        expr: sumGauge(task.queueDepth, { by: ['queue'], where: queueFilter }),
        legend: `queued ${legend('queue')}`,
      },
      {
        expr: sumGauge(task.running, { by: ['queue'], where: queueFilter }),
        legend: `running ${legend('queue')}`,
      },
    ],
  });
}

/** Transitions per second by the state entered. */
export function throughputByStatePanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Throughput by state',
    description: `Task state transitions per second (${task.transitions.name}), by the state entered.`,
    unit: 'ops',
    width: 12,
    queries: [
      {
        expr: sumRate(task.transitions, { by: ['to_state'], where: queueFilter }),
        legend: legend('to_state'),
      },
    ],
  });
}

/** Wait time vs run time. */
export function waitVsRunPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Wait time vs run time p95',
    description: `p95 of the time tasks spent queued (${task.waitDuration.name}) against p95 of their execution time (${task.duration.name}); exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [
      {
        expr: quantile(0.95, task.waitDuration, { by: ['queue'], where: queueFilter }),
        legend: `wait ${legend('queue')}`,
        exemplar: true,
      },
      {
        expr: quantile(0.95, task.duration, { by: ['queue'], where: queueFilter }),
        legend: `run ${legend('queue')}`,
        exemplar: true,
      },
    ],
  });
}

/** Dependency waits. */
export function dependencyWaitPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Dependency wait p95',
    description: `p95 of the time tasks waited for the tasks they depend on (${task.dependencyWaitDuration.name}), by task type; exemplars link to the trace.`,
    unit: 's',
    width: 12,
    queries: [
      {
        expr: quantile(0.95, task.dependencyWaitDuration, { by: ['task_type'], where: queueFilter }),
        legend: legend('task_type'),
        exemplar: true,
      },
    ],
  });
}

/** Retries per second. */
export function retriesPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Retries',
    description: `Task retries scheduled per second after a failed attempt (${task.retries.name}), by queue and task type.`,
    unit: 'ops',
    width: 12,
    queries: [
      {
        expr: sumRate(task.retries, { by: ['queue', 'task_type'], where: queueFilter }),
        legend: legend('queue', 'task_type'),
      },
    ],
  });
}

/** Dead letters per second. */
export function deadLettersPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Dead letters',
    description: `Tasks moved to the dead-letter queue per second (${task.deadLetters.name}), by queue and task type.`,
    unit: 'ops',
    width: 12,
    queries: [
      {
        expr: sumRate(task.deadLetters, { by: ['queue', 'task_type'], where: queueFilter }),
        legend: legend('queue', 'task_type'),
      },
    ],
  });
}

/** Finished task runs by outcome. */
export function outcomesPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Task runs by outcome',
    description: `Task runs finished per second (${task.duration.name} count), by task type and outcome.`,
    unit: 'ops',
    width: 12,
    queries: [
      {
        expr: sumRate(task.duration, { by: ['task_type', 'outcome'], where: queueFilter }),
        legend: legend('task_type', 'outcome'),
      },
    ],
  });
}
