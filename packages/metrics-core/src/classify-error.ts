import { ERROR_TYPES, OTHER_VALUE } from '@obskit/catalog';
import type { AgentStatus } from './domain/agents.js';

/** A value of the catalog's `error_type` label. */
export type ErrorType = (typeof ERROR_TYPES)[number];

const KNOWN = new Set<string>(ERROR_TYPES);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * Maps a thrown value to a bounded `error_type`: cancellations, timeouts, HTTP statuses (429 →
 * `rate_limited`, 5xx → `server_error`, 400/422 → `invalid_request`, other 4xx → `client_error`),
 * connection failures, an `errorType`/`type`/`code` that already is a catalog value; else `_OTHER`.
 * Never reads the message, so no user text reaches a label.
 */
export function classifyError(error: unknown): ErrorType {
  if (typeof error !== 'object' || error === null) return OTHER_VALUE;
  const e = error as Record<string, unknown>;
  for (const key of ['errorType', 'type', 'code']) {
    const v = e[key];
    if (typeof v === 'string' && KNOWN.has(v)) return v as ErrorType;
  }
  const name = typeof e['name'] === 'string' ? (e['name'] as string) : '';
  const code = typeof e['code'] === 'string' ? (e['code'] as string) : '';
  if (name === 'AbortError' || code === 'ABORT_ERR') return 'cancelled';
  if (name === 'TimeoutError' || /TIMEOUT|TIMEDOUT/i.test(code)) return 'timeout';
  const status = [e['status'], e['statusCode']].find((s): s is number => typeof s === 'number');
  if (status !== undefined) {
    if (status === 429) return 'rate_limited';
    if (status >= 500 && status <= 599) return 'server_error';
    if (status === 400 || status === 422) return 'invalid_request';
    if (status >= 400 && status <= 499) return 'client_error';
  }
  if (CONNECTION_CODES.has(code)) return 'connection_error';
  return OTHER_VALUE;
}

/**
 * The `status` of a finished GenAI operation from its `error_type`: `success` without one, `timeout`
 * and `cancelled` as themselves, any other error type `error`.
 */
export function statusOfErrorType(errorType: ErrorType | undefined): AgentStatus {
  if (errorType === undefined) return 'success';
  return errorType === 'timeout' || errorType === 'cancelled' ? errorType : 'error';
}
