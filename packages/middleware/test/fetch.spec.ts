import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { METRICS } from '@obskit/catalog';
import { claimHttpServerMeasurement, seriesStoreOf } from '@obskit/metrics-core';
import { Histogram, Registry } from 'prom-client';
import { createFetchMetricsHandler } from '../src/handler/metrics-handler';
import { toNodeListener } from '../src/fetch/node-adapter';
import { wrapFetchHandler } from '../src/fetch/wrap-handler';
import { waitFor } from '@obskit/testing';
import { freshMetrics, listen, valueOf } from './helpers';

const DURATION = METRICS.http.serverRequestDuration.name;
const count = (method: string, route: string, status: number) =>
  `${DURATION}_count{http_request_method="${method}",http_route="${route}",http_response_status_code="${status}"}`;

describe('wrapFetchHandler with real Request/Response objects', () => {
  it('records the explicit route template and returns the handler’s Response untouched', async () => {
    const metrics = freshMetrics();
    let made: Response | undefined;
    const GET = wrapFetchHandler(
      metrics,
      '/api/orders/[id]',
      async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
        made = Response.json(
          { id: (await ctx.params).id },
          { status: 200, headers: { 'content-length': '10' } },
        );
        return made;
      },
      { bodySizes: true },
    );
    const res = await GET(new Request('http://localhost/api/orders/42'), {
      params: Promise.resolve({ id: '42' }),
    });
    expect(res).toBe(made);
    expect(await res.json()).toEqual({ id: '42' });
    const text = await metrics.registry.metrics();
    expect(valueOf(text, count('GET', '/api/orders/[id]', 200))).toBe(1);
    expect(
      valueOf(
        text,
        `${METRICS.http.serverResponseBodySize.name}_sum{http_request_method="GET",http_route="/api/orders/[id]",http_response_status_code="200"}`,
      ),
    ).toBe(10);
    expect(valueOf(text, `${METRICS.http.serverActiveRequests.name}{http_request_method="GET"}`)).toBe(0);
  });

  it('records a throw as 500 once and rethrows the same error', async () => {
    const metrics = freshMetrics();
    const boom = new Error('handler failed');
    const POST = wrapFetchHandler(
      metrics,
      '/api/orders',
      () => {
        throw boom;
      },
      { bodySizes: true },
    );
    await expect(
      POST(
        new Request('http://localhost/api/orders', {
          method: 'POST',
          body: 'abc',
          headers: { 'content-length': '3' },
        }),
        {},
      ),
    ).rejects.toBe(boom);
    const text = await metrics.registry.metrics();
    expect(valueOf(text, count('POST', '/api/orders', 500))).toBe(1);
    expect(
      valueOf(
        text,
        `${METRICS.http.serverRequestBodySize.name}_sum{http_request_method="POST",http_route="/api/orders"}`,
      ),
    ).toBe(3);
  });

  it('records a request whose signal aborted as 499', async () => {
    const metrics = freshMetrics();
    const controller = new AbortController();
    const GET = wrapFetchHandler(metrics, '/api/stream', async () => {
      controller.abort();
      return new Response('late');
    });
    await GET(new Request('http://localhost/api/stream', { signal: controller.signal }), {});
    expect(valueOf(await metrics.registry.metrics(), count('GET', '/api/stream', 499))).toBe(1);
  });

  it('records no body sizes unless bodySizes is set (they are opt-in)', async () => {
    const metrics = freshMetrics();
    const POST = wrapFetchHandler(metrics, '/api/orders', () =>
      Response.json({ ok: true }, { status: 201, headers: { 'content-length': '11' } }),
    );
    await POST(
      new Request('http://localhost/api/orders', {
        method: 'POST',
        body: 'abc',
        headers: { 'content-length': '3' },
      }),
      {},
    );
    const text = await metrics.registry.metrics();
    expect(valueOf(text, count('POST', '/api/orders', 201))).toBe(1);
    expect(text).not.toMatch(/^http_server_(request|response)_body_size_bytes_count/m);
  });

  it('records nothing when another component claimed the HTTP server requests (never twice)', async () => {
    const metrics = freshMetrics();
    claimHttpServerMeasurement(metrics, 'next-spans');
    const GET = wrapFetchHandler(metrics, '/api/orders/[id]', () => Response.json({ ok: true }));
    expect((await GET(new Request('http://localhost/api/orders/1'), {})).status).toBe(200);
    expect(await metrics.registry.metrics()).not.toMatch(/^http_server_request_duration_seconds_count\{/m);
  });

  it('rejects a route template that is not a path', () => {
    const metrics = freshMetrics();
    expect(() => wrapFetchHandler(metrics, 'api/orders?id=1', () => new Response())).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_INVALID_ROUTE',
        message:
          'Invalid route template "api/orders?id=1": must be a route template starting with "/" or "__unmatched__"',
      }),
    );
  });
});

