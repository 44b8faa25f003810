import { METRICS, type TASK_STATES } from '@obskit/catalog';
import type { Meter } from '@opentelemetry/api';
import { catalogCounter, catalogHistogram, catalogUpDownCounter } from './instruments.js';

/** A task state of the catalog. */
export type OtelTaskState = (typeof TASK_STATES)[number];

/** A task as it enters a queue. */
export interface OtelTaskInfo {
  readonly queue: string;
  readonly taskType?: string;
  /** The task waits for other tasks first (`waiting`, not `pending`). */
  readonly waitingOnDependencies?: boolean;
}

/** One task's life; every call records its transition and keeps queue depth and running counts right. */
export interface OtelTaskTracker {
  readonly state: OtelTaskState;
  dependenciesResolved(): void;
  started(): void;
  finished(): void;
  failed(options?: { retry?: boolean; deadLetter?: boolean }): void;
  cancelled(): void;
}

/**
 * Task orchestration metrics through the OpenTelemetry API, under the catalog's names and with the
 * same transitions as metrics-core's `tasks` helpers: queue depth, running tasks, transitions,
 * durations, waits, retries and dead letters.
 */
export interface TaskMeter {
  /** A task entered its queue; use the tracker for the rest of its life. */
  enqueued(info: OtelTaskInfo): OtelTaskTracker;
}

/** Options of {@link createTaskMeter}. */
export interface TaskMeterOptions {
  /** Milliseconds since the Unix epoch. @defaultValue `Date.now` */
  readonly clock?: () => number;
}

const QUEUED = new Set<OtelTaskState>(['pending', 'waiting', 'retrying']);
const FINAL = new Set<OtelTaskState>(['succeeded', 'failed', 'dead_lettered', 'cancelled']);

/**
 * Creates the task instruments on `meter`. A call that does not fit the task's state (finishing a
 * task that never started) records nothing.
 */
export function createTaskMeter(meter: Meter, options: TaskMeterOptions = {}): TaskMeter {
  const clock = options.clock ?? Date.now;
  const t = METRICS.task;
  const depth = catalogUpDownCounter(meter, t.queueDepth);
  const running = catalogUpDownCounter(meter, t.running);
  const transitions = catalogCounter(meter, t.transitions);
  const duration = catalogHistogram(meter, t.duration);
  const wait = catalogHistogram(meter, t.waitDuration);
  const dependencyWait = catalogHistogram(meter, t.dependencyWaitDuration);
  const retries = catalogCounter(meter, t.retries);
  const deadLetters = catalogCounter(meter, t.deadLetters);
  const seconds = (since: number) => Math.max(0, (clock() - since) / 1000);

  return {
    enqueued(info) {
      const queue = { queue: info.queue };
      const typed = info.taskType === undefined ? queue : { queue: info.queue, task_type: info.taskType };
      let state: OtelTaskState = info.waitingOnDependencies ? 'waiting' : 'pending';
      let queuedAt = clock();
      let startedAt = 0;
      depth.add(1, queue);
      transitions.add(1, { queue: info.queue, to_state: state });

      const move = (to: OtelTaskState) => {
        transitions.add(1, { queue: info.queue, from_state: state, to_state: to });
        state = to;
      };
      const endRun = (outcome: 'success' | 'failure') => {
        running.add(-1, queue);
        duration.record(seconds(startedAt), { ...typed, outcome });
      };

      return {
        get state() {
          return state;
        },
        dependenciesResolved() {
          if (state !== 'waiting') return;
          dependencyWait.record(seconds(queuedAt), typed);
          move('pending');
        },
        started() {
          if (!QUEUED.has(state)) return;
          depth.add(-1, queue);
          wait.record(seconds(queuedAt), typed);
          running.add(1, queue);
          startedAt = clock();
          move('running');
        },
        finished() {
          if (state !== 'running') return;
          endRun('success');
          move('succeeded');
        },
        failed(failure = {}) {
          if (FINAL.has(state)) return;
          if (state === 'running') endRun('failure');
          else depth.add(-1, queue);
          move('failed');
          if (failure.retry) {
            retries.add(1, typed);
            move('retrying');
            depth.add(1, queue);
            queuedAt = clock();
          } else if (failure.deadLetter) {
            deadLetters.add(1, typed);
            move('dead_lettered');
          }
        },
        cancelled() {
          if (FINAL.has(state)) return;
          if (state === 'running') endRun('failure');
          else depth.add(-1, queue);
          move('cancelled');
        },
      };
    },
  };
}
