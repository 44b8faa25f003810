import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_METRICS } from '../catalog';
import { renderMetricsTable, replaceMetricsTable } from './markdown';

const readmePath = join(__dirname, '../../README.md');

describe('README metrics table', () => {
  it('lists every metric of the catalog (regenerate with OBSKIT_UPDATE_GOLDEN=1)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    const expected = replaceMetricsTable(readme, renderMetricsTable(ALL_METRICS));
    if (process.env.OBSKIT_UPDATE_GOLDEN === '1' && expected !== readme) writeFileSync(readmePath, expected);
    else expect(readme).toBe(expected);
  });

  it('refuses a README without markers', () => {
    expect(() => replaceMetricsTable('# x\n', '')).toThrow('README has no metrics table markers');
  });
});
