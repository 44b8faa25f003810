import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Registry, RegistryContentType } from 'prom-client';
import { METRICS, createLogOnce, type ObskitLogger } from '@obskit/catalog';
import { MIDDLEWARE_CODES } from '../codes.js';
import { MiddlewareError } from '../errors.js';
import { createMetricsAuth } from '../auth/auth.js';
import type { AuthDecision, MetricsAuthOptions } from '../auth/auth.js';
import { acceptsGzip, negotiateFormat } from '../exposition/negotiate.js';
import {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  collectExposition,
  createStderrLogger,
} from '@obskit/metrics-core';
import type { CollectedExposition, CollectorFailure } from '@obskit/metrics-core';
import type { ObskitMetrics } from '@obskit/metrics-core';

/** Options of the `/metrics` handlers ({@link createMetricsHandler}, {@link createFetchMetricsHandler}). */
export interface MetricsHandlerOptions {
  /**
   * The app's metrics (from `createMetrics` of @obskit/metrics-core). Its registry is served, and
   * collector failures are counted in `obskit_scrape_collector_errors_total` and
   * `obskit_instrumentation_errors_total` and logged once through its logger.
   */
  readonly metrics?: Pick<ObskitMetrics, 'registry' | 'logger' | 'reportError' | 'counter'>;
  /**
   * Registries to serve, in order; or a function that resolves them for each scrape, called only
   * after the request is authorised (e.g. a cluster aggregation that asks every worker).
   * @defaultValue `[metrics.registry]`
   */
  readonly registries?: readonly Registry<RegistryContentType>[] | RegistriesSource;
  /**
   * Credentials and IP allow-list, or `false` to serve without credentials on purpose.
   * @defaultValue credentials from `METRICS_TOKEN[_FILE]` / `METRICS_BASIC_AUTH[_FILE]`; without
   * them, refuse every scrape when `NODE_ENV=production`, else serve loopback clients only.
   */
  readonly auth?: MetricsAuthOptions | false;
  /** Environment to read `METRICS_*` and `NODE_ENV` from. @defaultValue `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Logger for problems, when `metrics` is not given. @defaultValue `metrics.logger`, else each distinct problem once on stderr */
  readonly logger?: ObskitLogger;
  /** Scrape timeout when Prometheus sends no `X-Prometheus-Scrape-Timeout-Seconds`, in seconds. @defaultValue `10` */
  readonly defaultTimeoutSeconds?: number;
  /** Time kept back from the scrape timeout for formatting and transfer, in seconds. @defaultValue `0.5` (at most 20% of the timeout) */
  readonly timeoutMarginSeconds?: number;
  /** Compress with gzip when the client accepts it. @defaultValue `true` */
  readonly compress?: boolean;
}

/** Resolves the registries of one scrape; a rejection answers 503 and is reported. */
export type RegistriesSource = () => Promise<readonly Registry<RegistryContentType>[]>;

/** A scrape request, independent of the server framework. */
export interface ScrapeRequest {
  readonly method: string;
  header(name: string): string | null | undefined;
  /** The client's address as the host server knows it; `undefined` when the host does not say. */
  readonly clientIp?: string;
}

/**
 * Receives the bytes of a streamed body in order; a returned promise holds the stream until it
 * settles (backpressure), a rejection stops it.
 */
export type ScrapeBodyWriter = (chunk: Uint8Array | string) => void | Promise<void>;

/**
 * Writes a streamed body (gzipped when the headers say so) to `write`. Resolves when the last
 * chunk was written or `signal` aborted; rejects, after reporting it, when the body could not be
 * finished, in which case the adapter must cut the connection rather than end the response.
 */
export type ScrapeBodyStream = (write: ScrapeBodyWriter, signal?: AbortSignal) => Promise<void>;

