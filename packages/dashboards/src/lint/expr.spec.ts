import { findSelectors } from './expr';

describe('findSelectors', () => {
  it('finds selectors with matchers, range and enclosing function', () => {
    const found = findSelectors(
      'histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket{job=~"$job", http_route="/a{b}"}[$__rate_interval])))',
    );
    expect(found).toEqual([
      {
        name: 'http_server_request_duration_seconds_bucket',
        matchers: [
          { label: 'job', op: '=~', value: '$job' },
          { label: 'http_route', op: '=', value: '/a{b}' },
        ],
        range: '$__rate_interval',
        enclosing: 'rate',
        offset: 55,
      },
    ]);
  });

  it('finds bare selectors and ignores keywords, numbers, durations and label lists', () => {
    const found = findSelectors(
      'sum(rate(a_total[5m] offset 1w)) by (job) / on (instance) group_left b * 1e-3 or vector(0) and c{x!~"y"}',
    );
    expect(found.map((s) => [s.name, s.range, s.enclosing])).toEqual([
      ['a_total', '5m', 'rate'],
      ['b', undefined, ''],
      ['c', undefined, ''],
    ]);
    expect(found[2].matchers).toEqual([{ label: 'x', op: '!~', value: 'y' }]);
  });

  it('treats sum without (…) (…) as an aggregation', () => {
    expect(findSelectors('sum without (le) (x{a="1"})').map((s) => [s.name, s.enclosing])).toEqual([
      ['x', 'sum'],
    ]);
  });
});
