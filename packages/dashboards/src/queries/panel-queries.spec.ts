import { buildDashboards } from '../build';
import { listPanelQueries, toLiveQuery } from './panel-queries';

describe('listPanelQueries', () => {
  it('lists every query with its dashboard, panel and refId', () => {
    const queries = listPanelQueries(buildDashboards());
    // The alerts row comes first; the first panel below it:
    const first = queries.find((q) => q.panelTitle === 'Active operations by agent');
    expect(first).toEqual({
      dashboardUid: 'obskit-ai-agent-overview',
      dashboardTitle: 'AI Agent Overview',
      panelId: 6,
      panelTitle: 'Active operations by agent',
      panelType: 'bargauge',
      refId: 'A',
      expr: 'sum by (gen_ai_agent_name) (obskit_agents_active{job=~"$job", instance=~"$instance", gen_ai_agent_name=~"$agent"})',
      instant: true,
      exemplar: false,
      usesOffset: false,
    });
    const invocation = queries.filter((q) => q.panelTitle === 'Agent invocation duration');
    expect(invocation.map((q) => [q.refId, q.exemplar])).toEqual([
      ['A', true],
      ['B', true],
      ['C', true],
    ]);
    expect(queries.filter((q) => q.usesOffset).map((q) => q.panelTitle)).toEqual([
      'Business operations vs 1w before',
      'Spend vs 1w before',
    ]);
  });
});

describe('toLiveQuery', () => {
  it('substitutes Grafana variables with live values', () => {
    expect(
      toLiveQuery(
        'sum(rate(x{job=~"$job", instance=~"${instance}", a=~"$agent"}[$__rate_interval])) + increase(y[$__range]) + z[[__interval]]',
      ),
    ).toBe('sum(rate(x{job=~".+", instance=~".+", a=~".*"}[1m])) + increase(y[1h]) + z15s');
  });

  it('takes other values and drops offsets when asked', () => {
    expect(
      toLiveQuery('sum(rate(x{job=~"$job"}[$__rate_interval] offset 1w))', {
        rateInterval: '30s',
        variables: { job: 'demo' },
        dropOffsets: true,
      }),
    ).toBe('sum(rate(x{job=~"demo"}[30s]))');
  });

  it('drops compound and negative offsets whole', () => {
    expect(
      toLiveQuery('rate(x[5m] offset 1d12h) / rate(x[5m] offset -1h30m) + y offset 1m30s500ms', {
        dropOffsets: true,
      }),
    ).toBe('rate(x[5m]) / rate(x[5m]) + y');
  });
});
