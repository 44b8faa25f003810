import { METRICS, type MetricDef } from '@obskit/catalog';
import { DEFAULT_MAX_SERIES_PER_METRIC, noopLogger } from '@obskit/metrics-core';
import type { Meter, MeterProvider } from '@opentelemetry/api';
import { defaultResource, type Resource } from '@opentelemetry/resources';
import {
  MeterProvider as SdkMeterProvider,
  MetricReader,
  TimeoutError,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import {
  createFamilyRegistry,
  prometheusNameOfData,
  type FamilyRegistry,
} from '../internal/family-registry.js';
import { createSelfTelemetry, type SelfTelemetry } from '../internal/self-telemetry.js';
import { toPrometheusLabelName } from '../naming/prometheus-name.js';
import { createBridgeMeter } from './bridge-meter.js';
import { OTEL_BRIDGE_CODES } from '../codes.js';
import { OtelBridgeError, OtelNameCollisionError } from './errors.js';
import type { AnyRegistry, OtelBridge, OtelBridgeOptions } from './types.js';

/** How long a scrape waits for OTel collection (observable callbacks), in milliseconds. */
export const DEFAULT_COLLECT_TIMEOUT_MILLIS = 5000;

/** A reader that collects only when a scrape asks for it. */
class PullMetricReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * One OTel collection, its data grouped by Prometheus name; families are discovered on the way
 * (through `link`, set once the family registry exists). A failed or timed-out collection is
 * reported and yields what was grouped so far.
 */
async function collectByName(
  reader: MetricReader,
  timeoutMillis: number,
  self: SelfTelemetry,
  link: { families?: FamilyRegistry },
): Promise<Map<string, MetricData[]>> {
  const byName = new Map<string, MetricData[]>();
  try {
    const { resourceMetrics, errors } = await reader.collect({ timeoutMillis });
    for (const error of errors) {
      self.reportError('collector_failed', 'OpenTelemetry collection reported an error', error);
    }
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const data of scope.metrics) {
        const name = prometheusNameOfData(data);
        link.families?.discover(data);
        const list = byName.get(name);
        if (list) list.push(data);
        else byName.set(name, [data]);
      }
    }
  } catch (error) {
    const timedOut = error instanceof TimeoutError;
    self.reportError(
      timedOut ? 'collector_timeout' : 'collector_failed',
      timedOut
        ? `OpenTelemetry collection took longer than ${timeoutMillis} ms; bridged metrics left out of this scrape`
        : 'OpenTelemetry collection failed; bridged metrics left out of this scrape',
      error,
    );
  }
  return byName;
}

/** The MeterProvider of the bridge: one bridge meter per SDK meter. */
function bridgeMeterProvider(
  provider: SdkMeterProvider,
  familyRegistry: FamilyRegistry,
  self: SelfTelemetry,
): MeterProvider {
  const meters = new WeakMap<Meter, Meter>();
  return {
    getMeter(name, version, meterOptions) {
      const sdkMeter = provider.getMeter(name, version, meterOptions);
      let meter = meters.get(sdkMeter);
      if (!meter) {
        meter = createBridgeMeter(sdkMeter, familyRegistry, self);
        meters.set(sdkMeter, meter);
      }
      return meter;
    },
  };
}

/**
 * Creates an OpenTelemetry MeterProvider whose metrics are served by the app's prom-client registry,
 * in the same exposition as metrics-core's and under the catalog's names.
 *
 * - Instruments are registered on the registry when they are created (a name already taken throws
 *   {@link OtelNameCollisionError} there); instruments that map to a catalog metric metrics-core has
 *   registered are merged into it.
 * - Names follow the OTel→Prometheus compatibility spec (unit suffixes, `_total`), attributes become
 *   labels (`gen_ai.provider.name` → `gen_ai_provider_name`), catalog instruments get the catalog's
 *   buckets; the resource becomes `target_info`; no `otel_scope_*` labels.
 * - One OTel collection per scrape; a failing observable callback is left out and counted.
 *
 * @see https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/
 * @example
 * const bridge = createOtelBridge({ registry, metrics });
 * const meter = bridge.getMeter('my-agent');
 * meter.createHistogram('gen_ai.client.operation.duration', { unit: 's' })
 *   .record(1.2, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' });
 */
export function createOtelBridge(options: OtelBridgeOptions): OtelBridge {
  const { registry, metrics } = options;
  validateOptions(options);
  const logger = options.logger ?? metrics?.logger ?? noopLogger;
  const self: SelfTelemetry = createSelfTelemetry(registry, logger, metrics);
  const maxSeriesPerMetric = options.maxSeriesPerMetric ?? DEFAULT_MAX_SERIES_PER_METRIC;
  const timeoutMillis = options.collectTimeoutMillis ?? DEFAULT_COLLECT_TIMEOUT_MILLIS;
  const resource = options.resource ?? defaultResource();

  // Above the bridge's own cap, so that the SDK never folds series itself: the bridge folds them into
  // the `_OTHER` series metrics-core uses and counts them.
  const reader = new PullMetricReader({ cardinalitySelector: () => maxSeriesPerMetric + 2 });
  const provider = new SdkMeterProvider({
    resource,
    views: [...(options.views ?? [])],
    readers: [reader],
  });

  // The collection discovers families, and the families read the collection: tie the knot by reference.
  const link: { families?: FamilyRegistry } = {};
  const collectOnce = createCollectOnce(() => collectByName(reader, timeoutMillis, self, link));

  const familyRegistry = createFamilyRegistry({
    registry,
    self,
    maxSeriesPerMetric,
    allowLists: options.allowLists,
    mergeCatalogMetrics: options.mergeCatalogMetrics ?? true,
    ensureCatalogMetric: metrics ? (def) => ensureCatalogMetric(metrics, def) : undefined,
    exemplars: options.exemplars ?? true,
    collect: collectOnce,
  });
  link.families = familyRegistry;

  const detachTargetInfo =
    options.targetInfo === false ? () => undefined : registerTargetInfo(registry, resource);

  const meterProvider = bridgeMeterProvider(provider, familyRegistry, self);

  let shutDown = false;
  return {
    meterProvider,
    getMeter: (name, version, meterOptions) => meterProvider.getMeter(name, version, meterOptions),
    metricNames: () => [
      ...(options.targetInfo === false ? [] : [METRICS.prometheus.targetInfo.name]),
      ...familyRegistry.names(),
    ],
    async shutdown() {
      if (shutDown) return;
      shutDown = true;
      familyRegistry.detachAll();
      detachTargetInfo();
      await provider.shutdown();
    },
  };
}

