import { OTHER_VALUE } from '@obskit/catalog';
import { classifyError } from '@obskit/metrics-core';
import type { ErrorType, Exemplar, ObskitMetrics } from '@obskit/metrics-core';
import { normalizeMethod } from '../express/middleware.js';

/** Options of {@link createInstrumentedFetch}. */
export interface InstrumentedFetchOptions {
  /** The fetch to wrap. @defaultValue `globalThis.fetch` */
  readonly fetch?: typeof fetch;
  /**
   * Host names kept as `server_address`; others become `_OTHER`. Without it, the host name is kept
   * as is (bounded by `allowLists.server_address` of createMetrics and the series cap).
   * @defaultValue every host
   */
  readonly serverAddresses?: readonly string[];
  /** Trace exemplar of a call. @defaultValue none */
  readonly exemplar?: () => Exemplar | undefined;
}

function errorTypeOf(error: unknown): ErrorType {
  const direct = classifyError(error);
  if (direct !== OTHER_VALUE) return direct;
  // undici wraps network failures: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined ? direct : classifyError(cause);
}

/**
 * Wraps `fetch` so that every outbound call is recorded in
 * `http_client_request_duration_seconds{http_request_method,server_address,http_response_status_code,error_type}`:
 * the server's host name (never the path), the status, and an `error_type` for 4xx/5xx answers and
 * for calls that failed without an answer (no status then). Responses and errors pass through
 * unchanged.
 *
 * @param metrics - the app's metrics from `createMetrics`.
 * @param options - the fetch to wrap and the allowed host names.
 * @example
 * const fetchWithMetrics = createInstrumentedFetch(metrics, { serverAddresses: ['api.openai.com'] });
 */
export function createInstrumentedFetch(
  metrics: ObskitMetrics,
  options: InstrumentedFetchOptions = {},
): typeof fetch {
  const inner = options.fetch ?? globalThis.fetch;
  const allowed = options.serverAddresses ? new Set(options.serverAddresses) : undefined;
  const exemplarOf = options.exemplar;

  const describe = (
    input: Parameters<typeof fetch>[0],
    init?: RequestInit,
  ): { method: string; host: string } => {
    try {
      const isRequest = typeof Request !== 'undefined' && input instanceof Request;
      const url = isRequest ? new URL(input.url) : new URL(String(input));
      const method = normalizeMethod((init?.method ?? (isRequest ? input.method : 'GET')).toUpperCase());
      const host = !allowed || allowed.has(url.hostname) ? url.hostname : OTHER_VALUE;
      return { method, host };
    } catch {
      return { method: OTHER_VALUE, host: OTHER_VALUE };
    }
  };

  const record = (
    method: string,
    host: string,
    start: bigint,
    statusCode: number | undefined,
    errorType: ErrorType | undefined,
  ): void => {
    try {
      metrics.http.recordClientRequest({
        method,
        serverAddress: host,
        statusCode,
        errorType,
        durationSeconds: Number(process.hrtime.bigint() - start) / 1e9,
        exemplar: exemplarOf?.(),
      });
    } catch (error) {
      metrics.reportError('middleware', 'exception', 'outbound fetch', error);
    }
  };

  const instrumented = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const { method, host } = describe(input, init);
    const start = process.hrtime.bigint();
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      record(method, host, start, undefined, errorTypeOf(error));
      throw error;
    }
    record(
      method,
      host,
      start,
      response.status,
      response.status >= 400 ? classifyError({ status: response.status }) : undefined,
    );
    return response;
  };
  return instrumented as typeof fetch;
}
