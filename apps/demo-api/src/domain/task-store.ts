import type { DbQueryInfo, TaskStateName } from '../instrumentation/telemetry.js';
import type { DemoDatabase } from '../db/database.js';
import type { Task, TaskQueueName, TaskRecord, TaskType } from './task-model.js';
import { CLAIMABLE_STATES, QUEUED_STATES, WAITING_STATE } from './task-transitions.js';

/**
 * The task queue's SQL: every statement is a constant prepared once (the database caches it by its
 * text) and every value is a bound parameter; a list of values is bound as one JSON array and read
 * with `json_each`, so that no SQL text is ever assembled from values.
 */
const SQL = {
  task: 'SELECT * FROM tasks WHERE id = ?',
  dependencies: 'SELECT depends_on FROM task_dependencies WHERE task_id = ? ORDER BY depends_on',
  states: 'SELECT id, state FROM tasks WHERE id IN (SELECT value FROM json_each(?))',
  insert:
    'INSERT INTO tasks (queue, type, state, payload, attempts, max_attempts, result, last_error,' +
    ' created_at, ready_at, started_at, finished_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertDependency: 'INSERT INTO task_dependencies (task_id, depends_on) VALUES (?, ?)',
  update:
    'UPDATE tasks SET state = ?, attempts = ?, result = ?, last_error = ?, ready_at = ?, started_at = ?,' +
    ' finished_at = ?, updated_at = ? WHERE id = ?',
  nextReady:
    'SELECT * FROM tasks WHERE queue = ? AND state IN (SELECT value FROM json_each(?)) AND ready_at <= ?' +
    ' ORDER BY ready_at, id LIMIT 1',
  dependents:
    'SELECT t.* FROM tasks t JOIN task_dependencies d ON d.task_id = t.id WHERE d.depends_on = ? AND t.state = ?',
  dependencyStates:
    'SELECT t.state FROM tasks t JOIN task_dependencies d ON d.depends_on = t.id WHERE d.task_id = ?',
  listByState: 'SELECT * FROM tasks WHERE state = ? ORDER BY id DESC LIMIT ?',
  list: 'SELECT * FROM tasks ORDER BY id DESC LIMIT ?',
  counts: 'SELECT queue, state, COUNT(*) AS n FROM tasks GROUP BY queue, state',
  depths:
    'SELECT queue, COUNT(*) AS n FROM tasks WHERE state IN (SELECT value FROM json_each(?)) GROUP BY queue',
} as const;

const SELECT_TASKS: DbQueryInfo = { operation: 'SELECT', collection: 'tasks' };

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
  updated_at: number;
}

const toRecord = (row: TaskRow): TaskRecord => ({
  id: row.id,
  queue: row.queue,
  type: row.type,
  state: row.state,
  payload: JSON.parse(row.payload) as Record<string, unknown>,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
  result: row.result === null ? undefined : JSON.parse(row.result),
  lastError: row.last_error,
  createdAt: row.created_at,
  readyAt: row.ready_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  updatedAt: row.updated_at,
});

const isoOf = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** One task, `undefined` when there is none with that id. */
export function readTask(db: DemoDatabase, id: number): TaskRecord | undefined {
  const row = db.get<TaskRow>(SELECT_TASKS, SQL.task, [id]);
  return row && toRecord(row);
}

/** A stored task as the API returns it, with the ids it depends on. */
export function taskView(db: DemoDatabase, task: TaskRecord): Task {
  const dependsOn = db
    .all<{ depends_on: number }>({ operation: 'SELECT', collection: 'task_dependencies' }, SQL.dependencies, [
      task.id,
    ])
    .map((d) => d.depends_on);
  return {
    id: task.id,
    queue: task.queue,
    type: task.type,
    state: task.state,
    payload: task.payload,
    attempts: task.attempts,
    maxAttempts: task.maxAttempts,
    dependsOn,
    result: task.result ?? null,
    lastError: task.lastError,
    createdAt: new Date(task.createdAt).toISOString(),
    startedAt: isoOf(task.startedAt),
    finishedAt: isoOf(task.finishedAt),
  };
}

