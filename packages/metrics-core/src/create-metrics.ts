import {
  LABEL_NAME_PATTERN,
  LABELS,
  METRICS,
  OBSKIT_METRICS,
  ObskitValidationError,
  RESERVED_LABELS,
  type LabelBound,
  type LabelName,
  type LabelsOf,
  type MetricDef,
  type ValidationProblem,
} from '@obskit/catalog';
import { Registry, type Aggregator } from 'prom-client';
import { METRICS_CORE_CODES, type MetricsCoreCode } from './codes.js';
import { MetricsCoreError } from './errors.js';
import { seriesStoreOf, type SeriesStore } from './store/series-store.js';
import { addDefaultLabels } from './store/default-labels.js';
import { seriesKey, type CounterFamily } from './store/family.js';
import { DEFAULT_MAX_SERIES_PER_METRIC, DROPPED_DEFAULT_METRICS, METRICS_DOMAINS } from './constants.js';
import { createCustomFactory, type CustomMetricsFactory } from './custom/custom-metrics.js';
import { createAgentHelpers, type AgentHelpers } from './domain/agents.js';
import { createBusinessHelpers, type BusinessHelpers } from './domain/business.js';
import { createDbHelpers, type DbHelpers } from './domain/db.js';
import { createHttpHelpers, type HttpHelpers } from './domain/http.js';
import type { Instruments } from './domain/instruments.js';
import { createJobHelpers, type JobHelpers } from './domain/jobs.js';
import { createTaskHelpers, type TaskHelpers } from './domain/tasks.js';
import { createErrorReporter, type ReportError } from './internal/error-reporter.js';
import {
  guardCounter,
  guardGauge,
  guardHistogram,
  type GuardContext,
  type InternalCounter,
  type InternalGauge,
} from './internal/guarded.js';
import { createLabelGuard, ruleFor } from './internal/label-guard.js';
import { createStderrLogger, type ObskitLogger } from './logger.js';
import { validatePriceTable, type PriceTable } from './pricing.js';
import { registerDefaultMetrics, registerEventLoopUtilization } from './runtime/default-metrics.js';
import type {
  GuardedCounter,
  GuardedGauge,
  GuardedHistogram,
  InstrumentationErrorReason,
  MetricsRegistry,
  ObskitComponent,
} from './types.js';

/** Options of {@link createMetrics}. */
export interface CreateMetricsOptions {
  /** The application's registry; nothing is registered anywhere else. */
  readonly registry: MetricsRegistry;
  /**
   * Where handled problems are reported, once each; `noopLogger` silences them.
   * @defaultValue {@link createStderrLogger}: each distinct problem once on stderr (`OBSKIT_LOG=silent` silences it)
   */
  readonly logger?: ObskitLogger;
  /**
   * Distinct label sets per metric; past it new label sets fold into one overflow series (every
   * label `_OTHER`) counted by `obskit_metric_series_overflow_total{metric}`. @defaultValue 2000
   */
  readonly maxSeriesPerMetric?: number;
  /**
   * Allowed values of open catalog labels, e.g. `{ gen_ai_request_model: ['gpt-4o'] }`; other values
   * become `_OTHER`. `gen_ai_provider_name` defaults to the OTel well-known providers.
   */
  readonly allowLists?: Partial<Record<LabelName, readonly string[]>>;
  /** USD per 1k input/output tokens per provider/model; unpriced models are counted, not costed. */
  readonly prices?: PriceTable;
  /** prom-client's default Node.js metrics and event-loop utilisation. @defaultValue true */
  readonly defaultMetrics?: boolean;
  /**
   * Labels added to every series of the registry (`registry.setDefaultLabels`), merged over those
   * earlier `createMetrics` calls set on it. prom-client has no getter for default labels, so ones
   * the application set with `registry.setDefaultLabels` before this call are replaced: set them
   * after it, or pass them here.
   */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  /**
   * Trace exemplars on histograms. Only rendered by an OpenMetrics registry.
   * @defaultValue true when the registry's content type is OpenMetrics
   */
  readonly exemplars?: boolean;
  /** Values of `obskit_build_info`. @defaultValue `{ version: 'unknown', revision: 'unknown' }` */
  readonly build?: { readonly version?: string; readonly revision?: string };
  /** Milliseconds since the Unix epoch; inject a fake one in tests. @defaultValue `Date.now` */
  readonly clock?: () => number;
  /**
   * Domains whose metric families are registered at once, so dashboards that expect zeros have
   * zeros. Any other domain is registered on first use (its helper, or `counter()`/`gauge()`/
   * `histogram()` of one of its metrics). The self metrics (`obskit_*`) are always there.
   * @defaultValue `['http']`
   */
  readonly domains?: readonly MetricsDomain[];
}

