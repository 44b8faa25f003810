import { listSelectors } from './list-selectors';

describe('listSelectors', () => {
  it('lists selectors with matchers, range and enclosing function, Grafana variables as written', () => {
    const found = listSelectors(
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

  it('lists bare selectors and skips keywords, numbers, durations and label lists', () => {
    const found = listSelectors(
      'sum(rate(a_total[5m] offset 1w)) by (job) / on (instance) group_left b * 1e-3 or vector(0) and c{x!~"y"}',
    );
    expect(found.map((s) => [s.name, s.range, s.enclosing])).toEqual([
      ['a_total', '5m', 'rate'],
      ['b', undefined, ''],
      ['c', undefined, ''],
    ]);
    expect(found[2].matchers).toEqual([{ label: 'x', op: '!~', value: 'y' }]);
  });

  it('reads aggregations with grouping first, operators and parentheses', () => {
    expect(listSelectors('sum without (le) (x{a="1"} * 2)').map((s) => [s.name, s.enclosing])).toEqual([
      ['x', 'sum'],
    ]);
    expect(listSelectors('rate((x[5m]))').map((s) => [s.name, s.range, s.enclosing])).toEqual([
      ['x', '5m', ''],
    ]);
  });

  it('maps ranges and offsets past Grafana variables back to the original text', () => {
    const expr =
      'increase(a_total{job=~"$job"}[ $__range ]) / ignoring ($group) rate(b[${window}] offset $shift)';
    expect(listSelectors(expr).map((s) => [s.name, s.range, s.offset])).toEqual([
      ['a_total', '$__range', 9],
      ['b', '${window}', expr.indexOf('b[')],
    ]);
    expect(listSelectors(expr).map((s) => s.enclosing)).toEqual(['increase', 'rate']);
  });

  it('gives a selector under a subquery no range and no enclosing function', () => {
    expect(
      listSelectors('max_over_time(rate(x[5m])[1h:]) + rate(y[5m:1m])').map((s) => [
        s.name,
        s.range,
        s.enclosing,
      ]),
    ).toEqual([
      ['x', '5m', 'rate'],
      ['y', undefined, ''],
    ]);
  });

  it('names a selector by its quoted name or __name__ matcher, else ""', () => {
    expect(listSelectors('{"my.metric", a="1"} + {__name__="x"} + {a="2"}').map((s) => s.name)).toEqual([
      'my.metric',
      'x',
      '',
    ]);
  });
});
