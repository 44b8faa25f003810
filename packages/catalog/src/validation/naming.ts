import type { ValidationProblem } from '../errors.js';
import { LABELS, type LabelName } from '../model/labels.js';
import { UNIT_SUFFIXES, type MetricDef, type MetricType, type MetricUnit } from '../model/types.js';

/** Prometheus metric name syntax, without colons (reserved for recording rules). */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Prometheus label name syntax (https://prometheus.io/docs/concepts/data_model/). */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Label names Prometheus reserves for histograms and summaries. */
export const RESERVED_LABELS = ['le', 'quantile'] as const;

/** Stable codes of naming problems. */
export const NAMING_CODES = {
  metricName: 'OBSKIT_INVALID_METRIC_NAME',
  labelName: 'OBSKIT_INVALID_LABEL_NAME',
  unit: 'OBSKIT_INVALID_UNIT',
  help: 'OBSKIT_INVALID_HELP',
  buckets: 'OBSKIT_INVALID_BUCKETS',
  type: 'OBSKIT_INVALID_METRIC_TYPE',
  duplicate: 'OBSKIT_DUPLICATE_METRIC',
} as const;

const METRIC_TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary'];
const NON_BASE_UNITS =
  /_(milliseconds|millis|ms|microseconds|us|nanoseconds|ns|minutes|hours|days|kilobytes|kb|megabytes|mb|gigabytes|gb|bits|percent|percentage)(_|$)/;
const SUFFIXES_OF_CHILD_SERIES = /_(bucket|count|sum|created)$/;

/** Shape of a metric for validation: what an application supplies for a custom metric. */
export interface MetricShape {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly unit?: MetricUnit | string;
  readonly labels: readonly string[];
  readonly buckets?: readonly number[];
  readonly source?: MetricDef['source'];
}

/** Options of {@link validateMetric}. */
export interface ValidateMetricOptions {
  /** Accept label names not in the catalog's {@link LABELS} (custom metrics). @defaultValue false */
  readonly allowUnknownLabels?: boolean;
}

/**
 * Checks one metric definition against the Prometheus naming rules
 * (https://prometheus.io/docs/practices/naming/) and obskit's conventions. Returns every problem.
 */
export function validateMetric(def: MetricShape, options: ValidateMetricOptions = {}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const subject = `metric "${def.name}"`;
  const add = (code: string, message: string) => problems.push({ code, message, subject });
  // Names obskit does not choose (Prometheus', node_exporter's `node_memory_MemAvailable_bytes`) keep
  // their own spelling.
  const strict = !['prometheus', 'node_exporter'].includes(def.source ?? 'obskit');

  if (typeof def.name !== 'string' || !METRIC_NAME_PATTERN.test(def.name)) {
    add(NAMING_CODES.metricName, `Invalid metric name "${def.name}": must match ${METRIC_NAME_PATTERN}`);
  } else {
    if (def.name.startsWith('__')) {
      add(
        NAMING_CODES.metricName,
        `Invalid metric name "${def.name}": names starting with "__" are reserved`,
      );
    } else if (strict && !/^[a-z][a-z0-9_]*$/.test(def.name)) {
      add(
        NAMING_CODES.metricName,
        `Invalid metric name "${def.name}": must be snake_case (lower-case letters, digits, "_")`,
      );
    }
    if (def.type === 'counter' && !def.name.endsWith('_total')) {
      add(NAMING_CODES.metricName, `Invalid counter name "${def.name}": counters must end in "_total"`);
    }
    if (
      METRIC_TYPES.includes(def.type as MetricType) &&
      def.type !== 'counter' &&
      def.name.endsWith('_total')
    ) {
      add(
        NAMING_CODES.metricName,
        `Invalid ${def.type} name "${def.name}": only counters may end in "_total"`,
      );
    }
    if ((def.type === 'histogram' || def.type === 'summary') && SUFFIXES_OF_CHILD_SERIES.test(def.name)) {
      add(
        NAMING_CODES.metricName,
        `Invalid ${def.type} name "${def.name}": must not end in _bucket, _count, _sum or _created`,
      );
    }
    if ((def.type === 'counter' || def.type === 'gauge') && /_(bucket|count|sum)$/.test(def.name)) {
      // promtool check metrics: "non-histogram and non-summary metrics should not have "_count" suffix"
      add(
        NAMING_CODES.metricName,
        `Invalid ${def.type} name "${def.name}": only histograms and summaries may end in _bucket, _count or _sum`,
      );
    }
    const nonBase = NON_BASE_UNITS.exec(def.name);
    if (nonBase) {
      add(
        NAMING_CODES.unit,
        `Invalid unit "${nonBase[1]}" in metric name "${def.name}": use base units (seconds, bytes, ratio)`,
      );
    }
    const suffix = def.unit ? UNIT_SUFFIXES[def.unit as MetricUnit] : undefined;
    if (strict && suffix) {
      const bare = def.name.replace(/_total$/, '');
      if (!bare.endsWith(suffix)) {
        add(
          NAMING_CODES.unit,
          `Invalid metric name "${def.name}": a metric in ${def.unit} must end in "${suffix}${def.type === 'counter' ? '_total' : ''}"`,
        );
      }
    }
  }

  if (!METRIC_TYPES.includes(def.type as MetricType)) {
    add(NAMING_CODES.type, `Invalid metric type "${def.type}": expected one of ${METRIC_TYPES.join(', ')}`);
  }

  if (typeof def.help !== 'string' || def.help.trim().length === 0) {
    add(NAMING_CODES.help, `Invalid help "${def.help ?? ''}": must be one non-empty sentence`);
  } else if (strict) {
    if (!/^[A-Z0-9]/.test(def.help) || !def.help.endsWith('.')) {
      add(
        NAMING_CODES.help,
        `Invalid help "${def.help}": must be one sentence starting with a capital letter or digit and ending with "."`,
      );
    }
    if (/[\n\\]/.test(def.help)) {
      add(NAMING_CODES.help, `Invalid help "${def.help}": must not contain newlines or backslashes`);
    }
    const unitWord: Partial<Record<string, RegExp>> = {
      seconds: /seconds/,
      bytes: /bytes/,
      usd: /USD/,
      ratio: /ratio/,
      tokens: /tokens/,
    };
    const word = def.unit ? unitWord[def.unit] : undefined;
    if (word && !word.test(def.help)) {
      add(NAMING_CODES.help, `Invalid help "${def.help}": must state the unit (${def.unit})`);
    }
  }

  const seen = new Set<string>();
  for (const label of def.labels) {
    if (!LABEL_NAME_PATTERN.test(label)) {
      add(NAMING_CODES.labelName, `Invalid label name "${label}": must match ${LABEL_NAME_PATTERN}`);
    } else if (label.startsWith('__')) {
      add(NAMING_CODES.labelName, `Invalid label name "${label}": names starting with "__" are reserved`);
    } else if ((RESERVED_LABELS as readonly string[]).includes(label)) {
      add(
        NAMING_CODES.labelName,
        `Invalid label name "${label}": "le" and "quantile" are reserved for histograms and summaries`,
      );
    } else if (label === 'job' || label === 'instance') {
      add(
        NAMING_CODES.labelName,
        `Invalid label name "${label}": "job" and "instance" are set by Prometheus from the target`,
      );
    } else if (!options.allowUnknownLabels && !(label in LABELS)) {
      add(NAMING_CODES.labelName, `Unknown label name "${label}": must be defined in the catalog's LABELS`);
    }
    if (seen.has(label)) add(NAMING_CODES.labelName, `Duplicate label name "${label}"`);
    seen.add(label);
  }

  if (def.type === 'histogram') {
    const buckets = def.buckets ?? [];
    if (buckets.length === 0) {
      add(NAMING_CODES.buckets, `Invalid buckets "[]": a histogram needs at least one bucket`);
    }
    for (let i = 0; i < buckets.length; i++) {
      if (!Number.isFinite(buckets[i])) {
        add(
          NAMING_CODES.buckets,
          `Invalid bucket "${buckets[i]}": must be a finite number (+Inf is added for you)`,
        );
      } else if (i > 0 && buckets[i] <= buckets[i - 1]) {
        add(NAMING_CODES.buckets, `Invalid buckets "[${buckets.join(', ')}]": must be strictly increasing`);
        break;
      }
    }
  } else if (def.buckets !== undefined) {
    add(NAMING_CODES.buckets, `Invalid buckets on a ${def.type}: only histograms have buckets`);
  }
  return problems;
}

/** Checks a whole set of definitions, including duplicate names. */
export function validateMetrics(
  defs: readonly MetricShape[],
  options: ValidateMetricOptions = {},
): ValidationProblem[] {
  const problems = defs.flatMap((def) => validateMetric(def, options));
  const names = new Map<string, number>();
  for (const def of defs) names.set(def.name, (names.get(def.name) ?? 0) + 1);
  for (const [name, count] of names) {
    if (count > 1) {
      problems.push({
        code: NAMING_CODES.duplicate,
        subject: `metric "${name}"`,
        message: `Duplicate metric name "${name}": defined ${count} times`,
      });
    }
  }
  return problems;
}

/** True when `label` is one of the catalog's labels. */
export function isKnownLabel(label: string): label is LabelName {
  return label in LABELS;
}
