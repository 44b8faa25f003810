import { judge, withNumbers, withPrometheusCounterFunctions, type Answer } from './compare';

const answer = (entries: Record<string, number>): Answer => new Map(Object.entries(entries));

describe('judge: what the scale spec lets VictoriaMetrics answer otherwise than Prometheus', () => {
  const gauge = { name: 'Memory', expr: 'sum by (instance) (nodejs_heap_size_used_bytes)' };
  const rate = { name: 'Request rate', expr: 'sum by (route) (rate(http_requests_total[30s]))' };

  it('fails a value more than 5 % off, a missing series and an extra one, when no known cause covers them', () => {
    expect(judge(gauge, { mirror: answer({ '{a="1"}': 100 }), vm: answer({ '{a="1"}': 104 }) })).toEqual([]);
    expect(judge(gauge, { mirror: answer({ '{a="1"}': 100 }), vm: answer({ '{a="1"}': 110 }) })).toEqual([
      '{a="1"}: 100 vs 110 (9.1 %)',
    ]);
    expect(
      judge(gauge, {
        mirror: answer({ '{a="1"}': 1, '{a="2"}': 2 }),
        vm: answer({ '{a="1"}': 1, '{a="3"}': 3 }),
      }),
    ).toEqual(['only in the reference: {a="2"} 2', 'only in the answer: {a="3"} 3']);
  });

  it('lets a counter query differ as asked only when its rate_prometheus form matches', () => {
    const mirror = answer({ '{route="/a"}': 1 });
    const vm = answer({ '{route="/a"}': 1.4 });
    expect(judge(rate, { mirror, vm, vmPrometheusForm: answer({ '{route="/a"}': 0.9 }) })).toEqual([]);
    expect(judge(rate, { mirror, vm, vmPrometheusForm: answer({ '{route="/a"}': 0.7 }) })).toHaveLength(2);
    expect(withPrometheusCounterFunctions(rate.expr)).toBe(
      'sum by (route) (rate_prometheus(http_requests_total[30s]))',
    );
    expect(withPrometheusCounterFunctions('irate(x[1m]) + increase(y[1h])')).toBe(
      'irate(x[1m]) + increase_prometheus(y[1h])',
    );
  });

  it('holds what vmalert writes to the same series, not to values; ALERTS only to an answer', () => {
    const recorded = { name: 'record job:x:rate5m', expr: 'job:x:rate5m' };
    const series = { '{__name__="job:x:rate5m",job="a"}': 1 };
    expect(
      judge(recorded, { mirror: answer(series), vm: answer({ '{__name__="job:x:rate5m",job="a"}': 9 }) }),
    ).toEqual([]);
    expect(judge(recorded, { mirror: answer(series), vm: answer({}) })).toHaveLength(1);
    const alerts = { name: 'Alerts', expr: 'count(ALERTS{alertstate="firing"}) or vector(0)' };
    expect(judge(alerts, { mirror: answer({ '{}': 0 }), vm: answer({ '{}': 2 }) })).toEqual([]);
    expect(judge(alerts, { mirror: answer({ '{}': 0 }), vm: answer({}) })).toEqual(['unanswered']);
  });

  it('leaves out a series Prometheus answers NaN, and counts a NaN from VictoriaMetrics as no answer', () => {
    // A quantile of no requests: NaN in Prometheus; VictoriaMetrics answers nothing, or (over a window
    // that also holds numbers) a number, as it stores no NaN sample.
    const p95 = { name: 'record job:x:p95_avg_over_time3m', expr: 'job:x:p95_avg_over_time3m' };
    expect(
      judge(gauge, { mirror: answer({ '{a="1"}': NaN, '{a="2"}': 2 }), vm: answer({ '{a="2"}': 2 }) }),
    ).toEqual([]);
    expect(judge(p95, { mirror: answer({ '{job="a"}': NaN }), vm: answer({ '{job="a"}': 9.4 }) })).toEqual(
      [],
    );
    expect(judge(gauge, { mirror: answer({ '{a="1"}': 1 }), vm: answer({ '{a="1"}': NaN }) })).toEqual([
      'only in the reference: {a="1"} 1',
    ]);
    expect(withNumbers(answer({ '{a="1"}': NaN, '{a="2"}': 0 }))).toEqual(['{a="2"}']);
  });

  it('compares *_over_time answers without the metric name MetricsQL keeps', () => {
    const q = { name: 'gauge avg', expr: 'avg_over_time(queue_depth[1m])' };
    expect(
      judge(q, { mirror: answer({ '{q="a"}': 3 }), vm: answer({ '{__name__="queue_depth",q="a"}': 3 }) }),
    ).toEqual([]);
  });
});
