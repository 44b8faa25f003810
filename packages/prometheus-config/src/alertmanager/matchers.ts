/**
 * Alertmanager matcher syntax: `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`
 * (https://prometheus.io/docs/alerting/latest/configuration/#matcher).
 */
export const MATCHER_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~)"(?:[^"\\]|\\.)*"$/;

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `name="value"`, with the value escaped. */
export function equalMatcher(name: string, value: string): string {
  return `${name}=${quote(value)}`;
}

/** `name=~"a|b"` over literal values (regex metacharacters escaped). */
export function anyOfMatcher(name: string, values: readonly string[]): string {
  if (values.length === 1) return equalMatcher(name, values[0]);
  const escaped = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `${name}=~${quote(escaped.join('|'))}`;
}
