import { METRICS } from '@obskit/catalog';
import { checkExpression } from '../check/check-expression';
import {
  aggregate,
  errorRatio,
  histogramAverage,
  histogramQuantile,
  increase,
  rate,
  recordingRuleName,
  sum,
} from './functions';
import { bucketBound, eq, neq, nre, quote, rangeSelector, re, selector } from './selector';

const { agent, genai, task } = METRICS;

describe('query builders', () => {
  it('builds selectors with escaped matchers and offsets', () => {
    expect(selector(task.queueDepth)).toBe('obskit_task_queue_depth');
    expect(
      selector(agent.operations, {
        matchers: { status: neq('success'), gen_ai_agent_name: re('plan.*'), job: 'api', instance: nre('') },
        offset: '1w',
      }),
    ).toBe(
      'obskit_agent_operations_total{status!="success", gen_ai_agent_name=~"plan.*", job="api", instance!~""} offset 1w',
    );
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(rangeSelector(task.queueDepth, '1h', { matchers: { queue: eq('default') } })).toBe(
      'obskit_task_queue_depth{queue="default"}[1h]',
    );
  });

  it('builds rate, increase and aggregations', () => {
    expect(rate(agent.operations, '5m')).toBe('rate(obskit_agent_operations_total[5m])');
    expect(increase(agent.cost, '1h', { matchers: { gen_ai_provider_name: 'openai' } })).toBe(
      'increase(obskit_gen_ai_cost_usd_total{gen_ai_provider_name="openai"}[1h])',
    );
    expect(sum(rate(agent.operations, '$__rate_interval'), { by: ['status'] })).toBe(
      'sum by (status) (rate(obskit_agent_operations_total[$__rate_interval]))',
    );
    expect(aggregate('max', 'up', { without: ['instance'] })).toBe('max without (instance) (up)');
    expect(sum('up')).toBe('sum(up)');
  });

  it('builds histogram quantiles, averages and error ratios', () => {
    expect(
      histogramQuantile(0.95, genai.clientOperationDuration, '5m', { by: ['gen_ai_provider_name'] }),
    ).toBe(
      'histogram_quantile(0.95, sum by (le, gen_ai_provider_name) (rate(gen_ai_client_operation_duration_seconds_bucket[5m])))',
    );
    expect(histogramAverage(task.duration, '5m', { by: ['queue'] })).toBe(
      'sum by (queue) (rate(obskit_task_duration_seconds_sum[5m])) / sum by (queue) (rate(obskit_task_duration_seconds_count[5m]))',
    );
    expect(
      errorRatio(agent.operations, '5m', { errors: { status: neq('success') }, by: ['gen_ai_agent_name'] }),
    ).toBe(
      '(sum by (gen_ai_agent_name) (rate(obskit_agent_operations_total{status!="success"}[5m]))) / (sum by (gen_ai_agent_name) (rate(obskit_agent_operations_total[5m])))',
    );
    expect(errorRatio(genai.clientOperationDuration, '5m', { errors: { error_type: neq('') } })).toBe(
      '(sum(rate(gen_ai_client_operation_duration_seconds_count{error_type!=""}[5m]))) / (sum(rate(gen_ai_client_operation_duration_seconds_count[5m])))',
    );
    expect(
      errorRatio(task.duration, '1h', {
        errors: { outcome: 'failure' },
        by: ['queue'],
        counter: 'increase',
        zeroFill: true,
      }),
    ).toBe(
      '(sum by (queue) (increase(obskit_task_duration_seconds_count{outcome="failure"}[1h])) or sum by (queue) (increase(obskit_task_duration_seconds_count[1h])) * 0) / sum by (queue) (increase(obskit_task_duration_seconds_count[1h]))',
    );
  });

  it('produces expressions that pass checkExpression', () => {
    const exprs = [
      histogramQuantile(0.99, genai.invokeAgentDuration, '$__rate_interval', { by: ['gen_ai_agent_name'] }),
      histogramAverage(task.waitDuration, '5m'),
      errorRatio(agent.handoffs, '1h', { errors: { outcome: 'failure' }, by: ['from_agent', 'to_agent'] }),
      errorRatio(agent.handoffs, '1h', {
        errors: { outcome: 'failure' },
        zeroFill: true,
        counter: 'increase',
      }),
      sum(increase(agent.cost, '1d', { offset: '1w' }), { by: ['gen_ai_provider_name'] }),
    ];
    for (const expr of exprs) expect(checkExpression(expr).problems).toEqual([]);
  });

  it('rejects a histogram without a suffix, bad windows and quantiles', () => {
    expect(() => rate(genai.clientOperationDuration, '5m')).toThrow(
      'Invalid rate() of histogram "gen_ai_client_operation_duration_seconds": pass suffix "_bucket", "_sum" or "_count"',
    );
    expect(() => rate(agent.operations, '5 minutes')).toThrow(
      'Invalid window "5 minutes": must be a Prometheus duration like 5m or a Grafana variable like $__rate_interval',
    );
    expect(() => histogramQuantile(95, genai.clientOperationDuration, '5m')).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_PROMQL_BUILD',
        message: 'Invalid quantile "95": must be between 0 and 1',
      }),
    );
    expect(() => aggregate('sum', 'up', { by: ['job'], without: ['instance'] })).toThrow(
      'Invalid grouping of sum(): pass "by" or "without", not both',
    );
  });

  it('names recording rules level:metric:operations', () => {
    expect(recordingRuleName('job', agent.operations, 'rate5m')).toBe('job:obskit_agent_operations:rate5m');
    expect(recordingRuleName('provider', agent.cost, 'increase1h')).toBe(
      'provider:obskit_gen_ai_cost_usd:increase1h',
    );
    expect(recordingRuleName('queue', task.queueDepth, 'max')).toBe('queue:obskit_task_queue_depth:max');
    expect(() => recordingRuleName('a:b', 'x', 'rate')).toThrow('Invalid recording rule level "a:b"');
  });
});

describe('bucketBound', () => {
  it('matches a whole-number bound in both spellings (Prometheus 2 keeps "1", Prometheus 3 stores "1.0")', () => {
    expect(bucketBound(1)).toEqual(re('1|1\\.0'));
    expect(
      selector(
        { name: 'x_seconds', labels: [], type: 'histogram' },
        { suffix: '_bucket', matchers: { le: bucketBound(300) } },
      ),
    ).toBe('x_seconds_bucket{le=~"300|300\\\\.0"}');
  });

  it('writes other bounds as they are', () => {
    expect(bucketBound(10.24)).toBe('10.24');
    expect(bucketBound(0.005)).toBe('0.005');
    expect(bucketBound(Infinity)).toBe('+Inf');
  });
});
