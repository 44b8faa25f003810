/**
 * Exposition formatting of one metric family, byte-for-byte the way prom-client 15 formats it
 * (`Registry#getMetricsAsString`), but for a format chosen per scrape instead of the registry's
 * global content type, and without mutating counter names the way `Registry#metrics()` does in
 * OpenMetrics mode.
 *
 * Text format 0.0.4: https://prometheus.io/docs/instrumenting/exposition_formats/
 * OpenMetrics 1.0: https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md
 */

/** The two exposition formats served. */
export type ExpositionFormat = 'text' | 'openmetrics';

/** Content type of the text format 0.0.4 (same string as prom-client's `Registry.PROMETHEUS_CONTENT_TYPE`). */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Content type of OpenMetrics 1.0 (same string as prom-client's `Registry.OPENMETRICS_CONTENT_TYPE`). */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** One sample as a metric's `get()` returns it (prom-client's shape). */
export interface SampleData {
  readonly value: number;
  readonly labels?: Record<string, string | number>;
  readonly sharedLabels?: Record<string, string | number>;
  readonly metricName?: string;
  readonly exemplar?: {
    readonly labelSet: Record<string, string | number>;
    readonly value: number;
    readonly timestamp?: number;
  } | null;
}

/** A metric family as prom-client's `metric.get()` returns it. */
export interface MetricData {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly values?: readonly SampleData[];
}

/** Formats a sample value the way prom-client does (`Nan`, `+Inf`, `-Inf` included). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return `${value}`;
}

/** Escapes a metric name or HELP text (backslash and newline), as prom-client does. */
export function escapeString(str: string): string {
  return str.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

const NEEDS_ESCAPE = /[\\\n"]/;

/** Escapes a label value (backslash, newline, double quote); numbers pass through. */
export function escapeLabelValue(value: string | number): string | number {
  if (typeof value !== 'string' || !NEEDS_ESCAPE.test(value)) return value;
  return escapeString(value).replace(/"/g, '\\"');
}

/** `name="value"` pairs of `labels` in insertion order, leaving out names that `exclude` has. */
export function formatLabels(
  labels: Record<string, string | number>,
  exclude?: Record<string, string | number>,
): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(labels)) {
    if (!exclude || !Object.prototype.hasOwnProperty.call(exclude, name)) {
      out.push(`${name}="${escapeLabelValue(value)}"`);
    }
  }
  return out;
}

const sharedCache = new WeakMap<object, string>();
/** The label pairs of a shared-labels object joined by `,`, cached per object. */
export function flattenShared(labels: Record<string, string | number>): string {
  let flat = sharedCache.get(labels);
  if (flat === undefined) {
    flat = formatLabels(labels).join(',');
    sharedCache.set(labels, flat);
  }
  return flat;
}

/** The label set of a sample without labels; frozen, shared by every such sample. */
export const NO_LABELS: Readonly<Record<string, string | number>> = Object.freeze({});

const LINES_PER_BATCH = 256;

/**
 * Renders one metric family: `# HELP`, `# TYPE` and one line per sample, joined by `\n`, no trailing
 * newline. In OpenMetrics, counters lose a `_total` suffix in HELP/TYPE and their samples gain it,
 * and exemplars are appended; the text format never carries exemplars.
 */
export function formatMetricFamily(
  data: MetricData,
  format: ExpositionFormat,
  defaultLabels?: Record<string, string | number>,
): string {
  const isOpenMetrics = format === 'openmetrics';
  const isCounter = data.type === 'counter';
  const familyName = escapeString(isOpenMetrics && isCounter ? data.name.replace(/_total$/, '') : data.name);
  let text = `# HELP ${familyName} ${escapeString(data.help)}\n# TYPE ${familyName} ${data.type}`;
  const defaults = defaultLabels && Object.keys(defaultLabels).length > 0 ? defaultLabels : undefined;

  // Consecutive samples often share one label object (a histogram's buckets, sum and count): it is
  // merged with the defaults and formatted once for the run. Nothing runs in between, so it cannot change.
  let lastOwn: Record<string, string | number> | undefined;
  let labels: Record<string, string | number> = NO_LABELS;
  let pairsOfLabels: string | undefined;
  // Lines are joined a few hundred at a time: a whole family's lines (in one array or one chain of
  // concatenations) live long enough to be copied by the garbage collector, a short batch does not.
  let batch: string[] = [];
  for (const sample of data.values ?? []) {
    let metricName = sample.metricName ?? familyName;
    const own = sample.labels ?? NO_LABELS;
    // one frozen object for every sample without shared labels, so the flattening cache hits
    const shared = sample.sharedLabels ?? NO_LABELS;
    if (isOpenMetrics && isCounter) metricName = `${metricName}_total`;
    if (own !== lastOwn) {
      lastOwn = own;
      labels = defaults ? { ...own, ...defaults, ...own } : own;
      pairsOfLabels = undefined;
    }
    let pairs: string;
    if (overlaps(labels, shared)) pairs = formatLabels(labels, shared).join(',');
    else pairs = pairsOfLabels ??= formatLabels(labels).join(',');
    const flat = flattenShared(shared);
    const all = pairs && flat ? `${pairs},${flat}` : pairs || flat;
    let line = `${metricName}${all ? `{${all}}` : ''} ${formatValue(sample.value)}`;
    if (isOpenMetrics && sample.exemplar) {
      const ex = sample.exemplar;
      line += ` # {${formatLabels(ex.labelSet).join(',')}} ${formatValue(ex.value)} ${ex.timestamp}`;
    }
    batch.push(line);
    if (batch.length === LINES_PER_BATCH) {
      text += `\n${batch.join('\n')}`;
      batch = [];
    }
  }
  return batch.length > 0 ? `${text}\n${batch.join('\n')}` : text;
}

/** Whether `shared` has a label that `labels` has too (which then prints only once, from `shared`). */
function overlaps(labels: Record<string, string | number>, shared: Record<string, string | number>): boolean {
  if (shared === NO_LABELS) return false;
  // `for…in` also sees inherited names: a false alarm only takes the general path
  for (const name in shared) if (Object.prototype.hasOwnProperty.call(labels, name)) return true;
  return false;
}

/** Joins rendered families into a complete exposition body of the given format. */
export function joinFamilies(families: readonly string[], format: ExpositionFormat): string {
  return format === 'openmetrics' ? `${families.join('\n')}\n# EOF\n` : `${families.join('\n\n')}\n`;
}
