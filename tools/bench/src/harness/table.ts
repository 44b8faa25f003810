/** A result table: one header row, rows of cells (already formatted). */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** A goal of the issue and whether this run met it. */
export interface GoalCheck {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
  /** Why it was missed, from this run's figures; rendered under the goals when `met` is false. */
  readonly why?: string;
}

/** What one suite returns. */
export interface SuiteResult {
  readonly id: string;
  readonly title: string;
  /** How it was measured (rounds, sizes, durations). */
  readonly method: string;
  readonly tables: readonly Table[];
  readonly goals: readonly GoalCheck[];
  /** Observations, e.g. a byte-identity check or why a goal was missed. */
  readonly notes: readonly string[];
}

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Renders a GitHub-flavoured Markdown table, columns padded to equal width. */
export function renderTable(table: Table): string {
  const all = [table.columns, ...table.rows].map((row) => row.map(escapeCell));
  const widths = table.columns.map((_, i) => Math.max(3, ...all.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    `| ${widths.map((w, i) => (row[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [
    line(all[0]),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...all.slice(1).map(line),
  ].join('\n');
}
