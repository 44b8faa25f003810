import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { HTTP_METHODS, METRICS, OTHER_VALUE } from '@obskit/catalog';
import type { BoundHistogram, Exemplar, ObskitMetrics } from '@obskit/metrics-core';
import { CLIENT_CLOSED_STATUS, DEFAULT_EXCLUDED_PATHS } from '../constants.js';
import { routeTemplateOf, trackRouteTemplate } from './route-template.js';

export { CLIENT_CLOSED_STATUS, DEFAULT_EXCLUDED_PATHS };

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
  /**
   * Record request and response body sizes (from `Content-Length`). Opt-in, as in the OpenTelemetry
   * HTTP semantic conventions: two more header reads and histogram observations per request.
   * @defaultValue `false`
   */
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

/** `http_request_method` values by index; the index of a request's method is its slot in counts and caches. */
const METHOD_VALUES: readonly string[] = [...HTTP_METHODS, OTHER_VALUE];
const METHOD_INDEX = new Map<string, number>(METHOD_VALUES.map((m, i) => [m, i]));
const OTHER_INDEX = METHOD_VALUES.length - 1;

/** Route templates with cached series per middleware; past it, series are looked up per request. */
const MAX_CACHED_ROUTES = 1000;
/** Cached (status, method) series per route template. */
const MAX_CACHED_PER_ROUTE = 200;

/** The series of one (route, status, method), resolved once. */
interface ResponseSeries {
  readonly labels: {
    readonly http_request_method: string;
    readonly http_route: string;
    readonly http_response_status_code: number;
  };
  readonly duration: BoundHistogram;
  /** bound at the first response with a `Content-Length` */
  responseSize: BoundHistogram | undefined;
}

