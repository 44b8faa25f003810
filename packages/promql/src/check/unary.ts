import { TYPE_NAMES, UNKNOWN, source, typeError, type CheckContext, type Info } from './context.js';
import { child, exprChildren, type SyntaxNode } from './syntax.js';

/** A unary `-x` or `+x`: of a scalar or an instant vector, whose labels it keeps. */
export function checkUnary(ctx: CheckContext, node: SyntaxNode): Info {
  const inner = exprChildren(node)[0];
  const info = inner ? ctx.analyze(inner, false) : UNKNOWN;
  if (info.type === 'matrix' || info.type === 'string') {
    typeError(
      ctx,
      `Invalid operand of unary "${source(ctx, child(node, 'UnaryOp') ?? node).trim()}": expected a scalar or an instant vector, got ${TYPE_NAMES[info.type]}`,
      node.from,
    );
  }
  return info;
}
