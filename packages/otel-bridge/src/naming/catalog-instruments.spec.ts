import { ALL_METRICS, METRICS, OBSKIT_METRICS } from '@obskit/catalog';
import {
  findCatalogMetric,
  otelInstrumentOf,
  prometheusNameOf,
  resolveInstrument,
} from './catalog-instruments';
import { toPrometheusName } from './prometheus-name';

describe('catalog instruments', () => {
  it('every semantic-convention instrument of the catalog translates literally, but for the listed renames', () => {
    const withOtel = ALL_METRICS.flatMap((m) => (m.otel ? [{ metric: m.name, otel: m.otel }] : []));
    expect(withOtel.length).toBeGreaterThan(5);
    const renamed = withOtel
      .filter(({ metric, otel }) => toPrometheusName(otel.name, otel.unit, otel.kind) !== metric)
      .map(({ metric }) => metric);
    // promtool rejects a gauge ending in _count, so the catalog renames it.
    expect(renamed).toEqual([METRICS.db.connectionCount.name]);
  });

  it('resolves semantic-convention instruments to the catalog name, renames included', () => {
    expect(resolveInstrument('db.client.connection.count', '{connection}', 'updowncounter')).toEqual({
      name: 'db_client_connections',
      def: METRICS.db.connectionCount,
    });
    expect(resolveInstrument('gen_ai.client.token.usage', '{token}', 'histogram')).toEqual({
      name: 'gen_ai_client_token_usage',
      def: METRICS.genai.clientTokenUsage,
    });
    // Another kind than the catalog's: translated literally, so the type mismatch is reported by name.
    expect(resolveInstrument('db.client.connection.count', '{connection}', 'counter')).toEqual({
      name: 'db_client_connection_count_total',
      def: undefined,
    });
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