/**
 * metrics-core registers a domain's families on first use: asking it for the catalog metric does.
 * A metric it does not create (another source, or a type it does not make) is left alone.
 */
function ensureCatalogMetric(metrics: NonNullable<OtelBridgeOptions['metrics']>, def: MetricDef): void {
  if (def.source !== 'obskit') return;
  // The sink type asks only for counter(); a full ObskitMetrics also has gauge() and histogram().
  const m = metrics as Partial<Record<'counter' | 'gauge' | 'histogram', (d: MetricDef) => unknown>>;
  try {
    if (def.type === 'counter' || def.type === 'gauge' || def.type === 'histogram') m[def.type]?.(def);
  } catch {
    // Not one of metrics-core's: the bridge registers the family itself.
  }
}

/** How long a collection may be shared by the metrics of one scrape, in milliseconds. */
const SCRAPE_WINDOW_MILLIS = 1000;

/**
 * Shares one collection between the metrics of one scrape, whoever drives it (prom-client's
 * `metrics()` asks every metric in the same tick, the obskit /metrics renderer one by one): a metric
 * joins the latest collection unless it has read that one already (then a new scrape has begun) or the
 * collection is older than a scrape could be.
 */
function createCollectOnce<T>(collect: () => Promise<T>): (reader: string) => Promise<T> {
  let latest: { result: Promise<T>; readers: Set<string>; settledAt?: number } | undefined;
  return (reader) => {
    const now = Date.now();
    const usable =
      latest !== undefined &&
      !latest.readers.has(reader) &&
      (latest.settledAt === undefined || now - latest.settledAt < SCRAPE_WINDOW_MILLIS);
    if (!usable || !latest) {
      const current: { result: Promise<T>; readers: Set<string>; settledAt?: number } = {
        result: collect(),
        readers: new Set(),
      };
      void current.result.then(() => {
        current.settledAt = Date.now();
      });
      latest = current;
    }
    latest.readers.add(reader);
    return latest.result;
  };
}

/** Resource attributes that become `target_info` labels, by attribute key. */
const TARGET_INFO_ATTRIBUTES: Readonly<Record<string, string>> = {
  'deployment.environment.name': 'deployment_environment',
  'deployment.environment': 'deployment_environment',
};

function registerTargetInfo(registry: AnyRegistry, resource: Resource): () => void {
  const def = METRICS.prometheus.targetInfo;
  const allowed = new Set<string>(def.labels);
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(resource.attributes)) {
    const label = TARGET_INFO_ATTRIBUTES[key] ?? toPrometheusLabelName(key);
    if (!allowed.has(label) || value === undefined || value === null) continue;
    if (key === 'deployment.environment' && labels[label] !== undefined) continue;
    labels[label] = String(value);
  }
  const metric = {
    name: def.name,
    help: def.help,
    type: 'gauge' as const,
    aggregator: 'first' as const,
    get: async () => ({
      name: def.name,
      help: def.help,
      type: 'gauge' as const,
      values: [{ labels, value: 1 }],
      aggregator: 'first' as const,
    }),
    reset: () => undefined,
  };
  try {
    registry.registerMetric(metric as never);
  } catch (cause) {
    throw new OtelNameCollisionError('(resource)', def.name, 'by another bridge or collector', { cause });
  }
  return () => {
    if (registry.getSingleMetric(def.name) === (metric as never)) registry.removeSingleMetric(def.name);
  };
}

function validateOptions(options: OtelBridgeOptions): void {
  const problems: string[] = [];
  if (!options || typeof options.registry?.registerMetric !== 'function') {
    problems.push('Invalid option "registry": must be a prom-client Registry');
  }
  if (options?.metrics && options.metrics.registry !== options.registry) {
    problems.push('Invalid option "metrics": must be created on the same registry as the bridge');
  }
  const cap = options?.maxSeriesPerMetric;
  if (cap !== undefined && (!Number.isInteger(cap) || cap < 1)) {
    problems.push(`Invalid option "maxSeriesPerMetric" ${String(cap)}: must be a positive integer`);
  }
  const timeout = options?.collectTimeoutMillis;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) {
    problems.push(`Invalid option "collectTimeoutMillis" ${String(timeout)}: must be a positive number`);
  }
  if (problems.length > 0) throw new OtelBridgeError(OTEL_BRIDGE_CODES.invalidOptions, problems.join('; '));
}
