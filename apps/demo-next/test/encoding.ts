import { gunzipSync } from 'node:zlib';
import { rawRequest } from './next-server';

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const OPENMETRICS = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

// What Prometheus 3 sends, and a client that wants neither gzip nor OpenMetrics.
const ACCEPTS = {
  openmetrics: 'application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
  text: 'text/plain;version=0.0.4',
} as const;
const ENCODINGS = { gzip: 'gzip', identity: 'identity' } as const;

/** The encoding matrix: each exposition format with each Accept-Encoding. */
export const MATRIX = (Object.keys(ACCEPTS) as (keyof typeof ACCEPTS)[]).flatMap((format) =>
  (Object.keys(ENCODINGS) as (keyof typeof ENCODINGS)[]).map((encoding) => [format, encoding] as const),
);

/** The body as the client reads it: decoded once when Content-Encoding says gzip, else as sent. */
function decoded(headers: Record<string, unknown>, body: Buffer): string {
  return headers['content-encoding'] === 'gzip' ? gunzipSync(body).toString('utf8') : body.toString('utf8');
}

/** Scrapes `url` with `format` and `encoding`, and checks the body is encoded at most once and declared. */
export async function expectEncodedOnce(
  url: string,
  token: string,
  format: keyof typeof ACCEPTS,
  encoding: keyof typeof ENCODINGS,
): Promise<void> {
  const res = await rawRequest(url, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: ACCEPTS[format],
      'accept-encoding': ENCODINGS[encoding],
    },
  });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe(format === 'openmetrics' ? OPENMETRICS : TEXT);
  if (encoding === 'identity') expect(res.headers['content-encoding']).toBeUndefined();
  const text = decoded(res.headers, res.body);
  // one decode gives the exposition itself: no gzip magic left, families as Prometheus reads them
  expect(text.charCodeAt(0)).not.toBe(0x1f);
  expect(text).toMatch(/^# HELP /);
  expect(text).toContain('# TYPE http_server_request_duration_seconds histogram');
  if (format === 'openmetrics') expect(text.endsWith('# EOF\n')).toBe(true);
}
