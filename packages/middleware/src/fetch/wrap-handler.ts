import { LABELS, OTHER_VALUE, HTTP_METHODS } from '@obskit/catalog';
import { MIDDLEWARE_CODES } from '../codes.js';
import { MiddlewareError } from '../errors.js';
import { httpServerMeasuredBy } from '@obskit/metrics-core';
import type { Exemplar, ObskitMetrics } from '@obskit/metrics-core';
import {
  CLIENT_CLOSED_STATUS,
  contentLength,
  httpServerInstruments,
  normalizeMethod,
} from '../express/middleware.js';

/** A Fetch-API route handler: Next.js App Router `GET`/`POST` exports, Hono, Deno, Bun. */
export type FetchHandler<C = unknown> = (request: Request, context: C) => Response | Promise<Response>;

/** Options of {@link wrapFetchHandler}. */
export interface WrapFetchHandlerOptions {
  /** Record request and response body sizes (from `Content-Length`); opt-in, as in the OpenTelemetry HTTP semantic conventions. @defaultValue `false` */
  readonly bodySizes?: boolean;
  /** Trace exemplar of a request. @defaultValue none */
  readonly exemplar?: (request: Request) => Exemplar | undefined;
}

const ROUTE_PATTERN = new RegExp(LABELS.http_route.bound.pattern);

/**
 * Wraps a Fetch-API handler so that every call is recorded in the catalog's HTTP server metrics
 * under an explicit route template (Next.js has no router object to read it from). The handler's
 * `Response` is returned untouched; a throw is recorded as 500 and rethrown; a request whose
 * `signal` aborted is recorded as 499. Durations end when the handler returns its `Response`
 * (streamed bodies are not waited for). Throws `OBSKIT_INVALID_ROUTE` at creation for a template
 * that is not a path. When something else records every request of `metrics` (the Next.js span
 * processor of @obskit/otel-bridge, `createNextSpanProcessor`), the wrapper records nothing, so a
 * request is never counted twice.
 *
 * @param metrics - the app's metrics from `createMetrics`.
 * @param route - the route template, e.g. `/api/orders/[id]`.
 * @param handler - the route handler.
 * @param options - body sizes and exemplars.
 * @example
 * export const GET = wrapFetchHandler(metrics, '/api/orders/[id]', async (req, { params }) => Response.json(await params));
 */
export function wrapFetchHandler<C>(
  metrics: ObskitMetrics,
  route: string,
  handler: FetchHandler<C>,
  options: WrapFetchHandlerOptions = {},
): (request: Request, context: C) => Promise<Response> {
  if (!ROUTE_PATTERN.test(route)) {
    throw new MiddlewareError(
      MIDDLEWARE_CODES.invalidRoute,
      `Invalid route template "${route}": must be ${LABELS.http_route.bound.expected}`,
    );
  }
  const bodySizes = options.bodySizes ?? false;
  const exemplarOf = options.exemplar;
  const { active, duration, requestSize, responseSize } = httpServerInstruments(metrics);
  const activeLabels = new Map<string, { http_request_method: string }>();
  for (const m of [...HTTP_METHODS, OTHER_VALUE]) activeLabels.set(m, { http_request_method: m });

  const record = (
    request: Request,
    method: string,
    start: bigint,
    status: number,
    response?: Response,
  ): void => {
    try {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const labels = { http_request_method: method, http_route: route, http_response_status_code: status };
      duration.observe(labels, seconds, exemplarOf?.(request));
      if (bodySizes) {
        const inBytes = contentLength(request.headers.get('content-length'));
        if (inBytes !== undefined)
          requestSize.observe({ http_request_method: method, http_route: route }, inBytes);
        const outBytes = response ? contentLength(response.headers.get('content-length')) : undefined;
        if (outBytes !== undefined) responseSize.observe(labels, outBytes);
      }
    } catch (error) {
      metrics.reportError('middleware', 'exception', 'fetch handler', error);
    }
  };

  return async (request, context) => {
    if (httpServerMeasuredBy(metrics) !== undefined) return handler(request, context);
    let method = OTHER_VALUE;
    let start = 0n;
    let methodLabels: { http_request_method: string } | undefined;
    try {
      method = normalizeMethod(request.method);
      start = process.hrtime.bigint();
      methodLabels = activeLabels.get(method);
      if (methodLabels) active.inc(methodLabels);
    } catch (error) {
      metrics.reportError('middleware', 'exception', 'fetch handler', error);
    }
    let response: Response;
    try {
      response = await handler(request, context);
    } catch (error) {
      if (methodLabels) active.dec(methodLabels);
      record(request, method, start, request.signal?.aborted ? CLIENT_CLOSED_STATUS : 500);
      throw error;
    }
    if (methodLabels) active.dec(methodLabels);
    record(
      request,
      method,
      start,
      request.signal?.aborted ? CLIENT_CLOSED_STATUS : response.status,
      response,
    );
    return response;
  };
}
