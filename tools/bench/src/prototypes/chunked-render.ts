import { formatMetricFamily, formatValue, type MetricData } from '@obskit/middleware';
import { Counter, Gauge, Histogram, type Registry, type RegistryContentType } from 'prom-client';

/**
 * PROTOTYPE for @obskit/middleware (bench-only, not used by the kit): a text-format renderer that
 * reads prom-client counters, gauges and histograms series by series and yields to the event loop
 * every `chunk` series, so that one family of 50k series does not hold the loop for the whole
 * family. Byte-identical to `registry.metrics()` (the bench checks it); anything it does not know
 * (summaries, custom collectors, default labels) goes through `get()` + `formatMetricFamily`.
 */
export interface ChunkedRenderOptions {
  /** Series formatted between two yields. @defaultValue 128 */
  readonly chunk?: number;
}

interface SeriesEntry {
  readonly labels: Record<string, string | number>;
  readonly value?: number;
  readonly sum?: number;
  readonly count?: number;
  readonly bucketValues?: Record<string, number>;
}

interface Internals {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly hashMap: Record<string, SeriesEntry>;
  readonly upperBounds?: readonly number[];
  readonly collect?: () => unknown;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function escapeString(str: string): string {
  return str.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelPairs(labels: Record<string, string | number>): string {
  let out = '';
  for (const name in labels) {
    const value = labels[name];
    const escaped = typeof value === 'string' ? escapeString(value).replace(/"/g, '\\"') : value;
    out += `${out ? ',' : ''}${name}="${escaped}"`;
  }
  return out;
}

/** Receives the exposition piece by piece, in order; the pieces concatenated are the whole body. */
export type ChunkSink = (piece: string) => void;

async function formatChunked(metric: Internals, chunk: number, write: ChunkSink): Promise<void> {
  if (metric.collect) {
    const pending = metric.collect();
    if (pending instanceof Promise) await pending;
  }
  const name = escapeString(metric.name);
  write(`# HELP ${name} ${escapeString(metric.help)}\n# TYPE ${name} ${metric.type}`);
  // keys, not values: the hash map is a dictionary-mode object, and its keys come out cheaper
  const map = metric.hashMap;
  const keys = Object.keys(map);
  const bounds = metric.upperBounds;
  for (let start = 0; start < keys.length; start += chunk) {
    let text = '';
    const end = Math.min(keys.length, start + chunk);
    for (let i = start; i < end; i++) {
      const entry = map[keys[i]];
      if (entry === undefined) continue;
      const pairs = labelPairs(entry.labels);
      if (bounds) {
        const shared = pairs ? `,${pairs}` : '';
        let acc = 0;
        for (const bound of bounds) {
          acc += (entry.bucketValues as Record<string, number>)[bound];
          text += `\n${name}_bucket{le="${bound}"${shared}} ${formatValue(acc)}`;
        }
        const braces = pairs ? `{${pairs}}` : '';
        text += `\n${name}_bucket{le="+Inf"${shared}} ${formatValue(entry.count as number)}`;
        text += `\n${name}_sum${braces} ${formatValue(entry.sum as number)}`;
        text += `\n${name}_count${braces} ${formatValue(entry.count as number)}`;
      } else {
        text += `\n${name}${pairs ? `{${pairs}}` : ''} ${formatValue(entry.value as number)}`;
      }
    }
    write(text);
    if (end < keys.length) await yieldToLoop();
  }
}

/**
 * Streams the registries in the text format to `write`, yielding every `chunk` series (see above):
 * an HTTP handler writes the pieces to the response (or a gzip stream) and never holds the whole body.
 */
export async function streamChunked(
  registries: readonly Registry<RegistryContentType>[],
  write: ChunkSink,
  options: ChunkedRenderOptions = {},
): Promise<void> {
  const chunk = options.chunk ?? 128;
  const seen = new Set<string>();
  let first = true;
  const family = (): void => {
    if (!first) write('\n\n');
    first = false;
  };
  for (const registry of registries) {
    const defaults =
      (registry as unknown as { _defaultLabels?: Record<string, string> })._defaultLabels ?? {};
    const plain = Object.keys(defaults).length === 0;
    for (const metric of registry.getMetricsAsArray()) {
      if (seen.has(metric.name)) continue;
      seen.add(metric.name);
      const known = metric instanceof Histogram || metric instanceof Counter || metric instanceof Gauge;
      family();
      if (plain && known) await formatChunked(metric as unknown as Internals, chunk, write);
      else {
        const data = (await (metric as unknown as { get(): Promise<MetricData> }).get()) as MetricData;
        write(formatMetricFamily(data, 'text', defaults));
      }
      await yieldToLoop();
    }
  }
  write('\n');
}

/** {@link streamChunked} into one string (for the byte-identity check; a handler would stream). */
export async function renderChunked(
  registries: readonly Registry<RegistryContentType>[],
  options: ChunkedRenderOptions = {},
): Promise<string> {
  const pieces: string[] = [];
  await streamChunked(registries, (piece) => pieces.push(piece), options);
  return pieces.join('');
}
