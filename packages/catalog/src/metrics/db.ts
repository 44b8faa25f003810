import { BUCKETS } from '../model/buckets.js';
import { defineMetric } from '../model/types.js';

/**
 * Database client metrics, in the Prometheus form of the OpenTelemetry database semantic
 * conventions (https://opentelemetry.io/docs/specs/semconv/database/database-metrics/).
 */
export const dbMetrics = {
  operationDuration: defineMetric({
    name: 'db_client_operation_duration_seconds',
    type: 'histogram',
    help: 'Duration of database client operations, in seconds.',
    unit: 'seconds',
    family: 'db',
    labels: ['db_system_name', 'db_operation_name', 'db_collection_name', 'error_type'],
    buckets: BUCKETS.dbDuration,
    otel: { name: 'db.client.operation.duration', unit: 's', kind: 'histogram' },
  }),
  // Not `db_client_connection_count` (the literal translation of the OTel name): promtool rejects
  // `_count` on anything but a histogram or summary.
  connectionCount: defineMetric({
    name: 'db_client_connections',
    type: 'gauge',
    help: 'Database connections in the pool by state (used or idle), as a count.',
    unit: 'count',
    family: 'db',
    labels: ['db_client_connection_pool_name', 'db_client_connection_state'],
    otel: { name: 'db.client.connection.count', unit: '{connection}', kind: 'updowncounter' },
  }),
  connectionMax: defineMetric({
    name: 'db_client_connection_max',
    type: 'gauge',
    help: 'Largest number of connections the pool allows, as a count.',
    unit: 'count',
    family: 'db',
    labels: ['db_client_connection_pool_name'],
    otel: { name: 'db.client.connection.max', unit: '{connection}', kind: 'updowncounter' },
  }),
  connectionPendingRequests: defineMetric({
    name: 'db_client_connection_pending_requests',
    type: 'gauge',
    help: 'Requests waiting for a free connection from the pool, as a count.',
    unit: 'count',
    family: 'db',
    labels: ['db_client_connection_pool_name'],
    otel: { name: 'db.client.connection.pending_requests', unit: '{request}', kind: 'updowncounter' },
  }),
} as const;
