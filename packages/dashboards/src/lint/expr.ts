/** One label matcher of a vector selector. */
export interface ParsedMatcher {
  readonly label: string;
  readonly op: string;
  readonly value: string;
}

/** One vector selector found in a PromQL expression. */
export interface ParsedSelector {
  readonly name: string;
  readonly matchers: readonly ParsedMatcher[];
  /** Range of a range-vector selector, e.g. `$__rate_interval`, `5m`. */
  readonly range?: string;
  /** Function or aggregation whose argument list holds the selector directly (`rate`, `sum`), or `''`. */
  readonly enclosing: string;
  readonly offset: number;
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'atan2']);
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const IDENT = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const MATCHER =
  /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*,?/y;

function skipString(expr: string, i: number): number {
  const q = expr[i];
  let j = i + 1;
  while (j < expr.length && expr[j] !== q) j += expr[j] === '\\' && q !== '`' ? 2 : 1;
  return j + 1;
}

function skipBalanced(expr: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < expr.length; j++) {
    const ch = expr[j];
    if (ch === '"' || ch === "'" || ch === '`') j = skipString(expr, j) - 1;
    else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return j + 1;
  }
  return expr.length;
}

const unquote = (literal: string): string =>
  literal[0] === '`'
    ? literal.slice(1, -1)
    : (JSON.parse(`"${literal.slice(1, -1).replace(/\\'/g, "'")}"`) as string);

/**
 * Finds the vector selectors of a PromQL expression (Grafana variables left in place), with their
 * matchers, range and directly enclosing function. A small scanner for the lint rules, not a full
 * parser: `@obskit/promql`'s `checkExpression` does the full parse.
 */
export function findSelectors(expr: string): ParsedSelector[] {
  const out: ParsedSelector[] = [];
  const stack: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      i = skipString(expr, i);
      continue;
    }
    if (ch === '(') {
      stack.push('');
      i++;
      continue;
    }
    if (ch === ')') {
      stack.pop();
      i++;
      continue;
    }
    if (ch === '{') {
      // A selector without a metric name: `{__name__="x"}`; report it under an empty name.
      const end = skipBalanced(expr, i, '{', '}');
      out.push({
        name: '',
        matchers: parseMatchers(expr.slice(i + 1, end - 1)),
        enclosing: stack.at(-1) ?? '',
        offset: i,
      });
      i = end;
      continue;
    }
    if (ch === '[' || ch === '$') {
      // Ranges and subqueries are read with their selector; a stray `$var` is not a metric name.
      i = ch === '[' ? skipBalanced(expr, i, '[', ']') : i + 1;
      if (ch === '$') while (i < expr.length && /[a-zA-Z0-9_{}]/.test(expr[i])) i++;
      continue;
    }
    IDENT.lastIndex = i;
    const ident =
      /[a-zA-Z_:]/.test(ch) && (i === 0 || !/[0-9.a-zA-Z_:$]/.test(expr[i - 1])) ? IDENT.exec(expr) : null;
    if (!ident) {
      i++;
      continue;
    }
    const word = ident[0];
    let j = i + word.length;
    while (j < expr.length && /\s/.test(expr[j])) j++;
    if (LABEL_LIST_KEYWORDS.has(word.toLowerCase())) {
      i = expr[j] === '(' ? skipBalanced(expr, j, '(', ')') : j;
      continue;
    }
    if (KEYWORDS.has(word.toLowerCase())) {
      i = j;
      continue;
    }
    const grouping = /^(by|without)\s*\(/i.exec(expr.slice(j));
    if (grouping) {
      // `sum by (a) (…)`: skip the label list to the aggregation's own parenthesis.
      j = skipBalanced(expr, j + grouping[0].length - 1, '(', ')');
      while (j < expr.length && /\s/.test(expr[j])) j++;
    }
    if (expr[j] === '(') {
      stack.push(word);
      i = j + 1;
      continue;
    }
    let matchers: ParsedMatcher[] = [];
    if (expr[j] === '{') {
      const end = skipBalanced(expr, j, '{', '}');
      matchers = parseMatchers(expr.slice(j + 1, end - 1));
      j = end;
    } else {
      j = i + word.length;
    }
    let k = j;
    while (k < expr.length && /\s/.test(expr[k])) k++;
    let range: string | undefined;
    if (expr[k] === '[') {
      const end = skipBalanced(expr, k, '[', ']');
      range = expr.slice(k + 1, end - 1).trim();
      j = end;
    }
    out.push({ name: word, matchers, range, enclosing: stack.at(-1) ?? '', offset: i });
    i = j;
  }
  return out;
}

function parseMatchers(body: string): ParsedMatcher[] {
  const out: ParsedMatcher[] = [];
  let i = 0;
  while (i < body.length && /\S/.test(body.slice(i))) {
    MATCHER.lastIndex = i;
    const m = MATCHER.exec(body);
    if (!m) break;
    out.push({ label: m[1], op: m[2], value: unquote(m[3]) });
    i = MATCHER.lastIndex;
  }
  return out;
}
