import { validateMetric, validateMetrics } from './naming';

const ok = {
  name: 'obskit_jobs_total',
  type: 'counter',
  help: 'Jobs run, counted once per run.',
  unit: 'count',
  labels: ['job_name'],
};
const messages = (
  def: Parameters<typeof validateMetric>[0],
  options?: Parameters<typeof validateMetric>[1],
) => validateMetric(def, options).map((p) => `${p.code}: ${p.message}`);

describe('validateMetric', () => {
  it('accepts a well-formed metric', () => {
    expect(validateMetric(ok)).toEqual([]);
  });

  it.each([
    [
      { ...ok, name: 'obskit-jobs-total' },
      'OBSKIT_INVALID_METRIC_NAME: Invalid metric name "obskit-jobs-total": must match /^[a-zA-Z_][a-zA-Z0-9_]*$/',
    ],
    [
      { ...ok, name: 'Obskit_Jobs_total' },
      'OBSKIT_INVALID_METRIC_NAME: Invalid metric name "Obskit_Jobs_total": must be snake_case (lower-case letters, digits, "_")',
    ],
    [
      { ...ok, name: '__obskit_total' },
      'OBSKIT_INVALID_METRIC_NAME: Invalid metric name "__obskit_total": names starting with "__" are reserved',
    ],
    [
      { ...ok, name: 'obskit_jobs' },
      'OBSKIT_INVALID_METRIC_NAME: Invalid counter name "obskit_jobs": counters must end in "_total"',
    ],
    [
      { ...ok, type: 'gauge' },
      'OBSKIT_INVALID_METRIC_NAME: Invalid gauge name "obskit_jobs_total": only counters may end in "_total"',
    ],
    [
      { ...ok, name: 'obskit_job_count', type: 'histogram', buckets: [1] },
      'OBSKIT_INVALID_METRIC_NAME: Invalid histogram name "obskit_job_count": must not end in _bucket, _count, _sum or _created',
    ],
    [
      { ...ok, name: 'db_client_connection_count', type: 'gauge' },
      'OBSKIT_INVALID_METRIC_NAME: Invalid gauge name "db_client_connection_count": only histograms and summaries may end in _bucket, _count or _sum',
    ],
    [
      { ...ok, name: 'obskit_job_duration_milliseconds', type: 'gauge', unit: 'count' },
      'OBSKIT_INVALID_UNIT: Invalid unit "milliseconds" in metric name "obskit_job_duration_milliseconds": use base units (seconds, bytes, ratio)',
    ],
    [
      {
        ...ok,
        name: 'obskit_job_duration',
        type: 'gauge',
        unit: 'seconds',
        help: 'Job duration, in seconds.',
      },
      'OBSKIT_INVALID_UNIT: Invalid metric name "obskit_job_duration": a metric in seconds must end in "_seconds"',
    ],
    [
      { ...ok, name: 'obskit_cost_total', unit: 'usd', help: 'Cost, in USD.' },
      'OBSKIT_INVALID_UNIT: Invalid metric name "obskit_cost_total": a metric in usd must end in "_usd_total"',
    ],
    [
      { ...ok, type: 'meter' },
      'OBSKIT_INVALID_METRIC_TYPE: Invalid metric type "meter": expected one of counter, gauge, histogram, summary',
    ],
    [{ ...ok, help: '' }, 'OBSKIT_INVALID_HELP: Invalid help "": must be one non-empty sentence'],
    [
      { ...ok, help: 'jobs run' },
      'OBSKIT_INVALID_HELP: Invalid help "jobs run": must be one sentence starting with a capital letter or digit and ending with "."',
    ],
    [
      { ...ok, help: 'Jobs.\nRun.' },
      'OBSKIT_INVALID_HELP: Invalid help "Jobs.\nRun.": must not contain newlines or backslashes',
    ],
    [
      { ...ok, name: 'obskit_wait_seconds', type: 'gauge', unit: 'seconds', help: 'Wait time.' },
      'OBSKIT_INVALID_HELP: Invalid help "Wait time.": must state the unit (seconds)',
    ],
    [
      { ...ok, labels: ['status-code'] },
      'OBSKIT_INVALID_LABEL_NAME: Invalid label name "status-code": must match /^[a-zA-Z_][a-zA-Z0-9_]*$/',
    ],
    [
      { ...ok, labels: ['__name'] },
      'OBSKIT_INVALID_LABEL_NAME: Invalid label name "__name": names starting with "__" are reserved',
    ],
    [
      { ...ok, labels: ['le'] },
      'OBSKIT_INVALID_LABEL_NAME: Invalid label name "le": "le" and "quantile" are reserved for histograms and summaries',
    ],
    [
      { ...ok, labels: ['quantile'] },
      'OBSKIT_INVALID_LABEL_NAME: Invalid label name "quantile": "le" and "quantile" are reserved for histograms and summaries',
    ],
    [
      { ...ok, labels: ['job'] },
      'OBSKIT_INVALID_LABEL_NAME: Invalid label name "job": "job" and "instance" are set by Prometheus from the target',
    ],
    [
      { ...ok, labels: ['tenant'] },
      `OBSKIT_INVALID_LABEL_NAME: Unknown label name "tenant": must be defined in the catalog's LABELS`,
    ],
    [{ ...ok, labels: ['feature', 'feature'] }, 'OBSKIT_INVALID_LABEL_NAME: Duplicate label name "feature"'],
    [
      {
        ...ok,
        name: 'obskit_size_bytes',
        type: 'histogram',
        unit: 'bytes',
        help: 'Size, in bytes.',
        buckets: [],
      },
      'OBSKIT_INVALID_BUCKETS: Invalid buckets "[]": a histogram needs at least one bucket',
    ],
    [
      {
        ...ok,
        name: 'obskit_size_bytes',
        type: 'histogram',
        unit: 'bytes',
        help: 'Size, in bytes.',
        buckets: [1, 5, 5],
      },
      'OBSKIT_INVALID_BUCKETS: Invalid buckets "[1, 5, 5]": must be strictly increasing',
    ],
    [
      {
        ...ok,
        name: 'obskit_size_bytes',
        type: 'histogram',
        unit: 'bytes',
        help: 'Size, in bytes.',
        buckets: [1, Infinity],
      },
      'OBSKIT_INVALID_BUCKETS: Invalid bucket "Infinity": must be a finite number (+Inf is added for you)',
    ],
    [
      { ...ok, buckets: [1, 2] },
      'OBSKIT_INVALID_BUCKETS: Invalid buckets on a counter: only histograms have buckets',
    ],
  ])('rejects %j', (def, expected) => {
    expect(messages(def)).toEqual([expected]);
  });

  it('accepts unknown label names when asked (custom metrics)', () => {
    expect(validateMetric({ ...ok, labels: ['tenant'] }, { allowUnknownLabels: true })).toEqual([]);
  });

  it('names the metric as the subject', () => {
    expect(validateMetric({ ...ok, name: 'obskit_jobs' })[0].subject).toBe('metric "obskit_jobs"');
  });

  it('reports duplicate names across a set', () => {
    expect(validateMetrics([ok, ok]).map((p) => p.message)).toEqual([
      'Duplicate metric name "obskit_jobs_total": defined 2 times',
    ]);
  });
});
