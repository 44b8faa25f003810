import { LABELS, MAX_LABEL_VALUE_LENGTH, OTHER_VALUE, type LabelBound } from '@obskit/catalog';
import { seriesKey } from '../store/family.js';
import type { ReportError } from './error-reporter.js';

/** Labels of a series as recorded: the guard's frozen objects. */
export type PromLabels = Record<string, string>;

/** How one label's values are bounded, precomputed for the hot path. */
export interface LabelRule {
  readonly name: string;
  /** Values kept as themselves; anything else becomes `_OTHER`. `undefined`: any value. */
  readonly allowed?: ReadonlySet<string>;
  /** Values must match; anything else becomes `_OTHER` and is reported. */
  readonly pattern?: RegExp;
  readonly expected?: string;
}

/** Options of {@link createLabelGuard}. */
export interface LabelGuardOptions {
  readonly metric: string;
  readonly rules: readonly LabelRule[];
  readonly maxSeries: number;
  readonly report: ReportError;
  /** Called once per observation folded into the overflow series. */
  readonly onOverflow: () => void;
}

/**
 * One bounded series of a metric: its labels, the key the store files it under, and a slot where
 * the metric's handle keeps the store's series it records into.
 */
export interface GuardedSeries {
  readonly labels: PromLabels;
  /** The store's key of `labels`: `name:value,` over the sorted label names with a value. */
  readonly key: string;
  /** Owned by the handle: the store's series of these labels, once seen (until a reset). */
  entry: unknown;
  /** The shared series of label sets folded past the series limit. */
  readonly overflow: boolean;
}

/**
 * Maps user label values to a bounded label set: `resolve()` returns the labels to record (the
 * shared overflow label set past the series cap); `series()` returns the same as a
 * {@link GuardedSeries}, cached per raw label values, so a handle finds the store's series without
 * validating and keying the labels again.
 */
export interface LabelGuard {
  resolve(labels: Record<string, unknown> | undefined): PromLabels;
  series(labels: Record<string, unknown> | undefined): GuardedSeries;
  /** The one series of a metric without labels (what `series(undefined)` returns); else `undefined`. */
  readonly unlabelled: GuardedSeries | undefined;
  /** Distinct series created so far (the overflow series not included). */
  readonly size: number;
}

const SEP = '\u0001';
const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * The rules of catalog labels: enums and configured allow-lists become Sets, patterns RegExps.
 * `allowLists` come from the application (e.g. the models it uses).
 */
export function ruleFor(name: string, allowList: readonly string[] | undefined): LabelRule {
  const def = (LABELS as Record<string, { bound: LabelBound } | undefined>)[name];
  const bound = def?.bound;
  if (bound?.kind === 'enum') return { name, allowed: new Set([...bound.values, OTHER_VALUE]) };
  if (bound?.kind === 'pattern') {
    return { name, pattern: new RegExp(bound.pattern), expected: bound.expected };
  }
  if (allowList) return { name, allowed: new Set([...allowList, OTHER_VALUE]) };
  return { name };
}

/**
 * The value recorded for `raw` under `rule`: `undefined` when absent, `_OTHER` (reported) when of the
 * wrong type, outside the allow-list, not matching the pattern or too long. Runs once per new label set.
 */
function normalizeValue(
  metric: string,
  rule: LabelRule,
  raw: unknown,
  report: ReportError,
): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: string;
  if (typeof raw === 'string') value = raw;
  else if (typeof raw === 'number' && Number.isFinite(raw)) value = String(raw);
  else {
    report(
      'metrics-core',
      'invalid_label_value',
      `${metric}: label "${rule.name}" got a value of type ${typeof raw}`,
    );
    return OTHER_VALUE;
  }
  if (rule.allowed) return rule.allowed.has(value) ? value : OTHER_VALUE;
  if (rule.pattern) {
    if (rule.pattern.test(value)) return value;
    report(
      'metrics-core',
      'invalid_label_value',
      `${metric}: label "${rule.name}" must be ${rule.expected}, recorded as ${OTHER_VALUE}`,
    );
    return OTHER_VALUE;
  }
  if (value.length > MAX_LABEL_VALUE_LENGTH) {
    report(
      'metrics-core',
      'invalid_label_value',
      `${metric}: label "${rule.name}" longer than ${MAX_LABEL_VALUE_LENGTH} characters, recorded as ${OTHER_VALUE}`,
    );
    return OTHER_VALUE;
  }
  return value;
}

