import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promQuery, startPrometheus, waitFor, type RunningServer } from '@obskit/testing';
import { METRICS } from '@obskit/catalog';
import { Registry, type OpenMetricsContentType } from 'prom-client';
import { createMetrics } from '../src';

const exemplar = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

describe('a real Prometheus scraping an OpenMetrics registry', () => {
  let server: Server;
  let prometheus: RunningServer | undefined;

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('accepts the whole exposition (a parse error would fail the scrape) and stores the trace exemplars', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const metrics = createMetrics({ registry, build: { version: '1.0.0', revision: 'abc' } });
    metrics.http.recordServerRequest({
      method: 'GET',
      route: '/orders/:id',
      statusCode: 200,
      durationSeconds: 0.03,
      exemplar,
    });
    metrics.business.featureUsed('search');

    server = createServer((_req, res) => {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s' },
        scrape_configs: [{ job_name: 'app', static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
      },
      args: ['--enable-feature=exemplar-storage'],
    });
    const url = prometheus.url;
    await waitFor('a successful scrape', async () => (await promQuery(url, 'up == 1')).length === 1, 20_000);

    const features = await promQuery(url, METRICS.business.featureUsage.name);
    expect(features.map((s) => [s.metric['feature'], s.value[1]])).toEqual([['search', '1']]);
    expect((await promQuery(url, METRICS.self.buildInfo.name))[0].metric['version']).toBe('1.0.0');

    const now = Date.now() / 1000;
    const response = await fetch(
      `${url}/api/v1/query_exemplars?query=${encodeURIComponent(
        `${METRICS.http.serverRequestDuration.name}_bucket`,
      )}&start=${now - 300}&end=${now + 60}`,
    );
    const body = (await response.json()) as {
      data: {
        seriesLabels: Record<string, string>;
        exemplars: { labels: Record<string, string>; value: string }[];
      }[];
    };
    expect(body.data).toHaveLength(1);
    expect(body.data[0].seriesLabels['le']).toBe('0.05');
    expect(body.data[0].exemplars[0].labels).toEqual({
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
    });
    expect(body.data[0].exemplars[0].value).toBe('0.03');
  }, 60_000);
});
