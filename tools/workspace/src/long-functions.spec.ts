import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFunction, functionKey, functionSpans, sourceFiles } from './function-length';
import { workspaceRoot } from './workspace';

/** Longer than this, a function needs a reason in the allow-list (STYLE.md: "a function you cannot hold in your head"). */
const MAX_LINES = 80;
const ALLOW_LIST = 'tools/workspace/long-functions.json';

const allowed: Record<string, string> = JSON.parse(readFileSync(join(workspaceRoot, ALLOW_LIST), 'utf8'));
const functions = sourceFiles().flatMap((path) =>
  functionSpans(path, readFileSync(join(workspaceRoot, path), 'utf8')),
);
const long = functions
  .filter((fn) => fn.lines > MAX_LINES)
  .sort((a, b) => b.lines - a.lines || functionKey(a).localeCompare(functionKey(b)));

/** Fails with one line per problem, so the report reads like a linter's. */
function expectNone(problems: string[], what: string, fix: string): void {
  if (problems.length > 0) {
    throw new Error(`${problems.length} ${what}:\n  ${problems.join('\n  ')}\n${fix}`);
  }
  expect(problems).toEqual([]);
}

describe(`functions over ${MAX_LINES} lines (${ALLOW_LIST})`, () => {
  it('each one is in the allow-list with a reason', () => {
    expectNone(
      long
        .filter((fn) => !(functionKey(fn) in allowed))
        .map((fn) => `${describeFunction(fn)}: entry "${functionKey(fn)}"`),
      `function(s) over ${MAX_LINES} lines not in ${ALLOW_LIST}`,
      `Split each one, or add "<path>#<name>": "<why it stays, in one line>" to ${ALLOW_LIST}.`,
    );
  });

  it('each allow-list entry is still a function over the limit', () => {
    const stale = Object.keys(allowed).flatMap((key) => {
      const matches = functions.filter((fn) => functionKey(fn) === key);
      if (matches.length === 0) return [`${key}: no such function any more`];
      const longest = Math.max(...matches.map((fn) => fn.lines));
      return longest > MAX_LINES ? [] : [`${key}: ${longest} lines now, ${MAX_LINES} or fewer`];
    });
    expectNone(stale, `stale entr(y/ies) in ${ALLOW_LIST}`, 'Remove each one: the list only shrinks.');
  });

  it('gives each entry a one-line reason', () => {
    const bad = Object.entries(allowed)
      .filter(([, reason]) => typeof reason !== 'string' || reason.trim().length < 20 || /\n/.test(reason))
      .map(([key]) => key);
    expectNone(bad, 'entr(y/ies) without a one-line reason of 20 characters or more', 'Say why it stays.');
  });

  it('names each long function once, so an entry allows exactly one', () => {
    const keys = long.map(functionKey);
    expectNone(
      keys.filter((key, i) => keys.indexOf(key) !== i),
      'name(s) shared by several long functions in one file',
      'Name the functions (or the variables that hold them) apart.',
    );
  });
});
