import {
  expandRecordingRules,
  grafanaQueryTiming,
  parseRelativeTime,
  promDuration,
  roundInterval,
} from './grafana-queries';

describe("Grafana's query variables", () => {
  it('rounds intervals the way Grafana does', () => {
    expect(roundInterval(11_000)).toBe(10_000);
    expect(roundInterval(22_500)).toBe(20_000);
    expect(roundInterval(40_000)).toBe(30_000);
    expect(roundInterval(200_000)).toBe(120_000);
    expect(roundInterval(30 * 86_400_000)).toBe(30 * 86_400_000);
  });

  it('derives $__interval from the panel width and $__rate_interval from the scrape interval', () => {
    // 6 h on a half-width panel (960 px): 22.5 s → 20 s, at least the 15 s scrape interval
    const sixHours = grafanaQueryTiming(parseRelativeTime('now-6h'), 12, 15_000);
    expect(sixHours).toEqual({
      intervalMs: 20_000,
      rateIntervalMs: 60_000,
      rangeMs: 21_600_000,
      maxDataPoints: 960,
    });
    // 30 days on a full-width panel (1920 px): 1350 s → 20 m; rate interval = interval + scrape
    const month = grafanaQueryTiming(parseRelativeTime('now-30d'), 24, 60_000);
    expect(month.intervalMs).toBe(1_200_000);
    expect(month.rateIntervalMs).toBe(1_260_000);
    expect(promDuration(month.rateIntervalMs)).toBe('1260s');
    // never below the scrape interval
    expect(grafanaQueryTiming(3_600_000, 24, 60_000).intervalMs).toBe(60_000);
  });

  it('names the value it cannot parse', () => {
    expect(() => parseRelativeTime('today')).toThrow('Unsupported dashboard time "today"');
    expect(() => grafanaQueryTiming(0, 24, 15_000)).toThrow('Invalid range 0 ms');
  });
});

describe('expandRecordingRules', () => {
  const rules = [
    { record: 'job:http_requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
    {
      record: 'slo:error_ratio:ratio_rate1h',
      expr: 'sum(rate(errors_total[1h])) / sum(rate(requests_total[1h]))',
      labels: { slo: 'availability' },
    },
    {
      record: 'slo:error_ratio:ratio_rate1h',
      expr: 'sum(rate(slow_total[1h])) / sum(rate(requests_total[1h]))',
      labels: { slo: 'latency' },
    },
    { record: 'job:http_requests:rate5m:avg1d', expr: 'avg_over_time(job:http_requests:rate5m[1d])' },
  ];

  it('leaves a query that reads no rule as it is', () => {
    expect(expandRecordingRules('sum(rate(up[5m]))', rules)).toBe('sum(rate(up[5m]))');
  });

  it('replaces a rule by its expression, dropping matchers on labels the rule does not set', () => {
    expect(expandRecordingRules('job:http_requests:rate5m{job=~".+"} > 1', rules)).toBe(
      '(sum by (job) (rate(http_requests_total[5m]))) > 1',
    );
  });

  it('picks the rules of one name by their static labels and keeps those labels', () => {
    expect(expandRecordingRules('slo:error_ratio:ratio_rate1h{slo="latency"}', rules)).toBe(
      'label_replace((sum(rate(slow_total[1h])) / sum(rate(requests_total[1h]))), "slo", "latency", "", "")',
    );
    expect(expandRecordingRules('max(slo:error_ratio:ratio_rate1h)', rules)).toMatch(
      /^max\(\(label_replace\(.*"availability".* or label_replace\(.*"latency".*\)\)$/,
    );
  });

  it('expands rules that read rules, a range over a rule becoming a subquery at the evaluation interval', () => {
    expect(expandRecordingRules('job:http_requests:rate5m:avg1d', rules, '5m')).toBe(
      '(avg_over_time((sum by (job) (rate(http_requests_total[5m])))[1d:5m]))',
    );
  });

  it('does not touch a rule name inside a label value or a longer name', () => {
    const expr = 'count(ALERTS{rule="job:http_requests:rate5m"}) + job:http_requests:rate5m_other';
    expect(expandRecordingRules(expr, rules)).toBe(expr);
  });
});
