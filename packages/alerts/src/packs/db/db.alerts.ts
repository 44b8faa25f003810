import { METRICS } from '@obskit/catalog';
import { histogramQuantile, selector } from '@obskit/promql';
import type { PackAlert } from '../../alerts.js';
import type { AlertsConfig } from '../../config.js';
import { withScope } from '../../internal/helpers.js';
import type { AlertDefinition } from '../../model/types.js';
import { dbPoolSaturatedCases, dbSlowQueriesCases } from './db.cases.js';
import { dbPoolSaturatedRunbook, dbSlowQueriesRunbook } from './db.runbooks.js';

const { db } = METRICS;

/** An alert of the db pack. */
type DbAlert = PackAlert<'db'>;

/** p95 of one database operation above its threshold. */
export function dbSlowQueries(config: AlertsConfig): DbAlert {
  const t = config.thresholds;
  const w = config.windows.rate;
  return {
    name: 'DbSlowQueries',
    expr: `${histogramQuantile(0.95, db.operationDuration, w, {
      matchers: withScope(config, db.operationDuration),
      by: ['job', 'db_system_name', 'db_operation_name'],
    })} > ${t.dbLatencyP95Seconds}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'Database operations are slow.',
    description: `p95 of {{ $labels.db_system_name }} {{ $labels.db_operation_name }} operations is {{ $value | humanizeDuration }} over the last ${w} (threshold ${t.dbLatencyP95Seconds}s).`,
    runbook: dbSlowQueriesRunbook(config),
    tests: dbSlowQueriesCases(config),
  };
}

/** Connections in use of a pool above a share of its maximum. */
export function dbPoolSaturated(config: AlertsConfig): DbAlert {
  const usedSelector = selector(db.connectionCount, {
    matchers: withScope(config, db.connectionCount, { db_client_connection_state: 'used' }),
  });
  const maxSelector = selector(db.connectionMax, { matchers: withScope(config, db.connectionMax) });
  return {
    name: 'DbPoolSaturated',
    expr: `sum by (job, db_client_connection_pool_name) (${usedSelector}) / sum by (job, db_client_connection_pool_name) (${maxSelector}) > ${config.thresholds.dbPoolSaturation}`,
    for: config.for.short,
    severity: 'warning',
    summary: 'A database connection pool is nearly exhausted.',
    description: `Pool {{ $labels.db_client_connection_pool_name }} uses {{ $value | humanizePercentage }} of its connections.`,
    runbook: dbPoolSaturatedRunbook(config),
    tests: dbPoolSaturatedCases(config),
  };
}

/** The alerts of the db pack, in rendering order. */
const DB_ALERTS: ReadonlyArray<(config: AlertsConfig) => DbAlert> = [dbSlowQueries, dbPoolSaturated];

/** Alerts on the database client: slow queries and connection-pool saturation. */
export function buildDbAlerts(config: AlertsConfig): AlertDefinition[] {
  return DB_ALERTS.map((alert) => alert(config));
}