/** Reports each label of `labels` that is not one of the metric's. */
function reportUnknownLabels(
  metric: string,
  nameSet: ReadonlySet<string>,
  labels: Record<string, unknown>,
  report: ReportError,
): void {
  for (const k in labels) {
    if (!nameSet.has(k)) {
      report('metrics-core', 'unknown_label', `${metric}: label "${k}" is not one of its labels`);
    }
  }
}

/**
 * Fast-path key of the raw values of `names` (`n` of them) in `labels`, or `undefined` when a value
 * is neither string, number nor absent. Runs on every recording.
 */
function rawKeyOf(names: readonly string[], n: number, labels: Record<string, unknown>): string | undefined {
  if (n === 1) {
    const raw = labels[names[0]];
    if (typeof raw === 'string') return raw;
    if (typeof raw === 'number') return `${raw}`;
    return raw === undefined || raw === null ? SEP : undefined;
  }
  let key = '';
  for (let i = 0; i < n; i++) {
    const raw = labels[names[i]];
    if (typeof raw === 'string') key += raw + SEP;
    else if (typeof raw === 'number') key += `${raw}${SEP}`;
    else if (raw === undefined || raw === null) key += SEP;
    else return undefined;
  }
  return key;
}

/** Builds the guard of one metric. */
export function createLabelGuard(options: LabelGuardOptions): LabelGuard {
  const { metric, rules, maxSeries, report, onOverflow } = options;
  const names = rules.map((r) => r.name);
  const nameSet = new Set(names);
  const n = rules.length;
  /** normalized key -> series */
  const series = new Map<string, GuardedSeries>();
  /** raw key -> series: the fast path for values seen before */
  const rawCache = new Map<string, GuardedSeries>();
  const rawCacheLimit = Math.max(maxSeries * 2, 64);
  const seriesOf = (labels: PromLabels, overflow = false): GuardedSeries => {
    return { labels, key: seriesKey(labels), entry: undefined, overflow };
  };
  const overflow = seriesOf(Object.freeze(Object.fromEntries(names.map((l) => [l, OTHER_VALUE]))), true);
  const noLabels = seriesOf(Object.freeze({}));

  function slow(labels: Record<string, unknown>, rawKey: string | undefined): GuardedSeries {
    let key = '';
    const values: (string | undefined)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = normalizeValue(metric, rules[i], labels[names[i]], report);
      values[i] = v;
      key += (v === undefined ? '' : v) + SEP;
    }
    let result = series.get(key);
    if (result === undefined) {
      if (series.size >= maxSeries) {
        onOverflow();
        return overflow;
      }
      const obj: PromLabels = {};
      for (let i = 0; i < n; i++) if (values[i] !== undefined) obj[names[i]] = values[i] as string;
      result = seriesOf(Object.freeze(obj));
      series.set(key, result);
    }
    if (rawKey !== undefined && rawCache.size < rawCacheLimit) rawCache.set(rawKey, result);
    return result;
  }

  function resolveSeries(input: Record<string, unknown> | undefined): GuardedSeries {
    if (n === 0) {
      if (input !== undefined) reportUnknownLabels(metric, nameSet, input, report);
      return noLabels;
    }
    const labels = input ?? EMPTY;
    const rawKey = rawKeyOf(names, n, labels);
    if (rawKey !== undefined) {
      const hit = rawCache.get(rawKey);
      if (hit !== undefined) return hit;
    }
    // Unknown labels are checked when a label set is first seen, not on every cached hit.
    reportUnknownLabels(metric, nameSet, labels, report);
    return slow(labels, rawKey);
  }

  return {
    get size() {
      return series.size;
    },
    series: resolveSeries,
    unlabelled: n === 0 ? noLabels : undefined,
    resolve: (input) => resolveSeries(input).labels,
  };
}
