import { request } from 'node:http';
import express from 'express';
import express4 from 'express4';
import { METRICS } from '@obskit/catalog';
import type { ObskitMetrics } from '@obskit/metrics-core';
import { createExpressMiddleware } from '../src/express/middleware';
import type { HttpMetricsOptions } from '../src/express/middleware';
import { freshMetrics, hammer, listen, samples, valueOf } from './helpers';
import { rawRequest } from './http-client';

const DURATION = METRICS.http.serverRequestDuration.name;
const ACTIVE = METRICS.http.serverActiveRequests.name;
const count = (method: string, route: string, status: number) =>
  `${DURATION}_count{http_request_method="${method}",http_route="${route}",http_response_status_code="${status}"}`;

type ExpressFactory = typeof express;
type App = ReturnType<ExpressFactory>;

const versions: Array<[string, ExpressFactory, boolean]> = [
  ['Express 5', express, true],
  ['Express 4', express4 as unknown as ExpressFactory, false],
];

describe.each(versions)('%s middleware through real HTTP', (_name, expressOf, handlesPromises) => {
  function buildApp(app: App, wait?: { release?: () => void; started?: () => void }): App {
    const api = expressOf.Router();
    const orders = expressOf.Router();
    orders.get('/', (_req, res) => {
      res.json([]);
    });
    orders.get('/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    orders.post('/:id/items', (_req, res) => {
      res.status(201).send('created');
    });
    orders.get('/:id/fail', () => {
      throw new Error('handler failed');
    });
    orders.get('/:id/fail-async', (_req, _res, next) => {
      if (handlesPromises) return Promise.reject(new Error('async failure')) as unknown as void;
      setImmediate(() => next(new Error('async failure')));
    });
    api.use('/orders', orders);
    const posts = expressOf.Router({ mergeParams: true });
    posts.get('/:postId', (_req, res) => {
      res.send('post');
    });
    api.use('/users/:userId/posts', posts);
    const admin = expressOf();
    admin.get('/stats', (_req, res) => {
      res.send('stats');
    });
    app.use('/api', api);
    app.use('/admin', admin);
    app.get('/slow', (_req, res) => {
      wait?.started?.();
      if (wait) wait.release = () => res.send('late');
    });
    app.get('/healthz', (_req, res) => {
      res.send('ok');
    });
    app.all('/anything', (_req, res) => {
      res.send('any');
    });
    return app;
  }

  async function start(
    metrics: ObskitMetrics,
    options?: HttpMetricsOptions,
    wait?: { release?: () => void; started?: () => void },
  ) {
    const app = expressOf();
    app.use(createExpressMiddleware(metrics, options));
    buildApp(app, wait);
    // an app-level error handler that sees errors after the routers unwound
    app.use(
      (err: Error, _req: unknown, res: { status(n: number): { send(s: string): void } }, _next: unknown) => {
        res.status(500).send(`error: ${err.message}`);
      },
    );
    return listen(app);
  }

  it('adds at most one route series for 10,000 requests to random unknown paths', async () => {
    const metrics = freshMetrics();
    const server = await start(metrics);
    try {
      await rawRequest(`${server.base}/api/orders/1`);
      const statuses = await hammer(
        server.base,
        10_000,
        (i) => `/${Math.random().toString(36).slice(2)}/${i}/wp-login.php?x=${i}`,
      );
      expect(statuses.every((s) => s === 404)).toBe(true);
      const text = await metrics.registry.metrics();
      const routes = new Set(
        samples(text, DURATION)
          .map((l) => /http_route="([^"]*)"/.exec(l)?.[1])
          .filter(Boolean),
      );
      expect([...routes].sort()).toEqual(['/api/orders/:id', '__unmatched__']);
      expect(valueOf(text, count('GET', '__unmatched__', 404))).toBe(10_000);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('labels nested routers, param mounts and mounted apps with their full templates', async () => {
    const metrics = freshMetrics();
    const server = await start(metrics);
    try {
      await rawRequest(`${server.base}/api/orders/42`);
      await rawRequest(`${server.base}/api/orders/43?expand=items`);
      await rawRequest(`${server.base}/api/orders`);
      await rawRequest(`${server.base}/api/orders/42/items`, { method: 'POST', body: 'x' });
      await rawRequest(`${server.base}/api/users/7/posts/99`);
      await rawRequest(`${server.base}/api/users/8/posts/100`);
      await rawRequest(`${server.base}/admin/stats`);
      const text = await metrics.registry.metrics();
      expect(valueOf(text, count('GET', '/api/orders/:id', 200))).toBe(2);
      expect(valueOf(text, count('GET', '/api/orders', 200))).toBe(1);
      expect(valueOf(text, count('POST', '/api/orders/:id/items', 201))).toBe(1);
      expect(valueOf(text, count('GET', '/api/users/:userId/posts/:postId', 200))).toBe(2);
      expect(valueOf(text, count('GET', '/admin/stats', 200))).toBe(1);
      expect(text).not.toMatch(/http_route="[^"]*(42|43|99|100|7|8)/);
    } finally {
      await server.close();
    }
  });

  it('records thrown and rejected errors once with the final status and the full template', async () => {
    const metrics = freshMetrics();
    const server = await start(metrics);
    try {
      const sync = await rawRequest(`${server.base}/api/orders/5/fail`);
      const rejected = await rawRequest(`${server.base}/api/orders/5/fail-async`);
      expect([sync.status, sync.body.toString()]).toEqual([500, 'error: handler failed']);
      expect([rejected.status, rejected.body.toString()]).toEqual([500, 'error: async failure']);
      const text = await metrics.registry.metrics();
      expect(valueOf(text, count('GET', '/api/orders/:id/fail', 500))).toBe(1);
      expect(valueOf(text, count('GET', '/api/orders/:id/fail-async', 500))).toBe(1);
      expect(valueOf(text, `${ACTIVE}{http_request_method="GET"}`)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('records a request whose client went away once, as 499, and the in-flight gauge goes back to 0', async () => {
    const metrics = freshMetrics();
    let onStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (onStarted = resolve));
    const wait: { release?: () => void; started?: () => void } = { started: () => onStarted() };
    const server = await start(metrics, undefined, wait);
    try {
      const req = request(`${server.base}/slow`);
      req.on('error', () => undefined);
      req.end();
      await started;
      expect(valueOf(await metrics.registry.metrics(), `${ACTIVE}{http_request_method="GET"}`)).toBe(1);
      req.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      wait.release?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const text = await metrics.registry.metrics();
      expect(valueOf(text, count('GET', '/slow', 499))).toBe(1);
      expect(samples(text, DURATION).filter((l) => l.includes('_count{'))).toHaveLength(1);
      expect(valueOf(text, `${ACTIVE}{http_request_method="GET"}`)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('maps non-standard methods to _OTHER and skips excluded paths', async () => {
    const metrics = freshMetrics();
    const server = await start(metrics);
    try {
      expect((await rawRequest(`${server.base}/anything`, { method: 'PURGE' })).status).toBe(200);
      expect((await rawRequest(`${server.base}/healthz`)).status).toBe(200);
      expect((await rawRequest(`${server.base}/metrics`)).status).toBe(404);
      const text = await metrics.registry.metrics();
      expect(valueOf(text, count('_OTHER', '/anything', 200))).toBe(1);
      expect(text).not.toContain('/healthz');
      expect(text).not.toContain('http_route="/metrics"');
      expect(samples(text, DURATION).filter((l) => l.includes('_count{'))).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('records request and response body sizes from Content-Length with bodySizes: true', async () => {
    const metrics = freshMetrics();
    const server = await start(metrics, { bodySizes: true });
    try {
      await rawRequest(`${server.base}/api/orders/1/items`, { method: 'POST', body: 'x'.repeat(150) });
      const text = await metrics.registry.metrics();
      expect(
        valueOf(
          text,
          `${METRICS.http.serverRequestBodySize.name}_sum{http_request_method="POST",http_route="/api/orders/:id/items"}`,
        ),
      ).toBe(150);
      expect(
        valueOf(
          text,
          `${METRICS.http.serverResponseBodySize.name}_sum{http_request_method="POST",http_route="/api/orders/:id/items",http_response_status_code="201"}`,
        ),
      ).toBe(7);
    } finally {
      await server.close();
    }
  });

  it('adds bounded custom labels on a separate counter', async () => {
    const metrics = freshMetrics();
    const server = await start(metrics, {
      customLabels: {
        metricName: 'app_http_requests_by_tier_total',
        labels: { tier: ['free', 'pro'] },
        values: (req) => ({ tier: String(req.headers['x-tier'] ?? 'free') }),
      },
    });
    try {
      await rawRequest(`${server.base}/api/orders/1`, { headers: { 'x-tier': 'pro' } });
      await rawRequest(`${server.base}/api/orders/1`, { headers: { 'x-tier': 'attacker-controlled-123' } });
      const text = await metrics.registry.metrics();
      const series =
        'app_http_requests_by_tier_total{http_request_method="GET",http_route="/api/orders/:id",http_response_status_code="200"';
      expect(valueOf(text, `${series},tier="pro"}`)).toBe(1);
      expect(valueOf(text, `${series},tier="_OTHER"}`)).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('does not change responses when the metrics layer fails, and reports the failure once', async () => {
    const warnings: string[] = [];
    const metrics = freshMetrics(warnings);
    const server = await start(metrics, {
      customLabels: {
        metricName: 'app_http_requests_by_tier_total',
        labels: { tier: ['free'] },
        values: () => {
          throw new Error('label callback broke');
        },
      },
    });
    const plain = await listen(buildApp(expressOf()));
    try {
      for (const path of ['/api/orders/3', '/api/orders/3', '/nope']) {
        const a = await rawRequest(`${server.base}${path}`);
        const b = await rawRequest(`${plain.base}${path}`);
        expect(a.status).toBe(b.status);
        expect(a.body.toString()).toBe(b.body.toString());
        const strip = (h: Record<string, unknown>) => ({ ...h, date: undefined, etag: undefined });
        expect(strip(a.headers)).toEqual(strip(b.headers));
      }
      const text = await metrics.registry.metrics();
      expect(
        valueOf(text, 'obskit_instrumentation_errors_total{component="middleware",reason="exception"}'),
      ).toBe(3);
      expect(warnings.filter((w) => w.includes('middleware'))).toHaveLength(1);
      // the catalog metrics were still recorded before the callback failed
      expect(valueOf(text, count('GET', '/api/orders/:id', 200))).toBe(2);
    } finally {
      await server.close();
      await plain.close();
    }
  });
});

describe('the middleware on a plain Node http server', () => {
  it('records requests with the __unmatched__ route, since there is no router', async () => {
    const metrics = freshMetrics();
    const mw = createExpressMiddleware(metrics);
    const { createServer } = await import('node:http');
    const server = await listen(
      createServer((req, res) =>
        mw(req, res, () => {
          res.writeHead(204);
          res.end();
        }),
      ),
    );
    try {
      expect((await rawRequest(`${server.base}/anything/123`)).status).toBe(204);
      expect(valueOf(await metrics.registry.metrics(), count('GET', '__unmatched__', 204))).toBe(1);
    } finally {
      await server.close();
    }
  });
});
