import type { Summary } from 'prom-client';
import type {
  CounterFamily,
  GaugeFamily,
  HistogramFamily,
  HistogramSeries,
  ValueSeries,
} from '../store/family.js';
import type {
  BoundHistogram,
  Exemplar,
  GuardedCounter,
  GuardedGauge,
  GuardedHistogram,
  GuardedSummary,
  LabelValues,
} from '../types.js';
import type { ReportError } from './error-reporter.js';
import type { GuardedSeries, LabelGuard } from './label-guard.js';

/** What every guarded handle needs. */
export interface GuardContext {
  readonly name: string;
  readonly guard: LabelGuard;
  readonly report: ReportError;
  /** Milliseconds, monotonic enough for durations. */
  readonly clock: () => number;
}

type Raw = Record<string, unknown> | undefined;

/** The store's series of `s`, fetched again after the family was reset. */
function valueSeries(family: CounterFamily | GaugeFamily, s: GuardedSeries): ValueSeries {
  const entry = s.entry as ValueSeries | undefined;
  if (entry !== undefined && entry.live) return entry;
  return (s.entry = family.seriesOf(s.labels, s.key));
}

/** A counter's series resolved once (internal: the domain helpers' hot paths). */
export interface BoundCounter {
  inc(value?: number): void;
}

/** A guarded counter with {@link BoundCounter}s of label sets (internal, for the domain helpers). */
export interface InternalCounter<L extends string> extends GuardedCounter<L> {
  /** As `GuardedHistogram.labels`: past the series limit, the labels are resolved on each call. */
  labels(labels: LabelValues<L>): BoundCounter;
}

/** A counter handle on a store family: drops negative and non-finite increments, never throws. */
export function guardCounter<L extends string>(ctx: GuardContext, family: CounterFamily): InternalCounter<L> {
  const { name, guard, report } = ctx;
  const unlabelled = guard.unlabelled;
  /** The increment, or `undefined` (reported) when it is not a finite non-negative number. */
  const checked = (value: number | undefined): number | undefined => {
    if (value === undefined) return 1;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      report('metrics-core', 'invalid_value', `${name}: increment is not a finite number`);
      return undefined;
    }
    if (value < 0) {
      report('metrics-core', 'negative_increment', `${name}: counters only go up`);
      return undefined;
    }
    return value;
  };
  const add = (s: GuardedSeries, v: number): void => {
    valueSeries(family, s).value += v;
  };
  const inc = (labels?: LabelValues<L>, value?: number): void => {
    const v = checked(value);
    if (v === undefined) return;
    try {
      add(labels === undefined && unlabelled !== undefined ? unlabelled : guard.series(labels as Raw), v);
    } catch (error) {
      report('metrics-core', 'exception', `${name}: inc failed`, error);
    }
  };
  return {
    name,
    inc,
    labels(labels) {
      let s: GuardedSeries;
      try {
        s = guard.series(labels as Raw);
      } catch (error) {
        report('metrics-core', 'exception', `${name}: labels failed`, error);
        return { inc: (value) => inc(labels, value) };
      }
      if (s.overflow) return { inc: (value) => inc(labels, value) };
      return {
        inc(value) {
          const v = checked(value);
          if (v === undefined) return;
          try {
            add(s, v);
          } catch (error) {
            report('metrics-core', 'exception', `${name}: inc failed`, error);
          }
        },
      };
    },
  };
}

/** A gauge's series resolved once (internal: the domain helpers' hot paths). */
export interface BoundGauge {
  set(value: number): void;
}

/** A guarded gauge with {@link BoundGauge}s of label sets (internal, for the domain helpers). */
export interface InternalGauge<L extends string> extends GuardedGauge<L> {
  /** As `GuardedHistogram.labels`: past the series limit, the labels are resolved on each call. */
  labels(labels: LabelValues<L>): BoundGauge;
}

