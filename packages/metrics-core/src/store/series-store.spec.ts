import { Counter, Registry } from 'prom-client';
import { seriesStoreOf } from './series-store';

describe('seriesStoreOf', () => {
  it('gives one store per registry', () => {
    const a = new Registry();
    const b = new Registry();
    expect(seriesStoreOf(a)).toBe(seriesStoreOf(a));
    expect(seriesStoreOf(a)).not.toBe(seriesStoreOf(b));
    expect(seriesStoreOf(a).registry).toBe(a);
  });

  it('registers each family on its registry, and lists those still registered in registration order', async () => {
    const registry = new Registry();
    const store = seriesStoreOf(registry);
    const g = store.gauge({ name: 'g', help: 'h', labelNames: [] });
    new Counter({ name: 'plain_total', help: 'h', registers: [registry] });
    const c = store.counter({ name: 'c_total', help: 'h', labelNames: [] });
    const h = store.histogram({ name: 'h', help: 'h', labelNames: ['a'], buckets: [1] });
    expect(registry.getSingleMetric('c_total')).toBe(c);
    expect(store.families()).toEqual([g, c, h]);
    expect(await registry.metrics()).toBe(
      [
        '# HELP g h\n# TYPE g gauge\ng 0',
        '# HELP plain_total h\n# TYPE plain_total counter\nplain_total 0',
        '# HELP c_total h\n# TYPE c_total counter\nc_total 0',
        '# HELP h h\n# TYPE h histogram\n',
      ].join('\n\n'),
    );
    registry.removeSingleMetric('c_total');
    expect(store.families()).toEqual([g, h]);
    registry.clear();
    expect(store.families()).toEqual([]);
    // a name freed on the registry can be taken again
    const again = store.counter({ name: 'c_total', help: 'h', labelNames: [] });
    expect(store.families()).toEqual([again]);
  });
});
