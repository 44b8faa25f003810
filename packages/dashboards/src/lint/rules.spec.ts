import { buildDashboards, dashboardLintOptions } from '../build';
import { lintDashboards } from './rules';

describe('lint over the built dashboards', () => {
  it('finds no problem in any dashboard', () => {
    expect(lintDashboards(buildDashboards(), dashboardLintOptions())).toEqual([]);
  });
});
