import { METRICS } from '@obskit/catalog';
import type { AlertsConfig } from '../../config.js';
import { around, constant, counter, fires, percent, quiet, series } from '../../internal/helpers.js';
import type { AlertCase, TestSeries } from '../../model/types.js';

const { db } = METRICS;
const pool = 'main';

const bucket = (le: string, values: string): TestSeries =>
  series(
    db.operationDuration,
    { db_system_name: 'sqlite', db_operation_name: 'SELECT', le },
    values,
    '_bucket',
  );
const used = (values: string): TestSeries =>
  series(
    db.connectionCount,
    { db_client_connection_pool_name: pool, db_client_connection_state: 'used' },
    values,
  );

/** promtool cases of DbSlowQueries. */
export function dbSlowQueriesCases(config: AlertsConfig): AlertCase[] {
  return [
    fires(
      'SELECTs take between 1s and 5s',
      [bucket('1', constant(0, 30)), bucket('5', counter(10, 30)), bucket('+Inf', counter(10, 30))],
      '25m',
      [
        {
          labels: { db_system_name: 'sqlite', db_operation_name: 'SELECT' },
          // 1 + 4 * 0.95 = 4.8s
          description: `p95 of sqlite SELECT operations is 4.8s over the last ${config.windows.rate} (threshold ${config.thresholds.dbLatencyP95Seconds}s).`,
        },
      ],
    ),
    quiet(
      'SELECTs take between 10ms and 50ms',
      [bucket('0.01', constant(0, 30)), bucket('0.05', counter(10, 30)), bucket('+Inf', counter(10, 30))],
      '25m',
    ),
  ];
}

/** promtool cases of DbPoolSaturated: around the saturation s of a pool of 1000, 1000 (1 + s)/2 in use fires, 1000 s/2 does not. */
export function dbPoolSaturatedCases(config: AlertsConfig): AlertCase[] {
  const [poolLo, poolHi] = around(config.thresholds.dbPoolSaturation);
  const max = series(db.connectionMax, { db_client_connection_pool_name: pool }, constant(1000, 20));
  return [
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
  ];
}
