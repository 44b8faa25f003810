import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DbQueryInfo, DemoTelemetry } from '../instrumentation/telemetry.js';

type Params = readonly unknown[] | Record<string, unknown>;

/** The demo's SQLite database, every query timed through the telemetry seam. */
export interface DemoDatabase {
  /** File path of the database (`:memory:` for an in-memory one). */
  readonly path: string;
  run(info: DbQueryInfo, sql: string, params?: Params): { changes: number; lastInsertRowid: number };
  get<T>(info: DbQueryInfo, sql: string, params?: Params): T | undefined;
  all<T>(info: DbQueryInfo, sql: string, params?: Params): T[];
  /** Runs `fn` in one IMMEDIATE transaction (the writer lock is taken up front). */
  transaction<T>(fn: () => T): T;
  readonly isOpen: boolean;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  result TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  ready_at INTEGER,
  started_at INTEGER,
  finished_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_by_state ON tasks (queue, state, ready_at, id);
CREATE TABLE IF NOT EXISTS task_dependencies (
  task_id INTEGER NOT NULL REFERENCES tasks (id),
  depends_on INTEGER NOT NULL REFERENCES tasks (id),
  PRIMARY KEY (task_id, depends_on)
);
CREATE INDEX IF NOT EXISTS task_dependencies_by_dependency ON task_dependencies (depends_on);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE TABLE IF NOT EXISTS agent_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  agent TEXT NOT NULL,
  status TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  created_at INTEGER NOT NULL
);
`;

/**
 * Opens (and creates when missing) the SQLite file at `path` in WAL mode, so that cluster workers
 * can share it, and creates the schema.
 */
export function openDatabase(path: string, telemetry: DemoTelemetry): DemoDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  telemetry.dbPool({ open: true });
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const args = (params?: Params): unknown[] =>
    params === undefined ? [] : Array.isArray(params) ? [...params] : [params];
  return {
    path,
    run: (info, sql, params) =>
      telemetry.dbQuery(info, () => {
        const r = prepare(sql).run(...args(params));
        return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
      }),
    get: <T>(info: DbQueryInfo, sql: string, params?: Params) =>
      telemetry.dbQuery(info, () => prepare(sql).get(...args(params)) as T | undefined),
    all: <T>(info: DbQueryInfo, sql: string, params?: Params) =>
      telemetry.dbQuery(info, () => prepare(sql).all(...args(params)) as T[]),
    transaction: <T>(fn: () => T) => db.transaction(fn).immediate(),
    get isOpen() {
      return db.open;
    },
    close: () => {
      if (!db.open) return;
      db.close();
      telemetry.dbPool({ open: false });
    },
  };
}
