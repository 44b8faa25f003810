/**
 * The task state machine, as pure functions over plain values: each transition takes a task and the
 * time and returns the task as it is stored next and the events it produced, in order. No I/O — the
 * store reads and writes the tasks, the runner reports the events.
 *
 * ```
 * enqueue → pending | waiting ─(dependencies succeeded)→ pending   (already ended: settled at enqueue)
 *                     waiting ─(a dependency dead-lettered or cancelled)→ cancelled
 * pending | retrying → running → succeeded
 *                      running → failed → retrying (attempts left) | dead_lettered
 * ```
 */
import type { TaskStateName } from '../instrumentation/telemetry.js';
import {
  TASK_TYPES,
  type NewTask,
  type TaskOutcome,
  type TaskQueueName,
  type TaskRecord,
  type TaskType,
} from './task-model.js';

/** States a worker may claim a task in (once its `readyAt` has come). */
export const CLAIMABLE_STATES = ['pending', 'retrying'] as const satisfies readonly TaskStateName[];
/** States that count into the queue depth. */
export const QUEUED_STATES = ['pending', 'waiting', 'retrying'] as const satisfies readonly TaskStateName[];
/** The state of a task that waits for its dependencies. */
export const WAITING_STATE = 'waiting' satisfies TaskStateName;

/** Something the queue reports about a task, one per telemetry call. */
export type TaskEvent =
  | { readonly kind: 'enqueued'; readonly queue: TaskQueueName; readonly state: TaskStateName }
  | {
      readonly kind: 'transition';
      readonly queue: TaskQueueName;
      readonly from: TaskStateName;
      readonly to: TaskStateName;
    }
  | { readonly kind: 'waited' | 'dependencyWaited'; readonly task: TaskKind; readonly seconds: number }
  | {
      readonly kind: 'finished';
      readonly task: TaskKind;
      readonly outcome: 'success' | 'failure';
      readonly seconds: number;
    }
  | { readonly kind: 'retried' | 'deadLettered'; readonly task: TaskKind };

/** The labels of a task's events. */
export interface TaskKind {
  readonly queue: TaskQueueName;
  readonly taskType: TaskType;
}

/** What one transition yields: the task as it is stored next and its events, in order. */
export interface TaskTransition<T extends Omit<TaskRecord, 'id'> = TaskRecord> {
  readonly task: T;
  readonly events: readonly TaskEvent[];
}

/** What a waiting task's dependencies say: release it, cancel it, or keep it waiting. */
export type DependencyVerdict = 'release' | 'cancel' | 'wait';

/**
 * Judges a waiting task by its dependencies' states: one dead-lettered or cancelled dependency
 * cancels it, all of them succeeded release it.
 */
export function dependencyVerdict(states: readonly TaskStateName[]): DependencyVerdict {
  if (states.some((s) => s === 'dead_lettered' || s === 'cancelled')) return 'cancel';
  return states.every((s) => s === 'succeeded') ? 'release' : 'wait';
}

/** Whether a task in `state` has ended, so that the tasks waiting for it can be settled. */
export function hasEnded(state: TaskStateName): boolean {
  return state === 'succeeded' || state === 'dead_lettered' || state === 'cancelled';
}

const kindOf = (task: Pick<TaskRecord, 'queue' | 'type'>): TaskKind => ({
  queue: task.queue,
  taskType: task.type,
});

const transition = (task: Pick<TaskRecord, 'queue'>, from: TaskStateName, to: TaskStateName): TaskEvent => ({
  kind: 'transition',
  queue: task.queue,
  from,
  to,
});

/**
 * A new task (without its id): `pending`, or `waiting` when it names dependencies. Dependencies that
 * have already ended settle it right away (`pending` or `cancelled`); no dependency wait is recorded
 * for it, as it never waited.
 * @param dependencyStates - the states of the tasks it depends on; empty when it depends on none
 */
