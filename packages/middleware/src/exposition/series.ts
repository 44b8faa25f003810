import { Counter, Gauge, Histogram } from 'prom-client';
import { escapeLabelValue, escapeString, formatLabels, formatValue } from './format.js';
import type { ExpositionFormat } from './format.js';

/**
 * Reads prom-client counters, gauges and histograms series by series, so that a family of many
 * series is formatted in chunks with turns of the event loop in between, byte-for-byte as
 * `formatMetricFamily` formats what their `get()` / `getForPromString()` returns. This reads
 * prom-client 15's internal `hashMap` (there is no public per-series reader); anything that is not
 * exactly a prom-client Counter, Gauge or Histogram goes through `get()` instead.
 */

type Labels = Record<string, string | number>;

interface ExemplarEntry {
  readonly labelSet: Labels;
  readonly value: number;
  readonly timestamp?: number;
}

interface SeriesEntry {
  readonly labels?: Labels;
  readonly value?: number;
  readonly sum?: number;
  readonly count?: number;
  readonly bucketValues?: Record<string, number>;
  readonly bucketExemplars?: Record<string, ExemplarEntry | null | undefined>;
  readonly exemplar?: ExemplarEntry | null;
}

/** The prom-client internals read here. */
export interface PlainMetric {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly hashMap: Record<string, SeriesEntry>;
  readonly upperBounds?: readonly number[];
  readonly collect?: () => unknown;
}

const PLAIN_PROTOTYPES: ReadonlySet<object> = new Set([
  Counter.prototype,
  Gauge.prototype,
  Histogram.prototype,
]);

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/**
 * Whether `metric` is exactly a prom-client Counter, Gauge or Histogram (not a subclass, no
 * overridden `get`), whose series can be read one by one.
 */
export function isPlainMetric(metric: unknown): metric is PlainMetric {
  if (typeof metric !== 'object' || metric === null) return false;
  if (!PLAIN_PROTOTYPES.has(Object.getPrototypeOf(metric) as object)) return false;
  if (own(metric, 'get') || own(metric, 'getForPromString')) return false;
  const { hashMap, type } = metric as PlainMetric;
  if (typeof hashMap !== 'object' || hashMap === null) return false;
  if (type === 'histogram') return Array.isArray((metric as PlainMetric).upperBounds);
  return type === 'counter' || type === 'gauge';
}

/** Runs a plain metric's `collect` callback the way its `get()` would; resolves when it is done. */
export function runCollect(metric: PlainMetric): Promise<void> {
  if (typeof metric.collect !== 'function') return Promise.resolve();
  try {
    const result = metric.collect();
    return result instanceof Promise ? result.then(() => undefined) : Promise.resolve();
  } catch (error) {
    return Promise.reject(error);
  }
}

function pairs(labels: Labels): string {
  let out = '';
  for (const name of Object.keys(labels)) {
    out += `${out ? ',' : ''}${name}="${escapeLabelValue(labels[name])}"`;
  }
  return out;
}

function exemplarText(exemplar: ExemplarEntry): string {
  return ` # {${formatLabels(exemplar.labelSet).join(',')}} ${formatValue(exemplar.value)} ${exemplar.timestamp}`;
}

/** Formats one family of a plain metric; see {@link PlainFamilyFormatter.series}. */
export interface PlainFamilyFormatter {
  /** `# HELP` and `# TYPE`, no newline after. */
  readonly header: string;
  /** How many series there are; they come in the order prom-client's `Object.values(hashMap)` gives them. */
  readonly count: number;
  /** The lines of the series `[start, end)`, each preceded by `\n`. */
  series(start: number, end: number): string;
}

/**
 * Prepares the formatting of a plain metric's family in `format`, with the registry's default
 * labels applied the way prom-client's `getMetricsAsString` applies them.
 */
export function plainFamilyFormatter(
  metric: PlainMetric,
  format: ExpositionFormat,
  defaultLabels: Labels | undefined,
): PlainFamilyFormatter {
  const isOpenMetrics = format === 'openmetrics';
  const isCounter = metric.type === 'counter';
  const familyName = escapeString(
    isOpenMetrics && isCounter ? metric.name.replace(/_total$/, '') : metric.name,
  );
  const header = `# HELP ${familyName} ${escapeString(metric.help)}\n# TYPE ${familyName} ${metric.type}`;
  const defaults = defaultLabels && Object.keys(defaultLabels).length > 0 ? defaultLabels : undefined;
  const defaultNames = defaults ? Object.keys(defaults) : [];
  const map = metric.hashMap;
  // the keys only, in one go (5-10 ms at 50k series); each series is read when it is formatted
  const keys = Object.keys(map);
  const count = keys.length;

  // default labels a series does not carry itself, after its own labels (and `le`)
  const defaultPairs = (skip: Labels, also?: string): string => {
    let out = '';
    for (const name of defaultNames) {
      if (name === also || own(skip, name)) continue;
      out += `${out ? ',' : ''}${name}="${escapeLabelValue((defaults as Labels)[name])}"`;
    }
    return out;
  };
  const join = (a: string, b: string): string => (a && b ? `${a},${b}` : a || b);

  const bounds = metric.upperBounds;
  if (metric.type === 'histogram' && bounds) {
    const base = metric.name;
    const boundText = bounds.map((bound) => `le="${escapeLabelValue(bound)}"`);
    return {
      header,
      count,
      series(start, end) {
        let text = '';
        for (let i = start; i < end; i++) {
          const entry = map[keys[i]];
          if (entry === undefined) continue;
          const labels = entry.labels ?? {};
          // formatted afresh each scrape: prom-client keeps the caller's object, which may have changed
          const shared = pairs(labels);
          const tail = join(defaults ? defaultPairs(labels, 'le') : '', shared);
          const after = tail ? `,${tail}` : '';
          const exemplars = isOpenMetrics ? entry.bucketExemplars : undefined;
          const values = entry.bucketValues as Record<string, number>;
          let acc = 0;
          for (let b = 0; b < bounds.length; b++) {
            acc += values[bounds[b]];
            text += `\n${base}_bucket{${boundText[b]}${after}} ${formatValue(acc)}`;
            const ex = exemplars?.[bounds[b]];
            if (ex) text += exemplarText(ex);
          }
          const count = entry.count as number;
          text += `\n${base}_bucket{le="+Inf"${after}} ${formatValue(count)}`;
          const inf = exemplars?.['-1'];
          if (inf) text += exemplarText(inf);
          const plain = join(defaults ? defaultPairs(labels) : '', shared);
          const braces = plain ? `{${plain}}` : '';
          text += `\n${base}_sum${braces} ${formatValue(entry.sum as number)}`;
          text += `\n${base}_count${braces} ${formatValue(count)}`;
        }
        return text;
      },
    };
  }

  const sampleName = isOpenMetrics && isCounter ? `${familyName}_total` : familyName;
  return {
    header,
    count,
    series(start, end) {
      let text = '';
      for (let i = start; i < end; i++) {
        const entry = map[keys[i]];
        if (entry === undefined) continue;
        const labels = entry.labels ?? {};
        const all = join(pairs(labels), defaults ? defaultPairs(labels) : '');
        text += `\n${sampleName}${all ? `{${all}}` : ''} ${formatValue(entry.value as number)}`;
        if (isOpenMetrics && entry.exemplar) text += exemplarText(entry.exemplar);
      }
      return text;
    },
  };
}
