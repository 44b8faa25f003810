import { TARGET_LABELS, resolveSeriesName, throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { parser } from '@prometheus-io/lezer-promql';
import { isDuration } from '../duration/duration.js';
import {
  COUNTER_SAFE_AGGREGATIONS,
  COUNTER_SAFE_FUNCTIONS,
  FUNCTION_SIGNATURES,
  type ValueType,
} from './functions.js';
import { GRAFANA_LABEL_STANDIN, substituteGrafanaVariables } from './grafana.js';

/** Stable codes of expression problems. */
export const EXPRESSION_CODES = {
  syntax: 'OBSKIT_PROMQL_SYNTAX',
  unknownMetric: 'OBSKIT_PROMQL_UNKNOWN_METRIC',
  unknownLabel: 'OBSKIT_PROMQL_UNKNOWN_LABEL',
  rawCounter: 'OBSKIT_PROMQL_RAW_COUNTER',
  type: 'OBSKIT_PROMQL_TYPE',
  duration: 'OBSKIT_INVALID_DURATION',
  grafanaVariable: 'OBSKIT_PROMQL_GRAFANA_VARIABLE',
  invalid: 'OBSKIT_INVALID_EXPRESSION',
} as const;

/** Series that a query may name besides the catalog's: recording rules and custom metrics. */
export interface KnownSeries {
  readonly name: string;
  /** Every label the series carries (target labels are not added for you). */
  readonly labels: readonly string[];
  /** `counter` series must be used under rate()/increase(). @defaultValue `'gauge'` */
  readonly type?: string;
}

/** Options of {@link checkExpression}. */
export interface CheckExpressionOptions {
  /** Recording rules the expression may read, with their label names. */
  readonly recordingRules?: Iterable<KnownSeries>;
  /** Application metrics outside the catalog; `job` and `instance` are added to their labels. */
  readonly metrics?: Iterable<KnownSeries>;
  /**
   * Accept Grafana variables (`$__rate_interval`, `$job`, `${provider:regex}`); see
   * {@link substituteGrafanaVariables}. Rules that Prometheus evaluates pass `false`.
   * @defaultValue true
   */
  readonly grafanaVariables?: boolean;
}

/** One problem in an expression, with its position in the original text. */
export interface ExpressionProblem {
  readonly code: string;
  readonly message: string;
  /** Offset of the problem in the expression, from 0. */
  readonly offset: number;
  /** Line, from 1. */
  readonly line: number;
  /** Column, from 1. */
  readonly column: number;
}

/** What {@link checkExpression} found. */
export interface ExpressionCheckResult {
  readonly ok: boolean;
  readonly problems: readonly ExpressionProblem[];
  /** Series names the expression selects, as written (e.g. `x_bucket`, `job:x:rate5m`). */
  readonly series: readonly string[];
}

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];
type LabelSet = ReadonlySet<string> | 'any';
type Kind = ValueType | 'unknown';
interface Info {
  readonly type: Kind;
  readonly labels: LabelSet;
}
interface SeriesInfo {
  readonly labels: ReadonlySet<string>;
  readonly counter: boolean;
}

