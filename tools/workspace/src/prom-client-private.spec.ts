import { describeAccess, findPrivateAccesses } from './prom-client-access';

/**
 * STYLE.md anti-pattern 7: no package reads prom-client's private fields or patches its methods.
 * There is no allow-list: metrics-core's series store owns obskit's series and reaches prom-client
 * only through its public API (`registerMetric`, `get()`, `getSingleMetricAsString`, …).
 */
describe('prom-client private members and patches', () => {
  it('finds none in any source file of the workspace', () => {
    const problems = findPrivateAccesses().map(describeAccess);
    if (problems.length > 0) {
      throw new Error(
        `${problems.length} access(es) to prom-client internals:\n  ${problems.join('\n  ')}\n` +
          'Use prom-client’s public API (index.d.ts) or own the data instead (STYLE.md, anti-pattern 7).',
      );
    }
    expect(problems).toEqual([]);
  });
});
