import type { LabelMatcher } from '@obskit/promql';

/** Labels `absent()` puts on its result: the equality matchers of its selector. */
export function absentLabels(
  matchers: Readonly<Record<string, string | LabelMatcher | undefined>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(matchers).flatMap(([k, m]) =>
      typeof m === 'string' ? [[k, m]] : m && m.op === '=' ? [[k, m.value]] : [],
    ),
  );
}