/** The id and state of each of `ids` that exists. */
export function readStates(db: DemoDatabase, ids: readonly number[]): { id: number; state: TaskStateName }[] {
  return db.all(SELECT_TASKS, SQL.states, [JSON.stringify(ids)]);
}

/** Stores a new task and its dependencies; returns its id. */
export function insertTask(
  db: DemoDatabase,
  task: Omit<TaskRecord, 'id'>,
  dependsOn: readonly number[],
): number {
  const { lastInsertRowid: id } = db.run({ operation: 'INSERT', collection: 'tasks' }, SQL.insert, [
    task.queue,
    task.type,
    task.state,
    JSON.stringify(task.payload),
    task.attempts,
    task.maxAttempts,
    task.result === undefined ? null : JSON.stringify(task.result),
    task.lastError,
    task.createdAt,
    task.readyAt,
    task.startedAt,
    task.finishedAt,
    task.updatedAt,
  ]);
  for (const dep of dependsOn) {
    db.run({ operation: 'INSERT', collection: 'task_dependencies' }, SQL.insertDependency, [id, dep]);
  }
  return id;
}

/** Writes a task's lifecycle fields (state, attempts, result, error and times) back. */
export function updateTask(db: DemoDatabase, task: TaskRecord): void {
  db.run({ operation: 'UPDATE', collection: 'tasks' }, SQL.update, [
    task.state,
    task.attempts,
    task.result === undefined ? null : JSON.stringify(task.result),
    task.lastError,
    task.readyAt,
    task.startedAt,
    task.finishedAt,
    task.updatedAt,
    task.id,
  ]);
}

/** The next task of `queue` a worker may claim at `at`: the one ready first (then the oldest). */
export function readNextReady(db: DemoDatabase, queue: TaskQueueName, at: number): TaskRecord | undefined {
  const row = db.get<TaskRow>(SELECT_TASKS, SQL.nextReady, [queue, JSON.stringify(CLAIMABLE_STATES), at]);
  return row && toRecord(row);
}

/** The tasks that still wait for task `id`. */
export function readWaitingDependents(db: DemoDatabase, id: number): TaskRecord[] {
  return db.all<TaskRow>(SELECT_TASKS, SQL.dependents, [id, WAITING_STATE]).map(toRecord);
}

/** The states of the tasks that task `id` depends on. */
export function readDependencyStates(db: DemoDatabase, id: number): TaskStateName[] {
  return db.all<{ state: TaskStateName }>(SELECT_TASKS, SQL.dependencyStates, [id]).map((d) => d.state);
}

/** The latest tasks, newest first, optionally in one state only. */
export function listTasks(db: DemoDatabase, filter: { state?: TaskStateName; limit: number }): TaskRecord[] {
  const rows = filter.state
    ? db.all<TaskRow>(SELECT_TASKS, SQL.listByState, [filter.state, filter.limit])
    : db.all<TaskRow>(SELECT_TASKS, SQL.list, [filter.limit]);
  return rows.map(toRecord);
}

/** Task counts by state, per queue. */
export function countTasks(db: DemoDatabase): Record<TaskQueueName, Partial<Record<TaskStateName, number>>> {
  const rows = db.all<{ queue: TaskQueueName; state: TaskStateName; n: number }>(SELECT_TASKS, SQL.counts);
  const counts: Record<TaskQueueName, Partial<Record<TaskStateName, number>>> = {
    agents: {},
    integrations: {},
  };
  for (const r of rows) counts[r.queue][r.state] = r.n;
  return counts;
}

/** Queued tasks (pending, waiting or retrying) per queue; queues without any are missing. */
export function countQueued(db: DemoDatabase): { queue: TaskQueueName; n: number }[] {
  return db.all(SELECT_TASKS, SQL.depths, [JSON.stringify(QUEUED_STATES)]);
}