/** One of {@link METRICS_DOMAINS}. */
export type MetricsDomain = (typeof METRICS_DOMAINS)[number];

/** The catalog groups (keys of `METRICS`) of each domain. */
const DOMAIN_GROUPS: Readonly<Record<MetricsDomain, readonly (keyof typeof METRICS)[]>> = {
  http: ['http', 'httpClient'],
  genai: ['genai', 'mcp', 'agent'],
  tasks: ['task'],
  jobs: ['job'],
  business: ['business'],
  db: ['db'],
};

/** Catalog group of every metric obskit creates. */
const GROUP_OF = new Map<string, keyof typeof METRICS>(
  (Object.keys(METRICS) as (keyof typeof METRICS)[]).flatMap((group) =>
    (Object.values(METRICS[group]) as MetricDef[]).map((def) => [def.name, group] as const),
  ),
);
const DOMAIN_GROUP_KEYS = new Set<string>(Object.values(DOMAIN_GROUPS).flat());

/** The live metrics of one registry: guarded catalog metrics, domain helpers and custom metrics. */
export interface ObskitMetrics extends CustomMetricsFactory {
  readonly registry: MetricsRegistry;
  readonly logger: ObskitLogger;
  /** Exemplars are recorded on histograms. */
  readonly exemplars: boolean;
  /** Guarded counter of a catalog metric created by obskit. Throws `OBSKIT_UNKNOWN_METRIC` otherwise. */
  counter<M extends MetricDef>(def: M): GuardedCounter<LabelsOf<M>>;
  gauge<M extends MetricDef>(def: M): GuardedGauge<LabelsOf<M>>;
  histogram<M extends MetricDef>(def: M): GuardedHistogram<LabelsOf<M>>;
  /** Counts an instrumentation problem in `obskit_instrumentation_errors_total` and logs it once. */
  reportError(
    component: ObskitComponent,
    reason: InstrumentationErrorReason,
    detail: string,
    error?: unknown,
  ): void;
  readonly agents: AgentHelpers;
  readonly tasks: TaskHelpers;
  readonly db: DbHelpers;
  readonly jobs: JobHelpers;
  readonly business: BusinessHelpers;
  readonly http: HttpHelpers;
}

/** How cluster aggregation merges workers' values where summing them would be wrong. */
const CLUSTER_AGGREGATORS: Partial<Record<string, Aggregator>> = {
  [METRICS.self.buildInfo.name]: 'max',
  [METRICS.job.lastSuccess.name]: 'max',
};

type AnyGuarded = GuardedCounter<string> | GuardedGauge<string> | GuardedHistogram<string>;

function validateOptions(options: CreateMetricsOptions): void {
  const problems: ValidationProblem<MetricsCoreCode>[] = [];
  const add = (subject: string, message: string) =>
    problems.push({ code: METRICS_CORE_CODES.invalidOptions, subject, message });
  const registry = options?.registry as Partial<MetricsRegistry> | undefined;
  if (!registry || typeof registry.registerMetric !== 'function' || typeof registry.metrics !== 'function') {
    add('registry', `Invalid registry "${String(registry)}": must be a prom-client Registry`);
  }
  const max = options?.maxSeriesPerMetric;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
    add('maxSeriesPerMetric', `Invalid maxSeriesPerMetric "${max}": must be an integer >= 1`);
  }
  for (const [label, values] of Object.entries(options?.allowLists ?? {})) {
    if (!(label in LABELS))
      add('allowLists', `Unknown label name "${label}": must be defined in the catalog's LABELS`);
    else if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      add('allowLists', `Invalid allow-list of "${label}": must be an array of strings`);
    }
  }
  for (const [label, value] of Object.entries(options?.defaultLabels ?? {})) {
    if (!LABEL_NAME_PATTERN.test(label) || label.startsWith('__')) {
      add('defaultLabels', `Invalid label name "${label}": must match ${LABEL_NAME_PATTERN}`);
    } else if ((RESERVED_LABELS as readonly string[]).includes(label)) {
      add('defaultLabels', `Invalid label name "${label}": "le" and "quantile" are reserved`);
    }
    if (typeof value !== 'string')
      add('defaultLabels', `Invalid value of default label "${label}": must be a string`);
  }
  if (problems.length > 0) {
    throw new ObskitValidationError<MetricsCoreCode>(
      METRICS_CORE_CODES.invalidOptions,
      'Invalid createMetrics options',
      problems,
    );
  }
  if (options.prices) validatePriceTable(options.prices);
}

