import { METRICS } from '@obskit/catalog';
import { Registry } from 'prom-client';
import { GLOBAL_KEY } from './constants';

type GlobalModule = typeof import('./global');

/** Loads a fresh copy of the module, as HMR / Next.js dev re-evaluation does. */
function freshModule(): GlobalModule {
  let mod: GlobalModule | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual<GlobalModule>('./global');
  });
  return mod as GlobalModule;
}

describe('getOrCreateMetrics (HMR)', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[GLOBAL_KEY];
  });

  it('returns the same instance from a re-evaluated module instead of "already registered"', async () => {
    const first = freshModule();
    const second = freshModule();
    expect(second).not.toBe(first);
    const registry = new Registry();
    const a = first.getOrCreateMetrics({ registry, defaultMetrics: false });
    let b: ReturnType<GlobalModule['getOrCreateMetrics']> | undefined;
    expect(() => {
      b = second.getOrCreateMetrics({ registry, defaultMetrics: false });
    }).not.toThrow();
    expect(b).toBe(a);
    a.business.featureUsed('search');
    b?.business.featureUsed('search');
    expect(await registry.getSingleMetricAsString(METRICS.business.featureUsage.name)).toContain(
      'obskit_feature_usage_total{feature="search"} 2',
    );
  });

  it('keeps a registry per key on globalThis[Symbol.for("obskit.metrics")]', () => {
    const first = freshModule();
    const second = freshModule();
    const r1 = first.getOrCreateRegistry();
    expect(second.getOrCreateRegistry()).toBe(r1);
    expect(second.getOrCreateRegistry('other')).not.toBe(r1);
    expect(GLOBAL_KEY).toBe(Symbol.for('obskit.metrics'));
    const m = second.getOrCreateMetrics({ defaultMetrics: false });
    expect(m.registry).toBe(r1);
    expect(first.getOrCreateMetrics()).toBe(m);
  });

  it('keeps separate instances per key on one registry only when their metrics do not collide', () => {
    const { getOrCreateMetrics } = freshModule();
    const registry = new Registry();
    getOrCreateMetrics({ registry, defaultMetrics: false });
    expect(() => getOrCreateMetrics({ registry, key: 'second', defaultMetrics: false })).toThrow(
      expect.objectContaining({ code: 'OBSKIT_METRIC_ALREADY_REGISTERED' }),
    );
  });

  it('warns once, naming the options, when a later call passes different options', () => {
    const warnings: string[] = [];
    const logger = { warn: (m: string) => void warnings.push(m), error: () => undefined };
    const registry = new Registry();
    const { getOrCreateMetrics } = freshModule();
    const first = getOrCreateMetrics({ registry, defaultMetrics: false, logger });
    expect(getOrCreateMetrics({ registry, defaultMetrics: false, logger })).toBe(first);
    expect(warnings).toEqual([]);
    const again = freshModule().getOrCreateMetrics({
      registry,
      defaultMetrics: false,
      logger,
      maxSeriesPerMetric: 50,
    });
    expect(again).toBe(first);
    freshModule().getOrCreateMetrics({ registry, defaultMetrics: true, logger });
    expect(warnings).toEqual([
      'obskit: getOrCreateMetrics("default") was called with options that differ from the instance it returns (maxSeriesPerMetric); they are not applied to the existing instance — restart the process (e.g. next dev) to apply them, or pass another key',
    ]);
  });
});
