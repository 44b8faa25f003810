import { METRICS } from '@obskit/catalog';
import { histogramQuantile, selector } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import { num } from '../../internal/helpers.js';
import { alertName } from '../../alerts.js';
import type { Runbook } from '../../model/types.js';

const { db } = METRICS;

const usedConnections = `sum by (job, db_client_connection_pool_name) (${selector(db.connectionCount, { matchers: { db_client_connection_state: 'used' } })})`;

/** Runbook of DbSlowQueries. */
export function dbSlowQueriesRunbook(config: AlertsConfig): Runbook {
  return {
    meaning: `The 95th percentile of ${db.operationDuration.name} for one operation is above ${config.thresholds.dbLatencyP95Seconds}s.`,
    impact: 'Every request and task that touches the database slows down.',
    diagnosis: [
      {
        title: 'p95 by operation and table',
        query: histogramQuantile(0.95, db.operationDuration, config.windows.rate, {
          by: ['job', 'db_operation_name', 'db_collection_name'],
        }),
      },
      { title: 'Pool usage', query: usedConnections },
    ],
    fixes: [
      'Find the slow table and query; add an index or rewrite the query.',
      'Check locks and long transactions; for SQLite, check for a writer holding the lock.',
      'Check disk latency of the database host.',
    ],
  };
}

/** Runbook of DbPoolSaturated. */
export function dbPoolSaturatedRunbook(config: AlertsConfig): Runbook {
  return {
    meaning: `Connections in use exceed ${num(config.thresholds.dbPoolSaturation * 100)}% of the pool's maximum.`,
    impact: 'New operations wait for a free connection; latency rises, then requests time out.',
    diagnosis: [
      { title: 'Used connections', query: usedConnections },
      {
        title: 'Requests waiting for a connection',
        query: `sum by (job, db_client_connection_pool_name) (${selector(db.connectionPendingRequests)})`,
      },
    ],
    fixes: [
      `Look for slow queries or leaked connections (${alertName(config, 'DbSlowQueries')}).`,
      'Raise the pool size if the database has headroom.',
    ],
  };
}
