import { isDuration } from '../duration/duration.js';
import { EXPRESSION_CODES } from './codes.js';
import { source, type CheckContext } from './context.js';
import type { SyntaxNode } from './syntax.js';

/** Where a duration appears, as its message names it. */
export type DurationRole = 'range' | 'subquery range' | 'subquery step' | 'offset';

/**
 * Reports a duration that is not a Prometheus duration literal (`5m`, `1h30m`): a bare number, an
 * expression, a unit Prometheus does not know. An offset may be negative (`offset -5m`).
 */
export function checkDuration(ctx: CheckContext, node: SyntaxNode | undefined, what: DurationRole): void {
  if (!node) return;
  const literal = node.name.startsWith('NumberDurationLiteral') ? node : node.firstChild;
  if (literal?.name === 'UnaryOp' && what === 'offset') {
    return checkDuration(ctx, literal.nextSibling ?? undefined, what);
  }
  const value = literal ? source(ctx, literal) : '';
  if (
    !literal ||
    literal.nextSibling ||
    !literal.name.startsWith('NumberDurationLiteral') ||
    !isDuration(value, { positive: true })
  ) {
    ctx.report(
      EXPRESSION_CODES.duration,
      `Invalid ${what} duration "${source(ctx, node)}": must be a Prometheus duration like 30s, 5m or 1h30m`,
      node.from,
    );
  }
}
