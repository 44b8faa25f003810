import { TYPE_NAMES, UNKNOWN, typeError, type CheckContext, type Info } from './context.js';
import { checkDuration } from './durations.js';
import { children, exprChildren, type SyntaxNode } from './syntax.js';

/** A subquery (`expr[5m:1m]`): of an instant vector, with a range and an optional step that are durations. */
export function checkSubquery(ctx: CheckContext, node: SyntaxNode, counterOk: boolean): Info {
  const inner = exprChildren(node)[0];
  const info = inner ? ctx.analyze(inner, counterOk) : UNKNOWN;
  if (info.type !== 'vector' && info.type !== 'unknown') {
    typeError(ctx, `Invalid subquery of ${TYPE_NAMES[info.type]}: expected an instant vector`, node.from);
  }
  const durations = children(node).filter((c) => c.name === 'DurationExpr');
  durations.forEach((d, i) => checkDuration(ctx, d, i === 0 ? 'subquery range' : 'subquery step'));
  return { type: 'matrix', labels: info.labels };
}
