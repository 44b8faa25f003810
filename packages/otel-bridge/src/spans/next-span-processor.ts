import type { Attributes, Context, HrTime } from '@opentelemetry/api';
import { LABELS, UNMATCHED_ROUTE } from '@obskit/catalog';
import { claimHttpServerMeasurement } from '@obskit/metrics-core';
import type { ObskitMetrics } from '@obskit/metrics-core';

/** The span Next.js opens for every request it serves (`BaseServerSpan.handleRequest`). */
export const NEXT_REQUEST_SPAN_TYPE = 'BaseServer.handleRequest';

/** Routes not measured by default: the scrape endpoint itself. */
export const DEFAULT_NEXT_EXCLUDED_ROUTES: readonly string[] = ['/metrics', '/api/metrics'];

/** What the processor reads of an ended span (a subset of the SDK's `ReadableSpan`). */
export interface EndedSpan {
  readonly attributes: Attributes;
  readonly duration: HrTime;
}

/** A span processor (structurally an OpenTelemetry SDK `SpanProcessor`). */
export interface NextSpanProcessor {
  onStart(span: unknown, parentContext: Context): void;
  onEnd(span: EndedSpan): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Options of {@link createNextSpanProcessor}. */
export interface NextSpanProcessorOptions {
  /** Route templates not measured. @defaultValue {@link DEFAULT_NEXT_EXCLUDED_ROUTES} */
  readonly excludeRoutes?: readonly string[];
}

const ROUTE_PATTERN = new RegExp(LABELS.http_route.bound.pattern);
// Next.js's own not-found page and error pages answer requests that matched no route
const UNMATCHED_ROUTES = new Set(['/_not-found', '/_error', '/404', '/500', '/_global-error']);

/**
 * A span processor that turns the span Next.js emits for each request it serves into the
 * catalog's HTTP server metrics (`http_server_request_duration_seconds` with Next's own route
 * template, the final status and the whole handling time): pages, route handlers, server actions,
 * 404s and errors, each recorded once. It claims the metrics instance's HTTP server requests, so
 * `wrapFetchHandler` of @obskit/middleware stops recording them (no request is counted twice).
 * Requests Next.js serves without a route (404s, static files it could not find) share
 * `__unmatched__`. Next.js emits these spans only when a tracer provider is registered; register
 * one in `instrumentation.ts` with this processor (see the README). Never throws: a span that
 * cannot be read is reported through `metrics.reportError` and dropped.
 *
 * @param metrics - the app's metrics (the same instance the `/metrics` route serves).
 * @param options - excluded routes.
 * @example
 * new NodeTracerProvider({ spanProcessors: [createNextSpanProcessor(metrics)] }).register();
 */
export function createNextSpanProcessor(
  metrics: Pick<ObskitMetrics, 'http' | 'reportError'>,
  options: NextSpanProcessorOptions = {},
): NextSpanProcessor {
  const excluded = new Set(options.excludeRoutes ?? DEFAULT_NEXT_EXCLUDED_ROUTES);
  claimHttpServerMeasurement(metrics, 'next-spans');
  return {
    onStart: () => undefined,
    onEnd(span) {
      try {
        const a = span.attributes;
        if (a['next.span_type'] !== NEXT_REQUEST_SPAN_TYPE) return;
        const status = a['http.status_code'];
        const method = a['http.method'];
        if (typeof status !== 'number' || typeof method !== 'string') return;
        const rawRoute = a['http.route'] ?? a['next.route'];
        const route =
          typeof rawRoute === 'string' && !UNMATCHED_ROUTES.has(rawRoute) && ROUTE_PATTERN.test(rawRoute)
            ? rawRoute
            : UNMATCHED_ROUTE;
        if (excluded.has(route)) return;
        metrics.http.recordServerRequest({
          method,
          route,
          statusCode: status,
          durationSeconds: span.duration[0] + span.duration[1] / 1e9,
        });
      } catch (error) {
        try {
          metrics.reportError('otel-bridge', 'exception', 'next span processor', error);
        } catch {
          // reporting is best effort
        }
      }
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
