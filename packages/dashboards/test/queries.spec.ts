import { checkExpression } from '@obskit/promql';
import { buildDashboards, dashboardLintOptions, listPanelQueries } from '../src/index';

const dashboards = buildDashboards();
// The recording rules (and ALERTS) the panels read, with their labels.
const { recordingRules } = dashboardLintOptions();
const queries = listPanelQueries(dashboards);

const variableQueries = dashboards.flatMap((d) =>
  (d.templating.list ?? [])
    .filter((v) => v.type === 'query')
    .map((v) => {
      const query = String((v.query as { query: string }).query);
      // label_values(<selector>, <label>) lists the label's values on the selected series: the
      // same series and label as `group by (<label>) (<selector>)`, which checkExpression accepts.
      const match = /^label_values\((.*), *([a-z_]+)\)$/.exec(query);
      return [`${d.uid} $${v.name}`, match ? `group by (${match[2]}) (${match[1]})` : query] as const;
    }),
);

describe('every dashboard query against the catalog (checkExpression of @obskit/promql)', () => {
  it('lists a query for every panel of every dashboard', () => {
    expect(queries.length).toBeGreaterThan(100);
    const panels = new Set(queries.map((q) => `${q.dashboardUid}/${q.panelId}`));
    const expected = dashboards.reduce(
      (n, d) => n + (d.panels ?? []).filter((p) => p.type !== 'row').length,
      0,
    );
    expect(panels.size).toBe(expected);
  });

  it.each(queries.map((q) => [`${q.dashboardUid} / ${q.panelTitle} / ${q.refId}`, q.expr]))(
    '%s',
    (_where, expr) => {
      expect(checkExpression(expr, { recordingRules }).problems).toEqual([]);
    },
  );

  it.each(variableQueries)('variable %s', (_where, expr) => {
    expect(checkExpression(expr).problems).toEqual([]);
  });
});