const EXPRESSION_NODES = new Set([
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
const SET_OPS = new Set(['and', 'or', 'unless']);
const PARAM_AGGREGATIONS = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
const TYPE_NAMES: Record<Kind, string> = {
  scalar: 'a scalar',
  vector: 'an instant vector',
  matrix: 'a range vector',
  string: 'a string',
  unknown: 'an unknown value',
};
const EMPTY: ReadonlySet<string> = new Set();

function seriesInfo(labels: Iterable<string>, counter: boolean): SeriesInfo {
  return { labels: new Set(labels), counter };
}

function resolveCatalog(name: string): SeriesInfo | undefined {
  const resolved = resolveSeriesName(name);
  if (!resolved) return undefined;
  const { metric, suffix } = resolved;
  const labels: string[] = [...metric.labels, ...TARGET_LABELS];
  if (suffix === '_bucket') labels.push('le');
  if (suffix === '' && metric.type === 'summary') labels.push('quantile');
  return seriesInfo(labels, metric.type === 'counter' || suffix !== '');
}

function extraResolver(options: CheckExpressionOptions): (name: string) => SeriesInfo | undefined {
  const extra = new Map<string, SeriesInfo>();
  for (const r of options.recordingRules ?? []) extra.set(r.name, seriesInfo(r.labels, r.type === 'counter'));
  for (const m of options.metrics ?? []) {
    const base = [...m.labels, ...TARGET_LABELS];
    if (m.type === 'histogram' || m.type === 'summary') {
      if (m.type === 'histogram') extra.set(`${m.name}_bucket`, seriesInfo([...base, 'le'], true));
      extra.set(`${m.name}_sum`, seriesInfo(base, true));
      extra.set(`${m.name}_count`, seriesInfo(base, true));
      if (m.type === 'summary') extra.set(m.name, seriesInfo([...base, 'quantile'], false));
    } else {
      extra.set(m.name, seriesInfo(base, m.type === 'counter'));
    }
  }
  return (name) => extra.get(name) ?? resolveCatalog(name);
}

function stringValue(text: string): string {
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return text.slice(1, -1);
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

const exprChildren = (node: SyntaxNode) => children(node).filter((c) => EXPRESSION_NODES.has(c.name));
const child = (node: SyntaxNode, name: string) => children(node).find((c) => c.name === name);
const list = (labels: LabelSet) => (labels === 'any' ? '' : [...labels].sort().join(', '));

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Parses a PromQL expression with the Prometheus project's own grammar (`@prometheus-io/lezer-promql`)
 * and checks it against the catalog:
 * - syntax errors, with line and column;
 * - every selected series is a catalog metric (histogram `_bucket`/`_sum`/`_count` resolved), a
 *   recording rule or a metric passed in `options`;
 * - every label in a matcher exists on that series (`job`, `instance`, `__name__` always; `le` on
 *   `_bucket`), and every label in `by`/`without`/`on`/`ignoring`/`group_*`, `label_replace` and
 *   `histogram_quantile` exists on the input under it — labels are tracked through aggregations,
 *   binary operators and `label_replace`/`label_join`;
 * - counters appear only under `rate`, `irate`, `increase` (or `resets`, `absent*`, `count`…);
 * - argument types of functions and operators (a range vector where one is expected, and so on);
 * - durations in ranges, subqueries and offsets.
 * Grafana variables are replaced by stand-ins first (see {@link substituteGrafanaVariables}).
 * @example checkExpression('sum by (status) (rate(obskit_agent_operations_total[$__rate_interval]))').ok // true
 */
export function checkExpression(expr: string, options: CheckExpressionOptions = {}): ExpressionCheckResult {
  const problems: ExpressionProblem[] = [];
  const series = new Set<string>();
  const sub = substituteGrafanaVariables(expr);
  const text = sub.expr;
  const seen = new Set<string>();
  const addAt = (code: string, message: string, offset: number) => {
    const key = `${offset}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ code, message, offset, ...lineColumn(expr, offset) });
  };
  const add = (code: string, message: string, at: number) =>
    addAt(code, message, Math.min(sub.toOriginal(at), expr.length));
  if (options.grafanaVariables === false) {
    for (const v of sub.variables) {
      addAt(
        EXPRESSION_CODES.grafanaVariable,
        `Grafana variable "${v.text}" is not allowed here: the expression is evaluated by Prometheus`,
        v.from,
      );
    }
  }
  if (expr.trim() === '') {
    add(EXPRESSION_CODES.syntax, 'Empty expression: expected a PromQL expression', 0);
    return { ok: false, problems, series: [] };
  }

  const tree = parser.parse(text);
  let syntaxErrors = 0;
  tree.iterate({
    enter(node) {
      if (!node.type.isError || syntaxErrors >= 3) return;
      syntaxErrors++;
      const { line, column } = lineColumn(expr, Math.min(sub.toOriginal(node.from), expr.length));
      const found =
        node.from < text.length
          ? `unexpected "${text.slice(node.from, Math.max(node.to, node.from + 1))}"`
          : 'unexpected end of expression';
      add(EXPRESSION_CODES.syntax, `Syntax error at line ${line}, column ${column}: ${found}`, node.from);
    },
  });
  if (syntaxErrors > 0) return { ok: false, problems, series: [] };

  const resolve = extraResolver(options);
  const src = (node: SyntaxNode) => text.slice(node.from, node.to);
  const has = (labels: LabelSet, label: string) =>
    labels === 'any' || labels.has(label) || label.startsWith(GRAFANA_LABEL_STANDIN);

  const checkDuration = (node: SyntaxNode | undefined, what: string) => {
    if (!node) return;
    const literal = node.name.startsWith('NumberDurationLiteral') ? node : node.firstChild;
    if (literal?.name === 'UnaryOp' && what === 'offset')
      return checkDuration(literal.nextSibling ?? undefined, what);
    const value = literal ? src(literal) : '';
    if (
      !literal ||
      literal.nextSibling ||
      !literal.name.startsWith('NumberDurationLiteral') ||
      !isDuration(value)
    ) {
      add(
        EXPRESSION_CODES.duration,
        `Invalid ${what} duration "${src(node)}": must be a Prometheus duration like 30s, 5m or 1h30m`,
        node.from,
      );
    }
  };

  const groupingLabels = (node: SyntaxNode | undefined): Array<{ name: string; at: number }> =>
    node
      ? children(node)
          .filter((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName')
          .map((c) => ({ name: c.name === 'LabelName' ? src(c) : stringValue(src(c)), at: c.from }))
      : [];

  const checkLabelsIn = (labels: Array<{ name: string; at: number }>, input: LabelSet, where: string) => {
    for (const l of labels) {
      if (!has(input, l.name)) {
        add(
          EXPRESSION_CODES.unknownLabel,
          `Unknown label "${l.name}" in ${where}: the input has only ${list(input) || 'no labels'}`,
          l.at,
        );
      }
    }
  };

  const selectorInfo = (node: SyntaxNode, counterOk: boolean): Info => {
    const ident = child(node, 'Identifier');
    const matchers = child(node, 'LabelMatchers');
    const parsed: Array<{ name: string; op: string; value: string; at: number }> = [];
    let name = ident ? src(ident) : undefined;
    for (const m of matchers ? children(matchers) : []) {
      if (m.name === 'QuotedLabelName') {
        name = stringValue(src(m));
        continue;
      }
      if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
      const labelNode = m.firstChild;
      const opNode = child(m, 'MatchOp');
      if (!labelNode || !opNode) continue;
      const label = labelNode.name === 'LabelName' ? src(labelNode) : stringValue(src(labelNode));
      const op = src(opNode);
      const valueNode = children(m)
        .filter((c) => c.name === 'StringLiteral')
        .pop();
      const value = valueNode ? stringValue(src(valueNode)) : '';
      parsed.push({ name: label, op, value, at: m.from });
      if (label === '__name__' && op === '=' && !name) name = value;
    }
    if (!name) return { type: 'vector', labels: 'any' };
    series.add(name);
    const info = resolve(name);
    if (!info) {
      add(
        EXPRESSION_CODES.unknownMetric,
        `Unknown metric "${name}": not in the catalog, not a recording rule and not a metric passed in options`,
        node.from,
      );
      return { type: 'vector', labels: 'any' };
    }
    for (const m of parsed) {
      if (m.name !== '__name__' && !info.labels.has(m.name)) {
        add(
          EXPRESSION_CODES.unknownLabel,
          `Unknown label "${m.name}" on "${name}": expected one of ${list(info.labels) || '(no labels)'}`,
          m.at,
        );
      }
    }
    if (info.counter && !counterOk) {
      add(
        EXPRESSION_CODES.rawCounter,
        `Counter "${name}" used without rate(), irate() or increase(): a counter's raw value only means something as a rate`,
        node.from,
      );
    }
    return { type: 'vector', labels: info.labels };
  };

  const typeError = (message: string, at: number) => add(EXPRESSION_CODES.type, message, at);
  // lezer-promql attaches `offset`/`@` to the whole `a / b` or `-a` before it, where Prometheus binds
  // them to the rightmost operand: follow that operand before checking.
  const modifierTarget = (inner: SyntaxNode | undefined, modifier: string, at: number) => {
    let target = inner;
    while (target && (target.name === 'BinaryExpr' || target.name === 'UnaryExpr')) {
      const operands = exprChildren(target);
      target = operands[operands.length - 1];
    }
    const allowed = ['VectorSelector', 'MatrixSelector', 'SubqueryExpr', 'OffsetExpr', 'StepInvariantExpr'];
    if (target && !allowed.includes(target.name)) {
      typeError(
        `Invalid "${modifier}" modifier: it must follow a selector or a subquery, not ${target.name}`,
        at,
      );
    }
  };

  const analyze = (node: SyntaxNode, counterOk: boolean): Info => {
    switch (node.name) {
      case 'NumberDurationLiteral':
        return { type: 'scalar', labels: EMPTY };
      case 'StringLiteral':
        return { type: 'string', labels: EMPTY };
      case 'VectorSelector':
        return selectorInfo(node, counterOk);
      case 'MatrixSelector': {
        const inner = exprChildren(node)[0];
        const info = inner
          ? analyze(inner, counterOk)
          : { type: 'unknown' as Kind, labels: 'any' as LabelSet };
        if (inner && inner.name !== 'VectorSelector') {
          typeError(
            `Invalid range "[...]" after ${TYPE_NAMES[info.type]}: only a selector takes a range; use a subquery "[5m:1m]"`,
            node.from,
          );
        }
        checkDuration(child(node, 'DurationExpr'), 'range');
        return { type: 'matrix', labels: info.labels };
      }
      case 'SubqueryExpr': {
        const inner = exprChildren(node)[0];
        const info = inner
          ? analyze(inner, counterOk)
          : { type: 'unknown' as Kind, labels: 'any' as LabelSet };
        if (info.type !== 'vector' && info.type !== 'unknown') {
          typeError(`Invalid subquery of ${TYPE_NAMES[info.type]}: expected an instant vector`, node.from);
        }
        const durations = children(node).filter((c) => c.name === 'DurationExpr');
        durations.forEach((d, i) => checkDuration(d, i === 0 ? 'subquery range' : 'subquery step'));
        return { type: 'matrix', labels: info.labels };
      }
      case 'OffsetExpr': {
        checkDuration(child(node, 'OffsetDurationExpr'), 'offset');
        const inner = exprChildren(node)[0];
        modifierTarget(inner, 'offset', node.from);
        return inner ? analyze(inner, counterOk) : { type: 'unknown', labels: 'any' };
      }
      case 'StepInvariantExpr': {
        const inner = exprChildren(node)[0];
        modifierTarget(inner, '@', node.from);
        return inner ? analyze(inner, counterOk) : { type: 'unknown', labels: 'any' };
      }
      case 'ParenExpr':
      case 'AnchoredExpr':
      case 'SmoothedExpr':
      case 'PromQL': {
        const inner = exprChildren(node)[0];
        return inner ? analyze(inner, counterOk) : { type: 'unknown', labels: 'any' };
      }
      case 'UnaryExpr': {
        const inner = exprChildren(node)[0];
        const info = inner ? analyze(inner, false) : { type: 'unknown' as Kind, labels: 'any' as LabelSet };
        if (info.type === 'matrix' || info.type === 'string') {
          typeError(
            `Invalid operand of unary "${src(child(node, 'UnaryOp') ?? node).trim()}": expected a scalar or an instant vector, got ${TYPE_NAMES[info.type]}`,
            node.from,
          );
        }
        return info;
      }
      case 'FunctionCall':
        return functionCall(node);
      case 'AggregateExpr':
        return aggregation(node);
      case 'BinaryExpr':
        return binary(node);
      default:
        return { type: 'unknown', labels: 'any' };
    }
  };

  const functionCall = (node: SyntaxNode): Info => {
    const ident = child(node, 'FunctionIdentifier');
    const name = ident ? src(ident) : '';
    const body = child(node, 'FunctionCallBody');
    const args = body ? exprChildren(body) : [];
    const counterOk = COUNTER_SAFE_FUNCTIONS.has(name);
    const infos = args.map((a) => analyze(a, counterOk));
    const sig = FUNCTION_SIGNATURES[name];
    if (!sig) return { type: 'unknown', labels: 'any' };
    const max = sig.variadic ? Infinity : sig.args.length;
    const min = sig.args.length - (sig.optional ?? 0);
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      typeError(
        `Invalid call of ${name}(): expected ${expected} argument${expected === '1' ? '' : 's'}, got ${args.length}`,
        node.from,
      );
    }
    infos.forEach((info, i) => {
      const expected = i < sig.args.length ? sig.args[i] : sig.variadic;
      if (expected && info.type !== expected && info.type !== 'unknown') {
        typeError(
          `Invalid argument ${i + 1} of ${name}(): expected ${TYPE_NAMES[expected]}, got ${TYPE_NAMES[info.type]}`,
          args[i].from,
        );
      }
    });
    if (sig.returns === 'scalar') return { type: 'scalar', labels: EMPTY };
    const vectorArg = infos.findIndex((i) => i.type === 'vector' || i.type === 'matrix');
    const input: LabelSet = vectorArg >= 0 ? infos[vectorArg].labels : EMPTY;
    const str = (i: number) => (args[i]?.name === 'StringLiteral' ? stringValue(src(args[i])) : undefined);
    switch (name) {
      case 'histogram_quantile':
      case 'histogram_fraction': {
        if (input !== 'any' && vectorArg >= 0 && !input.has('le')) {
          add(
            EXPRESSION_CODES.unknownLabel,
            `Missing label "le" in the input of ${name}(): keep it, e.g. sum by (le) (rate(x_bucket[5m])); the input has only ${list(input) || 'no labels'}`,
            args[vectorArg].from,
          );
        }
        return {
          type: 'vector',
          labels: input === 'any' ? 'any' : new Set([...input].filter((l) => l !== 'le')),
        };
      }
      case 'label_replace':
      case 'label_join': {
        const dst = str(1);
        const sources = name === 'label_replace' ? [3] : args.map((_, i) => i).filter((i) => i >= 3);
        for (const i of sources) {
          const label = str(i);
          if (label && !has(input, label)) {
            add(
              EXPRESSION_CODES.unknownLabel,
              `Unknown label "${label}" in ${name}(): the input has only ${list(input) || 'no labels'}`,
              args[i].from,
            );
          }
        }
        return { type: 'vector', labels: input === 'any' || !dst ? input : new Set([...input, dst]) };
      }
      case 'sort_by_label':
      case 'sort_by_label_desc':
        checkLabelsIn(
          args.slice(1).flatMap((a, i) => {
            const label = str(i + 1);
            return label ? [{ name: label, at: a.from }] : [];
          }),
          input,
          `${name}()`,
        );
        return { type: 'vector', labels: input };
      case 'absent':
      case 'absent_over_time':
        return { type: 'vector', labels: 'any' };
      default:
        return { type: 'vector', labels: input };
    }
  };

  const aggregation = (node: SyntaxNode): Info => {
    const opNode = child(node, 'AggregateOp');
    const op = opNode ? src(opNode).toLowerCase() : '';
    const modifier = child(node, 'AggregateModifier');
    const without = modifier ? !!child(modifier, 'Without') : false;
    const grouping = groupingLabels(modifier ? child(modifier, 'GroupingLabels') : undefined);
    const body = child(node, 'FunctionCallBody');
    const args = body ? exprChildren(body) : [];
    const takesParam = PARAM_AGGREGATIONS.has(op);
    const expectedArgs = takesParam ? 2 : 1;
    if (args.length !== expectedArgs) {
      typeError(
        `Invalid call of ${op}(): expected ${expectedArgs} argument${expectedArgs === 1 ? '' : 's'}, got ${args.length}`,
        node.from,
      );
    }
    if (takesParam && args.length > 0) {
      const param = analyze(args[0], false);
      const expected: ValueType = op === 'count_values' ? 'string' : 'scalar';
      if (param.type !== expected && param.type !== 'unknown') {
        typeError(
          `Invalid parameter of ${op}(): expected ${TYPE_NAMES[expected]}, got ${TYPE_NAMES[param.type]}`,
          args[0].from,
        );
      }
    }
    const vectorNode = args[takesParam ? 1 : 0];
    const info = vectorNode
      ? analyze(vectorNode, COUNTER_SAFE_AGGREGATIONS.has(op))
      : { type: 'unknown' as Kind, labels: 'any' as LabelSet };
    if (vectorNode && info.type !== 'vector' && info.type !== 'unknown') {
      typeError(
        `Invalid argument of ${op}(): expected an instant vector, got ${TYPE_NAMES[info.type]}`,
        vectorNode.from,
      );
    }
    const input = info.labels;
    checkLabelsIn(grouping, input, `${op} ${without ? 'without' : 'by'} (...)`);
    const extra =
      op === 'count_values' && args[0]?.name === 'StringLiteral' ? [stringValue(src(args[0]))] : [];
    let labels: LabelSet;
    if (['topk', 'bottomk', 'limitk', 'limit_ratio'].includes(op)) labels = input;
    else if (!modifier) labels = new Set(extra);
    else if (!without) labels = new Set([...grouping.map((g) => g.name), ...extra]);
    else
      labels =
        input === 'any'
          ? 'any'
          : new Set([...[...input].filter((l) => !grouping.some((g) => g.name === l)), ...extra]);
    return { type: 'vector', labels };
  };

  const binary = (node: SyntaxNode): Info => {
    const [lhsNode, rhsNode] = exprChildren(node);
    const opNode = children(node).find((c) => c.name in BINARY_OPS);
    const op = opNode ? BINARY_OPS[opNode.name] : '?';
    const lhs = lhsNode ? analyze(lhsNode, false) : { type: 'unknown' as Kind, labels: 'any' as LabelSet };
    const rhs = rhsNode ? analyze(rhsNode, false) : { type: 'unknown' as Kind, labels: 'any' as LabelSet };
    for (const [side, at] of [
      [lhs, lhsNode?.from ?? node.from],
      [rhs, rhsNode?.from ?? node.from],
    ] as const) {
      if (side.type === 'matrix' || side.type === 'string') {
        typeError(
          `Invalid operand of "${op}": expected a scalar or an instant vector, got ${TYPE_NAMES[side.type]}`,
          at,
        );
      } else if (SET_OPS.has(op) && side.type === 'scalar') {
        typeError(
          `Invalid operand of "${op}": set operators need instant vectors on both sides, got a scalar`,
          at,
        );
      }
    }
    if (lhs.type === 'scalar' && rhs.type === 'scalar') return { type: 'scalar', labels: EMPTY };
    if (lhs.type === 'scalar') return { type: 'vector', labels: rhs.labels };
    if (rhs.type === 'scalar') return { type: 'vector', labels: lhs.labels };

    const matching = child(node, 'MatchingModifierClause');
    if (!matching) {
      if (op === 'or') {
        return {
          type: 'vector',
          labels:
            lhs.labels === 'any' || rhs.labels === 'any' ? 'any' : new Set([...lhs.labels, ...rhs.labels]),
        };
      }
      return { type: 'vector', labels: lhs.labels };
    }
    const lists = children(matching).filter((c) => c.name === 'GroupingLabels');
    const on = !!child(matching, 'On');
    const matchLabels = groupingLabels(lists[0]);
    const groupLeft = !!child(matching, 'GroupLeft');
    const groupRight = !!child(matching, 'GroupRight');
    const include = groupingLabels(lists[1]);
    const both: LabelSet =
      lhs.labels === 'any' || rhs.labels === 'any' ? 'any' : new Set([...lhs.labels, ...rhs.labels]);
    if (on) {
      checkLabelsIn(matchLabels, lhs.labels, `on (...) of "${op}" (left side)`);
      checkLabelsIn(matchLabels, rhs.labels, `on (...) of "${op}" (right side)`);
    } else {
      checkLabelsIn(matchLabels, both, `ignoring (...) of "${op}"`);
    }
    const union = (a: LabelSet, extra: Array<{ name: string }>): LabelSet =>
      a === 'any' ? 'any' : new Set([...a, ...extra.map((e) => e.name)]);
    if (groupLeft) {
      checkLabelsIn(include, rhs.labels, `group_left (...) of "${op}" (right side)`);
      return { type: 'vector', labels: union(lhs.labels, include) };
    }
    if (groupRight) {
      checkLabelsIn(include, lhs.labels, `group_right (...) of "${op}" (left side)`);
      return { type: 'vector', labels: union(rhs.labels, include) };
    }
    if (SET_OPS.has(op)) return { type: 'vector', labels: op === 'or' ? both : lhs.labels };
    if (on) return { type: 'vector', labels: new Set(matchLabels.map((l) => l.name)) };
    const ignored = new Set(matchLabels.map((l) => l.name));
    return {
      type: 'vector',
      labels: lhs.labels === 'any' ? 'any' : new Set([...lhs.labels].filter((l) => !ignored.has(l))),
    };
  };

  const top = analyze(tree.topNode, false);
  if (top.type === 'matrix' || top.type === 'string') {
    typeError(
      `Invalid expression type: expected a scalar or an instant vector, got ${TYPE_NAMES[top.type]}`,
      0,
    );
  }
  problems.sort((a, b) => a.offset - b.offset);
  return { ok: problems.length === 0, problems, series: [...series] };
}

/**
 * The problems of `expr` as {@link ValidationProblem}s naming `subject` (a rule, a panel), so callers
 * can check many expressions and report every problem at once.
 */
export function expressionProblems(
  expr: string,
  subject: string,
  options: CheckExpressionOptions = {},
): ValidationProblem[] {
  return checkExpression(expr, options).problems.map((p) => ({
    code: p.code,
    subject,
    message: `${p.message} (at ${p.line}:${p.column} in "${expr.length > 120 ? `${expr.slice(0, 117)}...` : expr}")`,
  }));
}

/**
 * Throws one `ObskitValidationError` (code `OBSKIT_INVALID_EXPRESSION`, or the problem's own code
 * when there is one) listing every problem of `expr`.
 */
export function assertValidExpression(
  expr: string,
  subject: string,
  options: CheckExpressionOptions = {},
): void {
  throwIfProblems(
    EXPRESSION_CODES.invalid,
    `Invalid PromQL in ${subject}`,
    expressionProblems(expr, subject, options),
  );
}
