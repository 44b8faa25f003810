import { context as apiContext, isSpanContextValid, trace, type Context } from '@opentelemetry/api';

/** An exemplar as prom-client's formatter prints it in OpenMetrics. */
export interface PromExemplar {
  readonly labelSet: { trace_id: string; span_id: string };
  readonly value: number;
  readonly timestamp: number;
}

/** Recent exemplars kept per series; enough to give most buckets one. */
const PER_SERIES = 32;

/**
 * Recent trace exemplars of each series of one histogram, taken from the span active when the value
 * was recorded. Buckets pick theirs when the exposition is written, so views that change the bucket
 * boundaries cannot misplace them.
 */
export interface ExemplarStore {
  /** How many series have exemplars. */
  readonly size: number;
  /** Keeps an exemplar for `value` when a valid span is active in `ctx` (or the active context). */
  offer(key: string, value: number, ctx: Context | undefined): void;
  /** The exemplars of series `key`, oldest first; `undefined` when it has none. */
  recent(key: string): readonly PromExemplar[] | undefined;
}

/** The latest of `recent` whose value lies in the bucket `(lower, upper]`. */
export function latestInBucket(
  recent: readonly PromExemplar[],
  lower: number,
  upper: number,
): PromExemplar | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    const e = recent[i];
    if (e.value > lower && e.value <= upper) return e;
  }
  return undefined;
}

/** Builds an exemplar store. */
export function createExemplarStore(): ExemplarStore {
  const bySeries = new Map<string, PromExemplar[]>();
  return {
    get size() {
      return bySeries.size;
    },
    offer(key, value, ctx) {
      const span = trace.getSpanContext(ctx ?? apiContext.active());
      if (!span || !isSpanContextValid(span)) return;
      let recent = bySeries.get(key);
      if (!recent) {
        recent = [];
        bySeries.set(key, recent);
      }
      recent.push({
        labelSet: { trace_id: span.traceId, span_id: span.spanId },
        value,
        timestamp: Date.now() / 1000,
      });
      if (recent.length > PER_SERIES) recent.shift();
    },
    recent: (key) => bySeries.get(key),
  };
}
