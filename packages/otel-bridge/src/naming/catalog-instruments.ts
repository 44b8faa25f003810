import { ALL_METRICS, UNIT_SUFFIXES, type MetricDef, type OtelInstrument } from '@obskit/catalog';
import { prometheusTypeOf, toPrometheusName, type OtelInstrumentKind } from './prometheus-name.js';

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

const bySemconvName = new Map<string, MetricDef>(
  ALL_METRICS.flatMap((m) => (m.otel ? [[m.otel.name, m] as const] : [])),
);

/**
 * The Prometheus name the bridge gives an OTel instrument, and its catalog metric when there is one.
 * A semantic-convention instrument the catalog lists (`otel.name`) takes the catalog's name, which may
 * differ from the literal translation (`db.client.connection.count` → `db_client_connections`:
 * promtool rejects gauges ending in `_count`); any other instrument is translated per the spec and
 * matched to the catalog by that name.
 */
export function resolveInstrument(
  name: string,
  unit: string | undefined,
  kind: OtelInstrumentKind,
): { name: string; def?: MetricDef } {
  const semconv = bySemconvName.get(name);
  if (semconv && semconv.type === prometheusTypeOf(kind)) return { name: semconv.name, def: semconv };
  const translated = toPrometheusName(name, unit, kind);
  return { name: translated, def: byPrometheusName.get(translated) };
}

/** The Prometheus name the bridge gives an OTel instrument (see {@link resolveInstrument}). */
export function prometheusNameOf(
  instrument: OtelInstrument | { name: string; unit?: string; kind: OtelInstrumentKind },
): string {
  return resolveInstrument(instrument.name, instrument.unit, instrument.kind).name;
}
