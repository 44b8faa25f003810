import { Histogram, type Registry, type RegistryContentType } from 'prom-client';
import { readDefaultLabels } from '../store/default-labels.js';
import { isMetricFamily, type MetricFamily } from '../store/family.js';
import { familyText, preformattedText, type FamilyText } from './family-text.js';
import { formatMetricFamily, TEXT_CONTENT_TYPE } from './format.js';
import type { ExpositionFormat, MetricData } from './format.js';
import { createTimeSlicer } from './time-slice.js';
import type { TimeSlicer } from './time-slice.js';

/** Something prom-client can put on /metrics: a Counter, Gauge, Histogram, Summary or a compatible object. */
export interface CollectableMetric {
  readonly name: string;
  get(): Promise<MetricData> | MetricData;
}

/** Why a collector was left out of a scrape. */
export type CollectorFailure = 'collector_failed' | 'collector_timeout';

/** Options of {@link renderExposition}. */
export interface RenderExpositionOptions {
  /** Exposition format. @defaultValue `'text'` */
  readonly format?: ExpositionFormat;
  /** How long collectors may take, in milliseconds, before they are left out. @defaultValue `10000` */
  readonly timeoutMs?: number;
  /**
   * Called once per collector that threw or timed out, before the families are formatted (so a
   * self-metric incremented here shows up in the same scrape). Must not throw; if it does, the
   * error is ignored.
   */
  readonly onCollectorError?: (metricName: string, reason: CollectorFailure, error?: unknown) => void;
  /** Metric names whose values are read again after `onCollectorError` ran (the self-metrics). */
  readonly refreshAfterErrors?: readonly string[];
  /**
   * Most series (samples, for a family read through `get()`) of one family in one piece handed to
   * the sink; a piece also ends at about 64 KiB of text and whenever the event loop gets a turn.
   * @defaultValue `128`
   */
  readonly chunkSize?: number;
  /**
   * How long, in milliseconds of wall-clock time, the formatting may keep the event loop before it
   * lets it run what is pending (I/O, timers); checked every few series, so a render of any size
   * holds the loop about this long at a time. `0` yields at every check. @defaultValue `5`
   */
  readonly sliceMs?: number;
}

/** Options of {@link streamExposition}. */
export interface StreamExpositionOptions extends RenderExpositionOptions {
  /** Stops writing (and resolves) once aborted, e.g. when the client went away. */
  readonly signal?: AbortSignal;
}

/**
 * Receives the exposition piece by piece, in order; the pieces concatenated are the whole body.
 * Returning a promise holds the render until it settles (backpressure); a rejection stops the render.
 */
export type ExpositionSink = (piece: string) => void | Promise<void>;

/** What one streamed scrape left out. */
export interface StreamedExposition {
  /** Collectors left out of this scrape, with the reason. */
  readonly failures: ReadonlyArray<{ readonly metric: string; readonly reason: CollectorFailure }>;
}

/** What one scrape produced. */
export interface RenderedExposition extends StreamedExposition {
  readonly body: string;
}

/** A collected scrape, ready to be written; see {@link collectExposition}. */
export interface CollectedExposition extends StreamedExposition {
  /** Writes the body to `write`; resolves when the last piece was written (or `signal` aborted). */
  write(write: ExpositionSink, signal?: AbortSignal): Promise<void>;
}

/** A sink that failed: stops the render instead of leaving one family out. */
class SinkFailure {
  constructor(readonly cause: unknown) {}
}

const TIMED_OUT: unique symbol = Symbol('timed out');

/** What a collector gave: a store family's nothing (read when written), `get()` data or prom-client's text. */
type Collected = MetricData | string | undefined;

type Outcome = { ok: true; data?: Collected } | { ok: false; reason: CollectorFailure; error?: unknown };

/**
 * How a metric is read: `family`, a family of metrics-core's store, series by series as it is
 * written; `text`, prom-client's own text of a prom-client Histogram (the registry's format is the
 * one served); `sampled`, its `get()`, formatted here (everything else, and a store family with
 * sources).
 */
