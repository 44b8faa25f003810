/**
 * OpenTelemetry → Prometheus name translation, per the OpenTelemetry "Prometheus and OpenMetrics
 * Compatibility" specification
 * (https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/#metric-metadata-1).
 */

/** The kinds of OTel instruments, as far as the Prometheus form cares. */
export type OtelInstrumentKind =
  | 'counter'
  | 'updowncounter'
  | 'histogram'
  | 'gauge'
  | 'observablecounter'
  | 'observableupdowncounter'
  | 'observablegauge';

/** The Prometheus metric type an OTel instrument kind is exposed as. */
export type PrometheusType = 'counter' | 'gauge' | 'histogram';

/** UCUM units with a Prometheus word, from the compatibility spec's table. */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/** Units of the denominator in `x/y` units. */
const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const INVALID_NAME_CHARS = /[^a-zA-Z0-9_:]+/g;
const INVALID_LABEL_CHARS = /[^a-zA-Z0-9_]+/g;

/** The Prometheus type an instrument kind is exposed as: monotonic sums are counters. */
export function prometheusTypeOf(kind: OtelInstrumentKind): PrometheusType {
  switch (kind) {
    case 'counter':
    case 'observablecounter':
      return 'counter';
    case 'histogram':
      return 'histogram';
    default:
      return 'gauge';
  }
}

/**
 * The unit suffix a UCUM unit adds to a Prometheus name, without the leading underscore: `s` →
 * `seconds`, `By` → `bytes`, `m/s` → `meters_per_second`, `1` → `ratio` (gauges only); annotations
 * such as `{token}` are dropped and give no suffix.
 */
export function unitSuffixOf(unit: string | undefined, type: PrometheusType): string {
  if (!unit) return '';
  const withoutAnnotations = unit.replace(/\{[^}]*\}/g, '').trim();
  if (withoutAnnotations === '') return '';
  if (withoutAnnotations === '1') return type === 'gauge' ? 'ratio' : '';
  const [numerator, denominator] = withoutAnnotations.split('/', 2);
  const parts: string[] = [];
  if (numerator) parts.push(UNIT_WORDS[numerator] ?? numerator);
  if (denominator) parts.push(`per_${PER_UNIT_WORDS[denominator] ?? UNIT_WORDS[denominator] ?? denominator}`);
  return sanitize(parts.join('_'), INVALID_LABEL_CHARS).replace(/^_+|_+$/g, '');
}

/**
 * The Prometheus metric name of an OTel instrument: invalid characters become `_`, the unit suffix
 * is appended unless the name already ends with it, and monotonic sums get `_total`.
 *
 * @example toPrometheusName('gen_ai.client.operation.duration', 's', 'histogram')
 *   // 'gen_ai_client_operation_duration_seconds'
 * @example toPrometheusName('gen_ai.client.token.usage', '{token}', 'histogram')
 *   // 'gen_ai_client_token_usage'
 */
export function toPrometheusName(
  instrumentName: string,
  unit: string | undefined,
  kind: OtelInstrumentKind,
): string {
  const type = prometheusTypeOf(kind);
  let name = sanitize(instrumentName, INVALID_NAME_CHARS);
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (type === 'counter') name = name.replace(/_total$/, '');
  const suffix = unitSuffixOf(unit, type);
  if (suffix && !name.endsWith(`_${suffix}`)) name = `${name}_${suffix}`;
  if (type === 'counter') name = `${name}_total`;
  return name;
}

/**
 * The Prometheus label name of an OTel attribute key: `gen_ai.provider.name` →
 * `gen_ai_provider_name`. Keys that start with a digit get a leading `_`.
 */
export function toPrometheusLabelName(attributeKey: string): string {
  const name = sanitize(attributeKey, INVALID_LABEL_CHARS);
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

function sanitize(value: string, invalid: RegExp): string {
  return value.replace(invalid, '_').replace(/_{2,}/g, '_');
}
