import { humanize, percent } from './helpers';

describe('values as Prometheus templates print them (expected annotations of promtool cases)', () => {
  it('humanize: %.4g with a k/M/G prefix per factor of 1000', () => {
    expect(humanize(360)).toBe('360');
    expect(humanize(23040)).toBe('23.04k');
    expect(humanize(1800)).toBe('1.8k');
    expect(humanize(1234567)).toBe('1.235M');
    expect(humanize(7.2)).toBe('7.2');
  });

  it('percent: humanizePercentage', () => {
    expect(percent(0.1)).toBe('10%');
    expect(percent(0.12345)).toBe('12.35%');
  });
});
