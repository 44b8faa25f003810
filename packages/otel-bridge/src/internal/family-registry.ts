import type { MetricDef } from '@obskit/catalog';
import { isMetricFamily, type MetricFamily } from '@obskit/metrics-core';
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import type { AnyRegistry } from '../bridge/types.js';
import { OTEL_BRIDGE_CODES } from '../codes.js';
import { OtelBridgeError, OtelNameCollisionError } from '../bridge/errors.js';
import { resolveInstrument } from '../naming/catalog-instruments.js';
import { prometheusTypeOf, type OtelInstrumentKind, type PrometheusType } from '../naming/prometheus-name.js';
import { createExemplarStore } from './exemplars.js';
import { samplesOf, type BridgedFamily, type PromMetricData, type PromValue } from './family.js';
import type { SelfTelemetry } from './self-telemetry.js';
import { createSeriesResolver, type SeriesResolver } from './series.js';

/** A bridged metric family: what its instruments record into and how it reaches the registry. */
export interface FamilyEntry extends BridgedFamily {
  readonly def?: MetricDef;
  readonly resolver: SeriesResolver;
  /** Takes the family off the registry (or undoes the merge). */
  readonly detach: () => void;
}

/** Everything the registry of families needs from the bridge. */
export interface FamilyRegistryOptions {
  readonly registry: AnyRegistry;
  readonly self: SelfTelemetry;
  readonly maxSeriesPerMetric: number;
  readonly allowLists?: Readonly<Record<string, readonly string[]>>;
  readonly mergeCatalogMetrics: boolean;
  /**
   * Has metrics-core register a catalog metric it creates on first use, so the bridge merges into
   * it rather than taking its name first.
   */
  readonly ensureCatalogMetric?: (def: MetricDef) => void;
  readonly exemplars: boolean;
  /** One OTel collection, shared by every family of one scrape. */
  readonly collect: (reader: string) => Promise<ReadonlyMap<string, readonly MetricData[]>>;
}

/** An instrument as the family registry sees it. */
export interface InstrumentInfo {
  readonly name: string;
  readonly unit?: string;
  readonly description?: string;
  readonly kind: OtelInstrumentKind;
}

/** The prom-client metric object of a family: what `registry.registerMetric` accepts. */
interface PromMetricObject {
  name: string;
  help: string;
  type: PrometheusType;
  aggregator: 'sum';
  get(): Promise<PromMetricData>;
  reset(): void;
}

/** The families of one bridge, by Prometheus name. */
export interface FamilyRegistry {
  /**
   * The family of an instrument, registered on first use. Throws {@link OtelNameCollisionError}
   * when the name is taken by another metric, an {@link OtelBridgeError} when it contradicts the catalog.
   */
  ensure(instrument: InstrumentInfo): FamilyEntry;
  /** Registers families for data whose instrument the bridge did not see created (views that rename). */
  discover(data: MetricData): void;
  names(): string[];
  detachAll(): void;
}

/** The OTel instrument kind a collected metric came from, as far as its data tells. */
export function kindOfData(data: MetricData): OtelInstrumentKind {
  if (data.dataPointType === DataPointType.SUM) return data.isMonotonic ? 'counter' : 'updowncounter';
  if (data.dataPointType === DataPointType.GAUGE) return 'gauge';
  return 'histogram';
}

/** The Prometheus name of collected data. */
export function prometheusNameOfData(data: MetricData): string {
  return resolveInstrument(data.descriptor.name, data.descriptor.unit, kindOfData(data)).name;
}

/** A new family of `instrument` under Prometheus `name`: help, buckets, exemplar store and series resolver. */
function newFamily(
  options: FamilyRegistryOptions,
  instrument: InstrumentInfo,
  name: string,
  def: MetricDef | undefined,
  type: PrometheusType,
): BridgedFamily & { readonly def?: MetricDef; readonly resolver: SeriesResolver } {
  const help = def?.help ?? (instrument.description || `OpenTelemetry instrument ${instrument.name}.`);
  return {
    name,
    type,
    help,
    def,
    buckets: def?.buckets,
    exemplars:
      type === 'histogram' && options.exemplars && isDuration(instrument.unit)
        ? createExemplarStore()
        : undefined,
    resolver: createSeriesResolver({
      metric: name,
      def,
      maxSeries: options.maxSeriesPerMetric,
      allowLists: options.allowLists,
      catalogBounds: def !== undefined,
      report: (reason, detail) => options.self.reportError(reason, detail),
      onOverflow: () => options.self.countOverflow(name, 1),
    }),
  };
}

