import { gunzipSync } from 'node:zlib';
import {
  BUILD_TIMEOUT_MS,
  type Bundler,
  ensureBuilt,
  rawRequest,
  startNext,
  type NextServer,
} from './next-server';

const TOKEN = 'encoding-spec-token';
const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const OPENMETRICS = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

// What Prometheus 3 sends, and a client that wants neither gzip nor OpenMetrics.
const ACCEPTS = {
  openmetrics: 'application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
  text: 'text/plain;version=0.0.4',
} as const;
const ENCODINGS = { gzip: 'gzip', identity: 'identity' } as const;

/** The body as the client reads it: decoded once when Content-Encoding says gzip, else as sent. */
function decoded(headers: Record<string, unknown>, body: Buffer): string {
  return headers['content-encoding'] === 'gzip' ? gunzipSync(body).toString('utf8') : body.toString('utf8');
}

describe.each<Bundler>(['turbopack', 'webpack'])('/api/metrics under next start (%s build)', (bundler) => {
  let next: NextServer;
  beforeAll(async () => {
    await ensureBuilt(bundler);
    next = await startNext(bundler, { METRICS_TOKEN: TOKEN });
  }, BUILD_TIMEOUT_MS);
  afterAll(() => next?.stop());

  it.each(
    (Object.keys(ACCEPTS) as (keyof typeof ACCEPTS)[]).flatMap((format) =>
      (Object.keys(ENCODINGS) as (keyof typeof ENCODINGS)[]).map((encoding) => [format, encoding] as const),
    ),
  )('%s with Accept-Encoding: %s is encoded at most once and declared', async (format, encoding) => {
    const res = await rawRequest(`${next.url}/api/metrics`, {
      headers: {
        authorization: `Bearer ${TOKEN}`,
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
  });
});
