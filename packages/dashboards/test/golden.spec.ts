import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboards, DASHBOARD_UIDS, renderDashboards } from '../src/index';

const GOLDEN_DIR = join(__dirname, 'golden');
const update = process.env['OBSKIT_UPDATE_GOLDEN'] === '1';

describe('golden dashboard JSON', () => {
  const rendered = renderDashboards(buildDashboards());

  it('renders one dashboard per uid, in a fixed order', () => {
    expect(Object.keys(rendered)).toEqual(Object.values(DASHBOARD_UIDS));
  });

  it.each(Object.values(DASHBOARD_UIDS))('%s matches test/golden/%s.json', (uid) => {
    const file = join(GOLDEN_DIR, `${uid}.json`);
    if (update) writeFileSync(file, rendered[uid]);
    expect(existsSync(file)).toBe(true);
    expect(rendered[uid]).toBe(readFileSync(file, 'utf8'));
  });
});
