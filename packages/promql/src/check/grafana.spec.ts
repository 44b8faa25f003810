import { replaceGrafanaVariables, substituteGrafanaVariables } from './grafana';

describe('replaceGrafanaVariables', () => {
  it('finds every syntax ($x, ${x}, ${x:format}, [[x]], [[x:format]]) and passes its name and text', () => {
    const seen: string[] = [];
    const out = replaceGrafanaVariables(
      'x{a=~"${provider:regex}",b="[[inst]]",c="$job"}[$__rate_interval] * ${n} + [[m:csv]]',
      (name, text) => {
        seen.push(`${name}=${text}`);
        return name.toUpperCase();
      },
    );
    expect(out).toBe('x{a=~"PROVIDER",b="INST",c="JOB"}[__RATE_INTERVAL] * N + M');
    expect(seen).toEqual([
      'provider=${provider:regex}',
      'inst=[[inst]]',
      'job=$job',
      '__rate_interval=$__rate_interval',
      'n=${n}',
      'm=[[m:csv]]',
    ]);
  });

  it('leaves text without variables alone', () => {
    expect(replaceGrafanaVariables('sum(rate(x[5m])) $ 1', () => 'Z')).toBe('sum(rate(x[5m])) $ 1');
  });
});

describe('substituteGrafanaVariables', () => {
  it('replaces interval variables and ranges with a duration, leaves strings alone', () => {
    const sub = substituteGrafanaVariables('rate(x{job="$job", p=~"${provider:regex}"}[$__rate_interval])');
    expect(sub.expr).toBe('rate(x{job="$job", p=~"${provider:regex}"}[5m])');
    expect(sub.variables).toEqual([
      { text: '$__rate_interval', name: '__rate_interval', from: 43, role: 'duration', replacement: '5m' },
    ]);
  });

  it('replaces variables in label lists, offsets and numbers', () => {
    const sub = substituteGrafanaVariables('topk($n, sum by ($group, job) (x offset $shift)) * $__range_s');
    expect(sub.expr).toBe('topk(1, sum by (__grafana_var_1, job) (x offset 5m)) * 1');
    expect(sub.variables.map((v) => [v.text, v.role])).toEqual([
      ['$n', 'number'],
      ['$group', 'label'],
      ['$shift', 'duration'],
      ['$__range_s', 'number'],
    ]);
  });

  it('maps offsets back to the original text', () => {
    const original = 'rate(x[$__rate_interval]) + foo{';
    const sub = substituteGrafanaVariables(original);
    const inNew = sub.expr.indexOf('foo');
    expect(sub.toOriginal(inNew)).toBe(original.indexOf('foo'));
    expect(sub.toOriginal(2)).toBe(2);
  });

  it('handles subqueries and the braced form', () => {
    const sub = substituteGrafanaVariables('max_over_time(up[$__range:${__interval}])');
    expect(sub.expr).toBe('max_over_time(up[5m:5m])');
    expect(sub.variables.map((v) => v.role)).toEqual(['duration', 'duration']);
  });

  it('knows the [[var]] syntax and leaves label_replace templates alone', () => {
    expect(substituteGrafanaVariables('rate(x[[[interval]]])').expr).toBe('rate(x[5m])');
    expect(substituteGrafanaVariables('label_replace(up, "a", "$1", "b", "(.*)")').variables).toEqual([]);
  });
});
