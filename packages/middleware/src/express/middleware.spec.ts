import express from 'express';
import { METRICS } from '@obskit/catalog';
import { createMetrics, type ObskitMetrics } from '@obskit/metrics-core';
import { Registry, type OpenMetricsContentType } from 'prom-client';
import { createMetricsHandler } from '../handler/metrics-handler';
import { freshMetrics, listen, samples, valueOf } from '../../test/helpers';
import { rawRequest } from '../../test/http-client';
import { createExpressMiddleware } from './middleware';

const DURATION = METRICS.http.serverRequestDuration.name;
const ACTIVE = METRICS.http.serverActiveRequests.name;
const RESPONSE_SIZE = METRICS.http.serverResponseBodySize.name;
const count = (method: string, route: string, status: number) =>
  `${DURATION}_count{http_request_method="${method}",http_route="${route}",http_response_status_code="${status}"}`;
const active = (method: string) => `${ACTIVE}{http_request_method="${method}"}`;

/** Waits until `done()` holds (the server records a request just after its client has the response). */
async function until(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** An app whose `/hold` requests stay open until `releaseAll()`. */
function holdingApp(metrics: ObskitMetrics) {
  const held: Array<() => void> = [];
  let onHeld: () => void = () => undefined;
  const app = express();
  app.use(createExpressMiddleware(metrics));
  app.get('/metrics', createMetricsHandler({ metrics, auth: false }));
  app.all('/hold', (_req, res) => {
    held.push(() => res.send('released'));
    onHeld();
  });
  return {
    app,
    /** Resolves once `n` requests are held. */
    held: (n: number) =>
      new Promise<void>((resolve) => {
        onHeld = () => {
          if (held.length >= n) resolve();
        };
        onHeld();
      }),
    releaseAll: () => held.splice(0).forEach((release) => release()),
  };
}

describe('the in-flight gauge', () => {
  it('reads the requests open at scrape time, per method, on /metrics and on registry.metrics()', async () => {
    const metrics = freshMetrics();
    const { app, held, releaseAll } = holdingApp(metrics);
    const server = await listen(app);
    try {
      const open = [
        rawRequest(`${server.base}/hold`),
        rawRequest(`${server.base}/hold`),
        rawRequest(`${server.base}/hold`),
        rawRequest(`${server.base}/hold`, { method: 'POST', body: 'x' }),
      ];
      await held(4);
      const scraped = (await rawRequest(`${server.base}/metrics`)).body.toString();
      expect(valueOf(scraped, active('GET'))).toBe(3);
      expect(valueOf(scraped, active('POST'))).toBe(1);
      expect(valueOf(await metrics.registry.metrics(), active('GET'))).toBe(3);

      releaseAll();
      await Promise.all(open);
      const scrape = async () => (await rawRequest(`${server.base}/metrics`)).body.toString();
      await until(async () => valueOf(await scrape(), count('POST', '/hold', 200)) === 1);
      const after = await scrape();
      expect(valueOf(after, active('GET'))).toBe(0);
      expect(valueOf(after, active('POST'))).toBe(0);
      expect(valueOf(after, count('GET', '/hold', 200))).toBe(3);
      expect(valueOf(after, count('POST', '/hold', 200))).toBe(1);
    } finally {
      releaseAll();
      await server.close();
    }
  });

  it('adds up the requests of two apps that share one metrics instance', async () => {
    const metrics = freshMetrics();
    const a = holdingApp(metrics);
    const b = holdingApp(metrics);
    const serverA = await listen(a.app);
    const serverB = await listen(b.app);
    try {
      const open = [
        rawRequest(`${serverA.base}/hold`),
        rawRequest(`${serverB.base}/hold`),
        rawRequest(`${serverB.base}/hold`),
      ];
      await Promise.all([a.held(1), b.held(2)]);
      expect(valueOf(await metrics.registry.metrics(), active('GET'))).toBe(3);
      const inFlight = async () => valueOf(await metrics.registry.metrics(), active('GET'));
      a.releaseAll();
      await open[0];
      await until(async () => (await inFlight()) === 2);
      expect(await inFlight()).toBe(2);
      b.releaseAll();
      await Promise.all(open);
      await until(async () => (await inFlight()) === 0);
      expect(await inFlight()).toBe(0);
    } finally {
      a.releaseAll();
      b.releaseAll();
      await serverA.close();
      await serverB.close();
    }
  });
});

describe('the express middleware', () => {
  it('keeps the series of each route, status and method apart when they alternate', async () => {
    const metrics = freshMetrics();
    const app = express();
    app.use(createExpressMiddleware(metrics, { bodySizes: true }));
    app.all('/items/:id', (req, res) => {
      const id = Number(req.params.id);
      res.status(id % 3 === 0 ? 404 : 200).send(req.method === 'GET' ? 'x'.repeat(id) : '');
    });
    const server = await listen(app);
    try {
      for (let id = 1; id <= 12; id++) {
        await rawRequest(`${server.base}/items/${id}`);
        await rawRequest(`${server.base}/items/${id}`, { method: 'DELETE' });
        await rawRequest(`${server.base}/nothing/${id}`, { method: id % 2 ? 'GET' : 'PUT' });
      }
      const text = await metrics.registry.metrics();
      expect(valueOf(text, count('GET', '/items/:id', 200))).toBe(8);
      expect(valueOf(text, count('GET', '/items/:id', 404))).toBe(4);
      expect(valueOf(text, count('DELETE', '/items/:id', 200))).toBe(8);
      expect(valueOf(text, count('DELETE', '/items/:id', 404))).toBe(4);
      expect(valueOf(text, count('GET', '__unmatched__', 404))).toBe(6);
      expect(valueOf(text, count('PUT', '__unmatched__', 404))).toBe(6);
      // GET 200 bodies: ids 1,2,4,5,7,8,10,11
      const size = `${RESPONSE_SIZE}_sum{http_request_method="GET",http_route="/items/:id",http_response_status_code="200"}`;
      expect(valueOf(text, size)).toBe(1 + 2 + 4 + 5 + 7 + 8 + 10 + 11);
    } finally {
      await server.close();
    }
  });

  it('records no body sizes unless bodySizes is set (they are opt-in)', async () => {
    const metrics = freshMetrics();
    const app = express();
    app.use(createExpressMiddleware(metrics));
    app.post('/items', (_req, res) => {
      res.status(201).send('created');
    });
    const server = await listen(app);
    try {
      await rawRequest(`${server.base}/items`, { method: 'POST', body: 'x'.repeat(10) });
      const text = await metrics.registry.metrics();
      expect(valueOf(text, count('POST', '/items', 201))).toBe(1);
      expect(samples(text, RESPONSE_SIZE)).toEqual([]);
      expect(samples(text, METRICS.http.serverRequestBodySize.name)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('labels routes below a parameterised mount with the template when it is mounted in the inner router', async () => {
    const metrics = freshMetrics();
    const app = express();
    const tenant = express.Router({ mergeParams: true });
    tenant.use(createExpressMiddleware(metrics));
    tenant.get('/orders/:id', (_req, res) => {
      res.send('order');
    });
    app.use('/tenants/:tenantId', tenant);
    const server = await listen(app);
    try {
      await rawRequest(`${server.base}/tenants/acme/orders/1`);
      await rawRequest(`${server.base}/tenants/globex/orders/2`);
      const text = await metrics.registry.metrics();
      expect(valueOf(text, count('GET', '/tenants/:tenantId/orders/:id', 200))).toBe(2);
      expect(text).not.toMatch(/acme|globex/);
    } finally {
      await server.close();
    }
  });

  it('attaches the trace exemplar to the duration observation in OpenMetrics', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const metrics = createMetrics({ registry, defaultMetrics: false });
    const app = express();
    app.use(
      createExpressMiddleware(metrics, {
        exemplar: () => ({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }),
      }),
    );
    app.get('/orders/:id', (_req, res) => {
      res.send('order');
    });
    const server = await listen(app);
    try {
      await rawRequest(`${server.base}/orders/1`);
      const text = await registry.metrics();
      expect(text).toMatch(
        /^http_server_request_duration_seconds_bucket\{[^}]*http_route="\/orders\/:id"[^}]*\} 1 # \{trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"\} /m,
      );
    } finally {
      await server.close();
    }
  });
});
