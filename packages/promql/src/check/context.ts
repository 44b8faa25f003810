import type { ExpressionCode } from './codes.js';
import { EXPRESSION_CODES } from './codes.js';
import type { ValueType } from './functions.js';
import type { SeriesResolver } from './known-series.js';
import type { SyntaxNode } from './syntax.js';

/** The label names a value carries; `'any'` when they cannot be known (an unknown metric, `absent()`). */
export type LabelSet = ReadonlySet<string> | 'any';
/** The PromQL type of a value, or `'unknown'` when an earlier problem hides it. */
export type Kind = ValueType | 'unknown';

/** What the analyser knows of an expression's value: its type and its labels. */
export interface Info {
  readonly type: Kind;
  readonly labels: LabelSet;
}

/** No labels: a scalar, a string, or an aggregation without `by`. */
export const EMPTY: ReadonlySet<string> = new Set();
/** A value whose type and labels are not known. */
export const UNKNOWN: Info = { type: 'unknown', labels: 'any' };

/** Each type as a message names it. */
export const TYPE_NAMES: Readonly<Record<Kind, string>> = {
  scalar: 'a scalar',
  vector: 'an instant vector',
  matrix: 'a range vector',
  string: 'a string',
  unknown: 'an unknown value',
};

/** What every node check shares while `checkExpression` analyses one expression. */
export interface CheckContext {
  /** The expression after Grafana variables were replaced; node offsets point into it. */
  readonly text: string;
  /** Finds the series a selector names. */
  readonly resolve: SeriesResolver;
  /** Series names the expression selects, as written, in the order they appear. */
  readonly series: Set<string>;
  /** Reports a problem at offset `at` of {@link CheckContext.text}; the same message at the same place once. */
  readonly report: (code: ExpressionCode, message: string, at: number) => void;
  /**
   * Analyses a child expression through the dispatcher, so that each node kind's module can recurse
   * without importing the others. `counterOk` says a raw counter is fine there (under `rate()`, `count`).
   */
  readonly analyze: (node: SyntaxNode, counterOk: boolean) => Info;
}

/** The text of `node`. */
export function source(ctx: Pick<CheckContext, 'text'>, node: SyntaxNode): string {
  return ctx.text.slice(node.from, node.to);
}

/** Reports a type problem (`OBSKIT_PROMQL_TYPE`) at offset `at`. */
export function typeError(ctx: CheckContext, message: string, at: number): void {
  ctx.report(EXPRESSION_CODES.type, message, at);
}