/** The samples of a bridged family from one OTel collection; none (reported) when reading it failed. */
async function bridgedSamples(options: FamilyRegistryOptions, family: BridgedFamily): Promise<PromValue[]> {
  const { self } = options;
  try {
    const data = await options.collect(family.name);
    return samplesOf(family, data.get(family.name) ?? []);
  } catch (error) {
    self.reportError('exception', `${family.name}: reading OpenTelemetry data failed`, error);
    return [];
  }
}

/** Puts the family on the registry: its own metric object, or merged into the catalog metric there. */
function attach(
  options: FamilyRegistryOptions,
  instrumentName: string,
  family: BridgedFamily & { def?: MetricDef },
): () => void {
  const { registry } = options;
  if (options.mergeCatalogMetrics && family.def) options.ensureCatalogMetric?.(family.def);
  const existing: unknown = registry.getSingleMetric(family.name);
  if (existing) {
    // a catalog metric of metrics-core's store: the bridged streams become one more of its sources
    if (options.mergeCatalogMetrics && family.def && isMetricFamily(existing) && mergeable(existing, family))
      return existing.addSource(() => bridgedSamples(options, family));
    throw new OtelNameCollisionError(
      instrumentName,
      family.name,
      `as a ${(existing as { type?: string }).type ?? 'metric'}${family.def ? ' with other buckets or type' : ''}`,
    );
  }
  const metric: PromMetricObject = {
    name: family.name,
    help: family.help,
    type: family.type,
    aggregator: 'sum',
    get: async () => ({
      name: metric.name,
      help: family.help,
      type: family.type,
      values: await bridgedSamples(options, family),
      aggregator: 'sum',
    }),
    reset: () => undefined,
  };
  try {
    registry.registerMetric(metric as never);
  } catch (cause) {
    throw new OtelNameCollisionError(instrumentName, family.name, 'by another collector', { cause });
  }
  return () => {
    if (registry.getSingleMetric(family.name) === (metric as never)) registry.removeSingleMetric(family.name);
  };
}

/** Builds the family registry of a bridge. */
export function createFamilyRegistry(options: FamilyRegistryOptions): FamilyRegistry {
  const { self } = options;
  const families = new Map<string, FamilyEntry>();

  function ensure(instrument: InstrumentInfo): FamilyEntry {
    const { name, def } = resolveInstrument(instrument.name, instrument.unit, instrument.kind);
    const type = prometheusTypeOf(instrument.kind);
    const known = families.get(name);
    if (known) {
      if (known.type !== type) {
        throw new OtelNameCollisionError(
          instrument.name,
          name,
          `by another OpenTelemetry instrument, as a ${known.type}`,
        );
      }
      return known;
    }
    if (def && def.type !== type) {
      throw new OtelBridgeError(
        OTEL_BRIDGE_CODES.catalogMismatch,
        `OpenTelemetry instrument "${instrument.name}" maps to catalog metric "${name}", which is a ${def.type}, not a ${type}: record it with a ${def.type} instrument`,
      );
    }
    const family = newFamily(options, instrument, name, def, type);
    const detach = attach(options, instrument.name, family);
    const entry: FamilyEntry = { ...family, detach };
    families.set(name, entry);
    return entry;
  }

  return {
    ensure,
    discover(data) {
      const name = prometheusNameOfData(data);
      if (families.has(name)) return;
      try {
        ensure({
          name: data.descriptor.name,
          unit: data.descriptor.unit,
          description: data.descriptor.description,
          kind: kindOfData(data),
        });
      } catch (error) {
        self.reportError(
          'collector_failed',
          `OpenTelemetry metric "${data.descriptor.name}" left out: ${(error as Error).message}`,
          error,
        );
      }
    },
    names: () => [...families.keys()],
    detachAll() {
      for (const family of families.values()) family.detach();
      families.clear();
    },
  };
}

function mergeable(existing: MetricFamily, family: BridgedFamily): boolean {
  if (existing.type !== family.type) return false;
  if (existing.type !== 'histogram') return true;
  const bounds = existing.buckets;
  const buckets = family.buckets ?? [];
  return bounds.length === buckets.length && bounds.every((b, i) => b === buckets[i]);
}

function isDuration(unit: string | undefined): boolean {
  return unit === 's' || unit === 'ms' || unit === 'us' || unit === 'ns' || unit === 'min' || unit === 'h';
}
