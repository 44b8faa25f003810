import { ALL_METRICS, METRICS, OBSKIT_METRICS } from '@obskit/catalog';
import { findCatalogMetric, otelInstrumentOf, prometheusNameOf } from './catalog-instruments';

describe('catalog instruments', () => {
  it('every semantic-convention instrument of the catalog translates to its catalog name', () => {
    const withOtel = ALL_METRICS.flatMap((m) => (m.otel ? [{ metric: m.name, otel: m.otel }] : []));
    expect(withOtel.length).toBeGreaterThan(5);
    const mismatches = withOtel
      .map(({ metric, otel }) => ({ metric, translated: prometheusNameOf(otel) }))
      .filter((x) => x.metric !== x.translated);
    expect(mismatches).toEqual([]);
  });

  it('every obskit metric has an OTel instrument that translates back to exactly its name', () => {
    const mismatches = OBSKIT_METRICS.map((m) => ({
      metric: m.name,
      translated: prometheusNameOf(otelInstrumentOf(m)),
    })).filter((x) => x.metric !== x.translated);
    expect(mismatches).toEqual([]);
  });

  it('derives OTel instruments of obskit metrics from the catalog', () => {
    expect(otelInstrumentOf(METRICS.agent.handoffDuration)).toEqual({
      name: 'obskit_agent_handoff_duration',
      unit: 's',
      kind: 'histogram',
    });
    expect(otelInstrumentOf(METRICS.agent.cost)).toEqual({
      name: 'obskit_gen_ai_cost',
      unit: 'usd',
      kind: 'counter',
    });
    expect(otelInstrumentOf(METRICS.genai.clientTokenUsage)).toEqual({
      name: 'gen_ai.client.token.usage',
      unit: '{token}',
      kind: 'histogram',
    });
  });

  it('finds catalog metrics by Prometheus name only', () => {
    expect(findCatalogMetric('gen_ai_client_operation_duration_seconds')).toBe(
      METRICS.genai.clientOperationDuration,
    );
    expect(findCatalogMetric('gen_ai_client_operation_duration')).toBeUndefined();
  });
});
