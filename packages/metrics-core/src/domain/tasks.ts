import { METRICS, type TASK_STATES } from '@obskit/catalog';
import { settled, type DomainInstruments } from './instruments.js';

/** States of an orchestrated task (the catalog's `from_state`/`to_state` values). */
export type TaskState = (typeof TASK_STATES)[number];

/** Where a task runs. */
export interface TaskInfo {
  readonly queue: string;
  readonly taskType?: string;
  /** The task waits for other tasks before it may start (state `waiting` instead of `pending`). */
  readonly waitingOnDependencies?: boolean;
}

/**
 * One task's lifecycle. Every method is idempotent where it matters: queue depth and running count
 * move exactly once per transition, so they stay right whatever order the caller's code fails in.
 */
export interface TaskTracker {
  readonly state: TaskState;
  /** The dependencies finished: `waiting` → `pending`, dependency wait time recorded. */
  dependenciesResolved(): void;
  /** Queued → `running`: queue depth down, running up, queue wait time recorded. */
  started(): void;
  /** `running` → `succeeded`. */
  finished(): void;
  /**
   * → `failed`; with `retry` the task is queued again (`retrying`, retries counted), with
   * `deadLetter` it ends `dead_lettered`.
   */
  failed(options?: { retry?: boolean; deadLetter?: boolean }): void;
  /** → `cancelled` from any non-final state. */
  cancelled(): void;
}

/** Task orchestration helpers. */
export interface TaskHelpers {
  /** A task entered the queue; returns its tracker. */
  enqueued(info: TaskInfo): TaskTracker;
  /** Enqueues, starts and runs `fn`; finished or failed by its outcome (rethrown). */
  run<T>(info: TaskInfo, fn: () => Promise<T> | T): Promise<T>;
  /** Starts an enqueued task and runs `fn`; finished or failed (and retried if `retry`) by its outcome. */
  execute<T>(task: TaskTracker, fn: () => Promise<T> | T, options?: { retry?: boolean }): Promise<T>;
}

const QUEUED = new Set<TaskState>(['pending', 'waiting', 'retrying']);
const FINAL = new Set<TaskState>(['succeeded', 'failed', 'dead_lettered', 'cancelled']);

/** The catalog's task instruments on `ins`. */
function taskInstruments(ins: DomainInstruments) {
  const t = METRICS.task;
  return {
    depth: ins.gauge(t.queueDepth),
    running: ins.gauge(t.running),
    transitions: ins.counter(t.transitions),
    duration: ins.histogram(t.duration),
    wait: ins.histogram(t.waitDuration),
    depWait: ins.histogram(t.dependencyWaitDuration),
    retries: ins.counter(t.retries),
    deadLetters: ins.counter(t.deadLetters),
  };
}

/** Starts `task` and runs `fn`; finished or failed (and retried if `retry`) by its outcome. */
function executeTask<T>(
  task: TaskTracker,
  fn: () => Promise<T> | T,
  options?: { retry?: boolean },
): Promise<T> {
  task.started();
  return settled(fn, (_error, failed) => {
    if (failed) task.failed({ retry: options?.retry });
    else task.finished();
  });
}

/** Builds the task helpers over the catalog's task metrics on any {@link DomainInstruments}. */
export function createTaskHelpers(ins: DomainInstruments): TaskHelpers {
  const t = METRICS.task;
  const { depth, running, transitions, duration, wait, depWait, retries, deadLetters } = taskInstruments(ins);
  const seconds = (since: number) => Math.max(0, (ins.clock() - since) / 1000);

  const enqueued = (info: TaskInfo): TaskTracker => {
    const queue = { queue: info.queue };
    const typed = { queue: info.queue, task_type: info.taskType };
    let state: TaskState = info.waitingOnDependencies ? 'waiting' : 'pending';
    let queuedAt = ins.clock();
    let startedAt = 0;
    depth.inc(queue);
    transitions.inc({ queue: info.queue, to_state: state });

    const move = (to: TaskState) => {
      transitions.inc({ queue: info.queue, from_state: state, to_state: to });
      state = to;
    };
    const misuse = (what: string) =>
      ins.report(
        'metrics-core',
        'invalid_value',
        `${t.transitions.name}: ${what} on a task in state "${state}"`,
      );
    const leaveQueue = () => depth.dec(queue);
    const endRun = (outcome: 'success' | 'failure') => {
      running.dec(queue);
      duration.observe({ ...typed, outcome }, seconds(startedAt));
    };

    return {
      get state() {
        return state;
      },
      dependenciesResolved() {
        if (state !== 'waiting') return misuse('dependenciesResolved()');
        depWait.observe(typed, seconds(queuedAt));
        move('pending');
      },
      started() {
        if (!QUEUED.has(state)) return misuse('started()');
        leaveQueue();
        wait.observe(typed, seconds(queuedAt));
        running.inc(queue);
        startedAt = ins.clock();
        move('running');
      },
      finished() {
        if (state !== 'running') return misuse('finished()');
        endRun('success');
        move('succeeded');
      },
      failed(options = {}) {
        if (FINAL.has(state)) return misuse('failed()');
        if (state === 'running') endRun('failure');
        else leaveQueue();
        move('failed');
        if (options.retry) {
          retries.inc(typed);
          move('retrying');
          depth.inc(queue);
          queuedAt = ins.clock();
        } else if (options.deadLetter) {
          deadLetters.inc(typed);
          move('dead_lettered');
        }
      },
      cancelled() {
        if (FINAL.has(state)) return misuse('cancelled()');
        if (state === 'running') endRun('failure');
        else leaveQueue();
        move('cancelled');
      },
    };
  };

  return { enqueued, execute: executeTask, run: (info, fn) => executeTask(enqueued(info), fn) };
}
