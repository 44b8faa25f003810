import { ObskitError } from '@obskit/catalog';
import type { DemoDatabase } from '../db/database.js';
import type { DemoTelemetry, TaskStateName } from '../instrumentation/telemetry.js';

/** Queues of the demo: agent work and flaky integrations. */
export const TASK_QUEUES = ['agents', 'integrations'] as const;
/** One of {@link TASK_QUEUES}. */
export type TaskQueueName = (typeof TASK_QUEUES)[number];
/** Task types and the queue each runs on. */
export const TASK_TYPES = {
  plan: 'agents',
  research: 'agents',
  code: 'agents',
  review: 'agents',
  sync: 'integrations',
} as const satisfies Record<string, TaskQueueName>;
/** One of the keys of {@link TASK_TYPES}. */
export type TaskType = keyof typeof TASK_TYPES;

/** A task as the API returns it. */
export interface Task {
  readonly id: number;
  readonly queue: TaskQueueName;
  readonly type: TaskType;
  readonly state: TaskStateName;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly dependsOn: number[];
  readonly result: unknown;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** What the executor of a task reports. */
export type TaskOutcome = { ok: true; result: unknown } | { ok: false; error: string };

/** Runs one task; must not throw (a throw counts as a failure). */
export type TaskExecutor = (task: Task) => Promise<TaskOutcome>;

/** A new task. */
export interface NewTask {
  readonly type: TaskType;
  readonly payload?: Record<string, unknown>;
  readonly dependsOn?: readonly number[];
  readonly maxAttempts?: number;
}

interface TaskRow {
  id: number;
  queue: TaskQueueName;
  type: TaskType;
  state: TaskStateName;
  payload: string;
  attempts: number;
  max_attempts: number;
  result: string | null;
  last_error: string | null;
  created_at: number;
  ready_at: number | null;
  started_at: number | null;
  finished_at: number | null;
}

/** A dependency named in a new task does not exist. */
export class UnknownDependencyError extends ObskitError {
  constructor(readonly missing: readonly number[]) {
    super(
      'DEMO_UNKNOWN_DEPENDENCY',
      `Unknown task id${missing.length === 1 ? '' : 's'} in "dependsOn": ${missing.join(', ')}`,
    );
  }
}

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

const QUEUED_STATES = "('pending', 'waiting', 'retrying')";

/** Creates a {@link TaskQueue} over the demo database. */
export function createTaskQueue(options: TaskQueueOptions): TaskQueue {
  const { db, telemetry, executor } = options;
  const now = options.now ?? Date.now;
  const concurrency: Record<TaskQueueName, number> = { agents: 4, integrations: 2, ...options.concurrency };
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const retryBackoffMs = options.retryBackoffMs ?? 200;
  for (const [type, queue] of Object.entries(TASK_TYPES)) telemetry.primeTaskCounters(queue, type);
  let running = false;
  const loops: Promise<void>[] = [];
  const wakeups = new Set<() => void>();

  const toTask = (row: TaskRow): Task => ({
    id: row.id,
    queue: row.queue,
    type: row.type,
    state: row.state,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    dependsOn: db
      .all<{ depends_on: number }>(
        { operation: 'SELECT', collection: 'task_dependencies' },
        'SELECT depends_on FROM task_dependencies WHERE task_id = ? ORDER BY depends_on',
        [row.id],
      )
      .map((d) => d.depends_on),
    result: row.result === null ? null : JSON.parse(row.result),
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: row.started_at === null ? null : new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  });

  const getRow = (id: number): TaskRow | undefined =>
    db.get<TaskRow>({ operation: 'SELECT', collection: 'tasks' }, 'SELECT * FROM tasks WHERE id = ?', [id]);

  const setState = (row: TaskRow, to: TaskStateName, extra = ''): void => {
    db.run(
      { operation: 'UPDATE', collection: 'tasks' },
      `UPDATE tasks SET state = ?, updated_at = ?${extra} WHERE id = ?`,
      [to, now(), row.id],
    );
    telemetry.taskTransition(row.queue, row.state, to);
    row.state = to;
  };

  /** After `id` reached a terminal state, release or cancel the tasks that wait for it. */
  const settleDependents = (id: number): void => {
    const dependents = db.all<TaskRow>(
      { operation: 'SELECT', collection: 'tasks' },
      `SELECT t.* FROM tasks t JOIN task_dependencies d ON d.task_id = t.id
       WHERE d.depends_on = ? AND t.state = 'waiting'`,
      [id],
    );
    for (const dependent of dependents) {
      const deps = db.all<{ state: TaskStateName }>(
        { operation: 'SELECT', collection: 'tasks' },
        `SELECT t.state FROM tasks t JOIN task_dependencies d ON d.depends_on = t.id WHERE d.task_id = ?`,
        [dependent.id],
      );
      if (deps.some((d) => d.state === 'dead_lettered' || d.state === 'cancelled')) {
        setState(dependent, 'cancelled', ', finished_at = ' + now());
        settleDependents(dependent.id);
      } else if (deps.every((d) => d.state === 'succeeded')) {
        const t = now();
        setState(dependent, 'pending', ', ready_at = ' + t);
        telemetry.taskDependencyWaited({
          queue: dependent.queue,
          taskType: dependent.type,
          seconds: (t - dependent.created_at) / 1000,
        });
      }
    }
  };

  const claim = (queue: TaskQueueName): TaskRow | undefined =>
    db.transaction(() => {
      const row = db.get<TaskRow>(
        { operation: 'SELECT', collection: 'tasks' },
        `SELECT * FROM tasks WHERE queue = ? AND state IN ('pending', 'retrying') AND ready_at <= ?
         ORDER BY ready_at, id LIMIT 1`,
        [queue, now()],
      );
      if (!row) return undefined;
      const t = now();
      setState(row, 'running', `, attempts = attempts + 1, started_at = ${t}`);
      row.attempts += 1;
      row.started_at = t;
      if (row.attempts === 1) {
        telemetry.taskWaited({
          queue,
          taskType: row.type,
          seconds: (t - (row.ready_at ?? row.created_at)) / 1000,
        });
      }
      return row;
    });

  const finish = (row: TaskRow, outcome: TaskOutcome): void => {
    const seconds = (now() - (row.started_at ?? now())) / 1000;
    db.transaction(() => {
      if (outcome.ok) {
        db.run(
          { operation: 'UPDATE', collection: 'tasks' },
          'UPDATE tasks SET result = ?, finished_at = ? WHERE id = ?',
          [JSON.stringify(outcome.result ?? null), now(), row.id],
        );
        setState(row, 'succeeded');
        telemetry.taskFinished({ queue: row.queue, taskType: row.type, outcome: 'success', seconds });
        settleDependents(row.id);
        return;
      }
      db.run({ operation: 'UPDATE', collection: 'tasks' }, 'UPDATE tasks SET last_error = ? WHERE id = ?', [
        outcome.error,
        row.id,
      ]);
      setState(row, 'failed');
      telemetry.taskFinished({ queue: row.queue, taskType: row.type, outcome: 'failure', seconds });
      if (row.attempts < row.max_attempts) {
        const readyAt = now() + retryBackoffMs * 2 ** (row.attempts - 1);
        setState(row, 'retrying', `, ready_at = ${readyAt}`);
        telemetry.taskRetried(row.queue, row.type);
      } else {
        setState(row, 'dead_lettered', `, finished_at = ${now()}`);
        telemetry.taskDeadLettered(row.queue, row.type);
        settleDependents(row.id);
      }
    });
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        wakeups.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakeups.add(wake);
    });

