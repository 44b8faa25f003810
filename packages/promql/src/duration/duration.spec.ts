import * as catalog from '@obskit/catalog';
import { rate } from '../builders/functions';
import { formatDuration, isDuration, parseDuration, scaleDuration, DURATION_PATTERN } from './duration';

const source = { name: 'jobs_total', type: 'counter', labels: [] } as const;

describe('durations', () => {
  it('are the catalog grammar, re-exported (its spec covers it)', () => {
    expect(parseDuration).toBe(catalog.parseDuration);
    expect(isDuration).toBe(catalog.isDuration);
    expect(formatDuration).toBe(catalog.formatDuration);
    expect(scaleDuration).toBe(catalog.scaleDuration);
    expect(DURATION_PATTERN).toBe(catalog.DURATION_PATTERN);
    expect(parseDuration('1h30m')).toBe(5_400_000);
  });

  it('make a window or an offset, which PromQL wants above zero', () => {
    expect(rate(source, '5m', { offset: '1w' })).toBe('rate(jobs_total[5m] offset 1w)');
    expect(rate(source, '$__rate_interval')).toBe('rate(jobs_total[$__rate_interval])');
    for (const bad of ['0s', '0', '', '5', '1m1h']) {
      expect(() => rate(source, bad as catalog.Duration)).toThrow(
        `Invalid window "${bad}": must be a Prometheus duration like 5m or a Grafana variable like $__rate_interval`,
      );
    }
    expect(() => rate(source, '5m', { offset: '0s' })).toThrow('Invalid offset "0s"');
  });
});
