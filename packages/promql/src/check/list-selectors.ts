import { parser } from '@prometheus-io/lezer-promql';
import type { LabelMatcher, MatchOp } from '../builders/selector.js';
import { substituteGrafanaVariables, type SubstitutedExpression } from './grafana.js';
import { readMatchers } from './selectors.js';
import { child, type SyntaxNode } from './syntax.js';

/** One label matcher of a selector that {@link listSelectors} found: `label op "value"`. */
export interface SelectorMatcher extends LabelMatcher {
  /** The label name, e.g. `job`. */
  readonly label: string;
}

/** One vector selector of an expression, as {@link listSelectors} reports it. */
export interface ExpressionSelector {
  /**
   * The series name as written (`x_bucket`, `job:x:rate5m`), else a quoted name inside the braces or
   * the first `__name__="..."` matcher; `''` for a selector without a name.
   */
  readonly name: string;
  /** The matchers in the braces, values unquoted; Grafana variables stay as written (`$job`). */
  readonly matchers: readonly SelectorMatcher[];
  /** The range of a range selector, as written: `5m`, `$__rate_interval`; absent on an instant selector. */
  readonly range?: string;
  /**
   * The function or aggregation the selector is an argument of — through ranges, offsets, `@` and
   * operators, not through parentheses or subqueries — as written (`rate`, `sum`); `''` for none.
   */
  readonly enclosing: string;
  /** Offset of the selector in the original expression, from 0. */
  readonly offset: number;
}

/** Nodes between a selector and the call that takes it as an argument. */
const TRANSPARENT: ReadonlySet<string> = new Set([
  'MatrixSelector',
  'OffsetExpr',
  'StepInvariantExpr',
  'AnchoredExpr',
  'SmoothedExpr',
  'BinaryExpr',
  'UnaryExpr',
  'FunctionCallBody',
]);

function enclosingCall(text: string, node: SyntaxNode): string {
  let parent = node.parent;
  while (parent && TRANSPARENT.has(parent.name)) parent = parent.parent;
  const ident =
    parent?.name === 'FunctionCall'
      ? child(parent, 'FunctionIdentifier')
      : parent?.name === 'AggregateExpr'
        ? child(parent, 'AggregateOp')
        : undefined;
  return ident ? text.slice(ident.from, ident.to) : '';
}

/** The range of `node`'s matrix selector in the original expression, between the brackets. */
function originalRange(expr: string, sub: SubstitutedExpression, node: SyntaxNode): string | undefined {
  const matrix = node.parent;
  if (matrix?.name !== 'MatrixSelector') return undefined;
  const written = expr.slice(sub.toOriginal(node.to), sub.toOriginal(matrix.to)).trim();
  return written.replace(/^\[/, '').replace(/\]$/, '').trim();
}

/**
 * Lists the vector selectors of a PromQL expression in source order, with their matchers, range and
 * the function or aggregation that takes them, parsed with the Prometheus grammar
 * (`@prometheus-io/lezer-promql`) after Grafana variables were replaced (see
 * {@link substituteGrafanaVariables}); names, values, ranges and offsets refer to the original text.
 * It checks nothing: an expression with a syntax error yields the selectors the parser recovered —
 * {@link checkExpression} reports the problems.
 * @param expr - a PromQL expression, Grafana variables allowed
 * @example
 * listSelectors('sum(rate(x_total{job=~"$job"}[$__rate_interval]))')
 * // [{ name: 'x_total', matchers: [{ label: 'job', op: '=~', value: '$job' }],
 * //    range: '$__rate_interval', enclosing: 'rate', offset: 9 }]
 */
export function listSelectors(expr: string): ExpressionSelector[] {
  const sub = substituteGrafanaVariables(expr);
  const ctx = { text: sub.expr };
  const out: ExpressionSelector[] = [];
  parser.parse(sub.expr).iterate({
    enter(ref) {
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const ident = child(node, 'Identifier');
      const { name, matchers } = readMatchers(
        ctx,
        child(node, 'LabelMatchers'),
        ident ? sub.expr.slice(ident.from, ident.to) : undefined,
      );
      const range = originalRange(expr, sub, node);
      out.push({
        name: name ?? '',
        matchers: matchers.map((m) => ({ label: m.name, op: m.op as MatchOp, value: m.value })),
        ...(range === undefined ? {} : { range }),
        enclosing: enclosingCall(sub.expr, node),
        offset: sub.toOriginal(node.from),
      });
      return false;
    },
  });
  return out;
}
