import type { DemoDatabase } from '../db/database.js';
import type { DemoTelemetry } from '../instrumentation/telemetry.js';
import {
  TASK_QUEUES,
  type Task,
  type TaskExecutor,
  type TaskOutcome,
  type TaskQueueName,
  type TaskRecord,
} from './task-model.js';
import {
  readDependencyStates,
  readNextReady,
  readWaitingDependents,
  taskView,
  updateTask,
} from './task-store.js';
import { claimTask, finishTask, hasEnded, settleDependent, type TaskEvent } from './task-transitions.js';

/** Reports the state machine's events through the demo's telemetry, one call each, in order. */
export function recordTaskEvents(telemetry: DemoTelemetry, events: readonly TaskEvent[]): void {
  for (const event of events) {
    switch (event.kind) {
      case 'enqueued':
        telemetry.taskEnqueued(event.queue, event.state);
        break;
      case 'transition':
        telemetry.taskTransition(event.queue, event.from, event.to);
        break;
      case 'waited':
        telemetry.taskWaited({ ...event.task, seconds: event.seconds });
        break;
      case 'dependencyWaited':
        telemetry.taskDependencyWaited({ ...event.task, seconds: event.seconds });
        break;
      case 'finished':
        telemetry.taskFinished({ ...event.task, outcome: event.outcome, seconds: event.seconds });
        break;
      case 'retried':
        telemetry.taskRetried(event.task.queue, event.task.taskType);
        break;
      case 'deadLettered':
        telemetry.taskDeadLettered(event.task.queue, event.task.taskType);
        break;
    }
  }
}

/**
 * After task `id` ended, releases or cancels the tasks that wait for it, and what waited for those
 * it cancelled; returns their events. A task reached twice (it waits for several of them) is settled
 * once.
 */
function settleDependents(
  db: DemoDatabase,
  id: number,
  at: number,
  settled = new Set<number>(),
): TaskEvent[] {
  const events: TaskEvent[] = [];
  for (const dependent of readWaitingDependents(db, id)) {
    if (settled.has(dependent.id)) continue;
    const step = settleDependent(dependent, readDependencyStates(db, dependent.id), at);
    if (!step) continue;
    settled.add(dependent.id);
    updateTask(db, step.task);
    events.push(...step.events);
    if (hasEnded(step.task.state)) events.push(...settleDependents(db, dependent.id, at, settled));
  }
  return events;
}

/** What the runner's workers share. */
export interface TaskRunnerOptions {
  readonly db: DemoDatabase;
  readonly telemetry: DemoTelemetry;
  readonly executor: TaskExecutor;
  /** Concurrent workers per queue. */
  readonly concurrency: Readonly<Record<TaskQueueName, number>>;
  /** Idle poll interval, ms. */
  readonly pollIntervalMs: number;
  /** Base retry back-off, ms (doubles per attempt). */
  readonly retryBackoffMs: number;
  /** Extra pause after each task, ms. */
  readonly pauseAfterTaskMs?: () => number;
  readonly now: () => number;
  /** Re-reads the queue gauges: on start and after each task. */
  readonly refreshGauges: () => void;
}

/** Claims the next ready task of `queue` in one transaction; `undefined` when none is ready. */
function claimNext(options: TaskRunnerOptions, queue: TaskQueueName): TaskRecord | undefined {
  const { db } = options;
  const step = db.transaction(() => {
    const at = options.now();
    const ready = readNextReady(db, queue, at);
    if (!ready) return undefined;
    const claimed = claimTask(ready, at);
    updateTask(db, claimed.task);
    return claimed;
  });
  if (!step) return undefined;
  recordTaskEvents(options.telemetry, step.events);
  return step.task;
}

function tryClaimNext(options: TaskRunnerOptions, queue: TaskQueueName): TaskRecord | undefined {
  try {
    return claimNext(options, queue);
  } catch {
    return undefined; // SQLITE_BUSY under contention: try again on the next tick
  }
}

/** Stores a claimed task's outcome and settles what waited for it, in one transaction. */
function complete(options: TaskRunnerOptions, task: TaskRecord, outcome: TaskOutcome): void {
  const { db } = options;
  // Read before the writer lock, as the task's duration ends when its executor returned.
  const at = options.now();
  const events = db.transaction(() => {
    const finished = finishTask(task, outcome, at, options);
    updateTask(db, finished.task);
    if (!hasEnded(finished.task.state)) return finished.events;
    return [...finished.events, ...settleDependents(db, task.id, at)];
  });
  recordTaskEvents(options.telemetry, events);
}

/** Runs one task; a throw (reading it included) counts as a failure. */
async function execute(executor: TaskExecutor, task: () => Task): Promise<TaskOutcome> {
  try {
    return await executor(task());
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Sleeps that {@link Wakeups.wakeAll} cuts short. */
interface Wakeups {
  sleep(ms: number): Promise<void>;
  wakeAll(): void;
}

function createWakeups(): Wakeups {
  const pending = new Set<() => void>();
  return {
    sleep: (ms) =>
      new Promise((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          pending.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        pending.add(wake);
      }),
    wakeAll: () => {
      for (const wake of [...pending]) wake();
    },
  };
}

/** What one worker loop reads of its runner. */
interface WorkerContext {
  readonly options: TaskRunnerOptions;
  readonly wakeups: Wakeups;
  readonly isRunning: () => boolean;
  /** Tasks running now, per queue (the `tasksRunning` gauge). */
  readonly running: Record<TaskQueueName, number>;
}

/** One worker: claims, runs and completes tasks of `queue` until the runner stops. */
async function work(context: WorkerContext, queue: TaskQueueName): Promise<void> {
  const { options, running } = context;
  while (context.isRunning()) {
    const task = tryClaimNext(options, queue);
    if (!task) {
      await context.wakeups.sleep(options.pollIntervalMs);
      continue;
    }
    options.telemetry.tasksRunning(queue, (running[queue] += 1));
    const outcome = await execute(options.executor, () => taskView(options.db, task));
    options.telemetry.tasksRunning(queue, (running[queue] -= 1));
    if (!options.db.isOpen) return;
    complete(options, task, outcome);
    options.refreshGauges();
    const pause = options.pauseAfterTaskMs?.() ?? 0;
    // Not woken by new tasks: this pause is the slowdown itself.
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** The task queue's workers. */
export interface TaskRunner {
  /** Starts the workers (no-op when running). */
  start(): void;
  /** Stops taking tasks and waits for the running ones to finish. */
  stop(): Promise<void>;
  /** Wakes idle workers: a task was enqueued. */
  wake(): void;
}

/** Creates the workers of the task queue: `concurrency[queue]` loops per queue over the store. */
export function createTaskRunner(options: TaskRunnerOptions): TaskRunner {
  const wakeups = createWakeups();
  const loops: Promise<void>[] = [];
  let running = false;
  return {
    start() {
      if (running) return;
      running = true;
      const context: WorkerContext = {
        options,
        wakeups,
        isRunning: () => running,
        running: { agents: 0, integrations: 0 },
      };
      for (const queue of TASK_QUEUES) {
        options.telemetry.tasksRunning(queue, 0);
        for (let i = 0; i < options.concurrency[queue]; i++) loops.push(work(context, queue));
      }
      options.refreshGauges();
    },
    async stop() {
      running = false;
      wakeups.wakeAll();
      await Promise.all(loops.splice(0));
    },
    wake: () => wakeups.wakeAll(),
  };
}
