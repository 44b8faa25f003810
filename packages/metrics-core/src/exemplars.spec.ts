import { METRICS } from '@obskit/catalog';
import { Registry, type OpenMetricsContentType } from 'prom-client';
import { createMetrics } from './create-metrics';

function openMetricsRegistry() {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

const exemplar = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

describe('exemplars', () => {
  it('attaches trace exemplars to duration histograms on an OpenMetrics registry', async () => {
    const registry = openMetricsRegistry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    expect(metrics.exemplars).toBe(true);
    metrics.http.recordServerRequest({
      method: 'GET',
      route: '/orders/:id',
      statusCode: 200,
      durationSeconds: 0.03,
      exemplar,
    });
    metrics
      .histogram(METRICS.http.serverRequestDuration)
      .observe({ http_request_method: 'GET', http_route: '/health', http_response_status_code: 200 }, 0.002);
    const text = await registry.metrics();
    expect(text).toMatch(
      /^http_server_request_duration_seconds_bucket\{le="0\.05",http_request_method="GET",http_route="\/orders\/:id",http_response_status_code="200"\} 1 # \{trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"\} 0\.03 \d+(\.\d+)?$/m,
    );
    expect(text).toMatch(
      /^http_server_request_duration_seconds_bucket\{le="0\.005",http_request_method="GET",http_route="\/health",http_response_status_code="200"\} 1$/m,
    );
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('records timer exemplars', async () => {
    const registry = openMetricsRegistry();
    let now = 0;
    const metrics = createMetrics({ registry, defaultMetrics: false, clock: () => now });
    const end = metrics.histogram(METRICS.db.operationDuration).startTimer({ db_system_name: 'sqlite' });
    now += 70;
    expect(end({ db_operation_name: 'SELECT' }, exemplar)).toBe(0.07);
    expect(await registry.metrics()).toContain(
      'db_client_operation_duration_seconds_bucket{le="0.1",db_system_name="sqlite",db_operation_name="SELECT"} 1 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"} 0.07',
    );
  });

  it('are off on a Prometheus text registry, where they could not be shown', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    expect(metrics.exemplars).toBe(false);
    metrics.db.recordQuery({ system: 'sqlite', operation: 'SELECT', durationSeconds: 0.02, exemplar });
    const text = await registry.metrics();
    expect(text).toContain(
      'db_client_operation_duration_seconds_bucket{le="0.05",db_system_name="sqlite",db_operation_name="SELECT"} 1\n',
    );
    expect(text).not.toContain('trace_id');
  });

  it('drop an exemplar OpenMetrics refuses (too long) but keep the observation, and report it', async () => {
    const registry = openMetricsRegistry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    const long = { traceId: 'a'.repeat(200), spanId: 'b' };
    expect(() =>
      metrics.db.recordQuery({
        system: 'sqlite',
        operation: 'SELECT',
        durationSeconds: 0.02,
        exemplar: long,
      }),
    ).not.toThrow();
    const text = await registry.metrics();
    expect(text).toMatch(
      /^db_client_operation_duration_seconds_count\{db_system_name="sqlite",db_operation_name="SELECT"\} 1$/m,
    );
    expect(text).not.toContain(' # {');
    expect(text).toContain(
      'obskit_instrumentation_errors_total{component="metrics-core",reason="invalid_label_value"} 1',
    );
  });
});
