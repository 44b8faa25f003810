import { BUCKETS } from '../model/buckets.js';
import { defineMetric } from '../model/types.js';

/**
 * HTTP server and client metrics, in the Prometheus form of the OpenTelemetry HTTP semantic
 * conventions (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/).
 */
export const httpMetrics = {
  serverRequestDuration: defineMetric({
    name: 'http_server_request_duration_seconds',
    type: 'histogram',
    help: 'Duration of HTTP server requests, in seconds.',
    unit: 'seconds',
    family: 'http',
    labels: ['http_request_method', 'http_route', 'http_response_status_code'],
    buckets: BUCKETS.httpDuration,
    otel: { name: 'http.server.request.duration', unit: 's', kind: 'histogram' },
  }),
  serverActiveRequests: defineMetric({
    name: 'http_server_active_requests',
    type: 'gauge',
    help: 'HTTP server requests in flight, as a count.',
    unit: 'count',
    family: 'http',
    labels: ['http_request_method'],
    otel: { name: 'http.server.active_requests', unit: '{request}', kind: 'updowncounter' },
  }),
  serverRequestBodySize: defineMetric({
    name: 'http_server_request_body_size_bytes',
    type: 'histogram',
    help: 'Size of HTTP server request bodies, in bytes.',
    unit: 'bytes',
    family: 'http',
    labels: ['http_request_method', 'http_route'],
    buckets: BUCKETS.bodySize,
    otel: { name: 'http.server.request.body.size', unit: 'By', kind: 'histogram' },
  }),
  serverResponseBodySize: defineMetric({
    name: 'http_server_response_body_size_bytes',
    type: 'histogram',
    help: 'Size of HTTP server response bodies, in bytes.',
    unit: 'bytes',
    family: 'http',
    labels: ['http_request_method', 'http_route', 'http_response_status_code'],
    buckets: BUCKETS.bodySize,
    otel: { name: 'http.server.response.body.size', unit: 'By', kind: 'histogram' },
  }),
} as const;

/** Outbound HTTP client metrics. */
export const httpClientMetrics = {
  requestDuration: defineMetric({
    name: 'http_client_request_duration_seconds',
    type: 'histogram',
    help: 'Duration of outbound HTTP client requests, in seconds.',
    unit: 'seconds',
    family: 'http_client',
    labels: ['http_request_method', 'server_address', 'http_response_status_code', 'error_type'],
    buckets: BUCKETS.httpDuration,
    otel: { name: 'http.client.request.duration', unit: 's', kind: 'histogram' },
  }),
} as const;
