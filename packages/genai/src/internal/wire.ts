import type { ErrorType, GenAiOperationName, RateLimitReading } from '@obskit/metrics-core';

/** Token usage as a provider reports it, in the semconv sense: input and output are totals. */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningOutputTokens?: number;
}

/** What one call has shown so far: filled from the JSON body or, event by event, from the SSE stream. */
export interface CallState {
  usage: TokenUsage;
  responseModel?: string;
  /** Set when the provider answered but refused or filtered the content. */
  errorType?: ErrorType;
}

/** The request as the SDK sent it, reduced to what the metrics need. */
export interface WireRequest {
  readonly operation: GenAiOperationName;
  readonly requestModel: string;
  readonly stream: boolean;
}

/** One provider's wire format: which requests are GenAI calls and where usage, model and limits are. */
export interface WireFormat {
  readonly provider: string;
  /** The GenAI call `path` + `body` is, or `undefined` for requests that are not measured (e.g. list models). */
  request(path: string, body: Record<string, unknown>): WireRequest | undefined;
  /** Reads a complete JSON response body into `state`. */
  readJson(body: unknown, state: CallState): void;
  /** Reads one SSE event into `state`. */
  readEvent(event: string | undefined, data: unknown, state: CallState): void;
  /**
   * Whether an SSE event (its raw data) can carry anything `readEvent` reads; the others are not
   * JSON-parsed, which is most of a stream's cost. A false `true` only costs time. @defaultValue all
   */
  wants?(event: string | undefined, data: string, state: CallState): boolean;
  /** Rate-limit headroom from the response headers. */
  rateLimits(headers: Headers): Array<Omit<RateLimitReading, 'provider' | 'requestModel'>>;
}

/** A header as a finite number, or `undefined`. */
export function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** A property of an unknown JSON value that is a finite number. */
export function num(value: unknown, ...path: string[]): number | undefined {
  let v: unknown = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A property of an unknown JSON value that is a string. */
export function str(value: unknown, ...path: string[]): string | undefined {
  let v: unknown = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return typeof v === 'string' ? v : undefined;
}