function validateDomains(domains: unknown): void {
  if (domains === undefined) return;
  const problems: ValidationProblem<MetricsCoreCode>[] = [];
  if (!Array.isArray(domains)) {
    problems.push({
      code: METRICS_CORE_CODES.invalidOptions,
      subject: 'domains',
      message: `Invalid domains "${String(domains)}": must be an array of ${METRICS_DOMAINS.join(', ')}`,
    });
  } else {
    for (const d of domains) {
      if (!(METRICS_DOMAINS as readonly unknown[]).includes(d)) {
        problems.push({
          code: METRICS_CORE_CODES.invalidOptions,
          subject: 'domains',
          message: `Unknown domain "${String(d)}" in domains: expected one of ${METRICS_DOMAINS.join(', ')}`,
        });
      }
    }
  }
  if (problems.length > 0) {
    throw new ObskitValidationError<MetricsCoreCode>(
      METRICS_CORE_CODES.invalidOptions,
      'Invalid createMetrics options',
      problems,
    );
  }
}

function assertFree(registry: MetricsRegistry, names: readonly string[]): void {
  const taken = names.filter((name) => registry.getSingleMetric(name) !== undefined);
  if (taken.length > 0) {
    throw new MetricsCoreError(
      METRICS_CORE_CODES.metricAlreadyRegistered,
      `Metric "${taken[0]}" is already registered on this registry${taken.length > 1 ? ` (and ${taken.length - 1} more)` : ''}: create the metrics once per registry, or use getOrCreateMetrics() to share one instance`,
    );
  }
}

/** prom-client's default metrics (those obskit keeps and those it drops), when it registers them. */
function runtimeMetricNames(defaultMetrics: boolean): string[] {
  if (!defaultMetrics) return [];
  return [
    ...Object.values(METRICS.runtime)
      .filter((m) => m.source === 'prom-client')
      .map((m) => m.name),
    ...DROPPED_DEFAULT_METRICS,
  ];
}

/** The series-store options of a catalog metric's family. */
const familyOf = (def: MetricDef) => ({
  name: def.name,
  help: def.help,
  labelNames: def.labels,
  aggregator: CLUSTER_AGGREGATORS[def.name] ?? 'sum',
});

/** A self metric's counter: counts without a guard, since the guard reports through it. */
type SelfCounter = { inc(labels: Record<string, string>): void };

/** The families and unguarded counters of the self metrics (instrumentation errors, series overflow). */
function createSelfCounters(store: SeriesStore) {
  const errorsFamily = store.counter(familyOf(METRICS.self.instrumentationErrors));
  const overflowFamily = store.counter(familyOf(METRICS.self.seriesOverflow));
  // Their labels are bounded here (component and reason by the reporter, metric by the catalog's names).
  const selfCounter = (family: CounterFamily): SelfCounter => ({
    inc(labels: Record<string, string>): void {
      family.seriesOf(Object.freeze({ ...labels }), seriesKey(labels)).value += 1;
    },
  });
  return {
    errorsFamily,
    overflowFamily,
    errorsCounter: selfCounter(errorsFamily),
    overflowCounter: selfCounter(overflowFamily),
  };
}

/** The allow-lists of the label guards: the catalog's provider defaults, then the application's. */
function labelAllowLists(
  allowLists: CreateMetricsOptions['allowLists'],
): Partial<Record<string, readonly string[]>> {
  const providerBound: LabelBound = LABELS.gen_ai_provider_name.bound;
  const providerDefaults = providerBound.kind === 'allowList' ? providerBound.defaults : undefined;
  return { gen_ai_provider_name: providerDefaults, ...allowLists };
}

/** What every guarded handle shares, to build a metric's {@link GuardContext}. */
interface GuardSetup {
  readonly report: ReportError;
  readonly clock: () => number;
  readonly maxSeries: number;
  readonly allowLists: Partial<Record<string, readonly string[]>>;
  readonly overflowCounter: SelfCounter;
}

/** The guard context of a catalog metric: its label guard, counting overflows on the self metric. */
function guardContextOf(def: MetricDef, setup: GuardSetup): GuardContext {
  const { report, clock, maxSeries, allowLists, overflowCounter } = setup;
  return {
    name: def.name,
    report,
    clock,
    guard: createLabelGuard({
      metric: def.name,
      rules: def.labels.map((l) => ruleFor(l, allowLists[l])),
      maxSeries,
      report,
      onOverflow: () => {
        try {
          overflowCounter.inc({ metric: def.name });
        } catch {
          // A metric name always matches the `metric` label; nothing to do if prom-client disagrees.
        }
      },
    }),
  };
}

