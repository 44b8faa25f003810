import { createServer } from 'node:http';
import express from 'express';
import { promQuery, promtoolCheckMetrics, startPrometheus, waitFor } from '@obskit/testing';
import { METRICS } from '@obskit/catalog';
import { createMetrics } from '@obskit/metrics-core';
import type { ObskitMetrics } from '@obskit/metrics-core';
import { Registry } from 'prom-client';
import type { OpenMetricsContentType } from 'prom-client';
import { createExpressMiddleware } from '../src/express/middleware';
import { createMetricsHandler, startMetricsServer } from '../src/handler/metrics-handler';
import { createDbInstrumentation } from '../src/wrappers/db';
import { createInstrumentedFetch } from '../src/wrappers/outbound-fetch';
import { wrapAgentOperation, wrapJob } from '../src/wrappers/work';
import { listen } from './helpers';
import { rawRequest } from './http-client';

/** An app exercising every recorder of this package, so that the scrape holds real series. */
async function exercise(metrics: ObskitMetrics): Promise<() => Promise<void>> {
  const app = express();
  app.use(createExpressMiddleware(metrics));
  const orders = express.Router();
  orders.get('/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  orders.get('/:id/fail', () => {
    throw new Error('nope');
  });
  app.use('/api/orders', orders);
  app.get('/metrics', createMetricsHandler({ metrics, auth: false }));
  const server = await listen(app);
  await rawRequest(`${server.base}/api/orders/1`);
  await rawRequest(`${server.base}/api/orders/1/fail`);
  await rawRequest(`${server.base}/wp-admin/setup.php`);
  await rawRequest(`${server.base}/api/orders/2`, { method: 'PURGE' });
  const db = createDbInstrumentation(metrics, { system: 'sqlite' });
  await db.query({ sql: 'SELECT 1', collection: 'orders' }, () => 1);
  await wrapJob(metrics, 'cleanup', () => undefined)();
  await wrapAgentOperation(
    metrics,
    { agent: 'planner', operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' },
    () => 'ok',
  )();
  await createInstrumentedFetch(metrics)(`${server.base}/api/orders/3`);
  return server.close;
}

describe('a scrape of an instrumented app', () => {
  it('passes `promtool check metrics` with no output', async () => {
    const metrics = createMetrics({ registry: new Registry() });
    const close = await exercise(metrics);
    try {
      const server = await startMetricsServer({ metrics, port: 0, auth: false });
      try {
        const scrape = await rawRequest(server.url);
        expect(scrape.status).toBe(200);
        const body = scrape.body.toString();
        expect(body).toContain('http_route="/api/orders/:id"');
        expect(body).toContain('http_route="__unmatched__"');
        const result = await promtoolCheckMetrics(body);
        expect(result).toEqual({ code: 0, output: '' });
      } finally {
        await server.close();
      }
    } finally {
      await close();
    }
  }, 30_000);
});

describe('scraped by a real Prometheus', () => {
  it('negotiates OpenMetrics with exemplars, authenticates with a bearer token, and leaves out a hanging collector', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const metrics = createMetrics({ registry: registry as unknown as Registry, defaultMetrics: false });
    const app = express();
    app.use(
      createExpressMiddleware(metrics, {
        exemplar: () => ({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }),
      }),
    );
    app.get('/api/orders/:id', (_req, res) => {
      res.send('ok');
    });
    const appServer = await listen(app);
    await rawRequest(`${appServer.base}/api/orders/1`);
    // a collector that never answers: the scrape must still succeed within Prometheus' timeout
    registry.registerMetric({
      name: 'hanging_value',
      get: () => new Promise(() => undefined),
    } as never);

    const scraped: string[] = [];
    const handler = createMetricsHandler({ metrics, auth: { bearerToken: 'prom-token' } });
    const metricsServer = await listen(
      createServer((req, res) => {
        scraped.push(String(req.headers.accept));
        handler(req, res);
      }),
    );
    const prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '2s', scrape_timeout: '2s' },
        scrape_configs: [
          {
            job_name: 'app',
            authorization: { credentials_file: 'token' },
            static_configs: [{ targets: [metricsServer.base.replace('http://', '')] }],
          },
          {
            job_name: 'app-without-token',
            static_configs: [{ targets: [metricsServer.base.replace('http://', '')] }],
          },
        ],
      },
      files: { token: 'prom-token' },
      args: ['--enable-feature=exemplar-storage'],
    });
    try {
      // a loaded machine may miss a scrape now and then: wait for a good one
      const up = await waitFor('both targets scraped, the one with the token successfully', async () => {
        const samples = await promQuery(prometheus.url, 'up');
        return samples.length === 2 && samples.some((s) => s.metric.job === 'app' && s.value[1] === '1')
          ? samples
          : undefined;
      });
      const byJob = Object.fromEntries(up.map((s) => [s.metric.job, s.value[1]]));
      expect(byJob).toEqual({ app: '1', 'app-without-token': '0' });
      expect(scraped[0]).toContain('application/openmetrics-text');

      const requests = await promQuery(
        prometheus.url,
        `${METRICS.http.serverRequestDuration.name}_count{job="app",http_route="/api/orders/:id"}`,
      );
      expect(requests.map((s) => s.value[1])).toEqual(['1']);
      const collectorErrors = await waitFor('collector error counted', async () => {
        const s = await promQuery(prometheus.url, `${METRICS.self.collectorErrors.name}{job="app"}`);
        return s.length > 0 ? s : undefined;
      });
      expect(collectorErrors[0].metric).toMatchObject({
        metric: 'hanging_value',
        reason: 'collector_timeout',
      });

      const exemplars = await fetch(
        `${prometheus.url}/api/v1/query_exemplars?query=${encodeURIComponent(
          `${METRICS.http.serverRequestDuration.name}_bucket{job="app"}`,
        )}&start=${Math.floor(Date.now() / 1000) - 600}&end=${Math.ceil(Date.now() / 1000) + 60}`,
      ).then(
        (r) => r.json() as Promise<{ data: Array<{ exemplars: Array<{ labels: Record<string, string> }> }> }>,
      );
      const labels = exemplars.data.flatMap((d) => d.exemplars.map((e) => e.labels));
      expect(labels).toContainEqual({
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        span_id: '00f067aa0ba902b7',
      });
    } finally {
      await prometheus.stop();
      await metricsServer.close();
      await appServer.close();
    }
  }, 60_000);
});
