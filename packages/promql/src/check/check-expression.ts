import { throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { parser } from '@prometheus-io/lezer-promql';
import { analyzeTree } from './analyze.js';
import type { PromqlCode } from '../codes.js';
import { EXPRESSION_CODES, type ExpressionCode } from './codes.js';
import { TYPE_NAMES } from './context.js';
import { createSeriesResolver, type KnownSeries } from './known-series.js';
import { substituteGrafanaVariables, type SubstitutedExpression } from './grafana.js';

export { EXPRESSION_CODES } from './codes.js';
export type { KnownSeries } from './known-series.js';

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
  /** One of the expression codes of `PROMQL_CODES` (`OBSKIT_PROMQL_SYNTAX`, …). */
  readonly code: ExpressionCode;
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

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The problems of one expression, each reported once, with its position in the original text. */
interface ProblemList {
  readonly problems: ExpressionProblem[];
  /** Reports a problem at `offset` of the original expression. */
  readonly addAt: (code: ExpressionCode, message: string, offset: number) => void;
  /** Reports a problem at `at` of the substituted expression, mapped back to the original. */
  readonly add: (code: ExpressionCode, message: string, at: number) => void;
}

function problemList(expr: string, sub: SubstitutedExpression): ProblemList {
  const problems: ExpressionProblem[] = [];
  const seen = new Set<string>();
  const addAt = (code: ExpressionCode, message: string, offset: number) => {
    const key = `${offset}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ code, message, offset, ...lineColumn(expr, offset) });
  };
  const add = (code: ExpressionCode, message: string, at: number) =>
    addAt(code, message, Math.min(sub.toOriginal(at), expr.length));
  return { problems, addAt, add };
}

/** Reports the first three syntax errors of `tree`, and returns how many there were (at most 3). */
function checkSyntax(
  tree: ReturnType<typeof parser.parse>,
  expr: string,
  sub: SubstitutedExpression,
  list: ProblemList,
): number {
  const text = sub.expr;
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
      list.add(
        EXPRESSION_CODES.syntax,
        `Syntax error at line ${line}, column ${column}: ${found}`,
        node.from,
      );
    },
  });
  return syntaxErrors;
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
  const sub = substituteGrafanaVariables(expr);
  const list = problemList(expr, sub);
  const { problems } = list;
  if (options.grafanaVariables === false) {
    for (const v of sub.variables) {
      list.addAt(
        EXPRESSION_CODES.grafanaVariable,
        `Grafana variable "${v.text}" is not allowed here: the expression is evaluated by Prometheus`,
        v.from,
      );
    }
  }
  if (expr.trim() === '') {
    list.add(EXPRESSION_CODES.syntax, 'Empty expression: expected a PromQL expression', 0);
    return { ok: false, problems, series: [] };
  }
  const tree = parser.parse(sub.expr);
  if (checkSyntax(tree, expr, sub, list) > 0) return { ok: false, problems, series: [] };

  const series = new Set<string>();
  const top = analyzeTree(tree.topNode, {
    text: sub.expr,
    resolve: createSeriesResolver(options),
    series,
    report: list.add,
  });
  if (top.type === 'matrix' || top.type === 'string') {
    list.add(
      EXPRESSION_CODES.type,
      `Invalid expression type: expected a scalar or an instant vector, got ${TYPE_NAMES[top.type]}`,
      0,
    );
  }
  problems.sort((a, b) => a.offset - b.offset);
  return { ok: problems.length === 0, problems, series: [...series] };
}

/**
 * The problems of `expr` as {@link @obskit/catalog#ValidationProblem | ValidationProblem}s naming `subject` (a rule, a panel), so callers
 * can check many expressions and report every problem at once.
 */
export function expressionProblems(
  expr: string,
  subject: string,
  options: CheckExpressionOptions = {},
): ValidationProblem<ExpressionCode>[] {
  return checkExpression(expr, options).problems.map((p) => ({
    code: p.code,
    subject,
    message: `${p.message} (at ${p.line}:${p.column} in "${expr.length > 120 ? `${expr.slice(0, 117)}...` : expr}")`,
  }));
}

/**
 * Throws one `ObskitValidationError` of @obskit/catalog (code `OBSKIT_INVALID_EXPRESSION`, or the
 * problem's own code when there is one; a {@link PromqlCode}) listing every problem of `expr`.
 */
export function assertValidExpression(
  expr: string,
  subject: string,
  options: CheckExpressionOptions = {},
): void {
  throwIfProblems<PromqlCode>(
    EXPRESSION_CODES.invalid,
    `Invalid PromQL in ${subject}`,
    expressionProblems(expr, subject, options),
  );
}
