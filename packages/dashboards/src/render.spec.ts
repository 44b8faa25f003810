import { ObskitError } from '@obskit/catalog';
import { buildDashboards } from './build';
import { renderDashboard, renderDashboards } from './render';

describe('renderDashboards', () => {
  it('keys Grafana JSON by uid: sorted keys, 2-space indent, trailing newline', () => {
    const dashboards = buildDashboards();
    const rendered = renderDashboards(dashboards);
    const json = rendered['obskit-slos'];
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.startsWith('{\n  "annotations": {},\n  "description": ')).toBe(true);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...Object.keys(parsed)].sort());
    expect(parsed['uid']).toBe('obskit-slos');
    expect(renderDashboard(dashboards[4])).toBe(json);
  });

  it('is stable: the same input renders byte for byte the same', () => {
    expect(renderDashboards(buildDashboards())).toEqual(renderDashboards(buildDashboards()));
  });

  it('rejects a dashboard without a uid and duplicate uids', () => {
    const [a, b] = buildDashboards();
    b.uid = a.uid;
    expect(() => renderDashboards([a, b])).toThrow(
      new ObskitError(
        'OBSKIT_DASHBOARD_RENDER',
        'Duplicate dashboard uid "obskit-ai-agent-overview": uids must be unique',
      ),
    );
    delete a.uid;
    let error: unknown;
    try {
      renderDashboards([a]);
    } catch (e) {
      error = e;
    }
    expect((error as ObskitError).code).toBe('OBSKIT_DASHBOARD_RENDER');
    expect((error as Error).message).toBe('Invalid dashboard "AI Agent Overview": it has no uid');
  });
});