/** The guarded handles by metric name, the domains registered so far, and the typed lookup. */
interface HandleTable {
  readonly handles: Map<string, { type: string; handle: AnyGuarded }>;
  /** Registers a catalog group's families, once. */
  registerGroup(group: keyof typeof METRICS): void;
  /** The handle of `def`, registering its group on first use; throws for an unknown metric or type. */
  lookup(def: MetricDef, type: string): AnyGuarded;
}

function createHandleTable(store: SeriesStore, exemplars: boolean, setup: GuardSetup): HandleTable {
  const self = METRICS.self;
  const handles = new Map<string, { type: string; handle: AnyGuarded }>();
  const special = new Set<string>([
    self.instrumentationErrors.name,
    self.seriesOverflow.name,
    self.eventLoopUtilization.name,
  ]);
  const create = (def: MetricDef): void => {
    let handle: AnyGuarded;
    if (def.type === 'counter')
      handle = guardCounter(guardContextOf(def, setup), store.counter(familyOf(def)));
    else if (def.type === 'gauge')
      handle = guardGauge(guardContextOf(def, setup), store.gauge(familyOf(def)));
    else if (def.type === 'histogram') {
      const family = store.histogram({ ...familyOf(def), buckets: def.buckets ?? [], exemplars });
      handle = guardHistogram(guardContextOf(def, setup), family, { nonNegative: true });
    } else return;
    handles.set(def.name, { type: def.type, handle });
  };
  // A domain's families are registered together, at creation (options.domains) or on first use.
  const registered = new Set<string>();
  const registerGroup = (group: keyof typeof METRICS): void => {
    if (registered.has(group)) return;
    registered.add(group);
    for (const def of Object.values(METRICS[group]) as MetricDef[]) {
      if (def.source === 'obskit' && !special.has(def.name) && !handles.has(def.name)) create(def);
    }
  };
  const lookup = (def: MetricDef, type: string): AnyGuarded => {
    let entry = handles.get(def?.name);
    if (!entry) {
      const group = GROUP_OF.get(def?.name);
      if (group !== undefined && def.source === 'obskit') {
        registerGroup(group);
        entry = handles.get(def.name);
      }
    }
    if (!entry) {
      throw new MetricsCoreError(
        METRICS_CORE_CODES.unknownMetric,
        `Unknown metric "${def?.name}": expected a catalog metric that createMetrics created (OBSKIT_METRICS)`,
      );
    }
    if (entry.type !== type) {
      throw new MetricsCoreError(
        METRICS_CORE_CODES.metricTypeMismatch,
        `Metric "${def.name}" is a ${entry.type}: use metrics.${entry.type}() for it, not metrics.${type}()`,
      );
    }
    return entry.handle;
  };
  return { handles, registerGroup, lookup };
}

/**
 * Creates obskit's metrics (the catalog's `OBSKIT_METRICS`) on `options.registry`: the self metrics
 * and the families of `options.domains` (default HTTP) at once, every other domain's on its first
 * use; plus prom-client's default Node.js metrics. Returns guarded handles and domain helpers.
 * Throws `OBSKIT_INVALID_OPTIONS` for bad options and `OBSKIT_METRIC_ALREADY_REGISTERED` when the
 * registry already holds one of the metrics; after that, nothing it returns throws.
 *
 * @example
 * const registry = new Registry();
 * const metrics = createMetrics({ registry, allowLists: { gen_ai_request_model: ['gpt-4o'] } });
 * metrics.agents.recordOperation({ agent: 'planner', operation: 'chat', provider: 'openai',
 *   requestModel: 'gpt-4o', status: 'success', durationSeconds: 1.2, inputTokens: 200 });
 */
