import { Registry } from 'prom-client';
import { getOrCreateOtelBridge } from './global';

describe('getOrCreateOtelBridge', () => {
  it('returns the same bridge for a registry, as module re-evaluation needs', async () => {
    const registry = new Registry();
    const first = getOrCreateOtelBridge({ registry });
    first.getMeter('app').createCounter('app.jobs').add(1);
    // A re-evaluated module creates its bridge and instruments again.
    const second = getOrCreateOtelBridge({ registry });
    expect(second).toBe(first);
    second.getMeter('app').createCounter('app.jobs').add(1);
    expect(await registry.metrics()).toContain('app_jobs_total 2\n');
    await second.shutdown();
    expect(registry.getSingleMetric('target_info')).toBeUndefined();

    const third = getOrCreateOtelBridge({ registry });
    expect(third).not.toBe(first);
    await third.shutdown();
  });

  it('keeps bridges of different registries apart', async () => {
    const a = getOrCreateOtelBridge({ registry: new Registry() });
    const b = getOrCreateOtelBridge({ registry: new Registry() });
    expect(a).not.toBe(b);
    await Promise.all([a.shutdown(), b.shutdown()]);
  });
});
