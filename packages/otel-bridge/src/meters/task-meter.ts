import { METRICS, type TASK_STATES } from '@obskit/catalog';
import type { Meter } from '@opentelemetry/api';
import { catalogCounter, catalogHistogram, catalogUpDownCounter } from './instruments.js';

/** A task state of the catalog. */
export type OtelTaskState = (typeof TASK_STATES)[number];

/**
 * Task orchestration metrics through the OpenTelemetry API, under the catalog's names: queue depth
 * and running tasks kept right by the calls below, transitions, durations, retries and dead letters.
 */
export interface TaskMeter {
  /** A task entered the queue (`pending`): queue depth +1. */
  enqueued(queue: string, taskType: string): void;
  /** A queued task started after `waitSeconds`: depth −1, running +1, `pending → running`. */
  started(queue: string, taskType: string, waitSeconds?: number): void;
  /** A running task finished: running −1, duration by outcome, `running → succeeded|failed`. */
  finished(queue: string, taskType: string, outcome: 'success' | 'failure', durationSeconds: number): void;
  /** A failed task is retried (back in the queue): retries +1, depth +1, `failed → retrying`. */
  retried(queue: string, taskType: string): void;
  /** A task gave up after its last attempt: dead letters +1, `failed → dead_lettered`. */
  deadLettered(queue: string, taskType: string): void;
  /** Time a task waited for its dependencies. */
  dependencyWait(queue: string, taskType: string, seconds: number): void;
  /** Any other state transition. */
  transition(queue: string, from: OtelTaskState, to: OtelTaskState): void;
}

/** Creates the task instruments on `meter`. */
export function createTaskMeter(meter: Meter): TaskMeter {
  const t = METRICS.task;
  const depth = catalogUpDownCounter(meter, t.queueDepth);
  const running = catalogUpDownCounter(meter, t.running);
  const transitions = catalogCounter(meter, t.transitions);
  const duration = catalogHistogram(meter, t.duration);
  const wait = catalogHistogram(meter, t.waitDuration);
  const dependencyWait = catalogHistogram(meter, t.dependencyWaitDuration);
  const retries = catalogCounter(meter, t.retries);
  const deadLetters = catalogCounter(meter, t.deadLetters);
  const transition = (queue: string, from: OtelTaskState, to: OtelTaskState) =>
    transitions.add(1, { queue, from_state: from, to_state: to });

  return {
    enqueued(queue) {
      depth.add(1, { queue });
    },
    started(queue, taskType, waitSeconds) {
      depth.add(-1, { queue });
      running.add(1, { queue });
      transition(queue, 'pending', 'running');
      if (waitSeconds !== undefined) wait.record(waitSeconds, { queue, task_type: taskType });
    },
    finished(queue, taskType, outcome, durationSeconds) {
      running.add(-1, { queue });
      duration.record(durationSeconds, { queue, task_type: taskType, outcome });
      transition(queue, 'running', outcome === 'success' ? 'succeeded' : 'failed');
    },
    retried(queue, taskType) {
      retries.add(1, { queue, task_type: taskType });
      depth.add(1, { queue });
      transition(queue, 'failed', 'retrying');
    },
    deadLettered(queue, taskType) {
      deadLetters.add(1, { queue, task_type: taskType });
      transition(queue, 'failed', 'dead_lettered');
    },
    dependencyWait(queue, taskType, seconds) {
      dependencyWait.record(seconds, { queue, task_type: taskType });
    },
    transition,
  };
}
