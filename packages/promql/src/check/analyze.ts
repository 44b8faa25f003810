import { checkAggregation } from './aggregations.js';
import { checkBinary } from './binary.js';
import { checkFunctionCall } from './calls.js';
import { EMPTY, UNKNOWN, type CheckContext, type Info } from './context.js';
import { checkAt, checkOffset } from './modifiers.js';
import { checkMatrixSelector, checkVectorSelector } from './selectors.js';
import { checkSubquery } from './subqueries.js';
import { exprChildren, type SyntaxNode } from './syntax.js';
import { checkUnary } from './unary.js';

/**
 * The dispatcher: hands `node` to the check of its kind, which reports its problems and returns
 * what it found of the value. `counterOk` says a raw counter is fine there.
 */
export function analyzeNode(ctx: CheckContext, node: SyntaxNode, counterOk: boolean): Info {
  switch (node.name) {
    case 'NumberDurationLiteral':
      return { type: 'scalar', labels: EMPTY };
    case 'StringLiteral':
      return { type: 'string', labels: EMPTY };
    case 'VectorSelector':
      return checkVectorSelector(ctx, node, counterOk);
    case 'MatrixSelector':
      return checkMatrixSelector(ctx, node, counterOk);
    case 'SubqueryExpr':
      return checkSubquery(ctx, node, counterOk);
    case 'OffsetExpr':
      return checkOffset(ctx, node, counterOk);
    case 'StepInvariantExpr':
      return checkAt(ctx, node, counterOk);
    case 'ParenExpr':
    case 'AnchoredExpr':
    case 'SmoothedExpr':
    case 'PromQL': {
      // Parentheses and the `anchored`/`smoothed` range modifiers leave the value as it is.
      const inner = exprChildren(node)[0];
      return inner ? ctx.analyze(inner, counterOk) : UNKNOWN;
    }
    case 'UnaryExpr':
      return checkUnary(ctx, node);
    case 'FunctionCall':
      return checkFunctionCall(ctx, node);
    case 'AggregateExpr':
      return checkAggregation(ctx, node);
    case 'BinaryExpr':
      return checkBinary(ctx, node);
    default:
      return UNKNOWN;
  }
}

/** Analyses a whole parse tree with the context's text, resolver, series and problem list. */
export function analyzeTree(top: SyntaxNode, shared: Omit<CheckContext, 'analyze'>): Info {
  const ctx: CheckContext = { ...shared, analyze: (node, counterOk) => analyzeNode(ctx, node, counterOk) };
  return ctx.analyze(top, false);
}
