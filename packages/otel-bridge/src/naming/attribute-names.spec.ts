import { ALL_METRICS, LABELS } from '@obskit/catalog';
import { otelAttributeOf } from './attribute-names';
import { toPrometheusLabelName } from './prometheus-name';

describe('otelAttributeOf', () => {
  const labels = Object.keys(LABELS);

  it('gives, for every catalog label, the attribute the bridge turns back into that label', () => {
    expect(labels.length).toBeGreaterThan(30);
    const wrong = labels.filter((label) => toPrometheusLabelName(otelAttributeOf(label)) !== label);
    expect(wrong).toEqual([]);
  });

  it('is the inverse of toPrometheusLabelName on the attribute of every catalog label', () => {
    const wrong = labels
      .map((label) => otelAttributeOf(label))
      .filter((attribute) => otelAttributeOf(toPrometheusLabelName(attribute)) !== attribute);
    expect(wrong).toEqual([]);
  });

  it('uses the semantic-convention attribute keys and keeps obskit-only labels as they are', () => {
    expect(
      [
        'gen_ai_provider_name',
        'gen_ai_token_type',
        'error_type',
        'mcp_method_name',
        'http_response_status_code',
        'db_client_connection_pool_name',
        'gen_ai_rate_limit_resource',
        'queue',
        'from_agent',
      ].map(otelAttributeOf),
    ).toEqual([
      'gen_ai.provider.name',
      'gen_ai.token.type',
      'error.type',
      'mcp.method.name',
      'http.response.status_code',
      'db.client.connection.pool.name',
      'gen_ai_rate_limit_resource',
      'queue',
      'from_agent',
    ]);
  });

  it("names every label of a catalog metric that has a semconv instrument by the semconv's attribute", () => {
    const undotted = ALL_METRICS.filter((m) => m.otel)
      .flatMap((m) => m.labels.map((label) => ({ metric: m.name, label })))
      .filter(({ label }) => !otelAttributeOf(label).includes('.'));
    expect(undotted).toEqual([]);
  });
});
