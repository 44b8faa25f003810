import type { MetricDef } from '../model/types.js';

/** Markers between which a README carries the generated metrics table. */
export const METRICS_TABLE_START =
  '<!-- metrics-table:start (generated from @obskit/catalog; do not edit) -->';
export const METRICS_TABLE_END = '<!-- metrics-table:end -->';

/** Renders metric definitions as a Markdown table: name, type, unit, labels, help. */
export function renderMetricsTable(defs: readonly MetricDef[]): string {
  const rows = defs.map((m) => {
    const labels = m.labels.length > 0 ? m.labels.map((l) => `\`${l}\``).join(', ') : '—';
    return `| \`${m.name}\` | ${m.type} | ${m.unit} | ${labels} | ${m.help.replace(/\|/g, '\\|')} |`;
  });
  return ['| metric | type | unit | labels | help |', '|---|---|---|---|---|', ...rows].join('\n');
}

/**
 * Replaces the table between {@link METRICS_TABLE_START} and {@link METRICS_TABLE_END} in `readme`.
 * Throws when the markers are missing.
 */
export function replaceMetricsTable(readme: string, table: string): string {
  const start = readme.indexOf(METRICS_TABLE_START);
  const end = readme.indexOf(METRICS_TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(
      `README has no metrics table markers: expected "${METRICS_TABLE_START}" followed by "${METRICS_TABLE_END}"`,
    );
  }
  return `${readme.slice(0, start + METRICS_TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
