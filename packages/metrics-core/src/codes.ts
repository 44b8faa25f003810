import { NAMING_CODES, NodeRuntimeRequiredError } from '@obskit/catalog';

/**
 * Every code @obskit/metrics-core's errors carry: `createMetrics`' options, the price table, the
 * registry checks, the catalog handles, the custom metric factory (whose names the catalog's naming
 * rules check) and the Edge entry's stand-ins. {@link MetricsCoreError} carries one of them; the option,
 * price and custom-metric checks throw an `ObskitValidationError` of @obskit/catalog listing every problem.
 */
export const METRICS_CORE_CODES = {
  /** The catalog's naming rules (`validateMetric`), applied to a custom metric's definition. */
  ...NAMING_CODES,
  /** `createMetrics`: a bad registry, `maxSeriesPerMetric`, allow-list, default label or domain; a custom metric's `maxSeries` or percentile. */
  invalidOptions: 'OBSKIT_INVALID_OPTIONS',
  /** `validatePriceTable` (and `createMetrics`' `prices`): a price that is not a finite number >= 0. */
  invalidPrice: 'OBSKIT_INVALID_PRICE',
  /** `createMetrics` or a custom metric: the name is already registered on the registry. */
  metricAlreadyRegistered: 'OBSKIT_METRIC_ALREADY_REGISTERED',
  /** `metrics.counter()` and friends: a metric that createMetrics did not create. */
  unknownMetric: 'OBSKIT_UNKNOWN_METRIC',
  /** `metrics.counter()` and friends: a catalog metric of another type. */
  metricTypeMismatch: 'OBSKIT_METRIC_TYPE_MISMATCH',
  /** A Node.js-only function of the Edge entry was called (a `NodeRuntimeRequiredError` of @obskit/catalog). */
  nodeRuntimeRequired: NodeRuntimeRequiredError.CODE,
} as const;

/** One of {@link METRICS_CORE_CODES}. */
export type MetricsCoreCode = (typeof METRICS_CORE_CODES)[keyof typeof METRICS_CORE_CODES];
