import type { Metric } from 'prom-client';
import type { MetricsRegistry } from '../types.js';

/** The name of the probe metric: never shows in any output (registered only during one call). */
const PROBE = 'obskit_default_labels_probe';

/**
 * The default labels of a prom-client registry, as its `getMetricsAsString` applies them.
 * prom-client has `setDefaultLabels` but no getter, so this asks the registry to format a probe
 * sample without labels, through its public API: the probe is registered, formatted and removed
 * in one synchronous step (prom-client reads a metric's `get()` before its first `await`), so no
 * other reader of the registry ever sees it; the formatted line is then parsed back.
 * Resolves to `undefined` when the registry has none (or could not be asked).
 */
export async function readDefaultLabels(
  registry: MetricsRegistry,
): Promise<Record<string, string> | undefined> {
  if (registry.getSingleMetric(PROBE) !== undefined) return undefined;
  const probe = {
    name: PROBE,
    help: 'probe',
    type: 'gauge',
    aggregator: 'sum',
    get: () => ({
      name: PROBE,
      help: 'probe',
      type: 'gauge',
      aggregator: 'sum',
      values: [{ value: 0, labels: {} }],
    }),
    reset: () => undefined,
  };
  try {
    registry.registerMetric(probe as unknown as Metric);
    let text: Promise<string>;
    try {
      text = registry.getSingleMetricAsString(PROBE);
    } finally {
      registry.removeSingleMetric(PROBE);
    }
    return parseProbeLine(await text);
  } catch {
    return undefined;
  }
}

/** The labels of the probe's sample line (`name{a="x",b="y"} 0`), unescaped. */
function parseProbeLine(text: string): Record<string, string> | undefined {
  const line = text.slice(text.lastIndexOf(`\n${PROBE}`) + 1);
  if (line[PROBE.length] !== '{') return undefined;
  const labels: Record<string, string> = {};
  let i = PROBE.length + 1;
  while (i < line.length && line[i] !== '}') {
    const eq = line.indexOf('="', i);
    if (eq < 0) return undefined;
    const name = line.slice(i, eq);
    let value = '';
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] === '\\') {
        j++;
        value += line[j] === 'n' ? '\n' : line[j];
      } else value += line[j];
    }
    labels[name] = value;
    i = line[j + 1] === ',' ? j + 2 : j + 1;
  }
  return labels;
}

/** Default labels set through {@link addDefaultLabels}, per registry. */
const added = new WeakMap<MetricsRegistry, Readonly<Record<string, string>>>();

/**
 * Sets `labels` as default labels of `registry` (`registry.setDefaultLabels`), merged over those
 * set through here before (several `createMetrics` on one registry add up). prom-client has no
 * getter, so labels an application set with `registry.setDefaultLabels` itself before are
 * replaced, as a second `setDefaultLabels` would replace them: set those after, or pass them here.
 */
export function addDefaultLabels(registry: MetricsRegistry, labels: Readonly<Record<string, string>>): void {
  const merged = { ...(added.get(registry) ?? {}), ...labels };
  added.set(registry, merged);
  registry.setDefaultLabels(merged);
}
