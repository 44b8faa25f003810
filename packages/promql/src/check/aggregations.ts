import {
  TYPE_NAMES,
  UNKNOWN,
  source,
  typeError,
  type CheckContext,
  type Info,
  type LabelSet,
} from './context.js';
import { COUNTER_SAFE_AGGREGATIONS, type ValueType } from './functions.js';
import { checkLabelsIn, groupingLabels, type LabelRef } from './labels.js';
import { child, exprChildren, stringValue, type SyntaxNode } from './syntax.js';

/** Aggregations whose first argument is a parameter (`topk(5, v)`, `count_values("label", v)`). */
const PARAM_AGGREGATIONS: ReadonlySet<string> = new Set([
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'limitk',
  'limit_ratio',
]);
/** Aggregations that select input series as they are, labels and all, whatever `by`/`without` say. */
const SELECTING_AGGREGATIONS: ReadonlySet<string> = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);

/** The `by`/`without` clause of an aggregation. */
interface Grouping {
  /** Whether there is a clause at all. */
  readonly present: boolean;
  readonly without: boolean;
  readonly labels: readonly LabelRef[];
}

function readGrouping(ctx: CheckContext, node: SyntaxNode): Grouping {
  const modifier = child(node, 'AggregateModifier');
  return {
    present: !!modifier,
    without: modifier ? !!child(modifier, 'Without') : false,
    labels: groupingLabels(ctx, modifier ? child(modifier, 'GroupingLabels') : undefined),
  };
}

function checkParameter(ctx: CheckContext, op: string, param: SyntaxNode): void {
  const info = ctx.analyze(param, false);
  const expected: ValueType = op === 'count_values' ? 'string' : 'scalar';
  if (info.type !== expected && info.type !== 'unknown') {
    typeError(
      ctx,
      `Invalid parameter of ${op}(): expected ${TYPE_NAMES[expected]}, got ${TYPE_NAMES[info.type]}`,
      param.from,
    );
  }
}

/** The aggregated vector's labels, after checking that it is an instant vector. */
function aggregatedLabels(ctx: CheckContext, op: string, vector: SyntaxNode | undefined): LabelSet {
  const info = vector ? ctx.analyze(vector, COUNTER_SAFE_AGGREGATIONS.has(op)) : UNKNOWN;
  if (vector && info.type !== 'vector' && info.type !== 'unknown') {
    typeError(
      ctx,
      `Invalid argument of ${op}(): expected an instant vector, got ${TYPE_NAMES[info.type]}`,
      vector.from,
    );
  }
  return info.labels;
}

/** The labels an aggregation's result carries; `extra` is the label count_values() adds. */
function outputLabels(op: string, grouping: Grouping, input: LabelSet, extra: readonly string[]): LabelSet {
  if (SELECTING_AGGREGATIONS.has(op)) return input;
  if (!grouping.present) return new Set(extra);
  if (!grouping.without) return new Set([...grouping.labels.map((g) => g.name), ...extra]);
  if (input === 'any') return 'any';
  const dropped = new Set(grouping.labels.map((g) => g.name));
  return new Set([...[...input].filter((l) => !dropped.has(l)), ...extra]);
}

/**
 * An aggregation (`sum by (job) (v)`, `topk(5, v)`): its argument count, the parameter's type, an
 * instant vector to aggregate, and `by`/`without` labels that the input carries.
 */
export function checkAggregation(ctx: CheckContext, node: SyntaxNode): Info {
  const opNode = child(node, 'AggregateOp');
  const op = opNode ? source(ctx, opNode).toLowerCase() : '';
  const grouping = readGrouping(ctx, node);
  const body = child(node, 'FunctionCallBody');
  const args = body ? exprChildren(body) : [];
  const takesParam = PARAM_AGGREGATIONS.has(op);
  const expectedArgs = takesParam ? 2 : 1;
  if (args.length !== expectedArgs) {
    typeError(
      ctx,
      `Invalid call of ${op}(): expected ${expectedArgs} argument${expectedArgs === 1 ? '' : 's'}, got ${args.length}`,
      node.from,
    );
  }
  if (takesParam && args.length > 0) checkParameter(ctx, op, args[0]);
  const input = aggregatedLabels(ctx, op, args[takesParam ? 1 : 0]);
  checkLabelsIn(ctx, grouping.labels, input, `${op} ${grouping.without ? 'without' : 'by'} (...)`);
  const extra =
    op === 'count_values' && args[0]?.name === 'StringLiteral' ? [stringValue(source(ctx, args[0]))] : [];
  return { type: 'vector', labels: outputLabels(op, grouping, input, extra) };
}
