import { Registry } from 'prom-client';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createMetrics, noopLogger } from '@obskit/metrics-core';
import { createNextSpanProcessor } from './next-span-processor';

const count = (text: string, method: string, route: string, status: number): number | undefined => {
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(
        `http_server_request_duration_seconds_count{http_request_method="${method}",http_route="${route}",http_response_status_code="${status}"}`,
      ),
    );
  return line === undefined ? undefined : Number(line.split(' ').pop());
};

describe('createNextSpanProcessor with a real OpenTelemetry SDK tracer', () => {
  it("records Next.js request spans under Next's route, leaves others and the scrape route alone", async () => {
    const metrics = createMetrics({ registry: new Registry(), logger: noopLogger });
    const provider = new BasicTracerProvider({ spanProcessors: [createNextSpanProcessor(metrics)] });
    const tracer = provider.getTracer('next.js');
    const request = (attributes: Record<string, string | number>) => {
      const span = tracer.startSpan('GET', {
        attributes: { 'next.span_type': 'BaseServer.handleRequest', ...attributes },
      });
      span.end();
    };
    request({ 'http.method': 'GET', 'http.route': '/api/orders/[id]', 'http.status_code': 200 });
    request({ 'http.method': 'GET', 'http.route': '/api/orders/[id]', 'http.status_code': 200 });
    request({ 'http.method': 'POST', 'next.route': '/', 'http.status_code': 303 });
    request({ 'http.method': 'GET', 'http.route': '/_not-found', 'http.status_code': 404 });
    request({ 'http.method': 'GET', 'http.status_code': 404 });
    request({ 'http.method': 'GET', 'http.route': '/api/metrics', 'http.status_code': 200 });
    // a child span of the same request (rendering, a fetch) is not a request
    tracer
      .startSpan('render route (app) /', { attributes: { 'next.span_type': 'AppRender.getBodyResult' } })
      .end();
    await provider.shutdown();

    const text = await metrics.registry.metrics();
    expect(count(text, 'GET', '/api/orders/[id]', 200)).toBe(2);
    expect(count(text, 'POST', '/', 303)).toBe(1);
    expect(count(text, 'GET', '__unmatched__', 404)).toBe(2);
    expect(count(text, 'GET', '/api/metrics', 200)).toBeUndefined();
    expect(text.match(/^http_server_request_duration_seconds_count/gm)).toHaveLength(3);
  });
});
