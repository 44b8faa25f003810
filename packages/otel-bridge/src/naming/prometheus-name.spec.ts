import { toPrometheusLabelName, toPrometheusName, unitSuffixOf } from './prometheus-name';

describe('toPrometheusName', () => {
  it.each([
    ['gen_ai.client.operation.duration', 's', 'histogram', 'gen_ai_client_operation_duration_seconds'],
    ['gen_ai.client.token.usage', '{token}', 'histogram', 'gen_ai_client_token_usage'],
    ['http.server.request.body.size', 'By', 'histogram', 'http_server_request_body_size_bytes'],
    ['http.server.active_requests', '{request}', 'updowncounter', 'http_server_active_requests'],
    ['app.requests', '{request}', 'counter', 'app_requests_total'],
    ['app.requests_total', '', 'counter', 'app_requests_total'],
    ['app.bytes.sent', 'By', 'observablecounter', 'app_bytes_sent_bytes_total'],
    ['app.sent_bytes', 'By', 'counter', 'app_sent_bytes_total'],
    ['app.cpu.utilization', '1', 'gauge', 'app_cpu_utilization_ratio'],
    ['app.hits', '1', 'counter', 'app_hits_total'],
    ['app.speed', 'm/s', 'gauge', 'app_speed_meters_per_second'],
    ['app.latency', 'ms', 'histogram', 'app_latency_milliseconds'],
    ['app.cost', 'usd', 'counter', 'app_cost_usd_total'],
    ['app..weird-name/x', '', 'gauge', 'app_weird_name_x'],
    ['2xx.count', '', 'gauge', '_2xx_count'],
  ] as const)('%s [%s] as %s → %s', (name, unit, kind, expected) => {
    expect(toPrometheusName(name, unit, kind)).toBe(expected);
  });

  it('adds no suffix for units made only of annotations', () => {
    expect(unitSuffixOf('{token}', 'histogram')).toBe('');
    expect(unitSuffixOf(undefined, 'gauge')).toBe('');
  });
});

describe('toPrometheusLabelName', () => {
  it.each([
    ['gen_ai.provider.name', 'gen_ai_provider_name'],
    ['http.response.status_code', 'http_response_status_code'],
    ['error.type', 'error_type'],
    ['a-b', 'a_b'],
    ['1st', '_1st'],
  ])('%s → %s', (key, expected) => {
    expect(toPrometheusLabelName(key)).toBe(expected);
  });
});