/** A scrape response, independent of the server framework. */
export interface ScrapeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** A complete body. */
  readonly body?: Buffer | string;
  /**
   * The body of a successful GET, produced piece by piece once the headers are sent (no
   * `Content-Length`: chunked transfer). Every collector has already run when the response is
   * returned; a collector that failed or timed out is left out of the body.
   */
  readonly stream?: ScrapeBodyStream;
}

/** Why a scrape was refused, in the 403 body and the log: what happened and what to do. */
const REFUSALS = {
  auth_not_configured:
    'NODE_ENV=production and no credentials are configured; set METRICS_TOKEN or METRICS_BASIC_AUTH (or *_FILE), or pass auth: false to serve metrics openly',
  not_loopback:
    'the client is not on loopback and no credentials are configured; set METRICS_TOKEN or METRICS_BASIC_AUTH to scrape from elsewhere',
  client_unknown:
    "the server did not say the client's address (a Fetch Request does not carry it) and no credentials are configured; set METRICS_TOKEN or METRICS_BASIC_AUTH, or pass clientIp",
  ip_not_allowed: 'the client is not in allowedIps',
} as const;

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

const REFRESH = [METRICS.self.collectorErrors.name, METRICS.self.instrumentationErrors.name];

/** The registries given in the options (`undefined` when they come from a function); throws when there are none. */
function fixedRegistries(
  options: MetricsHandlerOptions,
): readonly Registry<RegistryContentType>[] | undefined {
  const metrics = options.metrics;
  const source = options.registries;
  const registries =
    typeof source === 'function' ? undefined : (source ?? (metrics ? [metrics.registry] : []));
  if (registries?.length === 0) {
    throw new MiddlewareError(
      MIDDLEWARE_CODES.invalidOptions,
      'Invalid metrics handler options "{}": must give `metrics` or a non-empty `registries`',
    );
  }
  return registries;
}

/**
 * How the handler reports a failed collector, an unfinished body and an unexpected failure: through
 * `metrics` when given, else logged once per kind. Reporting a stream or scrape failure never throws.
 */
function scrapeReporters(
  metrics: MetricsHandlerOptions['metrics'],
  warnOnce: ReturnType<typeof createLogOnce>,
) {
  const collectorErrors = metrics?.counter(METRICS.self.collectorErrors);
  const onCollectorError = (metric: string, reason: CollectorFailure, error?: unknown): void => {
    collectorErrors?.inc({ metric, reason });
    if (metrics) metrics.reportError('exposition', reason, metric, error);
    else
      warnOnce(`${reason}:${metric}`, `obskit: collector of "${metric}" left out of the scrape (${reason})`, {
        metric,
        reason,
        error: error instanceof Error ? error.message : error,
      });
  };
  const bestEffort =
    (what: string, key: string, message: string) =>
    (error: unknown): void => {
      try {
        if (metrics) metrics.reportError('exposition', 'exception', what, error);
        else warnOnce(key, message, { error: error instanceof Error ? error.message : error });
      } catch {
        // reporting is best effort
      }
    };
  return {
    onCollectorError,
    onStreamError: bestEffort('scrape stream', 'stream', 'obskit: /metrics body could not be finished'),
    onScrapeError: bestEffort('scrape', 'exception', 'obskit: /metrics failed'),
  };
}

/** The 401 (with its challenges) or 403 (with why, also logged once) of a refused scrape. */
function refusal(
  decision: Exclude<AuthDecision, { ok: true }>,
  request: ScrapeRequest,
  warnOnce: ReturnType<typeof createLogOnce>,
): ScrapeResponse {
  const base = NO_STORE;
  if (decision.status === 401) {
    return { status: 401, headers: { ...base, 'WWW-Authenticate': decision.challenges } };
  }
  const why = REFUSALS[decision.reason];
  warnOnce(`forbidden:${decision.reason}`, `obskit: /metrics refused: ${why}`, {
    clientIp: request.clientIp,
  });
  // the reason is in the body too: whoever looks at a failing scrape sees why
  return {
    status: 403,
    headers: { ...base, 'Content-Type': 'text/plain; charset=utf-8' },
    body: `403 Forbidden: ${why}\n`,
  };
}

