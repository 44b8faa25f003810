import type { DemoDatabase } from '../db/database.js';
import type { DemoTelemetry, TaskStateName } from '../instrumentation/telemetry.js';
import {
  TASK_QUEUES,
  TASK_TYPES,
  UnknownDependencyError,
  type NewTask,
  type Task,
  type TaskExecutor,
  type TaskQueueName,
} from './task-model.js';
import { createTaskRunner, recordTaskEvents } from './task-runner.js';
import {
  countQueued,
  countTasks,
  insertTask,
  listTasks,
  readStates,
  readTask,
  taskView,
} from './task-store.js';
import { newTask } from './task-transitions.js';

export { TASK_QUEUES, TASK_TYPES, UnknownDependencyError } from './task-model.js';
export type { NewTask, Task, TaskExecutor, TaskOutcome, TaskQueueName, TaskType } from './task-model.js';

/** Options of {@link createTaskQueue}. */
export interface TaskQueueOptions {
  readonly db: DemoDatabase;
  readonly telemetry: DemoTelemetry;
  readonly executor: TaskExecutor;
  /** Concurrent task runners per queue. @defaultValue agents 4, integrations 2 */
  readonly concurrency?: Partial<Record<TaskQueueName, number>>;
  /** Idle poll interval, ms. @defaultValue 100 */
  readonly pollIntervalMs?: number;
  /** Base retry back-off, ms (doubles per attempt). @defaultValue 200 */
  readonly retryBackoffMs?: number;
  /** Extra pause after each task, ms: how `queue-backlog` slows the workers. */
  readonly pauseAfterTaskMs?: () => number;
  readonly now?: () => number;
}

/** The SQLite task queue with dependencies, retries and a dead-letter state. */
export interface TaskQueue {
  enqueue(task: NewTask): Task;
  get(id: number): Task | undefined;
  list(filter?: { state?: TaskStateName; limit?: number }): Task[];
  /** Task counts by state, per queue. */
  counts(): Record<TaskQueueName, Partial<Record<TaskStateName, number>>>;
  /** Re-reads depth and running counts into the gauges. */
  refreshGauges(): void;
  /** Starts the runners. */
  start(): void;
  /** Stops taking tasks and waits for the running ones to finish. */
  stop(): Promise<void>;
}

/**
 * Stores a new task in one transaction, settled at once by dependencies that have already ended;
 * returns its id.
 * @throws UnknownDependencyError when a dependency does not exist (nothing is stored)
 */
function submitTask(options: TaskQueueOptions, now: () => number, task: NewTask): number {
  const { db } = options;
  const dependsOn = [...new Set(task.dependsOn ?? [])];
  const { id, events } = db.transaction(() => {
    const found = dependsOn.length > 0 ? readStates(db, dependsOn) : [];
    const missing = dependsOn.filter((dep) => !found.some((f) => f.id === dep));
    if (missing.length > 0) throw new UnknownDependencyError(missing);
    const created = newTask(
      task,
      found.map((f) => f.state),
      now(),
    );
    return { id: insertTask(db, created.task, dependsOn), events: created.events };
  });
  recordTaskEvents(options.telemetry, events);
  return id;
}

/**
 * Creates a {@link TaskQueue} over the demo database: the store (task-store.ts) holds the SQL, the
 * state machine (task-transitions.ts) moves the tasks, the runner (task-runner.ts) works them off.
 */
export function createTaskQueue(options: TaskQueueOptions): TaskQueue {
  const { db, telemetry } = options;
  const now = options.now ?? Date.now;
  for (const [type, queue] of Object.entries(TASK_TYPES)) telemetry.primeTaskCounters(queue, type);
  const get = (id: number): Task | undefined => {
    const task = readTask(db, id);
    return task && taskView(db, task);
  };
  const refreshGauges = (): void => {
    if (!db.isOpen) return;
    const queued = countQueued(db);
    for (const queue of TASK_QUEUES)
      telemetry.queueDepth(queue, queued.find((q) => q.queue === queue)?.n ?? 0);
  };
  const runner = createTaskRunner({
    db,
    telemetry,
    executor: options.executor,
    concurrency: { agents: 4, integrations: 2, ...options.concurrency },
    pollIntervalMs: options.pollIntervalMs ?? 100,
    retryBackoffMs: options.retryBackoffMs ?? 200,
    pauseAfterTaskMs: options.pauseAfterTaskMs,
    now,
    refreshGauges,
  });
  return {
    enqueue(task) {
      const id = submitTask(options, now, task);
      refreshGauges();
      runner.wake();
      return get(id) as Task;
    },
    get,
    list: (filter = {}) =>
      listTasks(db, { state: filter.state, limit: Math.min(Math.max(filter.limit ?? 50, 1), 500) }).map(
        (task) => taskView(db, task),
      ),
    counts: () => countTasks(db),
    refreshGauges,
    start: () => runner.start(),
    stop: () => runner.stop(),
  };
}
