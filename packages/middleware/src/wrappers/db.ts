import { OTHER_VALUE } from '@obskit/catalog';
import type { ObskitMetrics } from '@obskit/metrics-core';

/** SQL statement keywords kept as `db_operation_name`; any other first keyword becomes `_OTHER`. */
export const SQL_OPERATIONS = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'REPLACE',
  'UPSERT',
  'MERGE',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'PRAGMA',
  'VACUUM',
  'ANALYZE',
  'EXPLAIN',
  'CALL',
] as const;

const KNOWN_OPERATIONS = new Set<string>(SQL_OPERATIONS);

/**
 * The operation of a SQL statement: its first keyword (after comments) when it is one of
 * {@link SQL_OPERATIONS}, else `_OTHER` (a `WITH …` statement is `_OTHER`). Never returns any other
 * part of the text, so no query values reach a label.
 *
 * @param sql - the statement.
 */
export function sqlOperation(sql: string): string {
  const match = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/.exec(sql);
  const keyword = match ? match[1].toUpperCase() : '';
  return KNOWN_OPERATIONS.has(keyword) ? keyword : OTHER_VALUE;
}

/** What a query is: give `sql` to derive the operation, or name it. */
export interface DbQueryInfo {
  /** The statement; only its first keyword is used. */
  readonly sql?: string;
  /** `db_operation_name`. @defaultValue from `sql`, else `_OTHER` */
  readonly operation?: string;
  /** `db_collection_name`: the table. Give a fixed name, never one built from input. */
  readonly collection?: string;
}

/** Options of {@link createDbInstrumentation}. */
export interface DbInstrumentationOptions {
  /** `db_system_name`, e.g. `sqlite`, `postgresql`, `mysql`. */
  readonly system: string;
}

/** Timers for one database client. */
export interface DbInstrumentation {
  /** Times a promise-returning (or synchronous) query; a throw is recorded with its `error_type` and rethrown. */
  query<T>(info: DbQueryInfo | string, fn: () => Promise<T> | T): Promise<T>;
  /** Times a synchronous query (better-sqlite3) without making it a promise. */
  querySync<T>(info: DbQueryInfo | string, fn: () => T): T;
  /** Times a whole transaction as operation `TRANSACTION`. */
  transaction<T>(fn: () => Promise<T> | T, collection?: string): Promise<T>;
  /** Synchronous form of {@link DbInstrumentation.transaction}. */
  transactionSync<T>(fn: () => T, collection?: string): T;
}

/**
 * Creates query and transaction timers for any database client, recorded in
 * `db_client_operation_duration_seconds{db_system_name,db_operation_name,db_collection_name,error_type}`.
 *
 * @param metrics - the app's metrics from `createMetrics`.
 * @param options - the database system.
 * @example
 * const db = createDbInstrumentation(metrics, { system: 'sqlite' });
 * const rows = db.querySync({ sql, collection: 'orders' }, () => stmt.all(id));
 */
export function createDbInstrumentation(
  metrics: ObskitMetrics,
  options: DbInstrumentationOptions,
): DbInstrumentation {
  const system = options.system;
  const infoOf = (info: DbQueryInfo | string, collectionFallback?: string) => {
    const q = typeof info === 'string' ? { sql: info } : info;
    return {
      system,
      operation: q.operation ?? (q.sql !== undefined ? sqlOperation(q.sql) : OTHER_VALUE),
      collection: q.collection ?? collectionFallback,
    };
  };
  return {
    query: (info, fn) => metrics.db.timeQuery(infoOf(info), fn),
    querySync: (info, fn) => metrics.db.timeQuerySync(infoOf(info), fn),
    transaction: (fn, collection) =>
      metrics.db.timeQuery({ system, operation: 'TRANSACTION', collection }, fn),
    transactionSync: (fn, collection) =>
      metrics.db.timeQuerySync({ system, operation: 'TRANSACTION', collection }, fn),
  };
}
