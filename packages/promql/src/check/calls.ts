import { EXPRESSION_CODES } from './codes.js';
import {
  EMPTY,
  TYPE_NAMES,
  UNKNOWN,
  source,
  typeError,
  type CheckContext,
  type Info,
  type LabelSet,
} from './context.js';
import { COUNTER_SAFE_FUNCTIONS, FUNCTION_SIGNATURES, type FunctionSignature } from './functions.js';
import { checkLabelsIn, listLabels, withLabels, type LabelRef } from './labels.js';
import { child, exprChildren, stringValue, type SyntaxNode } from './syntax.js';

/** The arguments of one call, with what the analyser found of each. */
interface Call {
  readonly name: string;
  readonly args: readonly SyntaxNode[];
  readonly infos: readonly Info[];
}

function checkArity(ctx: CheckContext, node: SyntaxNode, call: Call, sig: FunctionSignature): void {
  const count = call.args.length;
  const max = sig.variadic ? Infinity : sig.args.length;
  const min = sig.args.length - (sig.optional ?? 0);
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    typeError(
      ctx,
      `Invalid call of ${call.name}(): expected ${expected} argument${expected === '1' ? '' : 's'}, got ${count}`,
      node.from,
    );
  }
}

function checkArgumentTypes(ctx: CheckContext, call: Call, sig: FunctionSignature): void {
  call.infos.forEach((info, i) => {
    const expected = i < sig.args.length ? sig.args[i] : sig.variadic;
    if (expected && info.type !== expected && info.type !== 'unknown') {
      typeError(
        ctx,
        `Invalid argument ${i + 1} of ${call.name}(): expected ${TYPE_NAMES[expected]}, got ${TYPE_NAMES[info.type]}`,
        call.args[i].from,
      );
    }
  });
}

/** Argument `i` when it is a string literal, as a label name; `undefined` otherwise. */
function stringArgument(ctx: CheckContext, call: Call, i: number): string | undefined {
  const arg = call.args[i];
  return arg?.name === 'StringLiteral' ? stringValue(source(ctx, arg)) : undefined;
}

/** The indexes of the arguments from `first` on. */
function argumentsFrom(call: Call, first: number): number[] {
  return call.args.map((_, i) => i).filter((i) => i >= first);
}

/** The string-literal arguments at `indexes`, as labels to look for in the input. */
function labelArguments(ctx: CheckContext, call: Call, indexes: readonly number[]): LabelRef[] {
  return indexes.flatMap((i) => {
    const label = stringArgument(ctx, call, i);
    return label ? [{ name: label, at: call.args[i].from }] : [];
  });
}

// histogram_quantile() and histogram_fraction() read the `le` buckets: an aggregation that drops
// `le` underneath them gives a wrong answer, not an error, in Prometheus.
function histogramCall(ctx: CheckContext, call: Call, vectorArg: number, input: LabelSet): Info {
  if (input !== 'any' && vectorArg >= 0 && !input.has('le')) {
    ctx.report(
      EXPRESSION_CODES.unknownLabel,
      `Missing label "le" in the input of ${call.name}(): keep it, e.g. sum by (le) (rate(x_bucket[5m])); the input has only ${listLabels(input) || 'no labels'}`,
      call.args[vectorArg].from,
    );
  }
  return { type: 'vector', labels: input === 'any' ? 'any' : new Set([...input].filter((l) => l !== 'le')) };
}

/** label_replace(v, dst, replacement, src, regex) and label_join(v, dst, separator, src...). */
function labelCall(ctx: CheckContext, call: Call, input: LabelSet): Info {
  const dst = stringArgument(ctx, call, 1);
  const sources = call.name === 'label_replace' ? [3] : argumentsFrom(call, 3);
  checkLabelsIn(ctx, labelArguments(ctx, call, sources), input, `${call.name}()`);
  return { type: 'vector', labels: !dst ? input : withLabels(input, [dst]) };
}

/** The labels a vector-returning call keeps, adds or drops, checking the labels it names. */
function callResult(ctx: CheckContext, call: Call): Info {
  const vectorArg = call.infos.findIndex((i) => i.type === 'vector' || i.type === 'matrix');
  const input: LabelSet = vectorArg >= 0 ? call.infos[vectorArg].labels : EMPTY;
  switch (call.name) {
    case 'histogram_quantile':
    case 'histogram_fraction':
      return histogramCall(ctx, call, vectorArg, input);
    case 'label_replace':
    case 'label_join':
      return labelCall(ctx, call, input);
    case 'sort_by_label':
    case 'sort_by_label_desc': {
      checkLabelsIn(ctx, labelArguments(ctx, call, argumentsFrom(call, 1)), input, `${call.name}()`);
      return { type: 'vector', labels: input };
    }
    case 'absent':
    case 'absent_over_time':
      return { type: 'vector', labels: 'any' };
    default:
      return { type: 'vector', labels: input };
  }
}

/**
 * A function call: its arguments (where a counter is fine when the function takes a rate, see
 * {@link COUNTER_SAFE_FUNCTIONS}), their count and types against {@link FUNCTION_SIGNATURES}, and the
 * labels the result carries. An unknown function is left to Prometheus.
 */
export function checkFunctionCall(ctx: CheckContext, node: SyntaxNode): Info {
  const ident = child(node, 'FunctionIdentifier');
  const name = ident ? source(ctx, ident) : '';
  const body = child(node, 'FunctionCallBody');
  const args = body ? exprChildren(body) : [];
  const counterOk = COUNTER_SAFE_FUNCTIONS.has(name);
  const call: Call = { name, args, infos: args.map((a) => ctx.analyze(a, counterOk)) };
  const sig = FUNCTION_SIGNATURES[name];
  if (!sig) return UNKNOWN;
  checkArity(ctx, node, call, sig);
  checkArgumentTypes(ctx, call, sig);
  if (sig.returns === 'scalar') return { type: 'scalar', labels: EMPTY };
  return callResult(ctx, call);
}
