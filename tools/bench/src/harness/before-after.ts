import { renderTable, type GoalCheck } from './table.js';

/** A row of the Goals table of a previous RESULTS.md. */
export interface PreviousGoal {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

/** What {@link parsePreviousResults} reads from a previous RESULTS.md. */
export interface PreviousResults {
  /** The `obskit revision` of its machine table, when there is one. */
  readonly revision?: string;
  /** The `date` of its machine table, when there is one. */
  readonly date?: string;
  readonly goals: readonly PreviousGoal[];
}

/** The cells of one Markdown table row, unescaped (`\|` is a pipe inside a cell). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

const isRow = (line: string): boolean => line.trim().startsWith('|');
const isRule = (row: readonly string[]): boolean => row.every((cell) => /^:?-+:?$/.test(cell));

/**
 * Reads the machine table's revision and date and the rows of the `## Goals` table of a RESULTS.md
 * written by {@link renderResults}. What is missing (no Goals section, a short row) is left out
 * rather than reported: the file may come from an older layout.
 */
export function parsePreviousResults(markdown: string): PreviousResults {
  const lines = markdown.split('\n');
  const machineValue = (name: string): string | undefined => {
    const row = lines
      .filter(isRow)
      .map(cells)
      .find((r) => r[0] === name);
    return row?.[1] || undefined;
  };
  const goals: PreviousGoal[] = [];
  const start = lines.findIndex((line) => line.trim() === '## Goals');
  if (start >= 0) {
    let i = start + 1;
    while (i < lines.length && !isRow(lines[i]) && !lines[i].startsWith('#')) i++;
    for (; i < lines.length && isRow(lines[i]); i++) {
      const row = cells(lines[i]);
      if (row.length < 3 || isRule(row) || row[0] === 'goal') continue;
      goals.push({ goal: row[0], measured: row[1], met: row[2] === 'yes' });
    }
  }
  return { revision: machineValue('obskit revision'), date: machineValue('date'), goals };
}

/** The leading figure of a measured cell and its unit: `0.40×`, `26.1 ms (worst of 3 rounds)`. */
function figure(measured: string): { value: number; unit: string } | undefined {
  const match = /^(-?\d+(?:\.\d+)?)\s*(×|ms|MB|µs|%)?/.exec(measured.trim());
  return match ? { value: Number(match[1]), unit: match[2] ?? '' } : undefined;
}

/**
 * The change from `before` to `after` of two measured cells: the relative change of their leading
 * figures when both have one in the same unit, `same` when the cells are equal, `—` otherwise.
 */
export function goalChange(before: string, after: string): string {
  const b = figure(before);
  const a = figure(after);
  if (b && a && b.unit === a.unit && b.value !== 0) {
    const percent = (a.value / b.value - 1) * 100;
    const rounded = Math.round(percent);
    return rounded === 0 ? '±0 %' : `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)} %`;
  }
  return before === after ? 'same' : '—';
}

/** Options of {@link renderBeforeAfter}. */
export interface BeforeAfterOptions {
  /** The section title. */
  readonly title: string;
  /** The git revision the previous RESULTS.md was read from. */
  readonly ref: string;
  readonly before: PreviousResults;
}

/**
 * The before/after section: one row per goal of this run, with the previous RESULTS.md's measured
 * cell for the same goal text (`—` where it has none) and the change; the previous goals this run
 * does not have are counted below the table.
 */
export function renderBeforeAfter(after: readonly GoalCheck[], options: BeforeAfterOptions): string {
  const { before } = options;
  const previous = new Map(before.goals.map((g) => [g.goal, g]));
  const current = new Set(after.map((g) => g.goal));
  const yesNo = (met: boolean): string => (met ? 'yes' : 'no');
  const at = [before.revision && `obskit revision ${before.revision}`, before.date && `run ${before.date}`]
    .filter(Boolean)
    .join(', ');
  const out = [
    `## ${options.title}`,
    '',
    `Before: the Goals table of tools/bench/RESULTS.md at \`${options.ref}\`${at ? ` (${at})` : ''}; after: this run. Change = after / before − 1 of the leading figure (\`—\` where a run has no figure for the goal). The two runs may differ in machine and load: the ratios against prom-client, each measured within its own run, compare better than absolute times.`,
    '',
    renderTable({
      columns: ['goal', 'before', 'after', 'change', 'met (before → after)'],
      rows: after.map((g) => {
        const b = previous.get(g.goal);
        return [
          g.goal,
          b?.measured || '—',
          g.measured || '—',
          b ? goalChange(b.measured, g.measured) : '—',
          `${b ? yesNo(b.met) : '—'} → ${yesNo(g.met)}`,
        ];
      }),
    }),
    '',
  ];
  const onlyBefore = before.goals.filter((g) => !current.has(g.goal)).length;
  if (onlyBefore > 0) {
    out.push(`${onlyBefore} goal(s) of the previous run are not in this one (suites or sizes not run).`, '');
  }
  return out.join('\n');
}
