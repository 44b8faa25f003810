import { ObskitValidationError } from '@obskit/catalog';
import { Counter, Registry } from 'prom-client';
import { createMetrics } from '../create-metrics';

function setup(maxSeriesPerMetric?: number) {
  const registry = new Registry();
  const metrics = createMetrics({ registry, defaultMetrics: false, maxSeriesPerMetric });
  return { registry, metrics };
}

function problemsOf(fn: () => unknown): { code: string; messages: string[] } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ObskitValidationError);
    const err = e as ObskitValidationError;
    return { code: err.code, messages: err.problems.map((p) => `${p.message} [${p.code}]`) };
  }
  throw new Error('expected a validation error');
}

describe('custom metrics', () => {
  it('creates a counter, gauge, histogram and summary on the same registry, guarded', async () => {
    const { registry, metrics } = setup();
    const refunds = metrics.createCounter({
      name: 'shop_refunds_total',
      help: 'Refunds issued, counted once per refund.',
      labelNames: ['reason'],
      allowLists: { reason: ['damaged', 'late'] },
    });
    refunds.inc({ reason: 'damaged' });
    refunds.inc({ reason: 'customer said so' });
    refunds.inc({ reason: 'late' }, -3);
    const cart = metrics.createGauge({ name: 'shop_cart_items', help: 'Items in open carts, as a count.' });
    cart.set({}, 12);
    const render = metrics.createHistogram({
      name: 'shop_render_duration_seconds',
      help: 'Time to render a page, in seconds.',
      unit: 'seconds',
      labelNames: ['page'],
      buckets: [0.1, 1],
    });
    render.observe({ page: 'home' }, 0.5);
    const sizes = metrics.createSummary({
      name: 'shop_basket_size_bytes',
      help: 'Serialized basket size, in bytes.',
      unit: 'bytes',
      percentiles: [0.5],
    });
    sizes.observe({}, 300);
    const text = await registry.metrics();
    expect(text).toContain('shop_refunds_total{reason="damaged"} 1');
    expect(text).toContain('shop_refunds_total{reason="_OTHER"} 1');
    expect(text).toContain('shop_cart_items 12');
    expect(text).toContain('shop_render_duration_seconds_bucket{le="1",page="home"} 1');
    expect(text).toContain('shop_basket_size_bytes{quantile="0.5"} 300');
    expect(text).toContain(
      'obskit_instrumentation_errors_total{component="metrics-core",reason="negative_increment"} 1',
    );
  });

  it('returns the same handle when asked again (module re-evaluation), refuses another type', () => {
    const { metrics } = setup();
    const config = { name: 'shop_orders_total', help: 'Orders placed, counted once per order.' };
    expect(metrics.createCounter(config)).toBe(metrics.createCounter(config));
    expect(() => metrics.createGauge({ ...config })).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_DUPLICATE_METRIC',
        message: 'Duplicate metric name "shop_orders_total": already created as a counter, not a gauge',
      }),
    );
  });

  it('refuses a name the application registered on the registry itself', () => {
    const { registry, metrics } = setup();
    new Counter({ name: 'shop_orders_total', help: 'Orders.', registers: [registry] });
    expect(() =>
      metrics.createCounter({ name: 'shop_orders_total', help: 'Orders placed, counted once per order.' }),
    ).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_METRIC_ALREADY_REGISTERED',
        message: 'Metric "shop_orders_total" is already registered on this registry',
      }),
    );
  });

  it('caps custom series like catalog ones', async () => {
    const { registry, metrics } = setup(3);
    const c = metrics.createCounter({
      name: 'shop_views_total',
      help: 'Page views, counted once per view.',
      labelNames: ['page'],
    });
    for (let i = 0; i < 10; i++) c.inc({ page: `/p/${i}` });
    const text = await registry.metrics();
    expect(text.split('\n').filter((l) => l.startsWith('shop_views_total{'))).toHaveLength(4);
    expect(text).toContain('shop_views_total{page="_OTHER"} 7');
    expect(text).toContain('obskit_metric_series_overflow_total{metric="shop_views_total"} 7');
  });

  it('reports every naming problem of a counter at once', () => {
    const { metrics } = setup();
    const result = problemsOf(() =>
      metrics.createCounter({
        name: 'Shop-Orders',
        help: 'orders',
        labelNames: ['status-code', 'le', 'job', '__x', 'a', 'a'] as string[],
      }),
    );
    expect(result.code).toBe('OBSKIT_INVALID_METRIC_NAME');
    expect(result.messages).toEqual([
      'Invalid metric name "Shop-Orders": must match /^[a-zA-Z_][a-zA-Z0-9_]*$/ [OBSKIT_INVALID_METRIC_NAME]',
      'Invalid help "orders": must be one sentence starting with a capital letter or digit and ending with "." [OBSKIT_INVALID_HELP]',
      'Invalid label name "status-code": must match /^[a-zA-Z_][a-zA-Z0-9_]*$/ [OBSKIT_INVALID_LABEL_NAME]',
      'Invalid label name "le": "le" and "quantile" are reserved for histograms and summaries [OBSKIT_INVALID_LABEL_NAME]',
      'Invalid label name "job": "job" and "instance" are set by Prometheus from the target [OBSKIT_INVALID_LABEL_NAME]',
      'Invalid label name "__x": names starting with "__" are reserved [OBSKIT_INVALID_LABEL_NAME]',
      'Duplicate label name "a" [OBSKIT_INVALID_LABEL_NAME]',
    ]);
  });

  it('reports _total, unit and snake_case problems', () => {
    const { metrics } = setup();
    expect(
      problemsOf(() => metrics.createCounter({ name: 'shop_orders', help: 'Orders.' })).messages,
    ).toEqual([
      'Invalid counter name "shop_orders": counters must end in "_total" [OBSKIT_INVALID_METRIC_NAME]',
    ]);
    expect(
      problemsOf(() => metrics.createGauge({ name: 'shop_queue_total', help: 'Queue.' })).messages,
    ).toEqual([
      'Invalid gauge name "shop_queue_total": only counters may end in "_total" [OBSKIT_INVALID_METRIC_NAME]',
    ]);
    expect(
      problemsOf(() =>
        metrics.createHistogram({
          name: 'shop_latency_ms',
          help: 'Latency, in seconds.',
          unit: 'seconds',
          buckets: [1],
        }),
      ).messages,
    ).toEqual([
      'Invalid unit "ms" in metric name "shop_latency_ms": use base units (seconds, bytes, ratio) [OBSKIT_INVALID_UNIT]',
      'Invalid metric name "shop_latency_ms": a metric in seconds must end in "_seconds" [OBSKIT_INVALID_UNIT]',
    ]);
    expect(problemsOf(() => metrics.createGauge({ name: 'shopQueue', help: 'Queue.' })).messages).toEqual([
      'Invalid metric name "shopQueue": must be snake_case (lower-case letters, digits, "_") [OBSKIT_INVALID_METRIC_NAME]',
    ]);
    expect(
      problemsOf(() =>
        metrics.createGauge({ name: 'shop_size_bytes', help: 'Size of things.', unit: 'bytes' }),
      ).messages,
    ).toEqual(['Invalid help "Size of things.": must state the unit (bytes) [OBSKIT_INVALID_HELP]']);
  });

  it('reports bucket, percentile, allow-list, cap and catalog-name problems', () => {
    const { metrics } = setup();
    expect(
      problemsOf(() =>
        metrics.createHistogram({
          name: 'shop_wait_seconds_bucket',
          help: 'Wait, in seconds.',
          unit: 'seconds',
          buckets: [1, 1, Infinity],
          labelNames: ['x'],
          allowLists: { y: ['a'] } as never,
          maxSeries: 0,
        }),
      ).messages,
    ).toEqual([
      'Invalid histogram name "shop_wait_seconds_bucket": must not end in _bucket, _count, _sum or _created [OBSKIT_INVALID_METRIC_NAME]',
      'Invalid metric name "shop_wait_seconds_bucket": a metric in seconds must end in "_seconds" [OBSKIT_INVALID_UNIT]',
      'Invalid buckets "[1, 1, Infinity]": must be strictly increasing [OBSKIT_INVALID_BUCKETS]',
      'Invalid maxSeries "0": must be an integer >= 1 [OBSKIT_INVALID_OPTIONS]',
      `Invalid allow-list label "y": not one of the metric's labelNames [OBSKIT_INVALID_LABEL_NAME]`,
    ]);
    expect(
      problemsOf(() =>
        metrics.createHistogram({
          name: 'shop_wait_seconds',
          help: 'Wait, in seconds.',
          unit: 'seconds',
          buckets: [],
        }),
      ).messages,
    ).toEqual(['Invalid buckets "[]": a histogram needs at least one bucket [OBSKIT_INVALID_BUCKETS]']);
    expect(
      problemsOf(() => metrics.createSummary({ name: 'shop_size', help: 'Size.', percentiles: [0.5, 1.5] }))
        .messages,
    ).toEqual([
      'Invalid percentile "1.5": must be a number between 0 and 1 (exclusive) [OBSKIT_INVALID_OPTIONS]',
    ]);
    expect(
      problemsOf(() => metrics.createCounter({ name: 'obskit_task_retries_total', help: 'Retries.' }))
        .messages,
    ).toEqual([
      'Duplicate metric name "obskit_task_retries_total": the catalog already defines it [OBSKIT_DUPLICATE_METRIC]',
    ]);
  });

  it('puts all problems in one error message with a stable code', () => {
    const { metrics } = setup();
    expect(() => metrics.createCounter({ name: 'Bad_orders', help: 'Bad.' })).toThrow(
      'Invalid custom counter "Bad_orders": 2 problems\n' +
        '  - metric "Bad_orders": Invalid metric name "Bad_orders": must be snake_case (lower-case letters, digits, "_") [OBSKIT_INVALID_METRIC_NAME]\n' +
        '  - metric "Bad_orders": Invalid counter name "Bad_orders": counters must end in "_total" [OBSKIT_INVALID_METRIC_NAME]',
    );
  });
});
