import { EXPRESSION_CODES } from './codes.js';
import { source, type CheckContext, type LabelSet } from './context.js';
import { GRAFANA_LABEL_STANDIN } from './grafana.js';
import { children, stringValue, type SyntaxNode } from './syntax.js';

/** A label name as written in a query, with its offset. */
export interface LabelRef {
  readonly name: string;
  readonly at: number;
}

/** Whether a value with `labels` may carry `label`; a Grafana variable standing in for a label always may. */
export function hasLabel(labels: LabelSet, label: string): boolean {
  return labels === 'any' || labels.has(label) || label.startsWith(GRAFANA_LABEL_STANDIN);
}

/** The labels sorted and joined for a message; `''` when there are none or they are not known. */
export function listLabels(labels: LabelSet): string {
  return labels === 'any' ? '' : [...labels].sort().join(', ');
}

/** The labels of a `(a, "b")` list (`by`, `without`, `on`, `ignoring`, `group_*`); none without a list. */
export function groupingLabels(ctx: CheckContext, node: SyntaxNode | undefined): LabelRef[] {
  return node
    ? children(node)
        .filter((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName')
        .map((c) => ({
          name: c.name === 'LabelName' ? source(ctx, c) : stringValue(source(ctx, c)),
          at: c.from,
        }))
    : [];
}

/** Reports each of `labels` that `input` does not carry; `where` names the clause in the message. */
export function checkLabelsIn(
  ctx: CheckContext,
  labels: readonly LabelRef[],
  input: LabelSet,
  where: string,
): void {
  for (const l of labels) {
    if (!hasLabel(input, l.name)) {
      ctx.report(
        EXPRESSION_CODES.unknownLabel,
        `Unknown label "${l.name}" in ${where}: the input has only ${listLabels(input) || 'no labels'}`,
        l.at,
      );
    }
  }
}

/** `a` plus `extra`; still `'any'` when `a` is. */
export function withLabels(a: LabelSet, extra: Iterable<string>): LabelSet {
  return a === 'any' ? 'any' : new Set([...a, ...extra]);
}

/** The labels of both sides; `'any'` when either side's are not known. */
export function unionLabels(a: LabelSet, b: LabelSet): LabelSet {
  return a === 'any' || b === 'any' ? 'any' : new Set([...a, ...b]);
}