/**
 * The collection timeout of a scrape in ms: Prometheus's scrape timeout header (else the default),
 * less the margin kept for formatting and transfer (at most 20% of the timeout).
 */
function scrapeTimeoutMs(request: ScrapeRequest, defaultTimeout: number, margin: number): number {
  const headerTimeout = Number(request.header('x-prometheus-scrape-timeout-seconds'));
  const timeoutSeconds = headerTimeout > 0 ? headerTimeout : defaultTimeout;
  return Math.max(1, (timeoutSeconds - Math.min(margin, timeoutSeconds * 0.2)) * 1000);
}

/**
 * The framework-independent core of the `/metrics` handlers: authorises, negotiates the format,
 * renders with per-collector isolation and compresses. Never throws: an unexpected failure answers
 * 500 without a body and is reported.
 */
export function createScrapeHandler(
  options: MetricsHandlerOptions,
): (request: ScrapeRequest) => Promise<ScrapeResponse> {
  const metrics = options.metrics;
  const source = options.registries;
  const registries = fixedRegistries(options);
  const logger = options.logger ?? metrics?.logger ?? createStderrLogger(options.env);
  const warnOnce = createLogOnce(logger);
  const auth = createMetricsAuth({ auth: options.auth, env: options.env });
  const defaultTimeout = options.defaultTimeoutSeconds ?? 10;
  const margin = options.timeoutMarginSeconds ?? 0.5;
  const compress = options.compress ?? true;
  const base = { 'Cache-Control': 'no-store' };
  const { onCollectorError, onStreamError, onScrapeError } = scrapeReporters(metrics, warnOnce);

  return async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return { status: 405, headers: { ...base, Allow: 'GET, HEAD' } };
      }
      const decision = auth.check({
        authorization: request.header('authorization'),
        clientIp: request.clientIp,
      });
      if (!decision.ok) return refusal(decision, request, warnOnce);

      const format = negotiateFormat(request.header('accept'));
      const timeoutMs = scrapeTimeoutMs(request, defaultTimeout, margin);
      let served = registries;
      if (!served) {
        try {
          served = await (source as RegistriesSource)();
        } catch (error) {
          onCollectorError('registries', 'collector_failed', error);
          return { status: 503, headers: base };
        }
      }
      const headers: Record<string, string> = {
        ...base,
        'Content-Type': format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE,
        Vary: 'Accept, Accept-Encoding',
      };
      const zipped = compress && acceptsGzip(request.header('accept-encoding'));
      if (zipped) headers['Content-Encoding'] = 'gzip';
      // a HEAD answers the headers a GET would have, without collecting anything
      if (request.method === 'HEAD') return { status: 200, headers };
      const collected = await collectExposition(served, {
        format,
        timeoutMs,
        onCollectorError,
        refreshAfterErrors: REFRESH,
      });
      return { status: 200, headers, stream: bodyStream(collected, zipped, onStreamError) };
    } catch (error) {
      onScrapeError(error);
      return { status: 500, headers: base };
    }
  };
}

function bodyStream(
  collected: CollectedExposition,
  zipped: boolean,
  onError: (error: unknown) => void,
): ScrapeBodyStream {
  return async (write, signal) => {
    try {
      if (!zipped) {
        await collected.write(write, signal);
        return;
      }
      // compression runs on the libuv thread pool; the render waits whenever gzip is behind
      const gzip = createGzip();
      const drained = (async () => {
        for await (const chunk of gzip as AsyncIterable<Buffer>) await write(chunk);
      })();
      drained.catch((error: unknown) => gzip.destroy(error as Error));
      await collected.write(async (piece) => {
        if (!gzip.write(piece)) await once(gzip, 'drain');
      }, signal);
      gzip.end();
      await drained;
    } catch (error) {
      if (!signal?.aborted) onError(error);
      throw error;
    }
  };
}
