import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_METHODS, METRICS, OTHER_VALUE } from '@obskit/catalog';
import type { Exemplar, ObskitMetrics } from '@obskit/metrics-core';
import { routeTemplateOf, trackRouteTemplate } from './route-template.js';

/** Paths left out of the HTTP metrics by default: the metrics endpoint and common health checks. */
export const DEFAULT_EXCLUDED_PATHS: readonly string[] = [
  '/metrics',
  '/health',
  '/healthz',
  '/livez',
  '/readyz',
  '/ready',
  '/favicon.ico',
];

/** The status recorded for requests whose client went away before the response ended. */
export const CLIENT_CLOSED_STATUS = 499;

/**
 * Extra labels on a separate counter (`metricName`) next to the catalog's HTTP metrics, bounded by
 * allow-lists: values outside them become `_OTHER`.
 */
export interface CustomLabelsOptions<L extends string = string> {
  /** Name of the counter, e.g. `app_http_requests_by_tier_total`. */
  readonly metricName: string;
  /** @defaultValue `'HTTP server requests by method, route, status code and custom labels, as a count.'` */
  readonly help?: string;
  /** Allowed values per custom label. */
  readonly labels: Readonly<Record<L, readonly string[]>>;
  /** Reads the custom label values when the response ends; keep it cheap and never derive from raw input without bounding it. */
  readonly values: (req: IncomingMessage, res: ServerResponse) => Partial<Record<L, string>>;
}

/** Options of {@link createExpressMiddleware}. */
export interface HttpMetricsOptions {
  /** Request paths (without query string) that are not measured. @defaultValue {@link DEFAULT_EXCLUDED_PATHS} */
  readonly excludePaths?: readonly string[];
  /** Record request and response body sizes (from `Content-Length`). @defaultValue `true` */
  readonly bodySizes?: boolean;
  /** Extra bounded labels on a separate counter. @defaultValue none */
  readonly customLabels?: CustomLabelsOptions;
  /** Trace exemplar of a request, e.g. from the active OpenTelemetry span. @defaultValue none */
  readonly exemplar?: (req: IncomingMessage) => Exemplar | undefined;
}

/** Express 4/5 middleware (also a plain `(req, res, next)` function). */
export type ExpressMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

const STANDARD_METHODS = new Set<string>(HTTP_METHODS);

/** The `http_request_method` value of a method: itself when standard, else `_OTHER`. */
export function normalizeMethod(method: string | undefined): string {
  return method !== undefined && STANDARD_METHODS.has(method) ? method : OTHER_VALUE;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function contentLength(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Creates Express 4/5 middleware that records every request once, when its response ends or its
 * client goes away: `http_server_request_duration_seconds`, `http_server_active_requests`,
 * `http_server_request_body_size_bytes` and `http_server_response_body_size_bytes`, labelled with
 * the standard method (else `_OTHER`), the route template including mounted routers' base paths
 * (`/api/orders/:id`, or `__unmatched__` for 404s and scanners) and the status code (`499` when the
 * client closed the connection first). It never changes a response and never throws: failures
 * are counted in `obskit_instrumentation_errors_total{component="middleware"}` and logged once.
 * Mount it before the routes.
 *
 * @param metrics - the app's metrics from `createMetrics`.
 * @param options - excluded paths, body sizes, custom labels, exemplars.
 * @example
 * app.use(createExpressMiddleware(metrics));
 */
export function createExpressMiddleware(
  metrics: ObskitMetrics,
  options: HttpMetricsOptions = {},
): ExpressMiddleware {
  const excluded = new Set(options.excludePaths ?? DEFAULT_EXCLUDED_PATHS);
  const bodySizes = options.bodySizes ?? true;
  const exemplarOf = options.exemplar;
  const active = metrics.gauge(METRICS.http.serverActiveRequests);
  const duration = metrics.histogram(METRICS.http.serverRequestDuration);
  const requestSize = metrics.histogram(METRICS.http.serverRequestBodySize);
  const responseSize = metrics.histogram(METRICS.http.serverResponseBodySize);
  const custom = options.customLabels;
  const customCounter = custom
    ? metrics.createCounter({
        name: custom.metricName,
        help:
          custom.help ?? 'HTTP server requests by method, route, status code and custom labels, as a count.',
        labelNames: [
          'http_request_method',
          'http_route',
          'http_response_status_code',
          ...(Object.keys(custom.labels) as string[]),
        ],
        allowLists: custom.labels as Record<string, readonly string[]>,
      })
    : undefined;
  // one label object per method, made once, for the in-flight gauge
  const activeLabels = new Map<string, { http_request_method: string }>();
  for (const m of [...HTTP_METHODS, OTHER_VALUE]) activeLabels.set(m, { http_request_method: m });

  const report = (error: unknown): void => {
    try {
      metrics.reportError('middleware', 'exception', 'express middleware', error);
    } catch {
      // nothing left to report with
    }
  };

  return function obskitHttpMetrics(req, res, next) {
    try {
      const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
      if (excluded.has(pathOf(url))) {
        next();
        return;
      }
      const start = process.hrtime.bigint();
      const method = normalizeMethod(req.method);
      const methodLabels = activeLabels.get(method) ?? { http_request_method: OTHER_VALUE };
      active.inc(methodLabels);
      trackRouteTemplate(req);
      let recorded = false;
      const done = (): void => {
        if (recorded) return;
        recorded = true;
        try {
          active.dec(methodLabels);
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          const route = routeTemplateOf(req);
          const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_STATUS;
          const labels = {
            http_request_method: method,
            http_route: route,
            http_response_status_code: status,
          };
          duration.observe(labels, seconds, exemplarOf?.(req));
          if (bodySizes) {
            const inBytes = contentLength(req.headers['content-length']);
            if (inBytes !== undefined)
              requestSize.observe({ http_request_method: method, http_route: route }, inBytes);
            const outBytes = contentLength(res.getHeader('content-length'));
            if (outBytes !== undefined) responseSize.observe(labels, outBytes);
          }
          if (customCounter && custom) customCounter.inc({ ...labels, ...custom.values(req, res) });
        } catch (error) {
          report(error);
        }
      };
      // 'close' follows 'finish' on every response, and comes alone when the client went away
      res.on('close', done);
    } catch (error) {
      report(error);
    }
    next();
  };
}
