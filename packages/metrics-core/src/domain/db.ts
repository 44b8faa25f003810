import { METRICS } from '@obskit/catalog';
import { classifyError, type ErrorType } from '../classify-error.js';
import type { Exemplar } from '../types.js';
import { settled, type Instruments } from './instruments.js';

/** What a database operation is: `db_system_name`, `db_operation_name`, `db_collection_name`. */
export interface DbOperationInfo {
  /** e.g. `sqlite`, `postgresql`. */
  readonly system: string;
  /** e.g. `SELECT`; never the query text. */
  readonly operation: string;
  /** Table or collection. */
  readonly collection?: string;
  readonly exemplar?: Exemplar;
}

/** A connection pool's current state. */
export interface DbPoolState {
  readonly pool: string;
  readonly used: number;
  readonly idle: number;
  readonly max?: number;
  /** Requests waiting for a connection. */
  readonly pending?: number;
}

/** Database client helpers. */
export interface DbHelpers {
  /** Times an async (or sync) query; a throw is recorded with its `error_type` and rethrown. */
  timeQuery<T>(info: DbOperationInfo, fn: () => Promise<T> | T): Promise<T>;
  /** Times a synchronous query (better-sqlite3) without turning it into a promise. */
  timeQuerySync<T>(info: DbOperationInfo, fn: () => T): T;
  recordQuery(info: DbOperationInfo & { durationSeconds: number; errorType?: ErrorType }): void;
  setPool(state: DbPoolState): void;
}

/** Builds the DB helpers over the catalog's DB client metrics. */
export function createDbHelpers(ins: Instruments): DbHelpers {
  const d = METRICS.db;
  const duration = ins.histogram(d.operationDuration);
  const count = ins.gauge(d.connectionCount);
  const max = ins.gauge(d.connectionMax);
  const pending = ins.gauge(d.connectionPendingRequests);

  const recordQuery: DbHelpers['recordQuery'] = (info) =>
    duration.observe(
      {
        db_system_name: info.system,
        db_operation_name: info.operation,
        db_collection_name: info.collection,
        error_type: info.errorType,
      },
      info.durationSeconds,
      info.exemplar,
    );
  const since = (start: number) => Math.max(0, (ins.clock() - start) / 1000);

  return {
    recordQuery,
    timeQuery(info, fn) {
      const start = ins.clock();
      return settled(fn, (error, failed) =>
        recordQuery({
          ...info,
          durationSeconds: since(start),
          errorType: failed ? classifyError(error) : undefined,
        }),
      );
    },
    timeQuerySync(info, fn) {
      const start = ins.clock();
      try {
        const result = fn();
        recordQuery({ ...info, durationSeconds: since(start) });
        return result;
      } catch (error) {
        recordQuery({ ...info, durationSeconds: since(start), errorType: classifyError(error) });
        throw error;
      }
    },
    setPool(state) {
      const pool = { db_client_connection_pool_name: state.pool };
      count.set({ ...pool, db_client_connection_state: 'used' }, state.used);
      count.set({ ...pool, db_client_connection_state: 'idle' }, state.idle);
      if (state.max !== undefined) max.set(pool, state.max);
      if (state.pending !== undefined) pending.set(pool, state.pending);
    },
  };
}
