import { buildDashboards, DASHBOARD_UIDS, renderDashboards } from '../src/index';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const rendered = renderDashboards(buildDashboards());
const dashboards = Object.fromEntries(
  Object.entries(rendered).map(([uid, text]) => [uid, JSON.parse(text) as Json]),
);
const panels = (uid: string): Json[] =>
  (dashboards[uid]['panels'] as Json[]).filter((p) => p['type'] !== 'row');
const panel = (uid: string, title: string): Json => {
  const found = panels(uid).find((p) => p['title'] === title);
  if (!found) throw new Error(`no panel "${title}" in ${uid}`);
  return found;
};
const links = (p: Json): { title: string; url: string }[] => p['fieldConfig']?.['defaults']?.['links'] ?? [];
const KEEP = '${__url_time_range}&${datasource:queryparam}&${job:queryparam}&${instance:queryparam}';

describe('drill-down links', () => {
  it('Executive Summary links its panels to the SLOs and AI Agent Overview dashboards, keeping time and selections', () => {
    const uid = DASHBOARD_UIDS.executiveSummary;
    expect(links(panel(uid, 'Availability'))).toEqual([
      { title: 'SLOs: burn rates and error budgets', url: `/d/obskit-slos?${KEEP}` },
    ]);
    expect(links(panel(uid, 'Spend per hour'))).toEqual([
      { title: 'AI Agent Overview: cost by provider and model', url: `/d/obskit-ai-agent-overview?${KEEP}` },
    ]);
    // Every panel of the overview leads somewhere.
    expect(
      panels(uid)
        .filter((p) => links(p).length === 0)
        .map((p) => p['title']),
    ).toEqual([]);
  });

  it('per-agent, per-provider and per-route panels narrow to the clicked series, carrying its label', () => {
    expect(links(panel(DASHBOARD_UIDS.aiAgentOverview, 'Success ratio by agent'))).toEqual([
      {
        title: 'This agent only',
        url: `/d/obskit-ai-agent-overview?${KEEP}&var-agent=\${__field.labels.gen_ai_agent_name}`,
      },
    ]);
    expect(links(panel(DASHBOARD_UIDS.aiAgentOverview, 'Model call error ratio by provider'))[0].url).toBe(
      `/d/obskit-ai-agent-overview?${KEEP}&var-provider=\${__field.labels.gen_ai_provider_name}`,
    );
    expect(links(panel(DASHBOARD_UIDS.systemHealth, 'Error ratio by route'))[0].url).toBe(
      `/d/obskit-system-health?${KEEP}&var-route=\${__field.labels.http_route}`,
    );
    expect(links(panel(DASHBOARD_UIDS.businessMetrics, 'Cost per operation by agent'))).toEqual([
      {
        title: 'AI Agent Overview of this agent',
        url: `/d/obskit-ai-agent-overview?${KEEP}&var-agent=\${__field.labels.gen_ai_agent_name}`,
      },
    ]);
  });

  it('every link opens an obskit dashboard, sets only variables it has, from labels the series keep', () => {
    let checked = 0;
    for (const uid of Object.keys(dashboards)) {
      for (const p of panels(uid)) {
        const grouped = new Set(
          (p['targets'] as Json[]).flatMap((t) =>
            [...String(t['expr']).matchAll(/by \(([^)]*)\)/g)].flatMap((m) =>
              m[1].split(',').map((l) => l.trim()),
            ),
          ),
        );
        for (const link of links(p)) {
          checked++;
          const [, target, query] = /^\/d\/([a-z0-9-]+)\?(.*)$/.exec(link.url) ?? [];
          expect(dashboards[target]).toBeDefined();
          const variables = new Set(
            (dashboards[target]['templating']['list'] as Json[]).map((v) => v['name']),
          );
          for (const param of query.split('&')) {
            const queryparam = /^\$\{(\w+):queryparam\}$/.exec(param);
            const set = /^var-(\w+)=\$\{__field\.labels\.(\w+)\}$/.exec(param);
            if (param === '${__url_time_range}') continue;
            if (queryparam)
              expect([queryparam[1], variables.has(queryparam[1])]).toEqual([queryparam[1], true]);
            else if (set) {
              expect([set[1], variables.has(set[1])]).toEqual([set[1], true]);
              expect([p['title'], set[2], grouped.has(set[2])]).toEqual([p['title'], set[2], true]);
            } else throw new Error(`unexpected parameter "${param}" in ${link.url}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(14);
  });
});