/** A gauge handle on a store family: drops non-finite values, never throws. */
export function guardGauge<L extends string>(ctx: GuardContext, family: GaugeFamily): InternalGauge<L> {
  const { name, guard, report } = ctx;
  const unlabelled = guard.unlabelled;
  const checked = (value: unknown): value is number => {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    report('metrics-core', 'invalid_value', `${name}: value is not a finite number`);
    return false;
  };
  const setOn = (s: GuardedSeries, value: number): void => {
    valueSeries(family, s).value = value;
  };
  const set = (labels: LabelValues<L>, value: number): void => {
    if (!checked(value)) return;
    try {
      setOn(
        labels === undefined && unlabelled !== undefined ? unlabelled : guard.series(labels as Raw),
        value,
      );
    } catch (error) {
      report('metrics-core', 'exception', `${name}: set failed`, error);
    }
  };
  return {
    name,
    onCollect(callback) {
      // run on every read of the family (a scrape); one that throws is counted, not passed on
      return family.onCollect(() => {
        try {
          callback();
        } catch (error) {
          report('metrics-core', 'exception', `${name}: collect callback failed`, error);
        }
      });
    },
    set,
    labels(labels) {
      let s: GuardedSeries;
      try {
        s = guard.series(labels as Raw);
      } catch (error) {
        report('metrics-core', 'exception', `${name}: labels failed`, error);
        return { set: (value) => set(labels, value) };
      }
      if (s.overflow) return { set: (value) => set(labels, value) };
      return {
        set(value) {
          if (!checked(value)) return;
          try {
            setOn(s, value);
          } catch (error) {
            report('metrics-core', 'exception', `${name}: set failed`, error);
          }
        },
      };
    },
    inc(labels, value = 1) {
      if (!checked(value)) return;
      try {
        const s = labels === undefined && unlabelled !== undefined ? unlabelled : guard.series(labels as Raw);
        valueSeries(family, s).value += value;
      } catch (error) {
        report('metrics-core', 'exception', `${name}: inc failed`, error);
      }
    },
    dec(labels, value = 1) {
      if (!checked(value)) return;
      try {
        const s = labels === undefined && unlabelled !== undefined ? unlabelled : guard.series(labels as Raw);
        // prom-client decremented by adding the negated value; same float result.
        valueSeries(family, s).value += -value;
      } catch (error) {
        report('metrics-core', 'exception', `${name}: dec failed`, error);
      }
    },
  };
}

/** Options of {@link guardHistogram}. */
export interface HistogramGuardOptions {
  /** Drop negative observations (every catalog histogram measures a non-negative quantity). */
  readonly nonNegative: boolean;
}

/** OpenMetrics caps an exemplar's label set at 128 UTF-8 characters (names and values together). */
const EXEMPLAR_LABEL_OVERHEAD = 'trace_id'.length + 'span_id'.length;
const validExemplar = (e: Exemplar): boolean =>
  typeof e.traceId === 'string' &&
  typeof e.spanId === 'string' &&
  e.traceId.length > 0 &&
  Buffer.byteLength(e.traceId) + Buffer.byteLength(e.spanId) + EXEMPLAR_LABEL_OVERHEAD <= 128;

/** A histogram handle on a store family: drops non-finite (and negative) values, never throws. */
export function guardHistogram<L extends string>(
  ctx: GuardContext,
  family: HistogramFamily,
  options: HistogramGuardOptions,
): GuardedHistogram<L> {
  const { name, guard, report, clock } = ctx;
  const bounds = family.buckets;
  const nb = bounds.length;
  const exemplars = family.exemplars;
  const record = (s: GuardedSeries, value: number, exemplarLabels?: Record<string, string>): void => {
    let entry = s.entry as HistogramSeries | undefined;
    if (entry === undefined || !entry.live) entry = s.entry = family.seriesOf(s.labels, s.key);
    // As prom-client: the first bucket whose bound is >= value; above every bound only +Inf (count).
    let i = 0;
    while (i < nb && !(value <= bounds[i])) i++;
    entry.sum += value;
    entry.count += 1;
    if (i < nb) entry.counts[i] += 1;
    if (exemplarLabels !== undefined) family.setExemplar(entry, i, value, exemplarLabels);
  };
  const valid = (value: number): boolean => {
    if (typeof value === 'number' && Number.isFinite(value) && !(options.nonNegative && value < 0)) {
      return true;
    }
    report('metrics-core', 'invalid_value', `${name}: observation is not a finite non-negative number`);
    return false;
  };
  /** Records a checked value on `s`, with the exemplar when the histogram keeps them. */
  const recordOn = (s: GuardedSeries, value: number, exemplar: Exemplar | undefined): void => {
    if (!exemplars || !exemplar) record(s, value);
    else if (validExemplar(exemplar)) {
      record(s, value, { trace_id: exemplar.traceId, span_id: exemplar.spanId });
    } else {
      report(
        'metrics-core',
        'invalid_label_value',
        `${name}: exemplar dropped: trace and span ids must fit in 128 characters`,
      );
      record(s, value);
    }
  };
  const observe = (labels: LabelValues<L> | undefined, value: number, exemplar?: Exemplar): void => {
    if (!valid(value)) return;
    try {
      recordOn(guard.series(labels as Raw), value, exemplar);
    } catch (error) {
      report('metrics-core', 'exception', `${name}: observe failed`, error);
    }
  };
  return {
    name,
    observe,
    labels(labels): BoundHistogram {
      let s: GuardedSeries;
      try {
        s = guard.series(labels as Raw);
      } catch (error) {
        report('metrics-core', 'exception', `${name}: labels failed`, error);
        return { observe: (value, exemplar) => observe(labels, value, exemplar) };
      }
      // past the series limit: resolve (and count as folded) on every observation, as observe() does
      if (s.overflow) return { observe: (value, exemplar) => observe(labels, value, exemplar) };
      return {
        observe(value, exemplar) {
          if (!valid(value)) return;
          try {
            recordOn(s, value, exemplar);
          } catch (error) {
            report('metrics-core', 'exception', `${name}: observe failed`, error);
          }
        },
      };
    },
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