export function newTask(
  input: NewTask,
  dependencyStates: readonly TaskStateName[],
  at: number,
): TaskTransition<Omit<TaskRecord, 'id'>> {
  const queue = TASK_TYPES[input.type];
  const waits = dependencyStates.length > 0;
  const verdict = waits ? dependencyVerdict(dependencyStates) : 'release';
  const state: TaskStateName =
    verdict === 'release' ? 'pending' : verdict === 'cancel' ? 'cancelled' : WAITING_STATE;
  const events: TaskEvent[] = [{ kind: 'enqueued', queue, state: waits ? WAITING_STATE : 'pending' }];
  if (waits && state !== WAITING_STATE) events.push(transition({ queue }, WAITING_STATE, state));
  return {
    task: {
      queue,
      type: input.type,
      state,
      payload: input.payload ?? {},
      attempts: 0,
      maxAttempts: input.maxAttempts ?? 3,
      result: undefined,
      lastError: null,
      createdAt: at,
      readyAt: state === 'pending' ? at : null,
      startedAt: null,
      finishedAt: state === 'cancelled' ? at : null,
      updatedAt: at,
    },
    events,
  };
}

/**
 * A worker claims a `pending` or `retrying` task: `running`, one more attempt. The queue wait (from
 * ready to started) is recorded on the first attempt only.
 */
export function claimTask(task: TaskRecord, at: number): TaskTransition {
  const attempts = task.attempts + 1;
  const events: TaskEvent[] = [transition(task, task.state, 'running')];
  if (attempts === 1) {
    events.push({
      kind: 'waited',
      task: kindOf(task),
      seconds: (at - (task.readyAt ?? task.createdAt)) / 1000,
    });
  }
  return { task: { ...task, state: 'running', attempts, startedAt: at, updatedAt: at }, events };
}

/** Options of {@link finishTask}. */
export interface FinishTaskOptions {
  /** Base retry back-off, ms; it doubles per attempt. */
  readonly retryBackoffMs: number;
}

/**
 * A running task's executor reported `outcome`: `succeeded` with its result, or `failed` with its
 * error and then `retrying` (after the back-off) while attempts are left, else `dead_lettered`.
 */
export function finishTask(
  task: TaskRecord,
  outcome: TaskOutcome,
  at: number,
  options: FinishTaskOptions,
): TaskTransition {
  const seconds = (at - (task.startedAt ?? at)) / 1000;
  if (outcome.ok) {
    return {
      task: { ...task, state: 'succeeded', result: outcome.result ?? null, finishedAt: at, updatedAt: at },
      events: [
        transition(task, task.state, 'succeeded'),
        { kind: 'finished', task: kindOf(task), outcome: 'success', seconds },
      ],
    };
  }
  const failed: TaskEvent[] = [
    transition(task, task.state, 'failed'),
    { kind: 'finished', task: kindOf(task), outcome: 'failure', seconds },
  ];
  const base = { ...task, lastError: outcome.error, updatedAt: at };
  if (task.attempts < task.maxAttempts) {
    const readyAt = at + options.retryBackoffMs * 2 ** (task.attempts - 1);
    return {
      task: { ...base, state: 'retrying', readyAt },
      events: [...failed, transition(task, 'failed', 'retrying'), { kind: 'retried', task: kindOf(task) }],
    };
  }
  return {
    task: { ...base, state: 'dead_lettered', finishedAt: at },
    events: [
      ...failed,
      transition(task, 'failed', 'dead_lettered'),
      { kind: 'deadLettered', task: kindOf(task) },
    ],
  };
}

/**
 * Settles a `waiting` task whose dependencies may have ended: `pending` (dependency wait recorded,
 * from its creation) when all succeeded, `cancelled` when one was dead-lettered or cancelled;
 * `undefined` while it still has to wait, or when it no longer waits.
 */
export function settleDependent(
  task: TaskRecord,
  dependencyStates: readonly TaskStateName[],
  at: number,
): TaskTransition | undefined {
  if (task.state !== WAITING_STATE) return undefined;
  const verdict = dependencyVerdict(dependencyStates);
  if (verdict === 'cancel') {
    return {
      task: { ...task, state: 'cancelled', finishedAt: at, updatedAt: at },
      events: [transition(task, WAITING_STATE, 'cancelled')],
    };
  }
  if (verdict === 'wait') return undefined;
  return {
    task: { ...task, state: 'pending', readyAt: at, updatedAt: at },
    events: [
      transition(task, WAITING_STATE, 'pending'),
      { kind: 'dependencyWaited', task: kindOf(task), seconds: (at - task.createdAt) / 1000 },
    ],
  };
}
