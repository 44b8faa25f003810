import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessKey, describeAccess, findPrivateAccesses } from './prom-client-access';
import { workspaceRoot } from './workspace';

/** STYLE.md anti-pattern 7: no package reads prom-client's private fields or patches its methods. */
const ALLOW_LIST = 'tools/workspace/prom-client-private.json';
const REASON_END = '(to replace, issue 19)';

const allowed: Record<string, string> = JSON.parse(readFileSync(join(workspaceRoot, ALLOW_LIST), 'utf8'));
const accesses = findPrivateAccesses();
const keys = new Set(accesses.map(accessKey));

/** Fails with one line per problem, so the report reads like a linter's. */
function expectNone(problems: string[], what: string, fix: string): void {
  if (problems.length > 0) {
    throw new Error(`${problems.length} ${what}:\n  ${problems.join('\n  ')}\n${fix}`);
  }
  expect(problems).toEqual([]);
}

describe(`prom-client private members and patches (${ALLOW_LIST})`, () => {
  it('finds each access that is in the allow-list today, the hashMap writes of metrics-core among them', () => {
    const guarded = 'packages/metrics-core/src/internal/guarded.ts';
    const writers = accesses
      .filter((a) => a.path === guarded && a.member === 'hashMap' && a.kind === 'write')
      .map((a) => a.name);
    expect([...new Set(writers)]).toEqual([
      'guardCounter.add',
      'guardGauge.setOn',
      'guardGauge.inc',
      'guardGauge.dec',
      'guardHistogram.record',
    ]);
    expect([...keys]).toEqual(
      expect.arrayContaining([
        `${guarded}#guardGauge.installCollect: collect (patch)`,
        'packages/middleware/src/exposition/series.ts#plainFamilyFormatter: hashMap (read)',
        'packages/middleware/src/exposition/series.ts#<module>: prototype (read)',
        'packages/otel-bridge/src/internal/family-registry.ts#createFamilyRegistry.merge: get (patch)',
      ]),
    );
  });

  it('each access is in the allow-list with a reason', () => {
    expectNone(
      accesses
        .filter((a) => !(accessKey(a) in allowed))
        .map((a) => `${describeAccess(a)}: entry "${accessKey(a)}"`),
      `access(es) to prom-client internals not in ${ALLOW_LIST}`,
      'Use prom-client’s public API (index.d.ts) or own the data instead (STYLE.md, anti-pattern 7). ' +
        `Only if it cannot wait for issue 19, add "<entry>": "<why, in one line> ${REASON_END}" to ${ALLOW_LIST}.`,
    );
  });

  it('each allow-list entry is still an access', () => {
    expectNone(
      Object.keys(allowed)
        .filter((key) => !keys.has(key))
        .map((key) => `${key}: no such access any more`),
      `stale entr(y/ies) in ${ALLOW_LIST}`,
      'Remove each one: the list only shrinks.',
    );
  });

  it(`gives each entry a one-line reason ending "${REASON_END}"`, () => {
    const bad = Object.entries(allowed)
      .filter(
        ([, reason]) =>
          typeof reason !== 'string' ||
          reason.trim().length < 40 ||
          /\n/.test(reason) ||
          !reason.endsWith(REASON_END),
      )
      .map(([key]) => key);
    expectNone(
      bad,
      `entr(y/ies) without a one-line reason ending "${REASON_END}"`,
      'Say what it does and why it has no public way yet.',
    );
  });
});
