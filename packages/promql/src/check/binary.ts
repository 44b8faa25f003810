import {
  EMPTY,
  TYPE_NAMES,
  UNKNOWN,
  typeError,
  type CheckContext,
  type Info,
  type LabelSet,
} from './context.js';
import { checkLabelsIn, groupingLabels, unionLabels, withLabels, type LabelRef } from './labels.js';
import { child, children, exprChildren, type SyntaxNode } from './syntax.js';

/** lezer-promql's operator node names, and each operator as written. */
const BINARY_OPS: Readonly<Record<string, string>> = {
  Pow: '^',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Add: '+',
  Sub: '-',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
  Atan2: 'atan2',
};
const SET_OPS: ReadonlySet<string> = new Set(['and', 'or', 'unless']);

/** The `on`/`ignoring` clause of a binary operator and its `group_left`/`group_right`. */
interface Matching {
  readonly on: boolean;
  readonly labels: readonly LabelRef[];
  readonly group: 'left' | 'right' | undefined;
  readonly include: readonly LabelRef[];
}

function readMatching(ctx: CheckContext, clause: SyntaxNode): Matching {
  const lists = children(clause).filter((c) => c.name === 'GroupingLabels');
  const group = child(clause, 'GroupLeft') ? 'left' : child(clause, 'GroupRight') ? 'right' : undefined;
  return {
    on: !!child(clause, 'On'),
    labels: groupingLabels(ctx, lists[0]),
    group,
    include: groupingLabels(ctx, lists[1]),
  };
}

function checkOperand(ctx: CheckContext, op: string, side: Info, at: number): void {
  if (side.type === 'matrix' || side.type === 'string') {
    typeError(
      ctx,
      `Invalid operand of "${op}": expected a scalar or an instant vector, got ${TYPE_NAMES[side.type]}`,
      at,
    );
  } else if (SET_OPS.has(op) && side.type === 'scalar') {
    typeError(
      ctx,
      `Invalid operand of "${op}": set operators need instant vectors on both sides, got a scalar`,
      at,
    );
  }
}

/** Vector-to-vector matching: the `on`/`ignoring` and `group_*` labels, and the labels of the result. */
function matchedLabels(ctx: CheckContext, op: string, m: Matching, lhs: LabelSet, rhs: LabelSet): LabelSet {
  const both = unionLabels(lhs, rhs);
  if (m.on) {
    checkLabelsIn(ctx, m.labels, lhs, `on (...) of "${op}" (left side)`);
    checkLabelsIn(ctx, m.labels, rhs, `on (...) of "${op}" (right side)`);
  } else {
    checkLabelsIn(ctx, m.labels, both, `ignoring (...) of "${op}"`);
  }
  const included = m.include.map((l) => l.name);
  if (m.group === 'left') {
    checkLabelsIn(ctx, m.include, rhs, `group_left (...) of "${op}" (right side)`);
    return withLabels(lhs, included);
  }
  if (m.group === 'right') {
    checkLabelsIn(ctx, m.include, lhs, `group_right (...) of "${op}" (left side)`);
    return withLabels(rhs, included);
  }
  if (SET_OPS.has(op)) return op === 'or' ? both : lhs;
  const matched = new Set(m.labels.map((l) => l.name));
  if (m.on) return matched;
  return lhs === 'any' ? 'any' : new Set([...lhs].filter((l) => !matched.has(l)));
}

/**
 * A binary operator: operands that are scalars or instant vectors (instant vectors for `and`, `or`,
 * `unless`), `on`/`ignoring`/`group_*` labels that the sides carry, and the labels of the result.
 */
export function checkBinary(ctx: CheckContext, node: SyntaxNode): Info {
  const [lhsNode, rhsNode] = exprChildren(node);
  const opNode = children(node).find((c) => c.name in BINARY_OPS);
  const op = opNode ? BINARY_OPS[opNode.name] : '?';
  const lhs = lhsNode ? ctx.analyze(lhsNode, false) : UNKNOWN;
  const rhs = rhsNode ? ctx.analyze(rhsNode, false) : UNKNOWN;
  checkOperand(ctx, op, lhs, lhsNode?.from ?? node.from);
  checkOperand(ctx, op, rhs, rhsNode?.from ?? node.from);
  if (lhs.type === 'scalar' && rhs.type === 'scalar') return { type: 'scalar', labels: EMPTY };
  if (lhs.type === 'scalar') return { type: 'vector', labels: rhs.labels };
  if (rhs.type === 'scalar') return { type: 'vector', labels: lhs.labels };
  const clause = child(node, 'MatchingModifierClause');
  if (!clause) {
    // Without `on`/`ignoring` the sides match on all their labels: the result has the left side's,
    // and both sides' for `or`.
    return { type: 'vector', labels: op === 'or' ? unionLabels(lhs.labels, rhs.labels) : lhs.labels };
  }
  const matching = readMatching(ctx, clause);
  return { type: 'vector', labels: matchedLabels(ctx, op, matching, lhs.labels, rhs.labels) };
}
