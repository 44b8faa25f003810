import { TARGET_LABELS, resolveSeriesName } from '@obskit/catalog';

/** Series that a query may name besides the catalog's: recording rules and custom metrics. */
export interface KnownSeries {
  readonly name: string;
  /** Every label the series carries (target labels are not added for you). */
  readonly labels: readonly string[];
  /** `counter` series must be used under rate()/increase(). @defaultValue `'gauge'` */
  readonly type?: string;
}

/** What a selector may use of one series: its label names, and whether it only means something as a rate. */
export interface SeriesInfo {
  readonly labels: ReadonlySet<string>;
  readonly counter: boolean;
}

/** Finds a series by the name a selector writes; `undefined` when nothing defines it. */
export type SeriesResolver = (name: string) => SeriesInfo | undefined;

function seriesInfo(labels: Iterable<string>, counter: boolean): SeriesInfo {
  return { labels: new Set(labels), counter };
}

/** A catalog metric or one of its histogram/summary child series (`_bucket`, `_sum`, `_count`). */
function resolveCatalog(name: string): SeriesInfo | undefined {
  const resolved = resolveSeriesName(name);
  if (!resolved) return undefined;
  const { metric, suffix } = resolved;
  const labels: string[] = [...metric.labels, ...TARGET_LABELS];
  if (suffix === '_bucket') labels.push('le');
  if (suffix === '' && metric.type === 'summary') labels.push('quantile');
  return seriesInfo(labels, metric.type === 'counter' || suffix !== '');
}

/**
 * Resolves series names against the recording rules and metrics passed in, then the catalog.
 * Application metrics get the target labels (`job`, `instance`) and, for histograms and summaries,
 * their child series; recording rules carry exactly the labels they list.
 */
export function createSeriesResolver(known: {
  readonly recordingRules?: Iterable<KnownSeries>;
  readonly metrics?: Iterable<KnownSeries>;
}): SeriesResolver {
  const extra = new Map<string, SeriesInfo>();
  for (const r of known.recordingRules ?? []) extra.set(r.name, seriesInfo(r.labels, r.type === 'counter'));
  for (const m of known.metrics ?? []) {
    const base = [...m.labels, ...TARGET_LABELS];
    if (m.type === 'histogram' || m.type === 'summary') {
      if (m.type === 'histogram') extra.set(`${m.name}_bucket`, seriesInfo([...base, 'le'], true));
      extra.set(`${m.name}_sum`, seriesInfo(base, true));
      extra.set(`${m.name}_count`, seriesInfo(base, true));
      if (m.type === 'summary') extra.set(m.name, seriesInfo([...base, 'quantile'], false));
    } else {
      extra.set(m.name, seriesInfo(base, m.type === 'counter'));
    }
  }
  return (name) => extra.get(name) ?? resolveCatalog(name);
}
