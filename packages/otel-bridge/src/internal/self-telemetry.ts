import { METRICS, createLogOnce } from '@obskit/catalog';
import { isMetricFamily, seriesKey } from '@obskit/metrics-core';
import { Counter } from 'prom-client';
import type { AnyRegistry, BridgeLogger, BridgeMetricsSink, BridgeErrorReason } from '../bridge/types.js';

/** Where the bridge reports problems and overflow: metrics-core when given, else the registry. */
export interface SelfTelemetry {
  /** Counts the problem in `obskit_instrumentation_errors_total` and logs it once per distinct detail. */
  reportError(reason: BridgeErrorReason, detail: string, error?: unknown): void;
  /** Counts observations folded into the overflow series of `metric`. */
  countOverflow(metric: string, observations: number): void;
}

interface IncCounter {
  inc(labels: Record<string, string>, value?: number): void;
}

/** At most this many distinct problems are remembered for log-once; later ones are only counted. */
const MAX_LOGGED_PROBLEMS = 1000;

/**
 * Builds the bridge's self-telemetry. With `metrics` (from @obskit/metrics-core) everything goes
 * through it, so counts land in the very series metrics-core exposes; without it, the self-metrics are
 * taken from the registry when present or created on it from the catalog.
 */
export function createSelfTelemetry(
  registry: AnyRegistry,
  logger: BridgeLogger,
  metrics: BridgeMetricsSink | undefined,
): SelfTelemetry {
  if (metrics) {
    const overflow = metrics.counter(METRICS.self.seriesOverflow);
    return {
      reportError: (reason, detail, error) => metrics.reportError('otel-bridge', reason, detail, error),
      countOverflow: (metric, n) => overflow.inc({ metric }, n),
    };
  }
  const errors = counterOn(registry, METRICS.self.instrumentationErrors);
  const overflow = counterOn(registry, METRICS.self.seriesOverflow);
  const logOnce = createLogOnce(logger, MAX_LOGGED_PROBLEMS);
  return {
    reportError(reason, detail, error) {
      try {
        errors.inc({ component: 'otel-bridge', reason });
        logOnce(`${reason}\u0001${detail}`, `obskit otel-bridge: ${detail}`, {
          component: 'otel-bridge',
          reason,
          ...(error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) }),
        });
      } catch {
        // Reporting must never throw into the caller; there is nowhere left to report to.
      }
    },
    countOverflow(metric, n) {
      try {
        overflow.inc({ metric }, n);
      } catch {
        // See above.
      }
    },
  };
}

function counterOn(
  registry: AnyRegistry,
  def: typeof METRICS.self.instrumentationErrors | typeof METRICS.self.seriesOverflow,
): IncCounter {
  const existing: unknown = registry.getSingleMetric(def.name);
  // metrics-core's counter of a registry it serves: count into the same series it does
  if (isMetricFamily(existing) && existing.type === 'counter') {
    return {
      inc(labels, value = 1) {
        existing.seriesOf(Object.freeze({ ...labels }), seriesKey(labels)).value += value;
      },
    };
  }
  if (existing && typeof (existing as Partial<IncCounter>).inc === 'function') return existing as IncCounter;
  return new Counter({
    name: def.name,
    help: def.help,
    labelNames: [...def.labels],
    registers: [registry],
  });
}