type ReadKind = 'family' | 'text' | 'sampled';

interface Entry {
  readonly metric: CollectableMetric;
  readonly registry: Registry<RegistryContentType>;
  readonly kind: ReadKind;
  /** The registry's default labels, read once per scrape. */
  readonly defaults: Record<string, string> | undefined;
  readonly pending: Promise<Collected>;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A piece handed to the sink ends once it holds about this many characters. */
const PIECE_CHARS = 64 * 1024;

/**
 * The family read through `get()`, formatted by {@link formatMetricFamily} a window of samples at a
 * time (the header formatted once, and cut off each window's text).
 */
function sampledFamily(
  data: MetricData,
  format: ExpositionFormat,
  defaults: Record<string, string | number> | undefined,
): FamilyText {
  const values = data.values ?? [];
  const header = formatMetricFamily({ ...data, values: [] }, format, defaults);
  return {
    header,
    count: values.length,
    series: (start, end) =>
      formatMetricFamily({ ...data, values: values.slice(start, end) }, format, defaults).slice(
        header.length,
      ),
  };
}

/** Starts reading `metric` the way `kind` says. */
function startRead(
  metric: CollectableMetric,
  registry: Registry<RegistryContentType>,
  kind: ReadKind,
): Promise<Collected> {
  try {
    if (kind === 'family') return (metric as unknown as MetricFamily).collect().then(() => undefined);
    if (kind === 'text') return registry.getSingleMetricAsString(metric.name);
    return Promise.resolve(metric.get());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** How `metric` of `registry` is read for a scrape in `format`. */
function readKindOf(
  metric: unknown,
  registry: Registry<RegistryContentType>,
  format: ExpositionFormat,
): ReadKind {
  if (isMetricFamily(metric)) return metric.sourced ? 'sampled' : 'family';
  // A prom-client Histogram prints its text from data other than its `get()` (the series' labels
  // after the registry's default labels), so prom-client formats it when the format served is the
  // registry's. Everything else is formatted here from `get()`, exactly as prom-client's registry
  // formats it, and faster.
  const registryFormat = (registry.contentType as string) === TEXT_CONTENT_TYPE ? 'text' : 'openmetrics';
  return metric instanceof Histogram && format === registryFormat ? 'text' : 'sampled';
}

function report(
  options: RenderExpositionOptions,
  name: string,
  reason: CollectorFailure,
  error?: unknown,
): void {
  try {
    options.onCollectorError?.(name, reason, error);
  } catch {
    // the hook is best effort; the scrape goes on
  }
}

/**
 * Starts every collector of the registries, a metric name once (from the first registry that has
 * it), handing the event loop a turn after each one that runs code of its own.
 */
async function startCollecting(
  registries: readonly Registry<RegistryContentType>[],
  format: ExpositionFormat,
): Promise<Entry[]> {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const registry of registries) {
    const defaults = await readDefaultLabels(registry);
    for (const metric of registry.getMetricsAsArray() as unknown as CollectableMetric[]) {
      if (seen.has(metric.name)) continue;
      seen.add(metric.name);
      const kind = readKindOf(metric, registry, format);
      const pending = startRead(metric, registry, kind);
      // a collector answering after the deadline must not surface as an unhandled rejection
      pending.catch(() => undefined);
      entries.push({ metric, registry, kind, defaults, pending });
      if (kind !== 'family' || (metric as unknown as MetricFamily).collects) await yieldToLoop();
    }
  }
  return entries;
}

/** What one {@link CollectedExposition.write} shares between its families. */
interface WriteContext {
  readonly format: ExpositionFormat;
  /** Most series of one family in one piece. */
  readonly chunk: number;
  readonly slicer: TimeSlicer;
  readonly signal?: AbortSignal;
  /** A family failed while it was formatted (not a sink failure). */
  readonly onFailure: (metricName: string, error: unknown) => void;
}

/** Writes the families collected without failure, then the end of the body. */
async function writeExposition(
  entries: readonly Entry[],
  outcomes: readonly Outcome[],
  target: ExpositionSink,
  context: WriteContext,
): Promise<void> {
  const { format, slicer, signal } = context;
  const sink = async (piece: string): Promise<void> => {
    try {
      await target(piece);
    } catch (error) {
      throw new SinkFailure(error);
    }
  };
  const separator = format === 'openmetrics' ? '\n' : '\n\n';
  let first = true;
  for (let i = 0; i < entries.length; i++) {
    if (signal?.aborted) return;
    const outcome = outcomes[i];
    if (!outcome.ok) continue;
    const written = await writeFamily(entries[i], outcome, first ? '' : separator, sink, context);
    if (written === 'aborted') return;
    if (written) first = false;
    if (slicer.due()) await slicer.pause();
  }
  if (signal?.aborted) return;
  await target(format === 'openmetrics' ? '\n# EOF\n' : '\n');
}

/**
 * Writes one family after `prefix`, in pieces of at most `chunk` series and about 64 KiB, pausing
 * whenever the time slice is used up. Until its first piece is written, a family that fails is left
 * out whole. Resolves to whether a piece was written, or `'aborted'` once the signal aborted.
 */
async function writeFamily(
  entry: Entry,
  outcome: Extract<Outcome, { ok: true }>,
  prefix: string,
  sink: (piece: string) => Promise<void>,
  context: WriteContext,
): Promise<boolean | 'aborted'> {
  const { format, chunk, slicer, signal } = context;
  let text = prefix;
  let written = false;
  try {
    const family: FamilyText =
      entry.kind === 'family'
        ? familyText(entry.metric as unknown as MetricFamily, format, entry.defaults)
        : entry.kind === 'text'
          ? preformattedText(outcome.data as string)
          : sampledFamily(outcome.data as MetricData, format, entry.defaults);
    // formatted between two looks at the clock: a sample is one line, a histogram series a dozen or more
    const batch = entry.kind === 'family' ? 16 : 64;
    text += family.header;
    let inPiece = 0;
    for (let start = 0; start < family.count;) {
      const end = Math.min(family.count, start + Math.min(batch, chunk - inPiece));
      text += family.series(start, end);
      inPiece += end - start;
      start = end;
      const due = slicer.due();
      if (due || inPiece >= chunk || text.length >= PIECE_CHARS) {
        await sink(text);
        written = true;
        text = '';
        inPiece = 0;
        if (signal?.aborted) return 'aborted';
      }
      if (due) {
        await slicer.pause();
        if (signal?.aborted) return 'aborted';
      }
    }
    if (text) {
      await sink(text);
      written = true;
    }
  } catch (error) {
    if (error instanceof SinkFailure) throw error.cause;
    context.onFailure(entry.metric.name, error);
  }
  return written;
}

/**
 * Collects the metrics of one or more prom-client registries for one scrape, each metric on its
 * own: a collector (a `collect` callback or `get()`) that throws or does not answer before the
 * deadline is left out and reported through `onCollectorError`. Every collector has run (or been
 * given up on) when this resolves, so the failures are known before the first byte is written.
 * The families of metrics-core's series store are then read series by series as
 * {@link CollectedExposition.write} formats them; other metrics (the application's prom-client
 * metrics, bridges, custom objects) are formatted from their `get()` a few samples at a time, but
 * a prom-client Histogram comes as prom-client's own text (`registry.getSingleMetricAsString`)
 * when the format served is the registry's. The writing hands the event loop a turn whenever
 * `sliceMs` have passed, within a family as between families; what is not split is reading a
 * metric's `get()` and prom-client's formatting of one of its histograms.
 * When nothing fails, the bytes written are identical to prom-client's `registry.metrics()` for a
 * registry of that format. A metric name registered in more than one registry is served from the first.
 *
 * @param registries - the registries to serve, in order.
 * @param options - format, deadline, piece size, time slice and error hook.
 */
export async function collectExposition(
  registries: readonly Registry<RegistryContentType>[],
  options: RenderExpositionOptions = {},
): Promise<CollectedExposition> {
  const format = options.format ?? 'text';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const chunk = Math.max(1, Math.floor(options.chunkSize ?? 128));
  const sliceMs = Math.max(0, options.sliceMs ?? 5);

  const entries = await startCollecting(registries, format);

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, timeoutMs));
  });

  const outcomes: Outcome[] = [];
  try {
    for (const entry of entries) {
      try {
        const result = await Promise.race([entry.pending, deadline]);
        outcomes.push(
          result === TIMED_OUT ? { ok: false, reason: 'collector_timeout' } : { ok: true, data: result },
        );
      } catch (error) {
        outcomes.push({ ok: false, reason: 'collector_failed', error });
      }
    }
  } finally {
    clearTimeout(timer);
  }

  const failures: Array<{ metric: string; reason: CollectorFailure }> = [];
  outcomes.forEach((outcome, i) => {
    if (outcome.ok) return;
    const name = entries[i].metric.name;
    failures.push({ metric: name, reason: outcome.reason });
    report(options, name, outcome.reason, outcome.error);
  });

  // store families are read when written, so only the others need reading again
  if (failures.length > 0 && options.refreshAfterErrors?.length) {
    const refresh = new Set(options.refreshAfterErrors);
    for (let i = 0; i < entries.length; i++) {
      const outcome = outcomes[i];
      const entry = entries[i];
      if (!outcome.ok || entry.kind === 'family' || !refresh.has(entry.metric.name)) continue;
      try {
        outcomes[i] = { ok: true, data: await startRead(entry.metric, entry.registry, entry.kind) };
      } catch {
        // keep the value read before
      }
    }
  }

  const write = (target: ExpositionSink, signal?: AbortSignal): Promise<void> =>
    writeExposition(entries, outcomes, target, {
      format,
      chunk,
      slicer: createTimeSlicer(sliceMs),
      signal,
      onFailure: (name, error) => {
        // written before the failure: the family's first series stay in the body
        failures.push({ metric: name, reason: 'collector_failed' });
        report(options, name, 'collector_failed', error);
      },
    });
  return { failures, write };
}

