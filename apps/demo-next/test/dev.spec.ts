import { promQuery, startPrometheus, waitFor, type RunningServer } from '@obskit/testing';
import { expectEncodedOnce, MATRIX } from './encoding';
import { rawRequest, startNext, type NextServer } from './next-server';

const TOKEN = 'dev-spec-token';
/** The first request of each route compiles it under `next dev`. */
const DEV_START_MS = 180_000;

describe('/api/metrics under next dev (Turbopack)', () => {
  describe('without credentials (the development loopback rule)', () => {
    let next: NextServer;
    beforeAll(async () => {
      next = await startNext('turbopack', {}, { dev: true });
    }, DEV_START_MS);
    afterAll(() => next?.stop());

    it('refuses even a loopback client, since Next.js gives the handler no client address it can trust, and says why', async () => {
      // the README: Next.js passes a client-sent X-Forwarded-For through, so the rule cannot tell
      const res = await rawRequest(`${next.url}/api/metrics`);
      expect(res.status).toBe(403);
      expect(res.body.toString()).toMatch(/METRICS_TOKEN/);
      const forged = await rawRequest(`${next.url}/api/metrics`, {
        headers: { 'x-forwarded-for': '127.0.0.1' },
      });
      expect(forged.status).toBe(403);
    });
  });

  describe('with METRICS_TOKEN, scraped by a real Prometheus', () => {
    let next: NextServer;
    let prometheus: RunningServer | undefined;
    beforeAll(async () => {
      next = await startNext('turbopack', { METRICS_TOKEN: TOKEN }, { dev: true });
    }, DEV_START_MS);
    afterAll(async () => {
      await prometheus?.stop();
      await next?.stop();
    });

    it.each(MATRIX)('%s with Accept-Encoding: %s is encoded at most once and declared', (format, encoding) =>
      expectEncodedOnce(`${next.url}/api/metrics`, TOKEN, format, encoding),
    );

    it('is up for Prometheus 3, and a request shows under its route template', async () => {
      expect((await rawRequest(`${next.url}/api/orders/7`)).status).toBe(200);
      prometheus = await startPrometheus({
        config: {
          global: { scrape_interval: '1s', scrape_timeout: '1s' },
          scrape_configs: [
            {
              job_name: 'demo-next-dev',
              metrics_path: '/api/metrics',
              authorization: { type: 'Bearer', credentials_file: 'token' },
              static_configs: [{ targets: [new URL(next.url).host] }],
            },
          ],
        },
        files: { token: TOKEN },
      });
      const server = prometheus;
      const up = await waitFor('a scrape of next dev', async () => {
        const samples = await promQuery(server.url, 'up{job="demo-next-dev"}');
        return samples.length > 0 ? samples : undefined;
      });
      expect(up.map((s) => s.value[1])).toEqual(['1']);
      const orders = await waitFor('the order request in Prometheus', async () => {
        const samples = await promQuery(
          server.url,
          'http_server_request_duration_seconds_count{job="demo-next-dev",http_route="/api/orders/[id]"}',
        );
        return samples.length > 0 ? samples : undefined;
      });
      expect(orders.map((s) => [s.metric.http_response_status_code, s.value[1]])).toEqual([['200', '1']]);
    });
  });
});
