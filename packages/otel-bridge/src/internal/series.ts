import {
  ERROR_TYPE_ALIASES,
  LABELS,
  MAX_LABEL_VALUE_LENGTH,
  OTEL_ATTRIBUTE_ALIASES,
  OTHER_VALUE,
  type LabelBound,
  type MetricDef,
} from '@obskit/catalog';
import type { Attributes } from '@opentelemetry/api';
import { toPrometheusLabelName } from '../naming/prometheus-name.js';
import type { BridgeErrorReason } from '../bridge/types.js';

/** Prometheus labels of one series. */
export type SeriesLabels = Record<string, string>;

const SEP = '\u0001';
const NO_RULE: Rule = Object.freeze({});

/** A canonical key of a label set, independent of key order. */
export function seriesKey(labels: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(labels).sort();
  let key = '';
  for (const k of keys) key += `${k}=${String(labels[k])}${SEP}`;
  return key;
}

interface Rule {
  readonly allowed?: ReadonlySet<string>;
  readonly pattern?: RegExp;
  readonly expected?: string;
}

/** Options of {@link createSeriesResolver}. */
export interface SeriesResolverOptions {
  readonly metric: string;
  /** The catalog definition; its labels are the only ones kept. */
  readonly def?: MetricDef;
  readonly maxSeries: number;
  readonly allowLists?: Readonly<Record<string, readonly string[]>>;
  /** Bound values by the catalog's label definitions (catalog metrics only: elsewhere a `kind` is not GC's). */
  readonly catalogBounds: boolean;
  readonly report: (reason: BridgeErrorReason, detail: string) => void;
  readonly onOverflow: () => void;
}

/**
 * Turns OTel attributes into the bounded label set recorded for them: attribute keys in Prometheus
 * form, catalog labels only, values bounded like metrics-core bounds them (enum, allow-list, pattern
 * → `_OTHER`), and past `maxSeries` distinct sets one overflow set with every value `_OTHER`.
 */
export interface SeriesResolver {
  resolve(attributes: Attributes | undefined): SeriesLabels;
}

/** Builds the resolver of one bridged metric. */
export function createSeriesResolver(options: SeriesResolverOptions): SeriesResolver {
  const { metric, def, maxSeries, allowLists, catalogBounds, report, onOverflow } = options;
  const catalogLabels = def ? new Set<string>(def.labels) : undefined;
  const rules = new Map<string, Rule>();
  const series = new Map<string, SeriesLabels>();
  const ruleOf = (label: string): Rule => {
    // Attribute keys of non-catalog instruments are open: only labels with a bound are remembered.
    if (!catalogBounds && !allowLists?.[label]) return NO_RULE;
    let rule = rules.get(label);
    if (!rule) {
      rule = buildRule(label, allowLists?.[label], catalogBounds);
      rules.set(label, rule);
    }
    return rule;
  };

  return {
    resolve(attributes) {
      const labels: SeriesLabels = {};
      if (attributes) {
        for (const key of Object.keys(attributes)) {
          // Catalog metrics take a deprecated attribute (gen_ai.system) under the name that replaced it,
          // and an SDK error class name (RateLimitError) as the bounded error_type it means.
          const alias = catalogLabels ? OTEL_ATTRIBUTE_ALIASES[key] : undefined;
          const label = toPrometheusLabelName(alias ?? key);
          if (catalogLabels && !catalogLabels.has(label)) {
            report('unknown_label', `${metric}: attribute "${key}" is not one of its labels`);
            continue;
          }
          if (alias !== undefined && attributes[alias] !== undefined) continue;
          const raw = attributes[key];
          const value = normalizeValue(
            metric,
            label,
            catalogLabels &&
              label === 'error_type' &&
              typeof raw === 'string' &&
              Object.hasOwn(ERROR_TYPE_ALIASES, raw)
              ? ERROR_TYPE_ALIASES[raw]
              : raw,
            ruleOf,
            report,
          );
          if (value !== undefined) labels[label] = value;
        }
      }
      const key = seriesKey(labels);
      const known = series.get(key);
      if (known) return known;
      if (series.size >= maxSeries) {
        onOverflow();
        const names = def ? def.labels : Object.keys(labels);
        return Object.fromEntries(names.map((n) => [n, OTHER_VALUE]));
      }
      series.set(key, labels);
      return labels;
    },
  };
}

/**
 * The recorded value of attribute `raw` under label `label`: `undefined` when absent, else bounded by
 * the label's rule (looked up only for a value of a recordable type), `_OTHER` and reported when it is not.
 */
function normalizeValue(
  metric: string,
  label: string,
  raw: unknown,
  ruleOf: (label: string) => Rule,
  report: SeriesResolverOptions['report'],
): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: string;
  if (typeof raw === 'string') value = raw;
  else if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean') value = String(raw);
  else {
    report(
      'invalid_label_value',
      `${metric}: label "${label}" got a ${Array.isArray(raw) ? 'array' : typeof raw}`,
    );
    return OTHER_VALUE;
  }
  const rule = ruleOf(label);
  if (rule.allowed) return rule.allowed.has(value) ? value : OTHER_VALUE;
  if (rule.pattern) {
    if (rule.pattern.test(value)) return value;
    report(
      'invalid_label_value',
      `${metric}: label "${label}" must be ${rule.expected}, recorded as ${OTHER_VALUE}`,
    );
    return OTHER_VALUE;
  }
  if (value.length > MAX_LABEL_VALUE_LENGTH) {
    report(
      'invalid_label_value',
      `${metric}: label "${label}" longer than ${MAX_LABEL_VALUE_LENGTH} characters, recorded as ${OTHER_VALUE}`,
    );
    return OTHER_VALUE;
  }
  return value;
}

function buildRule(label: string, allowList: readonly string[] | undefined, catalogBounds: boolean): Rule {
  const bound = catalogBounds
    ? (LABELS as Record<string, { bound: LabelBound } | undefined>)[label]?.bound
    : undefined;
  if (bound?.kind === 'enum') return { allowed: new Set([...bound.values, OTHER_VALUE]) };
  if (bound?.kind === 'pattern') return { pattern: new RegExp(bound.pattern), expected: bound.expected };
  if (allowList) return { allowed: new Set([...allowList, OTHER_VALUE]) };
  return {};
}