/**
 * Streams one scrape of the registries to `sink` piece by piece: {@link collectExposition}, then
 * its `write`. An HTTP handler writes the pieces to the response (or a gzip stream) and never holds
 * the whole body; a sink that returns a promise holds the render until it settles.
 *
 * @param registries - the registries to serve, in order.
 * @param sink - receives the pieces in order.
 * @param options - format, deadline, piece size, time slice, error hook and abort signal.
 */
export async function streamExposition(
  registries: readonly Registry<RegistryContentType>[],
  sink: ExpositionSink,
  options: StreamExpositionOptions = {},
): Promise<StreamedExposition> {
  const collected = await collectExposition(registries, options);
  await collected.write(sink, options.signal);
  return { failures: collected.failures };
}

/**
 * Renders one scrape of the registries into one string (see {@link collectExposition} for the
 * isolation of collectors and the formatting): a collector that throws or does not answer before
 * the deadline is left out and reported, every other metric is served, and the event loop gets a
 * turn every `sliceMs` of formatting. When nothing fails, the output is
 * byte-identical to prom-client's `registry.metrics()` for a registry of that format. The
 * `/metrics` handlers stream instead ({@link streamExposition}).
 *
 * @param registries - the registries to serve, in order.
 * @param options - format, deadline, piece size, time slice and error hook.
 */
export async function renderExposition(
  registries: readonly Registry<RegistryContentType>[],
  options: RenderExpositionOptions = {},
): Promise<RenderedExposition> {
  let body = '';
  // string concatenation builds a rope: no copy of the growing body per piece
  const { failures } = await streamExposition(
    registries,
    (piece) => {
      body += piece;
    },
    options,
  );
  return { body, failures };
}
