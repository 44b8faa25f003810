import {
  findMetric,
  ObskitValidationError,
  OTHER_VALUE,
  validateMetric,
  type MetricUnit,
  type ValidationProblem,
} from '@obskit/catalog';
import { Summary } from 'prom-client';
import { METRICS_CORE_CODES, type MetricsCoreCode } from '../codes.js';
import { MetricsCoreError } from '../errors.js';
import type { ReportError } from '../internal/error-reporter.js';
import { guardCounter, guardGauge, guardHistogram, guardSummary } from '../internal/guarded.js';
import { createLabelGuard } from '../internal/label-guard.js';
import { seriesStoreOf } from '../store/series-store.js';
import type {
  GuardedCounter,
  GuardedGauge,
  GuardedHistogram,
  GuardedSummary,
  MetricsRegistry,
} from '../types.js';

/** A custom metric, validated like the catalog (Prometheus naming rules, unit suffix, help). */
export interface CustomMetricConfig<L extends string = string> {
  /** snake_case; counters end in `_total`; the unit suffix (`_seconds`, `_bytes`…) is required. */
  readonly name: string;
  /** One sentence starting with a capital letter, ending with ".", stating the unit. */
  readonly help: string;
  /** @defaultValue `'count'` */
  readonly unit?: MetricUnit;
  readonly labelNames?: readonly L[];
  /** Allowed values per label; others become `_OTHER`. Labels without one are bounded by the series cap. */
  readonly allowLists?: Partial<Record<L, readonly string[]>>;
  /** Series cap of this metric. @defaultValue the `maxSeriesPerMetric` of createMetrics */
  readonly maxSeries?: number;
}

/** A custom histogram; `buckets` are required (strictly increasing, +Inf added for you). */
export interface CustomHistogramConfig<L extends string = string> extends CustomMetricConfig<L> {
  readonly buckets: readonly number[];
}

/** A custom summary. */
export interface CustomSummaryConfig<L extends string = string> extends CustomMetricConfig<L> {
  /** Quantiles from 0 to 1. @defaultValue [0.5, 0.9, 0.99] */
  readonly percentiles?: readonly number[];
  /** Sliding window length. @defaultValue 600 */
  readonly maxAgeSeconds?: number;
  /** @defaultValue 5 */
  readonly ageBuckets?: number;
}

/** Creates custom metrics on the same registry, guarded like the catalog's. */
export interface CustomMetricsFactory {
  /**
   * Creates (or returns the one already created by this instance, when the type matches) a custom
   * counter. Throws `ObskitValidationError` listing every naming problem.
   */
  createCounter<L extends string = never>(config: CustomMetricConfig<L>): GuardedCounter<L>;
  createGauge<L extends string = never>(config: CustomMetricConfig<L>): GuardedGauge<L>;
  createHistogram<L extends string = never>(config: CustomHistogramConfig<L>): GuardedHistogram<L>;
  createSummary<L extends string = never>(config: CustomSummaryConfig<L>): GuardedSummary<L>;
}

/** What the factory needs from createMetrics. */
export interface CustomFactoryContext {
  readonly registry: MetricsRegistry;
  readonly report: ReportError;
  readonly clock: () => number;
  readonly maxSeries: number;
  readonly exemplars: boolean;
  readonly overflowCounter: { inc(labels: { metric: string }): void };
}

type Kind = 'counter' | 'gauge' | 'histogram' | 'summary';

