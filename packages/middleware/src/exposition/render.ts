import type { Registry, RegistryContentType } from 'prom-client';
import { formatMetricFamily, joinFamilies } from './format.js';
import type { ExpositionFormat, MetricData } from './format.js';

/** Something prom-client can put on /metrics: a Counter, Gauge, Histogram, Summary or a compatible object. */
export interface CollectableMetric {
  readonly name: string;
  get(): Promise<MetricData> | MetricData;
  getForPromString?(): Promise<MetricData> | MetricData;
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
}

/** What one scrape produced. */
export interface RenderedExposition {
  readonly body: string;
  /** Collectors left out of this scrape, with the reason. */
  readonly failures: ReadonlyArray<{ readonly metric: string; readonly reason: CollectorFailure }>;
}

const TIMED_OUT: unique symbol = Symbol('timed out');

type Outcome = { ok: true; data: MetricData } | { ok: false; reason: CollectorFailure; error?: unknown };

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function readDefaultLabels(
  registry: Registry<RegistryContentType>,
): Record<string, string | number> | undefined {
  // prom-client keeps default labels in a private field and applies them in getMetricsAsString;
  // there is no public getter, so it is read here to format exactly like prom-client does.
  return (registry as unknown as { _defaultLabels?: Record<string, string | number> })._defaultLabels;
}

function startCollect(metric: CollectableMetric): Promise<MetricData> {
  try {
    const result = typeof metric.getForPromString === 'function' ? metric.getForPromString() : metric.get();
    return Promise.resolve(result);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Renders the metrics of one or more prom-client registries as one exposition, collecting each
 * metric on its own: a collector that throws or does not answer before the deadline is left out and
 * reported through `onCollectorError`, and every other metric is served. Yields to the event loop
 * between metric families so that a large scrape does not hold the loop. When nothing fails, the
 * output is byte-identical to prom-client's `registry.metrics()` for a registry of that format.
 * A metric name registered in more than one registry is served from the first.
 *
 * @param registries - the registries to serve, in order.
 * @param options - format, deadline and error hook.
 */
export async function renderExposition(
  registries: readonly Registry<RegistryContentType>[],
  options: RenderExpositionOptions = {},
): Promise<RenderedExposition> {
  const format = options.format ?? 'text';
  const timeoutMs = options.timeoutMs ?? 10_000;

  const entries: Array<{
    metric: CollectableMetric;
    registry: Registry<RegistryContentType>;
    pending: Promise<MetricData>;
  }> = [];
  const seen = new Set<string>();
  for (const registry of registries) {
    for (const metric of registry.getMetricsAsArray() as unknown as CollectableMetric[]) {
      if (seen.has(metric.name)) continue;
      seen.add(metric.name);
      const pending = startCollect(metric);
      // a collector answering after the deadline must not surface as an unhandled rejection
      pending.catch(() => undefined);
      entries.push({ metric, registry, pending });
      await yieldToLoop();
    }
  }

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
    try {
      options.onCollectorError?.(name, outcome.reason, outcome.error);
    } catch {
      // the hook is best effort; the scrape goes on
    }
  });

  if (failures.length > 0 && options.refreshAfterErrors?.length) {
    const refresh = new Set(options.refreshAfterErrors);
    for (let i = 0; i < entries.length; i++) {
      const outcome = outcomes[i];
      if (!outcome.ok || !refresh.has(entries[i].metric.name)) continue;
      try {
        outcomes[i] = { ok: true, data: await startCollect(entries[i].metric) };
      } catch {
        // keep the value read before
      }
    }
  }

  const families: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const outcome = outcomes[i];
    if (!outcome.ok) continue;
    try {
      families.push(formatMetricFamily(outcome.data, format, readDefaultLabels(entries[i].registry)));
    } catch (error) {
      const name = entries[i].metric.name;
      failures.push({ metric: name, reason: 'collector_failed' });
      try {
        options.onCollectorError?.(name, 'collector_failed', error);
      } catch {
        // best effort
      }
    }
    await yieldToLoop();
  }
  return { body: joinFamilies(families, format), failures };
}