export function createMetrics(options: CreateMetricsOptions): ObskitMetrics {
  validateOptions(options);
  validateDomains(options.domains);
  const { registry } = options;
  const logger = options.logger ?? createStderrLogger();
  const maxSeries = options.maxSeriesPerMetric ?? DEFAULT_MAX_SERIES_PER_METRIC;
  const exemplars =
    options.exemplars ?? (registry.contentType as string) === Registry.OPENMETRICS_CONTENT_TYPE;
  const clock = options.clock ?? Date.now;
  const defaultMetrics = options.defaultMetrics ?? true;

  assertFree(registry, [...OBSKIT_METRICS.map((m) => m.name), ...runtimeMetricNames(defaultMetrics)]);
  if (options.defaultLabels && Object.keys(options.defaultLabels).length > 0) {
    addDefaultLabels(registry, options.defaultLabels);
  }

  const self = METRICS.self;
  const store = seriesStoreOf(registry);
  const { errorsFamily, overflowFamily, errorsCounter, overflowCounter } = createSelfCounters(store);
  const report: ReportError = createErrorReporter(errorsCounter, logger);
  const allowLists = labelAllowLists(options.allowLists);
  const setup: GuardSetup = { report, clock, maxSeries, allowLists, overflowCounter };
  const { handles, registerGroup, lookup } = createHandleTable(store, exemplars, setup);

  // Callers still get guarded handles of the self metrics.
  for (const [def, family] of [
    [self.instrumentationErrors, errorsFamily],
    [self.seriesOverflow, overflowFamily],
  ] as const) {
    handles.set(def.name, { type: 'counter', handle: guardCounter(guardContextOf(def, setup), family) });
  }
  for (const def of OBSKIT_METRICS) {
    const group = GROUP_OF.get(def.name);
    if (group !== undefined && !DOMAIN_GROUP_KEYS.has(group)) registerGroup(group);
  }
  for (const domain of options.domains ?? ['http']) {
    for (const group of DOMAIN_GROUPS[domain]) registerGroup(group);
  }

  if (defaultMetrics) {
    registerDefaultMetrics(registry);
    registerEventLoopUtilization(registry);
  }
  const buildInfo = handles.get(self.buildInfo.name)?.handle as GuardedGauge<string>;
  buildInfo.set(
    {
      version: options.build?.version ?? 'unknown',
      revision: options.build?.revision ?? 'unknown',
      node_version: process.version,
    },
    1,
  );

  const custom = createCustomFactory({ registry, report, clock, maxSeries, exemplars, overflowCounter });

  return metricsApi({ registry, logger, exemplars, report, clock, prices: options.prices, lookup }, custom);
}

/** What {@link metricsApi} hands out besides the custom-metric factory. */
interface MetricsApiBase {
  readonly registry: MetricsRegistry;
  readonly logger: ObskitLogger;
  readonly exemplars: boolean;
  readonly report: ReportError;
  readonly clock: () => number;
  readonly prices: PriceTable | undefined;
  readonly lookup: HandleTable['lookup'];
}

/** The object createMetrics returns: typed handle lookups, and domain helpers built on first access. */
function metricsApi(base: MetricsApiBase, custom: CustomMetricsFactory): ObskitMetrics {
  const { registry, logger, exemplars, report, clock, prices, lookup } = base;
  const counter = <M extends MetricDef>(def: M) => lookup(def, 'counter') as GuardedCounter<LabelsOf<M>>;
  const gauge = <M extends MetricDef>(def: M) => lookup(def, 'gauge') as GuardedGauge<LabelsOf<M>>;
  const histogram = <M extends MetricDef>(def: M) =>
    lookup(def, 'histogram') as GuardedHistogram<LabelsOf<M>>;
  // The domain helpers get the handles as guardCounter/guardGauge made them, with bound series.
  const instruments: Instruments = {
    counter: <M extends MetricDef>(def: M) => lookup(def, 'counter') as InternalCounter<LabelsOf<M>>,
    gauge: <M extends MetricDef>(def: M) => lookup(def, 'gauge') as InternalGauge<LabelsOf<M>>,
    histogram,
    report,
    clock,
    prices,
  };
  // Domain helpers are built (and their families registered) on first access, once.
  let agents: AgentHelpers | undefined;
  let tasks: TaskHelpers | undefined;
  let db: DbHelpers | undefined;
  let jobs: JobHelpers | undefined;
  let business: BusinessHelpers | undefined;
  let http: HttpHelpers | undefined;
  return {
    registry,
    logger,
    exemplars,
    counter,
    gauge,
    histogram,
    reportError: report,
    get agents() {
      return (agents ??= createAgentHelpers(instruments));
    },
    get tasks() {
      return (tasks ??= createTaskHelpers(instruments));
    },
    get db() {
      return (db ??= createDbHelpers(instruments));
    },
    get jobs() {
      return (jobs ??= createJobHelpers(instruments));
    },
    get business() {
      return (business ??= createBusinessHelpers(instruments));
    },
    get http() {
      return (http ??= createHttpHelpers(instruments));
    },
    ...custom,
  };
}