  let runningNow: Record<TaskQueueName, number> = { agents: 0, integrations: 0 };

  const loop = async (queue: TaskQueueName): Promise<void> => {
    while (running) {
      let row: TaskRow | undefined;
      try {
        row = claim(queue);
      } catch {
        row = undefined; // SQLITE_BUSY under contention: try again on the next tick
      }
      if (!row) {
        await sleep(pollIntervalMs);
        continue;
      }
      runningNow[queue] += 1;
      telemetry.tasksRunning(queue, runningNow[queue]);
      let outcome: TaskOutcome;
      try {
        outcome = await executor(toTask(row));
      } catch (error) {
        outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      runningNow[queue] -= 1;
      telemetry.tasksRunning(queue, runningNow[queue]);
      if (!db.isOpen) return;
      finish(row, outcome);
      queue_.refreshGauges();
      const pause = options.pauseAfterTaskMs?.() ?? 0;
      // Not woken by new tasks: this pause is the slowdown itself.
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };

  const queue_: TaskQueue = {
    enqueue(task) {
      const queue = TASK_TYPES[task.type];
      const dependsOn = [...new Set(task.dependsOn ?? [])];
      const created = db.transaction(() => {
        if (dependsOn.length > 0) {
          const found = db.all<{ id: number; state: TaskStateName }>(
            { operation: 'SELECT', collection: 'tasks' },
            `SELECT id, state FROM tasks WHERE id IN (${dependsOn.map(() => '?').join(', ')})`,
            dependsOn,
          );
          const missing = dependsOn.filter((id) => !found.some((f) => f.id === id));
          if (missing.length > 0) throw new UnknownDependencyError(missing);
        }
        const t = now();
        const { lastInsertRowid: id } = db.run(
          { operation: 'INSERT', collection: 'tasks' },
          `INSERT INTO tasks (queue, type, state, payload, max_attempts, created_at, ready_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            queue,
            task.type,
            dependsOn.length > 0 ? 'waiting' : 'pending',
            JSON.stringify(task.payload ?? {}),
            task.maxAttempts ?? 3,
            t,
            dependsOn.length > 0 ? null : t,
            t,
          ],
        );
        telemetry.taskEnqueued(queue, dependsOn.length > 0 ? 'waiting' : 'pending');
        for (const dep of dependsOn) {
          db.run(
            { operation: 'INSERT', collection: 'task_dependencies' },
            'INSERT INTO task_dependencies (task_id, depends_on) VALUES (?, ?)',
            [id, dep],
          );
        }
        // Dependencies that have already finished are settled right away.
        if (dependsOn.length > 0) {
          const row = getRow(id);
          const deps = db.all<{ state: TaskStateName }>(
            { operation: 'SELECT', collection: 'tasks' },
            `SELECT state FROM tasks WHERE id IN (${dependsOn.map(() => '?').join(', ')})`,
            dependsOn,
          );
          if (row && deps.some((d) => d.state === 'dead_lettered' || d.state === 'cancelled')) {
            setState(row, 'cancelled', `, finished_at = ${t}`);
          } else if (row && deps.every((d) => d.state === 'succeeded')) {
            setState(row, 'pending', `, ready_at = ${t}`);
          }
        }
        return getRow(id) as TaskRow;
      });
      queue_.refreshGauges();
      for (const wake of [...wakeups]) wake();
      return toTask(created);
    },
    get(id) {
      const row = getRow(id);
      return row ? toTask(row) : undefined;
    },
    list(filter = {}) {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
      const rows = filter.state
        ? db.all<TaskRow>(
            { operation: 'SELECT', collection: 'tasks' },
            'SELECT * FROM tasks WHERE state = ? ORDER BY id DESC LIMIT ?',
            [filter.state, limit],
          )
        : db.all<TaskRow>(
            { operation: 'SELECT', collection: 'tasks' },
            'SELECT * FROM tasks ORDER BY id DESC LIMIT ?',
            [limit],
          );
      return rows.map(toTask);
    },
    counts() {
      const rows = db.all<{ queue: TaskQueueName; state: TaskStateName; n: number }>(
        { operation: 'SELECT', collection: 'tasks' },
        'SELECT queue, state, COUNT(*) AS n FROM tasks GROUP BY queue, state',
      );
      const counts: Record<TaskQueueName, Partial<Record<TaskStateName, number>>> = {
        agents: {},
        integrations: {},
      };
      for (const r of rows) counts[r.queue][r.state] = r.n;
      return counts;
    },
    refreshGauges() {
      if (!db.isOpen) return;
      const rows = db.all<{ queue: TaskQueueName; n: number }>(
        { operation: 'SELECT', collection: 'tasks' },
        `SELECT queue, COUNT(*) AS n FROM tasks WHERE state IN ${QUEUED_STATES} GROUP BY queue`,
      );
      for (const queue of TASK_QUEUES) {
        telemetry.queueDepth(queue, rows.find((r) => r.queue === queue)?.n ?? 0);
      }
    },
    start() {
      if (running) return;
      running = true;
      runningNow = { agents: 0, integrations: 0 };
      for (const queue of TASK_QUEUES) {
        telemetry.tasksRunning(queue, 0);
        for (let i = 0; i < concurrency[queue]; i++) loops.push(loop(queue));
      }
      queue_.refreshGauges();
    },
    async stop() {
      running = false;
      for (const wake of [...wakeups]) wake();
      await Promise.all(loops.splice(0));
    },
  };
  return queue_;
}
