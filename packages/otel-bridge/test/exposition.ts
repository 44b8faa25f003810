/** A metric family as read back from a Prometheus text exposition. */
export interface ParsedFamily {
  readonly type: string;
  readonly help: string;
  /** `series_name{label="value",...} value` lines, label names sorted. */
  readonly samples: string[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses a Prometheus text exposition into families by name (samples keep sorted label order). */
export function parseExposition(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, { type: string; help: string; samples: string[] }>();
  let current: { type: string; help: string; samples: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const help = /^# HELP (\S+) (.*)$/.exec(line);
    if (help) {
      current = { type: 'untyped', help: help[2], samples: [] };
      families.set(help[1], current);
      continue;
    }
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      const family = families.get(type[1]) ?? { type: type[2], help: '', samples: [] };
      family.type = type[2];
      families.set(type[1], family);
      current = family;
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample || !current) throw new Error(`Unparsable exposition line: ${line}`);
    const labels = [...(sample[2] ?? '').matchAll(LABEL)].map((m) => `${m[1]}="${m[2]}"`).sort();
    current.samples.push(`${sample[1]}{${labels.join(',')}} ${sample[3]}`);
  }
  return families;
}

/** The shape of a family: type, series names with their label names, and histogram bucket bounds. */
export function shapeOf(family: ParsedFamily): { type: string; series: string[]; buckets: string[] } {
  const series = new Set<string>();
  const buckets = new Set<string>();
  for (const sample of family.samples) {
    const [, name, labels] = /^([^{]+)\{(.*)\} /.exec(sample) ?? [];
    const names = [...labels.matchAll(LABEL)].map((m) => m[1]);
    series.add(`${name}(${names.join(',')})`);
    const le = /le="([^"]+)"/.exec(labels);
    if (le) buckets.add(le[1]);
  }
  return { type: family.type, series: [...series].sort(), buckets: [...buckets] };
}
