import type { HistogramSeries, MetricFamily, ValueSeries } from '../store/family.js';
import type { ExemplarData } from '../store/samples.js';
import { escapeLabelValue, escapeString, formatLabels, formatValue } from './format.js';
import type { ExpositionFormat } from './format.js';

/**
 * Formats a family of metrics-core's series store series by series, so that a family of many series
 * is written in slices with turns of the event loop in between. The text is byte-for-byte what
 * prom-client's `Registry` prints for the family's `get()` (the store's own data, read through the
 * family's public `series()`): histogram buckets carry `le` first, then the series' labels, then
 * the registry's default labels the series does not carry itself.
 */

type Labels = Readonly<Record<string, string | number>>;

/** The text of one metric family, series by series. */
export interface FamilyText {
  /** `# HELP` and `# TYPE`, no newline after. */
  readonly header: string;
  /** How many series (for a family read through `get()`: samples; for text: lines) there are. */
  readonly count: number;
  /** The lines of the series `[start, end)`, each preceded by `\n`. */
  series(start: number, end: number): string;
}

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function pairs(labels: Labels): string {
  let out = '';
  for (const name of Object.keys(labels)) {
    out += `${out ? ',' : ''}${name}="${escapeLabelValue(labels[name])}"`;
  }
  return out;
}

function exemplarText(exemplar: ExemplarData): string {
  return ` # {${formatLabels(exemplar.labelSet).join(',')}} ${formatValue(exemplar.value)} ${exemplar.timestamp}`;
}

const join = (a: string, b: string): string => (a && b ? `${a},${b}` : a || b);

/**
 * Prepares the text of a store family in `format`, with the registry's default labels applied the
 * way prom-client's `getMetricsAsString` applies them. The series are the ones the family holds now.
 */
export function familyText(
  family: MetricFamily,
  format: ExpositionFormat,
  defaultLabels: Labels | undefined,
): FamilyText {
  const isOpenMetrics = format === 'openmetrics';
  const isCounter = family.type === 'counter';
  const familyName = escapeString(
    isOpenMetrics && isCounter ? family.name.replace(/_total$/, '') : family.name,
  );
  const header = `# HELP ${familyName} ${escapeString(family.help)}\n# TYPE ${familyName} ${family.type}`;
  const defaults = defaultLabels && Object.keys(defaultLabels).length > 0 ? defaultLabels : undefined;
  const defaultNames = defaults ? Object.keys(defaults) : [];
  // default labels a series does not carry itself, after its own labels
  const defaultPairs = (skip: Labels, also?: string): string => {
    let out = '';
    for (const name of defaultNames) {
      if (name === also || own(skip, name)) continue;
      out += `${out ? ',' : ''}${name}="${escapeLabelValue((defaults as Labels)[name])}"`;
    }
    return out;
  };

  if (family.type === 'histogram') {
    const all = family.series() as readonly HistogramSeries[];
    const bounds = family.buckets;
    const base = family.name;
    const boundText = bounds.map((bound) => `le="${escapeLabelValue(bound)}"`);
    return {
      header,
      count: all.length,
      series(start, end) {
        let text = '';
        for (let i = start; i < end; i++) {
          const s = all[i];
          const labels = s.labels;
          const plain = join(pairs(labels), defaults ? defaultPairs(labels, 'le') : '');
          const after = plain ? `,${plain}` : '';
          const exemplars = isOpenMetrics ? s.exemplars : undefined;
          let acc = 0;
          for (let b = 0; b < bounds.length; b++) {
            acc += s.counts[b];
            text += `\n${base}_bucket{${boundText[b]}${after}} ${formatValue(acc)}`;
            const ex = exemplars?.[b];
            if (ex) text += exemplarText(ex);
          }
          text += `\n${base}_bucket{le="+Inf"${after}} ${formatValue(s.count)}`;
          const inf = exemplars?.[bounds.length];
          if (inf) text += exemplarText(inf);
          const summed = defaults ? join(pairs(labels), defaultPairs(labels)) : plain;
          const braces = summed ? `{${summed}}` : '';
          text += `\n${base}_sum${braces} ${formatValue(s.sum)}`;
          text += `\n${base}_count${braces} ${formatValue(s.count)}`;
        }
        return text;
      },
    };
  }

  const all = family.series() as readonly ValueSeries[];
  const sampleName = isOpenMetrics && isCounter ? `${familyName}_total` : familyName;
  return {
    header,
    count: all.length,
    series(start, end) {
      let text = '';
      for (let i = start; i < end; i++) {
        const s = all[i];
        const labels = join(pairs(s.labels), defaults ? defaultPairs(s.labels) : '');
        text += `\n${sampleName}${labels ? `{${labels}}` : ''} ${formatValue(s.value)}`;
      }
      return text;
    },
  };
}

/** The text prom-client's registry formatted for one metric, handed out a few lines at a time. */
export function preformattedText(text: string): FamilyText {
  const lines = text.split('\n');
  const header = lines.slice(0, 2).join('\n');
  return {
    header,
    count: lines.length - 2,
    series: (start, end) => {
      let out = '';
      for (let i = start; i < end; i++) out += `\n${lines[i + 2]}`;
      return out;
    },
  };
}
