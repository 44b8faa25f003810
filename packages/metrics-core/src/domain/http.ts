import { METRICS } from '@obskit/catalog';
import type { ErrorType } from '../classify-error.js';
import type { Exemplar } from '../types.js';
import type { Instruments } from './instruments.js';

/** A finished inbound HTTP request. */
export interface HttpServerRequest {
  readonly method: string;
  /** Route template (`/orders/:id`) or `__unmatched__`; never the raw URL. */
  readonly route: string;
  readonly statusCode: number;
  readonly durationSeconds: number;
  readonly requestBytes?: number;
  readonly responseBytes?: number;
  readonly exemplar?: Exemplar;
}

/** A finished outbound HTTP request. */
export interface HttpClientRequest {
  readonly method: string;
  /** Host name of the server. */
  readonly serverAddress: string;
  /** Absent when no response came (connection error, timeout). */
  readonly statusCode?: number;
  readonly durationSeconds: number;
  readonly errorType?: ErrorType;
  readonly exemplar?: Exemplar;
}

/** HTTP helpers for code that is not behind @obskit/middleware. */
export interface HttpHelpers {
  recordServerRequest(req: HttpServerRequest): void;
  recordClientRequest(req: HttpClientRequest): void;
  /** `http_server_active_requests` up; call the returned function when the response ends. */
  requestStarted(method: string): () => void;
}

/** Builds the HTTP helpers over the catalog's HTTP metrics. */
export function createHttpHelpers(ins: Instruments): HttpHelpers {
  const h = METRICS.http;
  const duration = ins.histogram(h.serverRequestDuration);
  const active = ins.gauge(h.serverActiveRequests);
  const reqSize = ins.histogram(h.serverRequestBodySize);
  const resSize = ins.histogram(h.serverResponseBodySize);
  const client = ins.histogram(METRICS.httpClient.requestDuration);
  return {
    recordServerRequest(req) {
      const labels = {
        http_request_method: req.method,
        http_route: req.route,
        http_response_status_code: req.statusCode,
      };
      duration.observe(labels, req.durationSeconds, req.exemplar);
      if (req.requestBytes !== undefined) {
        reqSize.observe({ http_request_method: req.method, http_route: req.route }, req.requestBytes);
      }
      if (req.responseBytes !== undefined) resSize.observe(labels, req.responseBytes);
    },
    recordClientRequest(req) {
      client.observe(
        {
          http_request_method: req.method,
          server_address: req.serverAddress,
          http_response_status_code: req.statusCode,
          error_type: req.errorType,
        },
        req.durationSeconds,
        req.exemplar,
      );
    },
    requestStarted(method) {
      const labels = { http_request_method: method };
      active.inc(labels);
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        active.dec(labels);
      };
    },
  };
}
