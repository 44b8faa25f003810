import type { ObskitLogger } from '@obskit/catalog';
import type { InstrumentationErrorReason, ObskitMetrics } from '@obskit/metrics-core';
import type { Meter, MeterOptions, MeterProvider } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ViewOptions } from '@opentelemetry/sdk-metrics';
import type { Registry, RegistryContentType } from 'prom-client';

/** A prom-client registry of either content type. */
export type AnyRegistry = Registry<RegistryContentType>;

/** Why the bridge dropped an observation or left something out of a scrape. */
export type BridgeErrorReason = InstrumentationErrorReason;

/** Where the bridge logs problems it handled: the catalog's `ObskitLogger` (pino, winston, `console`). */
export type BridgeLogger = ObskitLogger;

/**
 * The part of metrics-core's `ObskitMetrics` the bridge uses: pass the app's metrics object so that
 * bridge problems and series overflow are counted in the same self-metric series.
 */
export type BridgeMetricsSink = Pick<ObskitMetrics, 'registry' | 'logger' | 'reportError' | 'counter'>;

/** Options of {@link createOtelBridge}. */
export interface OtelBridgeOptions {
  /** The app's prom-client registry; the bridge's metrics are registered on it and nowhere else. */
  readonly registry: AnyRegistry;
  /**
   * The app's metrics-core object. When given, bridge problems and series overflow are counted
   * through it (same series as metrics-core's own); it must use the same registry.
   */
  readonly metrics?: BridgeMetricsSink;
  /** Logger for problems the bridge handled. @defaultValue `metrics.logger`, else a no-op logger */
  readonly logger?: BridgeLogger;
  /**
   * OTel resource; its `service.name`, `service.version`, `service.instance.id`,
   * `deployment.environment(.name)` and `telemetry.sdk.*` attributes become `target_info` labels.
   * @defaultValue the SDK's default resource (`service.name="unknown_service:node"`, telemetry.sdk.*)
   */
  readonly resource?: Resource;
  /** Extra sdk-metrics views, applied after the catalog's bucket views. */
  readonly views?: readonly ViewOptions[];
  /**
   * Per-instrument series cap; past it, new attribute sets fold into one series whose label values
   * are all `_OTHER`, counted in `obskit_metric_series_overflow_total{metric}`. Keep it equal to
   * metrics-core's `maxSeriesPerMetric`. @defaultValue `2000`
   */
  readonly maxSeriesPerMetric?: number;
  /**
   * Allowed values of open-set catalog labels (models, agents, …), as in metrics-core; other values
   * become `_OTHER`. @defaultValue none: enums and patterns only, the series cap bounds the rest
   */
  readonly allowLists?: Readonly<Record<string, readonly string[]>>;
  /**
   * When an instrument maps to a catalog metric that is already registered (by metrics-core) with the
   * same type and buckets, serve both sources as one metric family, adding up equal series.
   * When `false`, that is a name collision like any other. @defaultValue `true`
   */
  readonly mergeCatalogMetrics?: boolean;
  /** Record trace_id/span_id exemplars on duration histograms when a span is active. @defaultValue `true` */
  readonly exemplars?: boolean;
  /** Serve `target_info` from the resource. @defaultValue `true` */
  readonly targetInfo?: boolean;
  /** Milliseconds a scrape waits for OTel collection (observable callbacks). @defaultValue `5000` */
  readonly collectTimeoutMillis?: number;
}

/** A live bridge between the OpenTelemetry metrics API and a prom-client registry. */
export interface OtelBridge {
  /**
   * The MeterProvider to instrument with; pass it to instrumentations or set it globally with
   * `metrics.setGlobalMeterProvider(bridge.meterProvider)`.
   */
  readonly meterProvider: MeterProvider;
  /** Shorthand for `meterProvider.getMeter(name, version, options)`. */
  getMeter(name: string, version?: string, options?: MeterOptions): Meter;
  /** Prometheus names of the metrics the bridge serves right now (target_info included). */
  metricNames(): string[];
  /** Unregisters the bridge's metrics from the registry, restores merged ones and shuts the SDK down. */
  shutdown(): Promise<void>;
}
