/** One Grafana variable found in an expression, and what it was replaced with for parsing. */
export interface GrafanaVariable {
  /** The variable as written: `$job`, `${provider:regex}`, `[[job]]`. */
  readonly text: string;
  /** Its name: `job`, `provider`, `__rate_interval`. */
  readonly name: string;
  /** Offset in the original expression. */
  readonly from: number;
  /** What it stands for in the parsed expression. */
  readonly role: 'duration' | 'number' | 'label' | 'string';
  readonly replacement: string;
}

/** The expression with its Grafana variables replaced by stand-ins, and a map back to positions. */
export interface SubstitutedExpression {
  readonly expr: string;
  readonly variables: readonly GrafanaVariable[];
  /** Maps an offset in `expr` back to the offset in the original expression. */
  toOriginal(offset: number): number;
}

/** The stand-in duration for interval variables and any variable used as a range or offset. */
export const GRAFANA_DURATION_STANDIN = '5m';
/** Prefix of the stand-in label names used for variables in `by (...)` lists; never reported. */
export const GRAFANA_LABEL_STANDIN = '__grafana_var_';

/**
 * A Grafana template variable as a dashboard query may write it: `$name`, `${name}`, `${name:format}`,
 * `[[name]]` or `[[name:format]]` (https://grafana.com/docs/grafana/latest/dashboards/variables/variable-syntax/),
 * built-ins such as `$__rate_interval` included; its name is group 1, 2 or 3. Derive a RegExp with the
 * flags you need (`new RegExp(GRAFANA_VARIABLE_PATTERN, 'g')`), or use {@link replaceGrafanaVariables}.
 */
export const GRAFANA_VARIABLE_PATTERN =
  /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\[\[([A-Za-z_][A-Za-z0-9_]*)(?::[^\]]*)?\]\]/;

/** The variable name of a {@link GRAFANA_VARIABLE_PATTERN} match: `job` of `${job:regex}`. */
function grafanaVariableName(match: readonly (string | undefined)[]): string {
  return (match[1] ?? match[2] ?? match[3]) as string;
}

/**
 * Replaces every Grafana variable of `expr` with what `replace` returns for its name and its text.
 * @example replaceGrafanaVariables('rate(x[$__rate_interval])', () => '1m') // 'rate(x[1m])'
 */
export function replaceGrafanaVariables(
  expr: string,
  replace: (name: string, text: string) => string,
): string {
  return expr.replace(new RegExp(GRAFANA_VARIABLE_PATTERN, 'g'), (...match: string[]) =>
    replace(grafanaVariableName(match), match[0]),
  );
}

const VARIABLE = new RegExp(GRAFANA_VARIABLE_PATTERN, 'y');
function startsVariable(expr: string, at: number): boolean {
  VARIABLE.lastIndex = at;
  return VARIABLE.test(expr);
}

const NUMERIC_BUILTINS = new Set(['__range_s', '__range_ms', '__interval_ms', '__rate_interval_ms']);

/**
 * Replaces Grafana template variables (https://grafana.com/docs/grafana/latest/dashboards/variables/)
 * with stand-ins so that the expression parses as PromQL:
 * - inside string literals (`{job="$job"}`, `=~"${provider:regex}"`) they stay as they are — any
 *   string is a valid label value;
 * - in a range, subquery or `offset` (`[$__rate_interval]`, `offset $shift`) they become `5m`;
 * - in a label list (`by ($group)`) they become a label that is never reported;
 * - `$__range_s`, `$__interval_ms` and any other variable become the number `1`.
 */
export function substituteGrafanaVariables(expr: string): SubstitutedExpression {
  const variables: GrafanaVariable[] = [];
  // Pairs of (offset in new text, shift to add to get back the original offset), in order.
  const shifts: Array<[number, number]> = [];
  let out = '';
  let i = 0;
  let quoteChar: string | null = null;
  let bracketDepth = 0;
  let labelListDepth = 0;
  let parenDepth = 0;
  let pendingLabelList = false;
  while (i < expr.length) {
    const ch = expr[i];
    if (quoteChar) {
      out += ch;
      if (ch === '\\' && i + 1 < expr.length) {
        out += expr[i + 1];
        i += 2;
        continue;
      }
      if (ch === quoteChar) quoteChar = null;
      i++;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      quoteChar = ch;
    } else if (ch === '[' && !startsVariable(expr, i)) {
      bracketDepth++;
    } else if (ch === ']' && bracketDepth > 0) {
      bracketDepth--;
    } else if (ch === '(') {
      parenDepth++;
      if (pendingLabelList) labelListDepth = parenDepth;
      pendingLabelList = false;
    } else if (ch === ')') {
      if (labelListDepth === parenDepth) labelListDepth = 0;
      parenDepth--;
    } else if (/[A-Za-z_]/.test(ch) && (i === 0 || !/[A-Za-z0-9_:$]/.test(expr[i - 1]))) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i))?.[0] ?? ch;
      if (/^(by|without|on|ignoring|group_left|group_right)$/i.test(word)) pendingLabelList = true;
      out += word;
      i += word.length;
      continue;
    }
    if (ch === '$' || (ch === '[' && expr[i + 1] === '[')) {
      VARIABLE.lastIndex = i;
      const match = VARIABLE.exec(expr);
      if (match) {
        const text = match[0];
        const name = grafanaVariableName(match);
        const before = out.trimEnd();
        let role: GrafanaVariable['role'];
        let replacement: string;
        if (labelListDepth > 0) {
          role = 'label';
          replacement = `${GRAFANA_LABEL_STANDIN}${variables.length}`;
        } else if (
          !NUMERIC_BUILTINS.has(name) &&
          (bracketDepth > 0 || /\boffset$/i.test(before) || /^__(rate_)?interval$|^__range$/.test(name))
        ) {
          role = 'duration';
          replacement = GRAFANA_DURATION_STANDIN;
        } else {
          role = 'number';
          replacement = '1';
        }
        variables.push({ text, name, from: i, role, replacement });
        shifts.push([out.length + replacement.length, i + text.length - (out.length + replacement.length)]);
        out += replacement;
        i += text.length;
        continue;
      }
    }
    if (!/\s/.test(ch) && ch !== '(' && !/[A-Za-z_]/.test(ch)) pendingLabelList = false;
    out += ch;
    i++;
  }
  const toOriginal = (offset: number): number => {
    let shift = 0;
    for (const [at, s] of shifts) {
      if (offset >= at) shift = s;
      else break;
    }
    return offset + shift;
  };
  return { expr: out, variables, toOriginal };
}
