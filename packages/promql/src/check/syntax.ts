import type { parser } from '@prometheus-io/lezer-promql';

/** A node of the tree that `@prometheus-io/lezer-promql` parses. */
export type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** Node names that are expressions (operands, arguments), as opposed to keywords, labels and punctuation. */
const EXPRESSION_NODES: ReadonlySet<string> = new Set([
  'AggregateExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'OffsetExpr',
  'ParenExpr',
  'StringLiteral',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
  'StepInvariantExpr',
  'AnchoredExpr',
  'SmoothedExpr',
]);

/** The direct children of `node`, in source order. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** The direct children of `node` that are expressions, in source order. */
export function exprChildren(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter((c) => EXPRESSION_NODES.has(c.name));
}

/** The first direct child of `node` named `name`. */
export function child(node: SyntaxNode, name: string): SyntaxNode | undefined {
  return children(node).find((c) => c.name === name);
}

/** The value of a PromQL string literal as written (`"a\"b"`, `'a'` or a backquoted raw string). */
export function stringValue(text: string): string {
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return text.slice(1, -1);
}