function validateCustom(kind: Kind, config: CustomSummaryConfig & { buckets?: readonly number[] }): void {
  const labels = config.labelNames ?? [];
  // The naming rules report NAMING_CODES of @obskit/catalog, which METRICS_CORE_CODES holds.
  const problems = validateMetric(
    {
      name: config.name,
      type: kind,
      help: config.help,
      unit: config.unit ?? 'count',
      labels,
      buckets: config.buckets,
    },
    { allowUnknownLabels: true },
  ) as ValidationProblem<MetricsCoreCode>[];
  const subject = `metric "${config.name}"`;
  if (findMetric(config.name)) {
    problems.push({
      code: METRICS_CORE_CODES.duplicate,
      subject,
      message: `Duplicate metric name "${config.name}": the catalog already defines it`,
    });
  }
  if (config.maxSeries !== undefined && !(Number.isInteger(config.maxSeries) && config.maxSeries >= 1)) {
    problems.push({
      code: METRICS_CORE_CODES.invalidOptions,
      subject,
      message: `Invalid maxSeries "${config.maxSeries}": must be an integer >= 1`,
    });
  }
  for (const label of Object.keys(config.allowLists ?? {})) {
    if (!labels.includes(label)) {
      problems.push({
        code: METRICS_CORE_CODES.labelName,
        subject,
        message: `Invalid allow-list label "${label}": not one of the metric's labelNames`,
      });
    }
  }
  for (const q of config.percentiles ?? []) {
    if (!(typeof q === 'number' && q > 0 && q < 1)) {
      problems.push({
        code: METRICS_CORE_CODES.invalidOptions,
        subject,
        message: `Invalid percentile "${q}": must be a number between 0 and 1 (exclusive)`,
      });
    }
  }
  if (problems.length > 0) {
    throw new ObskitValidationError<MetricsCoreCode>(
      problems[0].code,
      `Invalid custom ${kind} "${config.name}"`,
      problems,
    );
  }
}

/** Builds the custom metric factory of one createMetrics instance. */
export function createCustomFactory(ctx: CustomFactoryContext): CustomMetricsFactory {
  const created = new Map<string, { kind: Kind; handle: unknown }>();

  function make<T>(kind: Kind, config: CustomSummaryConfig & { buckets?: readonly number[] }): T {
    const existing = created.get(config?.name);
    if (existing) {
      if (existing.kind === kind) return existing.handle as T;
      throw new MetricsCoreError(
        METRICS_CORE_CODES.duplicate,
        `Duplicate metric name "${config.name}": already created as a ${existing.kind}, not a ${kind}`,
      );
    }
    validateCustom(kind, config);
    if (ctx.registry.getSingleMetric(config.name)) {
      throw new MetricsCoreError(
        METRICS_CORE_CODES.metricAlreadyRegistered,
        `Metric "${config.name}" is already registered on this registry`,
      );
    }
    const labelNames = [...(config.labelNames ?? [])];
    const allowLists = (config.allowLists ?? {}) as Record<string, readonly string[] | undefined>;
    const gctx = {
      name: config.name,
      report: ctx.report,
      clock: ctx.clock,
      guard: createLabelGuard({
        metric: config.name,
        // Only the metric's own allow-lists: a catalog label's enum (e.g. `reason`) means something else here.
        rules: labelNames.map((l) => {
          const allowed = allowLists[l];
          return allowed ? { name: l, allowed: new Set([...allowed, OTHER_VALUE]) } : { name: l };
        }),
        maxSeries: config.maxSeries ?? ctx.maxSeries,
        report: ctx.report,
        onOverflow: () => ctx.overflowCounter.inc({ metric: config.name }),
      }),
    };
    const base = { name: config.name, help: config.help, labelNames };
    const store = seriesStoreOf(ctx.registry);
    let handle: unknown;
    if (kind === 'counter') handle = guardCounter(gctx, store.counter(base));
    else if (kind === 'gauge') handle = guardGauge(gctx, store.gauge(base));
    else if (kind === 'histogram') {
      const family = store.histogram({
        ...base,
        buckets: [...(config.buckets ?? [])],
        exemplars: ctx.exemplars,
      });
      handle = guardHistogram(gctx, family, { nonNegative: false });
    } else {
      handle = guardSummary(
        gctx,
        new Summary({
          ...base,
          registers: [ctx.registry],
          percentiles: [...(config.percentiles ?? [0.5, 0.9, 0.99])],
          maxAgeSeconds: config.maxAgeSeconds ?? 600,
          ageBuckets: config.ageBuckets ?? 5,
        }),
      );
    }
    created.set(config.name, { kind, handle });
    return handle as T;
  }

  return {
    createCounter: (config) => make('counter', config),
    createGauge: (config) => make('gauge', config),
    createHistogram: (config) => make('histogram', config),
    createSummary: (config) => make('summary', config),
  };
}
