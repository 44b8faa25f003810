import { ALL_METRICS, UNIT_SUFFIXES, type MetricDef, type OtelInstrument } from '@obskit/catalog';
import { toPrometheusName, type OtelInstrumentKind } from './prometheus-name.js';

/** The UCUM unit an obskit catalog unit is recorded in through OpenTelemetry. */
const OTEL_UNITS: Readonly<Record<MetricDef['unit'], string>> = {
  seconds: 's',
  bytes: 'By',
  ratio: '1',
  usd: 'usd',
  tokens: '{token}',
  score: '{score}',
  count: '{count}',
  info: '{info}',
};

/**
 * The OpenTelemetry instrument that records a catalog metric. Semantic-convention metrics use their
 * semconv instrument (`gen_ai.client.operation.duration`, unit `s`); obskit's own metrics use their
 * Prometheus base name (without `_total` and the unit suffix) and a unit that translates back to
 * exactly the catalog name, e.g. `obskit_agent_handoff_duration` with unit `s`.
 */
export function otelInstrumentOf(def: MetricDef): OtelInstrument {
  if (def.otel) return def.otel;
  let base = def.name.replace(/_total$/, '');
  const suffix = UNIT_SUFFIXES[def.unit];
  if (suffix && def.unit !== 'info' && base.endsWith(suffix)) base = base.slice(0, -suffix.length);
  const kind: OtelInstrument['kind'] =
    def.type === 'counter' ? 'counter' : def.type === 'gauge' ? 'gauge' : 'histogram';
  return { name: base, unit: OTEL_UNITS[def.unit], kind };
}

const byPrometheusName = new Map<string, MetricDef>(ALL_METRICS.map((m) => [m.name, m]));

/**
 * The catalog metric an OTel instrument is the OTel form of, matched by its Prometheus name, or
 * `undefined` for instruments the catalog does not know.
 */
export function findCatalogMetric(prometheusName: string): MetricDef | undefined {
  return byPrometheusName.get(prometheusName);
}

/** The Prometheus name the bridge gives an OTel instrument. */
export function prometheusNameOf(
  instrument: OtelInstrument | { name: string; unit?: string; kind: OtelInstrumentKind },
): string {
  return toPrometheusName(instrument.name, instrument.unit, instrument.kind);
}
