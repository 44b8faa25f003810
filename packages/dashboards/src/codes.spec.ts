import { ObskitError } from '@obskit/catalog';
import { buildDashboards } from './build';
import { DASHBOARDS_CODES } from './codes';
import { DashboardsError } from './errors';
import { renderDashboards } from './render';

describe('DASHBOARDS_CODES', () => {
  const codes = Object.values(DASHBOARDS_CODES);

  it.each(Object.entries(DASHBOARDS_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_0-9]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown DashboardsError carries', () => {
    const [a] = buildDashboards();
    let thrown: unknown;
    try {
      renderDashboards([a, a]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DashboardsError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({ name: 'DashboardsError', code: DASHBOARDS_CODES.render });
  });
});
