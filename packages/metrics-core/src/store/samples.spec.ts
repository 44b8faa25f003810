import { mergeSamples, type MetricSample } from './samples';

const sample = (labels: MetricSample['labels'], value: number, metricName?: string): MetricSample => ({
  labels,
  value,
  ...(metricName === undefined ? {} : { metricName }),
});

/** The samples as `[metricName, labels, value]`, what the merge decides. */
const lines = (samples: readonly MetricSample[]) => samples.map((s) => [s.metricName, s.labels, s.value]);

describe('mergeSamples', () => {
  it('adds up equal counter series and appends new ones in order of first appearance', () => {
    const own = [sample({ a: 'x' }, 1), sample({ a: 'y' }, 2)];
    const added = [
      sample({ a: 'z' }, 5),
      sample({ a: 'x' }, 3),
      sample({ a: 'w' }, 1),
      sample({ a: 'z' }, 1),
    ];
    expect(lines(mergeSamples('counter', own, added))).toEqual([
      [undefined, { a: 'x' }, 4],
      [undefined, { a: 'y' }, 2],
      [undefined, { a: 'z' }, 6],
      [undefined, { a: 'w' }, 1],
    ]);
  });

  it('takes the label order of a series from where it first appeared, matching labels in any order', () => {
    const merged = mergeSamples('counter', [sample({ b: '1', a: '2' }, 1)], [sample({ a: '2', b: '1' }, 1)]);
    expect(merged).toHaveLength(1);
    expect(Object.keys(merged[0].labels)).toEqual(['b', 'a']);
    expect(merged[0].value).toBe(2);
  });

  it("keeps series apart that differ in a label's presence or value", () => {
    const merged = mergeSamples(
      'counter',
      [sample({ a: 'x' }, 1), sample({}, 1)],
      [sample({ a: 'x', b: '' }, 1)],
    );
    expect(lines(merged)).toEqual([
      [undefined, { a: 'x' }, 1],
      [undefined, {}, 1],
      [undefined, { a: 'x', b: '' }, 1],
    ]);
  });

  it("lets the added source's value win for a gauge", () => {
    const own = [sample({ a: 'x' }, 1), sample({ a: 'y' }, 2)];
    const added = [sample({ a: 'y' }, -7), sample({ a: 'z' }, 3)];
    expect(lines(mergeSamples('gauge', own, added))).toEqual([
      [undefined, { a: 'x' }, 1],
      [undefined, { a: 'y' }, -7],
      [undefined, { a: 'z' }, 3],
    ]);
  });

  it("keeps a histogram series' bucket, sum and count lines together, told apart by line name", () => {
    const series = (labels: Record<string, string>, n: number, sum: number): MetricSample[] => [
      sample({ le: 0.5, ...labels }, n, 'h_bucket'),
      sample({ le: '+Inf', ...labels }, n, 'h_bucket'),
      sample(labels, sum, 'h_sum'),
      sample(labels, n, 'h_count'),
    ];
    const merged = mergeSamples('histogram', series({ a: 'x' }, 1, 0.25), [
      ...series({ a: 'y' }, 2, 3),
      ...series({ a: 'x' }, 2, 0.5),
    ]);
    expect(lines(merged)).toEqual([
      ['h_bucket', { le: 0.5, a: 'x' }, 3],
      ['h_bucket', { le: '+Inf', a: 'x' }, 3],
      ['h_sum', { a: 'x' }, 0.75],
      ['h_count', { a: 'x' }, 3],
      ['h_bucket', { le: 0.5, a: 'y' }, 2],
      ['h_bucket', { le: '+Inf', a: 'y' }, 2],
      ['h_sum', { a: 'y' }, 3],
      ['h_count', { a: 'y' }, 2],
    ]);
  });

  it('treats a bucket bound given as a number or as its text as one bucket', () => {
    const merged = mergeSamples(
      'histogram',
      [sample({ le: 0.5 }, 1, 'h_bucket')],
      [sample({ le: '0.5' }, 2, 'h_bucket')],
    );
    expect(lines(merged)).toEqual([['h_bucket', { le: 0.5 }, 3]]);
  });

  it("keeps the latest exemplar of a series: the added source's when it has one", () => {
    const mine = { labelSet: { trace_id: 'mine' }, value: 1, timestamp: 1 };
    const theirs = { labelSet: { trace_id: 'theirs' }, value: 2, timestamp: 2 };
    const own = [
      { ...sample({ le: '+Inf', a: 'x' }, 1, 'h_bucket'), exemplar: mine },
      { ...sample({ le: '+Inf', a: 'y' }, 1, 'h_bucket'), exemplar: mine },
    ];
    const added = [
      { ...sample({ le: '+Inf', a: 'x' }, 1, 'h_bucket'), exemplar: theirs },
      { ...sample({ le: '+Inf', a: 'y' }, 1, 'h_bucket'), exemplar: null },
    ];
    expect(mergeSamples('histogram', own, added).map((s) => s.exemplar)).toEqual([theirs, mine]);
  });

  it('changes neither input', () => {
    const own = [sample({ a: 'x' }, 1)];
    const added = [sample({ a: 'x' }, 2), sample({ a: 'y' }, 3)];
    const copies = JSON.stringify([own, added]);
    const merged = mergeSamples('counter', own, added);
    expect(JSON.stringify([own, added])).toBe(copies);
    merged[0].value = 100;
    expect(own[0].value).toBe(1);
  });

  it('returns the own samples when nothing is added, and the added when there are none of its own', () => {
    const own = [sample({ a: 'x' }, 1)];
    expect(lines(mergeSamples('gauge', own, []))).toEqual(lines(own));
    expect(lines(mergeSamples('gauge', [], own))).toEqual(lines(own));
    expect(mergeSamples('counter', [], [])).toEqual([]);
  });
});
