import type { Counter, Gauge, Histogram, Summary } from 'prom-client';
import type {
  Exemplar,
  GuardedCounter,
  GuardedGauge,
  GuardedHistogram,
  GuardedSummary,
  LabelValues,
} from '../types.js';
import type { ReportError } from './error-reporter.js';
import type { LabelGuard, PromLabels } from './label-guard.js';

/** What every guarded handle needs. */
export interface GuardContext {
  readonly name: string;
  readonly guard: LabelGuard;
  readonly report: ReportError;
  /** Milliseconds, monotonic enough for durations. */
  readonly clock: () => number;
}

type Raw = Record<string, unknown> | undefined;

/** Wraps a prom-client counter: drops negative and non-finite increments, never throws. */
export function guardCounter<L extends string>(
  ctx: GuardContext,
  counter: Counter<string>,
): GuardedCounter<L> {
  const { name, guard, report } = ctx;
  return {
    name,
    inc(labels?: LabelValues<L>, value?: number) {
      let v = 1;
      if (value !== undefined) {
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          report('metrics-core', 'invalid_value', `${name}: increment is not a finite number`);
          return;
        }
        if (value < 0) {
          report('metrics-core', 'negative_increment', `${name}: counters only go up`);
          return;
        }
        v = value;
      }
      try {
        counter.inc(guard.resolve(labels as Raw), v);
      } catch (error) {
        report('metrics-core', 'exception', `${name}: inc failed`, error);
      }
    },
  };
}

/** Wraps a prom-client gauge: drops non-finite values, never throws. */
export function guardGauge<L extends string>(ctx: GuardContext, gauge: Gauge<string>): GuardedGauge<L> {
  const { name, guard, report } = ctx;
  const checked = (value: unknown): value is number => {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    report('metrics-core', 'invalid_value', `${name}: value is not a finite number`);
    return false;
  };
  return {
    name,
    set(labels, value) {
      if (!checked(value)) return;
      try {
        gauge.set(guard.resolve(labels as Raw), value);
      } catch (error) {
        report('metrics-core', 'exception', `${name}: set failed`, error);
      }
    },
    inc(labels, value = 1) {
      if (!checked(value)) return;
      try {
        gauge.inc(guard.resolve(labels as Raw), value);
      } catch (error) {
        report('metrics-core', 'exception', `${name}: inc failed`, error);
      }
    },
    dec(labels, value = 1) {
      if (!checked(value)) return;
      try {
        gauge.dec(guard.resolve(labels as Raw), value);
      } catch (error) {
        report('metrics-core', 'exception', `${name}: dec failed`, error);
      }
    },
  };
}

/** Options of {@link guardHistogram}. */
export interface HistogramGuardOptions {
  /** The prom-client histogram was created with `enableExemplars`. */
  readonly exemplars: boolean;
  /** Drop negative observations (every catalog histogram measures a non-negative quantity). */
  readonly nonNegative: boolean;
}

type ExemplarHistogram = {
  observe(data: { labels: PromLabels; value: number; exemplarLabels?: Record<string, string> }): void;
};

/** OpenMetrics caps an exemplar's label set at 128 UTF-8 characters (names and values together). */
const EXEMPLAR_LABEL_OVERHEAD = 'trace_id'.length + 'span_id'.length;
const validExemplar = (e: Exemplar): boolean =>
  typeof e.traceId === 'string' &&
  typeof e.spanId === 'string' &&
  e.traceId.length > 0 &&
  Buffer.byteLength(e.traceId) + Buffer.byteLength(e.spanId) + EXEMPLAR_LABEL_OVERHEAD <= 128;

/** Wraps a prom-client histogram: drops non-finite (and negative) values, never throws. */
export function guardHistogram<L extends string>(
  ctx: GuardContext,
  histogram: Histogram<string>,
  options: HistogramGuardOptions,
): GuardedHistogram<L> {
  const { name, guard, report, clock } = ctx;
  const withExemplars = histogram as unknown as ExemplarHistogram;
  const observe = (labels: LabelValues<L> | undefined, value: number, exemplar?: Exemplar): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (options.nonNegative && value < 0)) {
      report('metrics-core', 'invalid_value', `${name}: observation is not a finite non-negative number`);
      return;
    }
    try {
      const resolved = guard.resolve(labels as Raw);
      if (!options.exemplars) histogram.observe(resolved, value);
      else if (exemplar && validExemplar(exemplar)) {
        withExemplars.observe({
          labels: resolved,
          value,
          exemplarLabels: { trace_id: exemplar.traceId, span_id: exemplar.spanId },
        });
      } else {
        if (exemplar)
          report(
            'metrics-core',
            'invalid_label_value',
            `${name}: exemplar dropped: trace and span ids must fit in 128 characters`,
          );
        withExemplars.observe({ labels: resolved, value });
      }
    } catch (error) {
      report('metrics-core', 'exception', `${name}: observe failed`, error);
    }
  };
  return {
    name,
    observe,
    startTimer(labels) {
      const start = clock();
      return (endLabels, exemplar) => {
        const seconds = Math.max(0, (clock() - start) / 1000);
        observe(endLabels ? ({ ...labels, ...endLabels } as LabelValues<L>) : labels, seconds, exemplar);
        return seconds;
      };
    },
  };
}

/** Wraps a prom-client summary: drops non-finite values, never throws. */
export function guardSummary<L extends string>(
  ctx: GuardContext,
  summary: Summary<string>,
): GuardedSummary<L> {
  const { name, guard, report } = ctx;
  return {
    name,
    observe(labels, value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        report('metrics-core', 'invalid_value', `${name}: observation is not a finite number`);
        return;
      }
      try {
        summary.observe(guard.resolve(labels as Raw), value);
      } catch (error) {
        report('metrics-core', 'exception', `${name}: observe failed`, error);
      }
    },
  };
}
