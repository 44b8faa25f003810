import { assertValidExpression, checkExpression, expressionProblems } from './check-expression';

const problems = (expr: string, options = {}) =>
  checkExpression(expr, options).problems.map((p) => `${p.code} ${p.line}:${p.column} ${p.message}`);

describe('checkExpression', () => {
  it('accepts catalog metrics, histogram child series, target labels and Prometheus series', () => {
    const ok = [
      'sum by (le, gen_ai_provider_name) (rate(gen_ai_client_operation_duration_seconds_bucket{job="api"}[5m]))',
      'rate(gen_ai_client_token_usage_sum[5m]) / rate(gen_ai_client_token_usage_count[5m])',
      'up{job="api", instance="a:1"} == 0',
      'count by (alertname) (ALERTS{alertstate="firing"})',
      '{__name__="obskit_task_queue_depth", queue="default"} > 10',
      'max_over_time(nodejs_eventloop_lag_p99_seconds[5m])',
      'absent(obskit_agent_operations_total{job="api"})',
      'count(obskit_agent_operations_total)',
      'time() - obskit_job_last_success_timestamp_seconds > 3600',
      'label_replace(up, "host", "$1", "instance", "(.*):.*")',
    ];
    for (const expr of ok) expect([expr, problems(expr)]).toEqual([expr, []]);
  });

  it('reports syntax errors with line and column', () => {
    expect(problems('sum(rate(up[5m])')).toEqual([
      'OBSKIT_PROMQL_SYNTAX 1:17 Syntax error at line 1, column 17: unexpected end of expression',
    ]);
    expect(problems('up\n  and foo{')).toEqual([
      'OBSKIT_PROMQL_SYNTAX 2:11 Syntax error at line 2, column 11: unexpected end of expression',
    ]);
    expect(problems('sum by (a b) (up)')).toEqual([
      'OBSKIT_PROMQL_SYNTAX 1:11 Syntax error at line 1, column 11: unexpected "b"',
    ]);
    expect(problems('')).toEqual(['OBSKIT_PROMQL_SYNTAX 1:1 Empty expression: expected a PromQL expression']);
  });

  it('reports unknown metrics and labels on selectors', () => {
    expect(problems('rate(obskit_agent_runs_total[5m])')).toEqual([
      'OBSKIT_PROMQL_UNKNOWN_METRIC 1:6 Unknown metric "obskit_agent_runs_total": not in the catalog, not a recording rule and not a metric passed in options',
    ]);
    expect(problems('obskit_task_queue_depth{queue="a", task_type="b"}')).toEqual([
      'OBSKIT_PROMQL_UNKNOWN_LABEL 1:36 Unknown label "task_type" on "obskit_task_queue_depth": expected one of instance, job, queue',
    ]);
    // `le` exists on _bucket only, and only histograms have _bucket.
    expect(problems('rate(obskit_task_duration_seconds_count{le="1"}[5m])')).toHaveLength(1);
    expect(problems('rate(obskit_agent_operations_total_bucket[5m])')[0]).toMatch(/UNKNOWN_METRIC/);
  });

  it('tracks labels through aggregations, binary operators and label_replace', () => {
    expect(problems('sum by (status) (sum by (job) (rate(obskit_agent_operations_total[5m])))')).toEqual([
      'OBSKIT_PROMQL_UNKNOWN_LABEL 1:9 Unknown label "status" in sum by (...): the input has only job',
    ]);
    expect(
      problems('histogram_quantile(0.9, sum by (job) (rate(gen_ai_client_token_usage_bucket[5m])))'),
    ).toEqual([
      'OBSKIT_PROMQL_UNKNOWN_LABEL 1:25 Missing label "le" in the input of histogram_quantile(): keep it, e.g. sum by (le) (rate(x_bucket[5m])); the input has only job',
    ]);
    expect(
      problems('max without (queue) (obskit_task_queue_depth) > on (queue) obskit_tasks_running'),
    ).toEqual([
      'OBSKIT_PROMQL_UNKNOWN_LABEL 1:53 Unknown label "queue" in on (...) of ">" (left side): the input has only instance, job',
    ]);
    expect(
      problems(
        'sum by (host) (label_replace(rate(obskit_agent_operations_total[5m]), "host", "$1", "instance", "(.*)"))',
      ),
    ).toEqual([]);
    expect(problems('label_replace(up, "host", "$1", "pod", "(.*)")')).toEqual([
      'OBSKIT_PROMQL_UNKNOWN_LABEL 1:33 Unknown label "pod" in label_replace(): the input has only instance, job',
    ]);
    expect(
      problems('sum by (job) (obskit_agents_active) * on (job) group_left (version) obskit_build_info'),
    ).toEqual([]);
    expect(
      problems('sum by (job) (obskit_agents_active) * on (job) group_left (queue) obskit_build_info'),
    ).toEqual([
      'OBSKIT_PROMQL_UNKNOWN_LABEL 1:60 Unknown label "queue" in group_left (...) of "*" (right side): the input has only instance, job, node_version, revision, version',
    ]);
  });

  it('allows counters only under rate, irate, increase and the existence functions', () => {
    expect(problems('sum(obskit_task_dead_letters_total)')).toEqual([
      'OBSKIT_PROMQL_RAW_COUNTER 1:5 Counter "obskit_task_dead_letters_total" used without rate(), irate() or increase(): a counter\'s raw value only means something as a rate',
    ]);
    expect(problems('gen_ai_client_token_usage_sum > 0')[0]).toMatch(/^OBSKIT_PROMQL_RAW_COUNTER 1:1/);
    expect(problems('increase(obskit_task_dead_letters_total[1h] offset 1d)')).toEqual([]);
    expect(problems('rate(obskit_task_dead_letters_total[5m:1m])')).toEqual([]);
  });

  it('checks argument types and durations', () => {
    expect(problems('rate(obskit_task_retries_total)')).toEqual([
      'OBSKIT_PROMQL_TYPE 1:6 Invalid argument 1 of rate(): expected a range vector, got an instant vector',
    ]);
    expect(problems('sum(obskit_task_queue_depth[5m])')).toEqual([
      'OBSKIT_PROMQL_TYPE 1:5 Invalid argument of sum(): expected an instant vector, got a range vector',
    ]);
    expect(problems('obskit_task_queue_depth[5m]')).toEqual([
      'OBSKIT_PROMQL_TYPE 1:1 Invalid expression type: expected a scalar or an instant vector, got a range vector',
    ]);
    expect(problems('up / up offset 1w')).toEqual([]);
    expect(problems('sum(up) offset 5m')).toEqual([
      'OBSKIT_PROMQL_TYPE 1:1 Invalid "offset" modifier: it must follow a selector or a subquery, not AggregateExpr',
    ]);
    expect(problems('clamp_max(up)')).toEqual([
      'OBSKIT_PROMQL_TYPE 1:1 Invalid call of clamp_max(): expected 2 arguments, got 1',
    ]);
    expect(problems('up and 1')).toEqual([
      'OBSKIT_PROMQL_TYPE 1:8 Invalid operand of "and": set operators need instant vectors on both sides, got a scalar',
    ]);
  });

  it('resolves recording rules and custom metrics passed in options', () => {
    const recordingRules = [{ name: 'job:obskit_agent_operations:rate5m', labels: ['job', 'status'] }];
    const metrics = [{ name: 'shop_orders_total', type: 'counter', labels: ['shop'] }];
    expect(
      problems('sum by (status) (job:obskit_agent_operations:rate5m{job="a"})', { recordingRules }),
    ).toEqual([]);
    expect(problems('job:obskit_agent_operations:rate5m{queue="a"}', { recordingRules })).toEqual([
      'OBSKIT_PROMQL_UNKNOWN_LABEL 1:36 Unknown label "queue" on "job:obskit_agent_operations:rate5m": expected one of job, status',
    ]);
    expect(problems('sum by (shop, job) (rate(shop_orders_total[5m]))', { metrics })).toEqual([]);
    expect(problems('shop_orders_total', { metrics })[0]).toMatch(/RAW_COUNTER/);
  });

  it('accepts Grafana variables, and reports them where Prometheus evaluates the query', () => {
    const dashboard =
      'sum by ($group) (rate(obskit_agent_operations_total{job=~"$job", gen_ai_provider_name=~"${provider:regex}"}[$__rate_interval]))';
    expect(problems(dashboard)).toEqual([]);
    expect(problems('increase(obskit_gen_ai_cost_usd_total[$__range]) / $__range_s')).toEqual([]);
    expect(problems('rate(obskit_task_retries_total[$__rate_interval]) + foo', {})).toEqual([
      'OBSKIT_PROMQL_UNKNOWN_METRIC 1:53 Unknown metric "foo": not in the catalog, not a recording rule and not a metric passed in options',
    ]);
    expect(
      problems('rate(obskit_task_retries_total[$__rate_interval])', { grafanaVariables: false }),
    ).toEqual([
      'OBSKIT_PROMQL_GRAFANA_VARIABLE 1:32 Grafana variable "$__rate_interval" is not allowed here: the expression is evaluated by Prometheus',
    ]);
  });

  it('lists the series it selects', () => {
    expect(checkExpression('rate(a_total[5m]) / on() up').series).toEqual(['a_total', 'up']);
  });

  it('throws one error naming the subject and every problem', () => {
    expect(() => assertValidExpression('sum by (x) (nope) + rate(up)', 'alert "Foo"')).toThrow(
      expect.objectContaining({ code: 'OBSKIT_INVALID_EXPRESSION' }),
    );
    const found = expressionProblems('rate(nope_total[5m]) + obskit_task_queue_depth{x="1"}', 'rule "r"');
    expect(found.map((p) => [p.subject, p.code])).toEqual([
      ['rule "r"', 'OBSKIT_PROMQL_UNKNOWN_METRIC'],
      ['rule "r"', 'OBSKIT_PROMQL_UNKNOWN_LABEL'],
    ]);
    expect(found[1].message).toBe(
      'Unknown label "x" on "obskit_task_queue_depth": expected one of instance, job, queue (at 1:48 in "rate(nope_total[5m]) + obskit_task_queue_depth{x="1"}")',
    );
  });
});