describe('createFetchMetricsHandler with real Request/Response objects', () => {
  it('leaves the encoding to the host by default: identity even when gzip is accepted', async () => {
    const metrics = freshMetrics();
    const GET = createFetchMetricsHandler({ metrics, auth: { bearerToken: 'tok' }, env: {} });
    const res = await GET(
      new Request('http://localhost/api/metrics', {
        headers: { authorization: 'Bearer tok', 'accept-encoding': 'gzip, deflate, br' },
      }),
    );
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe(await metrics.registry.metrics());
  });

  it('negotiates, compresses (compress: true) and sets the headers', async () => {
    const metrics = freshMetrics();
    const GET = createFetchMetricsHandler({ metrics, auth: { bearerToken: 'tok' }, env: {}, compress: true });
    const om = await GET(
      new Request('http://localhost/api/metrics', {
        headers: {
          authorization: 'Bearer tok',
          accept: 'application/openmetrics-text; version=1.0.0',
          'accept-encoding': 'gzip',
        },
      }),
    );
    expect(om.status).toBe(200);
    expect(om.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(om.headers.get('content-encoding')).toBe('gzip');
    expect(om.headers.get('cache-control')).toBe('no-store');
    const body = gunzipSync(Buffer.from(await om.arrayBuffer())).toString();
    expect(body).toContain('# TYPE obskit_instrumentation_errors counter');
    expect(body.endsWith('# EOF\n')).toBe(true);

    const text = await GET(
      new Request('http://localhost/api/metrics', { headers: { authorization: 'Bearer tok' } }),
    );
    expect(text.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await text.text()).toBe(await metrics.registry.metrics());
  });

  it('answers 401 with WWW-Authenticate and an empty body', async () => {
    const GET = createFetchMetricsHandler({ metrics: freshMetrics(), env: { METRICS_TOKEN: 'tok' } });
    const res = await GET(
      new Request('http://localhost/api/metrics', { headers: { authorization: 'Bearer nope' } }),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await res.text()).toBe('');
  });

  it('in development, serves loopback clients, refuses others and refuses when the address is unknown', async () => {
    const metrics = freshMetrics();
    const lines: string[] = [];
    const noIp = createFetchMetricsHandler({
      metrics,
      env: { NODE_ENV: 'development' },
      logger: { warn: (m) => void lines.push(m), error: (m) => void lines.push(m) },
    });
    // a Host header is the client's word: it does not make the client local
    const forged = await noIp(
      new Request('http://localhost:3000/api/metrics', { headers: { 'x-forwarded-for': '127.0.0.1' } }),
    );
    expect(forged.status).toBe(403);
    expect(await forged.text()).toMatch(
      /^403 Forbidden: the server did not say the client's address .*set METRICS_TOKEN/,
    );
    expect(lines).toEqual([expect.stringMatching(/^obskit: \/metrics refused: the server did not say/)]);
    const byIp = createFetchMetricsHandler({
      metrics,
      env: {},
      clientIp: (req) => req.headers.get('x-test-ip') ?? undefined,
    });
    expect(
      (await byIp(new Request('http://localhost/api/metrics', { headers: { 'x-test-ip': '::1' } }))).status,
    ).toBe(200);
    expect(
      (await byIp(new Request('http://localhost/api/metrics', { headers: { 'x-test-ip': '10.1.2.3' } })))
        .status,
    ).toBe(403);
  });

  it('in production without credentials, refuses with 403 and says why in the body', async () => {
    const GET = createFetchMetricsHandler({ metrics: freshMetrics(), env: { NODE_ENV: 'production' } });
    const res = await GET(new Request('http://localhost/api/metrics'));
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(
      '403 Forbidden: NODE_ENV=production and no credentials are configured; set METRICS_TOKEN or METRICS_BASIC_AUTH (or *_FILE), or pass auth: false to serve metrics openly\n',
    );
  });
});

describe('Fetch handlers served by a real Node HTTP server', () => {
  it('records wrapped routes and serves /metrics', async () => {
    const metrics = freshMetrics();
    const order = wrapFetchHandler(metrics, '/api/orders/[id]', async (req: Request) => {
      const id = new URL(req.url).pathname.split('/').pop();
      return Response.json({ id });
    });
    const create = wrapFetchHandler(metrics, '/api/orders', async (req: Request) => {
      return new Response(await req.text(), { status: 201 });
    });
    const scrape = createFetchMetricsHandler({
      metrics,
      auth: { bearerToken: 'tok', allowedIps: ['127.0.0.1'] },
    });
    const server = await listen(
      createServer(
        toNodeListener((req, ctx) => {
          const path = new URL(req.url).pathname;
          if (path === '/api/metrics') return scrape(req, ctx);
          if (path === '/api/orders' && req.method === 'POST') return create(req, ctx);
          if (path.startsWith('/api/orders/')) return order(req, ctx);
          return new Response('not found', { status: 404 });
        }),
      ),
    );
    try {
      expect(await (await fetch(`${server.base}/api/orders/7`)).json()).toEqual({ id: '7' });
      const created = await fetch(`${server.base}/api/orders`, { method: 'POST', body: 'hello' });
      expect([created.status, await created.text()]).toEqual([201, 'hello']);
      expect((await fetch(`${server.base}/api/metrics`)).status).toBe(401);
      const res = await fetch(`${server.base}/api/metrics`, { headers: { authorization: 'Bearer tok' } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(valueOf(text, count('GET', '/api/orders/[id]', 200))).toBe(1);
      expect(valueOf(text, count('POST', '/api/orders', 201))).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('records a thrown error and an aborted request once each', async () => {
    const metrics = freshMetrics();
    let started: () => void = () => undefined;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    const slow = wrapFetchHandler(metrics, '/api/slow', async (req: Request) => {
      started();
      await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve()));
      return new Response('too late');
    });
    const broken = wrapFetchHandler(metrics, '/api/broken', () => {
      throw new Error('route failed');
    });
    const server = await listen(
      createServer(
        toNodeListener((req, ctx) => (new URL(req.url).pathname === '/api/slow' ? slow : broken)(req, ctx)),
      ),
    );
    try {
      expect((await fetch(`${server.base}/api/broken`)).status).toBe(500);
      const controller = new AbortController();
      const pending = fetch(`${server.base}/api/slow`, { signal: controller.signal }).catch(
        (e: Error) => e.name,
      );
      await hasStarted;
      controller.abort();
      expect(await pending).toBe('AbortError');
      const text = await waitFor('the aborted request recorded', async () => {
        const t = await metrics.registry.metrics();
        return valueOf(t, count('GET', '/api/slow', 499)) === 1 ? t : undefined;
      });
      expect(valueOf(text, count('GET', '/api/broken', 500))).toBe(1);
      expect(valueOf(text, `${METRICS.http.serverActiveRequests.name}{http_request_method="GET"}`)).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('createFetchMetricsHandler streams the body', () => {
  it('answers a ReadableStream body, plain and gzipped, equal to prom-client', async () => {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 'fetch_large_seconds',
      help: 'Large.',
      labelNames: ['route'],
      buckets: [0.1, 1],
      registers: [registry],
    });
    for (let i = 0; i < 5000; i++) histogram.observe({ route: `/r/${i}` }, i % 2);
    const GET = createFetchMetricsHandler({ registries: [registry], auth: false, compress: true });
    const plain = await GET(new Request('http://localhost/api/metrics'));
    expect(plain.body).toBeInstanceOf(ReadableStream);
    expect(plain.headers.get('content-length')).toBeNull();
    expect(await plain.text()).toBe(await registry.metrics());
    const zipped = await GET(
      new Request('http://localhost/api/metrics', { headers: { 'accept-encoding': 'gzip' } }),
    );
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(await registry.metrics());
    const head = await GET(new Request('http://localhost/api/metrics', { method: 'HEAD' }));
    expect([head.status, head.body, head.headers.get('content-type')]).toEqual([
      200,
      null,
      'text/plain; version=0.0.4; charset=utf-8',
    ]);
  });

  it('renders no further than the reader pulls, and stops when it cancels', async () => {
    const registry = new Registry();
    // a family of metrics-core's store alone on the registry (createMetrics would add its own first)
    const family = seriesStoreOf(registry).histogram({
      name: 'cancel_seconds',
      help: 'C.',
      labelNames: ['n'],
      buckets: [0.1, 1, 10],
    });
    for (let i = 0; i < 5000; i++) {
      const s = family.seriesOf({ n: String(i) }, `n:${i},`);
      s.counts[1] += 1;
      s.sum += 1;
      s.count += 1;
    }
    // count the series the writer reads from the family
    let seriesRead = 0;
    const series = family.series.bind(family);
    (family as { series: () => readonly unknown[] }).series = () =>
      new Proxy(series(), {
        get(target, key) {
          if (typeof key === 'string' && /^\d+$/.test(key)) seriesRead++;
          return Reflect.get(target, key);
        },
      });
    const GET = createFetchMetricsHandler({ registries: [registry], auth: false });
    const res = await GET(new Request('http://localhost/api/metrics'));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(seriesRead).toBeGreaterThan(0);
    expect(seriesRead).toBeLessThan(1000);
    const next = await (await GET(new Request('http://localhost/api/metrics'))).text();
    expect(next).toContain('cancel_seconds_count{n="4999"} 1\n');
  });
});