/** Cached series of one route template. */
interface RouteSeries {
  /** by `status * METHOD_VALUES.length + method index` */
  readonly responses: Map<number, ResponseSeries>;
  /** request body sizes by method index, bound at the first request with a `Content-Length` */
  readonly requestSize: Array<BoundHistogram | undefined>;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * A body size from a `Content-Length` header value (a number, a string, or absent as `undefined` or
 * `null`); `undefined` unless it is a finite non-negative number. Shared with the Fetch wrapper.
 */
export function contentLength(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The counter of `customLabels`: method, route, status code and the custom labels, bounded by their allow-lists. */
function customLabelsCounter(metrics: ObskitMetrics, custom: CustomLabelsOptions) {
  return metrics.createCounter({
    name: custom.metricName,
    help: custom.help ?? 'HTTP server requests by method, route, status code and custom labels, as a count.',
    labelNames: [
      'http_request_method',
      'http_route',
      'http_response_status_code',
      ...(Object.keys(custom.labels) as string[]),
    ],
    allowLists: custom.labels as Record<string, readonly string[]>,
  });
}

/** Reports a failure of the middleware through the metrics' reporter; never throws. */
function reporterOf(metrics: ObskitMetrics): (error: unknown) => void {
  return (error) => {
    try {
      metrics.reportError('middleware', 'exception', 'express middleware', error);
    } catch {
      // nothing left to report with
    }
  };
}

/**
 * Requests started and ended per method index, counted in integers by the middleware; the in-flight
 * gauge `active` gets the difference when it is collected.
 */
function countInFlight(active: ReturnType<ObskitMetrics['gauge']>): { started: number[]; ended: number[] } {
  const started = METHOD_VALUES.map(() => 0);
  const ended = METHOD_VALUES.map(() => 0);
  // what the gauge was last given per method; -1 before the method's first request
  const applied = METHOD_VALUES.map(() => -1);
  const activeLabels = METHOD_VALUES.map((m) => ({ http_request_method: m }));
  active.onCollect(() => {
    for (let i = 0; i < METHOD_VALUES.length; i++) {
      if (started[i] === 0) continue;
      const now = started[i] - ended[i];
      if (now === applied[i]) continue;
      active.inc(activeLabels[i], applied[i] < 0 ? now : now - applied[i]);
      applied[i] = now;
    }
  });
  return { started, ended };
}

/** The cached series of the duration histogram per route template, then per (status, method). */
function createSeriesCache(duration: ReturnType<ObskitMetrics['histogram']>) {
  const labelsOf = (m: number, route: string, status: number) => ({
    http_request_method: METHOD_VALUES[m],
    http_route: route,
    http_response_status_code: status,
  });
  // Series per route template, then per (status, method): a finished request costs two Map lookups
  // instead of building and resolving its label set. Both levels are capped (templates are bounded
  // by the app's routes, but a route reached under many mount paths is not); past the caps the
  // label guard resolves each request as observe() does.
  const routes = new Map<string, RouteSeries>();
  const routeSeries = (route: string): RouteSeries | undefined => {
    let r = routes.get(route);
    if (r === undefined && routes.size < MAX_CACHED_ROUTES) {
      r = { responses: new Map(), requestSize: METHOD_VALUES.map(() => undefined) };
      routes.set(route, r);
    }
    return r;
  };
  const responseSeries = (
    r: RouteSeries | undefined,
    m: number,
    route: string,
    status: number,
  ): ResponseSeries | undefined => {
    if (r === undefined || !(Number.isInteger(status) && status >= 0 && status < 1000)) return undefined;
    const key = status * METHOD_VALUES.length + m;
    let s = r.responses.get(key);
    if (s === undefined && r.responses.size < MAX_CACHED_PER_ROUTE) {
      const labels = labelsOf(m, route, status);
      s = { labels, duration: duration.labels(labels), responseSize: undefined };
      r.responses.set(key, s);
    }
    return s;
  };
  return { labelsOf, routeSeries, responseSeries };
}

/** The HTTP server instruments both middlewares record into (Express and the Fetch-API wrapper). */
export function httpServerInstruments(metrics: ObskitMetrics) {
  return {
    active: metrics.gauge(METRICS.http.serverActiveRequests),
    duration: metrics.histogram(METRICS.http.serverRequestDuration),
    requestSize: metrics.histogram(METRICS.http.serverRequestBodySize),
    responseSize: metrics.histogram(METRICS.http.serverResponseBodySize),
  };
}

/**
 * Creates Express 4/5 middleware that records every request once, when its response ends or its
 * client goes away: `http_server_request_duration_seconds` and `http_server_active_requests` (with
 * `bodySizes`, also `http_server_request_body_size_bytes` and `http_server_response_body_size_bytes`), labelled with
 * the standard method (else `_OTHER`), the route template including mounted routers' base paths
 * (`/api/orders/:id`, or `__unmatched__` for 404s and scanners) and the status code (`499` when the
 * client closed the connection first). It never changes a response and never throws: failures
 * are counted in `obskit_instrumentation_errors_total{component="middleware"}` and logged once.
 * Mount it before the routes.
 *
 * Per request it keeps to plain numbers and cached series: requests in flight are counted in
 * integers and applied to the gauge when it is collected (each scrape), and each (route, status,
 * method) resolves its series through the label guard once. Create it once per app: each instance
 * registers a collect callback on the in-flight gauge.
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
  const bodySizes = options.bodySizes ?? false;
  const exemplarOf = options.exemplar;
  const { active, duration, requestSize, responseSize } = httpServerInstruments(metrics);
  const custom = options.customLabels;
  const customCounter = custom ? customLabelsCounter(metrics, custom) : undefined;

  const report = reporterOf(metrics);
  const { started, ended } = countInFlight(active);
  const { labelsOf, routeSeries, responseSeries } = createSeriesCache(duration);

  const finish = (req: IncomingMessage, res: ServerResponse, m: number, start: number): void => {
    ended[m] += 1;
    const seconds = (performance.now() - start) / 1000;
    const route = routeTemplateOf(req);
    const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_STATUS;
    const exemplar = exemplarOf?.(req);
    const r = routeSeries(route);
    const s = responseSeries(r, m, route, status);
    const labels = s?.labels ?? labelsOf(m, route, status);
    if (s !== undefined) s.duration.observe(seconds, exemplar);
    else duration.observe(labels, seconds, exemplar);
    if (bodySizes) {
      const outBytes = contentLength(res.getHeader('content-length'));
      if (outBytes !== undefined) {
        if (s !== undefined) (s.responseSize ??= responseSize.labels(labels)).observe(outBytes);
        else responseSize.observe(labels, outBytes);
      }
      const inBytes = contentLength(req.headers['content-length']);
      if (inBytes !== undefined) {
        const requestLabels = { http_request_method: METHOD_VALUES[m], http_route: route };
        if (r !== undefined) (r.requestSize[m] ??= requestSize.labels(requestLabels)).observe(inBytes);
        else requestSize.observe(requestLabels, inBytes);
      }
    }
    if (customCounter && custom) customCounter.inc({ ...labels, ...custom.values(req, res) });
  };

  return function obskitHttpMetrics(req, res, next) {
    try {
      const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
      if (excluded.has(pathOf(url))) {
        next();
        return;
      }
      const start = performance.now();
      const m = (req.method !== undefined ? METHOD_INDEX.get(req.method) : undefined) ?? OTHER_INDEX;
      trackRouteTemplate(req);
      let recorded = false;
      // 'close' follows 'finish' on every response, and comes alone when the client went away
      res.on('close', () => {
        if (recorded) return;
        recorded = true;
        try {
          finish(req, res, m, start);
        } catch (error) {
          report(error);
        }
      });
      started[m] += 1;
    } catch (error) {
      report(error);
    }
    next();
  };
}
