import { METRICS } from '@obskit/catalog';
import { histogramQuantile, selector } from '@obskit/promql';
import type { AlertsConfig } from '../config.js';
import {
  around,
  constant,
  counter,
  fires,
  num,
  percent,
  quiet,
  series,
  withScope,
} from '../internal/helpers.js';
import type { AlertDefinition } from '../model/types.js';

const { db } = METRICS;
const pool = 'main';

/** Alerts on the database client: slow queries and connection-pool saturation. */
export function buildDbAlerts(config: AlertsConfig): AlertDefinition[] {
  const t = config.thresholds;
  const w = config.windows.rate;
  const bucket = (le: string, values: string) =>
    series(
      db.operationDuration,
      { db_system_name: 'sqlite', db_operation_name: 'SELECT', le },
      values,
      '_bucket',
    );
  const used = (values: string) =>
    series(
      db.connectionCount,
      { db_client_connection_pool_name: pool, db_client_connection_state: 'used' },
      values,
    );
  const max = series(db.connectionMax, { db_client_connection_pool_name: pool }, constant(1000, 20));
  const [poolLo, poolHi] = around(t.dbPoolSaturation);
  const usedSelector = selector(db.connectionCount, {
    matchers: withScope(config, db.connectionCount, { db_client_connection_state: 'used' }),
  });
  const maxSelector = selector(db.connectionMax, { matchers: withScope(config, db.connectionMax) });

  return [
    {
      name: 'DbSlowQueries',
      expr: `${histogramQuantile(0.95, db.operationDuration, w, {
        matchers: withScope(config, db.operationDuration),
        by: ['job', 'db_system_name', 'db_operation_name'],
      })} > ${t.dbLatencyP95Seconds}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'Database operations are slow.',
      description: `p95 of {{ $labels.db_system_name }} {{ $labels.db_operation_name }} operations is {{ $value | humanizeDuration }} over the last ${w} (threshold ${t.dbLatencyP95Seconds}s).`,
      runbook: {
        meaning: `The 95th percentile of ${db.operationDuration.name} for one operation is above ${t.dbLatencyP95Seconds}s.`,
        impact: 'Every request and task that touches the database slows down.',
        diagnosis: [
          {
            title: 'p95 by operation and table',
            query: histogramQuantile(0.95, db.operationDuration, w, {
              by: ['job', 'db_operation_name', 'db_collection_name'],
            }),
          },
          {
            title: 'Pool usage',
            query: `sum by (job, db_client_connection_pool_name) (${selector(db.connectionCount, { matchers: { db_client_connection_state: 'used' } })})`,
          },
        ],
        fixes: [
          'Find the slow table and query; add an index or rewrite the query.',
          'Check locks and long transactions; for SQLite, check for a writer holding the lock.',
          'Check disk latency of the database host.',
        ],
      },
      tests: [
        fires(
          'SELECTs take between 1s and 5s',
          [bucket('1', constant(0, 30)), bucket('5', counter(10, 30)), bucket('+Inf', counter(10, 30))],
          '25m',
          [
            {
              labels: { db_system_name: 'sqlite', db_operation_name: 'SELECT' },
              // 1 + 4 * 0.95 = 4.8s
              description: `p95 of sqlite SELECT operations is 4.8s over the last ${w} (threshold ${t.dbLatencyP95Seconds}s).`,
            },
          ],
        ),
        quiet(
          'SELECTs take between 10ms and 50ms',
          [bucket('0.01', constant(0, 30)), bucket('0.05', counter(10, 30)), bucket('+Inf', counter(10, 30))],
          '25m',
        ),
      ],
    },
    {
      name: 'DbPoolSaturated',
      expr: `sum by (job, db_client_connection_pool_name) (${usedSelector}) / sum by (job, db_client_connection_pool_name) (${maxSelector}) > ${t.dbPoolSaturation}`,
      for: config.for.short,
      severity: 'warning',
      summary: 'A database connection pool is nearly exhausted.',
      description: `Pool {{ $labels.db_client_connection_pool_name }} uses {{ $value | humanizePercentage }} of its connections.`,
      runbook: {
        meaning: `Connections in use exceed ${num(t.dbPoolSaturation * 100)}% of the pool's maximum.`,
        impact: 'New operations wait for a free connection; latency rises, then requests time out.',
        diagnosis: [
          {
            title: 'Used connections',
            query: `sum by (job, db_client_connection_pool_name) (${selector(db.connectionCount, { matchers: { db_client_connection_state: 'used' } })})`,
          },
          {
            title: 'Requests waiting for a connection',
            query: `sum by (job, db_client_connection_pool_name) (${selector(db.connectionPendingRequests)})`,
          },
        ],
        fixes: [
          'Look for slow queries or leaked connections (ObskitDbSlowQueries).',
          'Raise the pool size if the database has headroom.',
        ],
      },
      tests: [
        // Around the saturation s of a pool of 1000: 1000 (1 + s)/2 in use fires, 1000 s/2 does not.
        fires(
          `${Math.round(1000 * poolHi)} of 1000 connections in use`,
          [used(constant(Math.round(1000 * poolHi), 20)), max],
          '10m',
          [
            {
              labels: { db_client_connection_pool_name: pool },
              description: `Pool main uses ${percent(poolHi)} of its connections.`,
            },
          ],
        ),
        quiet(
          `${Math.round(1000 * poolLo)} of 1000 connections in use`,
          [used(constant(Math.round(1000 * poolLo), 20)), max],
          '10m',
        ),
      ],
    },
  ];
}
