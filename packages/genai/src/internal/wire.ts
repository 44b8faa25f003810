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
}

/** One provider's wire format: which requests are GenAI calls and where usage, model and limits are. */
export interface WireFormat {
  readonly provider: string;
  /**
   * The GenAI call `path` + `model` (the body's top-level `model` when it is a string) is, or
   * `undefined` for requests that are not measured (e.g. list models).
   */
  request(path: string, model: string | undefined): WireRequest | undefined;
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
  rateLimits(headers: HeaderReader): Array<Omit<RateLimitReading, 'provider' | 'requestModel'>>;
}

/** What the rate-limit readers need of response headers: a fetch `Headers`, or {@link headerRecordReader}. */
export type HeaderReader = Pick<Headers, 'get'>;

/**
 * Reads a plain header record (the AI SDK's `response.headers`) as `Headers.get` would: names as
 * given (the providers write them lower-case), else matched without case.
 */
export function headerRecordReader(record: Readonly<Record<string, string | undefined>>): HeaderReader {
  return {
    get(name) {
      const exact = record[name];
      if (typeof exact === 'string') return exact;
      for (const key of Object.keys(record)) {
        const value = record[key];
        if (typeof value === 'string' && key.toLowerCase() === name) return value;
      }
      return null;
    },
  };
}

/** A header as a finite number, or `undefined`. */
export function headerNumber(headers: HeaderReader, name: string): number | undefined {
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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index of the quote that closes the JSON string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let slashes = 0;
    for (let k = end - 1; text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * The top-level `model` of a JSON object body, as `JSON.parse(body).model` would give it when it is a
 * string, without parsing the rest: the scan stops at that key, skipping strings with `indexOf` and
 * nested values by their depth (a prompt is never copied or parsed). `null`: the body is not a JSON
 * object (or not one this scan reads), `undefined`: no top-level string `model`.
 */
export function topLevelModel(body: string): string | undefined | null {
  const n = body.length;
  let i = 0;
  while (i < n && isSpace(body.charCodeAt(i))) i++;
  if (body.charCodeAt(i) !== 0x7b) return null;
  let depth = 0;
  for (; i < n; i++) {
    const c = body.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(body, i);
      if (end === -1) return null;
      if (depth === 1) {
        let j = end + 1;
        while (j < n && isSpace(body.charCodeAt(j))) j++;
        // A top-level string followed by ':' is a key.
        if (body.charCodeAt(j) === 0x3a && end - i === 6 && body.startsWith('model', i + 1)) {
          j++;
          while (j < n && isSpace(body.charCodeAt(j))) j++;
          if (body.charCodeAt(j) !== QUOTE) return undefined;
          const valueEnd = stringEnd(body, j);
          if (valueEnd === -1) return null;
          const raw = body.slice(j + 1, valueEnd);
          return raw.includes('\\') ? (JSON.parse(body.slice(j, valueEnd + 1)) as string) : raw;
        }
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return undefined;
    }
  }
  return null;
}
