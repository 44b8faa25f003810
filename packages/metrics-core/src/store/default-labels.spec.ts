import { Gauge, Registry } from 'prom-client';
import { addDefaultLabels, readDefaultLabels } from './default-labels';
import { seriesStoreOf } from './series-store';

const PROBE = 'obskit_default_labels_probe';

function openMetricsRegistry(): Registry {
  const registry = new Registry();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE as never);
  return registry;
}

/** A registry with a few metrics, so a concurrent reader has something to read. */
function populated(openMetrics = false): Registry {
  const registry = openMetrics ? openMetricsRegistry() : new Registry();
  new Gauge({ name: 'plain', help: 'h', registers: [registry] }).set(1);
  const store = seriesStoreOf(registry);
  store.counter({ name: 'c_total', help: 'h', labelNames: [] });
  store.histogram({ name: 'h', help: 'h', labelNames: [], buckets: [1] });
  return registry;
}

const AWKWARD = {
  service: 'api',
  path: 'C:\\dir\\',
  quote: 'say "hi"',
  multi: 'line one\nline two',
  literal: 'not\\na newline',
  punctuation: '{a="b",c} ',
  empty: '',
  number: '42',
  unicode: 'zürich ✓',
};

describe('readDefaultLabels', () => {
  it('resolves to undefined when the registry has none', async () => {
    const registry = populated();
    expect(await readDefaultLabels(registry)).toBeUndefined();
    registry.setDefaultLabels({});
    expect(await readDefaultLabels(registry)).toBeUndefined();
  });

  it.each([false, true])(
    'returns exactly what setDefaultLabels set, escapes and all (OpenMetrics: %s)',
    async (openMetrics) => {
      const registry = populated(openMetrics);
      registry.setDefaultLabels(AWKWARD);
      expect(await readDefaultLabels(registry)).toEqual(AWKWARD);
      registry.setDefaultLabels({ only: 'one' });
      expect(await readDefaultLabels(registry)).toEqual({ only: 'one' });
    },
  );

  it('returns a number set as a default label as the text prom-client prints for it', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ shard: 3, ratio: 0.25 } as unknown as Record<string, string>);
    expect(await readDefaultLabels(registry)).toEqual({ shard: '3', ratio: '0.25' });
    expect(await registry.metrics()).toBe('\n');
  });

  it('leaves the registry as it was: no probe left, nothing else changed', async () => {
    const registry = populated();
    registry.setDefaultLabels({ env: 'prod' });
    const before = registry.getMetricsAsArray();
    const text = await registry.metrics();
    await readDefaultLabels(registry);
    expect(registry.getSingleMetric(PROBE)).toBeUndefined();
    expect(registry.getMetricsAsArray()).toEqual(before);
    expect(await registry.metrics()).toBe(text);
  });

  it.each([false, true])(
    'never shows the probe to a read started in the same tick (OpenMetrics: %s)',
    async (openMetrics) => {
      const registry = populated(openMetrics);
      registry.setDefaultLabels({ env: 'prod' });
      const expected = await registry.metrics();
      const [labels, text, json] = await Promise.all([
        readDefaultLabels(registry),
        registry.metrics(),
        registry.getMetricsAsJSON(),
      ]);
      expect(labels).toEqual({ env: 'prod' });
      expect(text).toBe(expected);
      expect(json.map((m) => m.name)).not.toContain(PROBE);
      // the other way round: the registry's read starts first
      const [textFirst, labelsAfter] = await Promise.all([registry.metrics(), readDefaultLabels(registry)]);
      expect(textFirst).toBe(expected);
      expect(labelsAfter).toEqual({ env: 'prod' });
      // and a synchronous look while the read is under way
      const pending = readDefaultLabels(registry);
      const during = registry.getMetricsAsArray();
      await pending;
      expect(during).toHaveLength(3);
      expect(during.map((m) => m.name)).not.toContain(PROBE);
      expect(`${expected}${text}${textFirst}`).not.toContain(PROBE);
    },
  );

  it("leaves an application's own metric of the probe's name alone and resolves to undefined", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ env: 'prod' });
    const own = new Gauge({ name: PROBE, help: 'mine', registers: [registry] });
    expect(await readDefaultLabels(registry)).toBeUndefined();
    expect(registry.getSingleMetric(PROBE)).toBe(own);
  });
});

describe('addDefaultLabels', () => {
  it('merges over the labels of earlier calls, a later value winning', async () => {
    const registry = new Registry();
    new Gauge({ name: 'g', help: 'h', registers: [registry] });
    addDefaultLabels(registry, { service: 'api', env: 'dev' });
    addDefaultLabels(registry, { env: 'prod', region: 'eu' });
    expect(await readDefaultLabels(registry)).toEqual({ service: 'api', env: 'prod', region: 'eu' });
    expect(await registry.metrics()).toBe(
      '# HELP g h\n# TYPE g gauge\ng{service="api",env="prod",region="eu"} 0\n',
    );
  });

  it('keeps each registry its own labels', async () => {
    const a = new Registry();
    const b = new Registry();
    addDefaultLabels(a, { service: 'a' });
    addDefaultLabels(b, { service: 'b' });
    addDefaultLabels(a, { env: 'prod' });
    expect(await readDefaultLabels(a)).toEqual({ service: 'a', env: 'prod' });
    expect(await readDefaultLabels(b)).toEqual({ service: 'b' });
  });

  it("replaces labels set with the registry's own setDefaultLabels before, as a second setDefaultLabels would", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ team: 'core' });
    addDefaultLabels(registry, { service: 'api' });
    expect(await readDefaultLabels(registry)).toEqual({ service: 'api' });
  });
});
