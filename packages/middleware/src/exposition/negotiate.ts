import type { ExpositionFormat } from '@obskit/metrics-core';

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
  readonly index: number;
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  header.split(',').forEach((part, index) => {
    const [rawType, ...rawParams] = part.split(';');
    const type = rawType.trim().toLowerCase();
    if (!type) return;
    const params = new Map<string, string>();
    let q = 1;
    for (const raw of rawParams) {
      const eq = raw.indexOf('=');
      if (eq === -1) continue;
      const key = raw.slice(0, eq).trim().toLowerCase();
      const value = raw
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (key === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      } else {
        params.set(key, value);
      }
    }
    ranges.push({ type, params, q, index });
  });
  return ranges;
}

const OPENMETRICS_VERSIONS = new Set(['1.0.0', '0.0.1']);

function matchesOpenMetrics(range: MediaRange): boolean {
  if (range.type !== 'application/openmetrics-text') return false;
  const version = range.params.get('version');
  return version === undefined || OPENMETRICS_VERSIONS.has(version);
}

function matchesText(range: MediaRange): boolean {
  if (range.type === '*/*' || range.type === 'text/*') return true;
  if (range.type !== 'text/plain') return false;
  const version = range.params.get('version');
  return version === undefined || version === '0.0.4';
}

/**
 * Picks the exposition format for an `Accept` header, as Prometheus negotiates it
 * (https://prometheus.io/docs/instrumenting/content_negotiation/): OpenMetrics 1.0 when the client
 * names `application/openmetrics-text` (version 1.0.0, 0.0.1 or none) with a higher quality than the
 * text format — or the same quality, listed first — and the text format 0.0.4 otherwise, including
 * when the header is missing or names only formats not served here (e.g. protobuf).
 *
 * @param accept - the request's `Accept` header.
 */
export function negotiateFormat(accept: string | null | undefined): ExpositionFormat {
  if (!accept) return 'text';
  let om: MediaRange | undefined;
  let text: MediaRange | undefined;
  for (const range of parseAccept(accept)) {
    if (range.q <= 0) continue;
    if (matchesOpenMetrics(range) && (!om || range.q > om.q)) om = range;
    else if (matchesText(range) && (!text || range.q > text.q)) text = range;
  }
  if (!om) return 'text';
  if (!text) return 'openmetrics';
  if (om.q !== text.q) return om.q > text.q ? 'openmetrics' : 'text';
  return om.index < text.index ? 'openmetrics' : 'text';
}

/**
 * Whether an `Accept-Encoding` header accepts gzip (`gzip` or `*` with a non-zero quality, and gzip
 * not refused explicitly).
 *
 * @param acceptEncoding - the request's `Accept-Encoding` header.
 */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  if (!acceptEncoding) return false;
  let gzip: number | undefined;
  let star: number | undefined;
  for (const range of parseAccept(acceptEncoding)) {
    if (range.type === 'gzip' || range.type === 'x-gzip') gzip = Math.max(gzip ?? 0, range.q);
    else if (range.type === '*') star = range.q;
  }
  return gzip !== undefined ? gzip > 0 : (star ?? 0) > 0;
}
