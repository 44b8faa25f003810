import { UNKNOWN, typeError, type CheckContext, type Info } from './context.js';
import { checkDuration } from './durations.js';
import { child, exprChildren, type SyntaxNode } from './syntax.js';

/** What a modifier may follow, once the operand it binds to is found. */
const MODIFIABLE: ReadonlySet<string> = new Set([
  'VectorSelector',
  'MatrixSelector',
  'SubqueryExpr',
  'OffsetExpr',
  'StepInvariantExpr',
]);

// lezer-promql attaches `offset`/`@` to the whole `a / b` or `-a` before it, where Prometheus binds
// them to the rightmost operand: follow that operand before checking.
function checkModifierTarget(
  ctx: CheckContext,
  inner: SyntaxNode | undefined,
  modifier: string,
  at: number,
): void {
  let target = inner;
  while (target && (target.name === 'BinaryExpr' || target.name === 'UnaryExpr')) {
    const operands = exprChildren(target);
    target = operands[operands.length - 1];
  }
  if (target && !MODIFIABLE.has(target.name)) {
    typeError(
      ctx,
      `Invalid "${modifier}" modifier: it must follow a selector or a subquery, not ${target.name}`,
      at,
    );
  }
}

/** An `offset` modifier: a duration (maybe negative) after a selector or a subquery. */
export function checkOffset(ctx: CheckContext, node: SyntaxNode, counterOk: boolean): Info {
  checkDuration(ctx, child(node, 'OffsetDurationExpr'), 'offset');
  const inner = exprChildren(node)[0];
  checkModifierTarget(ctx, inner, 'offset', node.from);
  return inner ? ctx.analyze(inner, counterOk) : UNKNOWN;
}

/** An `@` modifier (lezer's `StepInvariantExpr`): after a selector or a subquery. */
export function checkAt(ctx: CheckContext, node: SyntaxNode, counterOk: boolean): Info {
  const inner = exprChildren(node)[0];
  checkModifierTarget(ctx, inner, '@', node.from);
  return inner ? ctx.analyze(inner, counterOk) : UNKNOWN;
}
