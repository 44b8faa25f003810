import { EXPRESSION_CODES } from './codes.js';
import { TYPE_NAMES, UNKNOWN, source, typeError, type CheckContext, type Info } from './context.js';
import { checkDuration } from './durations.js';
import type { SeriesInfo } from './known-series.js';
import { listLabels } from './labels.js';
import { child, children, exprChildren, stringValue, type SyntaxNode } from './syntax.js';

/** One `label op "value"` of a selector, with its offset. */
export interface Matcher {
  readonly name: string;
  readonly op: string;
  readonly value: string;
  readonly at: number;
}

function readMatcher(ctx: Pick<CheckContext, 'text'>, node: SyntaxNode): Matcher | undefined {
  const labelNode = node.firstChild;
  const opNode = child(node, 'MatchOp');
  if (!labelNode || !opNode) return undefined;
  const name = labelNode.name === 'LabelName' ? source(ctx, labelNode) : stringValue(source(ctx, labelNode));
  const valueNode = children(node)
    .filter((c) => c.name === 'StringLiteral')
    .pop();
  const value = valueNode ? stringValue(source(ctx, valueNode)) : '';
  return { name, op: source(ctx, opNode), value, at: node.from };
}

/**
 * The matchers inside `{...}` and the series name: `name` written before the braces, else a quoted
 * name inside them (`{"my.metric"}`), else the first `__name__="..."` matcher.
 */
export function readMatchers(
  ctx: Pick<CheckContext, 'text'>,
  node: SyntaxNode | undefined,
  name: string | undefined,
): { name: string | undefined; matchers: Matcher[] } {
  const matchers: Matcher[] = [];
  for (const m of node ? children(node) : []) {
    if (m.name === 'QuotedLabelName') {
      name = stringValue(source(ctx, m));
      continue;
    }
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
    const matcher = readMatcher(ctx, m);
    if (!matcher) continue;
    matchers.push(matcher);
    if (matcher.name === '__name__' && matcher.op === '=' && !name) name = matcher.value;
  }
  return { name, matchers };
}

function checkMatcherLabels(ctx: CheckContext, name: string, info: SeriesInfo, matchers: Matcher[]): void {
  for (const m of matchers) {
    if (m.name !== '__name__' && !info.labels.has(m.name)) {
      ctx.report(
        EXPRESSION_CODES.unknownLabel,
        `Unknown label "${m.name}" on "${name}": expected one of ${listLabels(info.labels) || '(no labels)'}`,
        m.at,
      );
    }
  }
}

/**
 * A vector selector (`name{label="value"}`): the series must be known, each matcher's label must be
 * on it, and a counter must sit where `counterOk` (under `rate()` and the like).
 */
export function checkVectorSelector(ctx: CheckContext, node: SyntaxNode, counterOk: boolean): Info {
  const ident = child(node, 'Identifier');
  const { name, matchers } = readMatchers(
    ctx,
    child(node, 'LabelMatchers'),
    ident ? source(ctx, ident) : undefined,
  );
  if (!name) return { type: 'vector', labels: 'any' };
  ctx.series.add(name);
  const info = ctx.resolve(name);
  if (!info) {
    ctx.report(
      EXPRESSION_CODES.unknownMetric,
      `Unknown metric "${name}": not in the catalog, not a recording rule and not a metric passed in options`,
      node.from,
    );
    return { type: 'vector', labels: 'any' };
  }
  checkMatcherLabels(ctx, name, info, matchers);
  if (info.counter && !counterOk) {
    ctx.report(
      EXPRESSION_CODES.rawCounter,
      `Counter "${name}" used without rate(), irate() or increase(): a counter's raw value only means something as a rate`,
      node.from,
    );
  }
  return { type: 'vector', labels: info.labels };
}

/** A range selector (`selector[5m]`): only a selector takes a range, and the range is a duration. */
export function checkMatrixSelector(ctx: CheckContext, node: SyntaxNode, counterOk: boolean): Info {
  const inner = exprChildren(node)[0];
  const info = inner ? ctx.analyze(inner, counterOk) : UNKNOWN;
  if (inner && inner.name !== 'VectorSelector') {
    typeError(
      ctx,
      `Invalid range "[...]" after ${TYPE_NAMES[info.type]}: only a selector takes a range; use a subquery "[5m:1m]"`,
      node.from,
    );
  }
  checkDuration(ctx, child(node, 'DurationExpr'), 'range');
  return { type: 'matrix', labels: info.labels };
}
