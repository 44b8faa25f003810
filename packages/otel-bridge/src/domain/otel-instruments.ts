import { METRICS, createLogOnce, type LabelsOf, type MetricDef, type ObskitLogger } from '@obskit/catalog';
import {
  createStderrLogger,
  validatePriceTable,
  type BoundCounter,
  type BoundGauge,
  type BoundHistogram,
  type DomainCounter,
  type DomainGauge,
  type DomainHistogram,
  type DomainInstruments,
  type Exemplar,
  type LabelValues,
  type PriceTable,
  type ReportError,
} from '@obskit/metrics-core';
import {
  ROOT_CONTEXT,
  TraceFlags,
  trace,
  type Attributes,
  type Context,
  type Meter,
} from '@opentelemetry/api';
import { otelAttributeOf } from '../naming/attribute-names.js';
import {
  catalogCounter,
  catalogGauge,
  catalogHistogram,
  catalogUpDownCounter,
} from '../meters/instruments.js';

/** Options of {@link createOtelInstruments}. */
export interface OtelInstrumentsOptions {
  /**
   * USD per 1k tokens by provider and model: `obskit_agent_cost_usd_total` for listed models,
   * `obskit_unpriced_tokens_total` for the others. Validated at once (throws `OBSKIT_INVALID_PRICE`).
   * @defaultValue none: every token is unpriced
   */
  readonly prices?: PriceTable;
  /** Milliseconds since the Unix epoch, for durations and recovery time. @defaultValue `Date.now` */
  readonly clock?: () => number;
  /**
   * Where dropped values are reported; pass the app's `metrics.reportError` to count them in
   * `obskit_instrumentation_errors_total`. @defaultValue each distinct problem logged once to `logger`
   */
  readonly report?: ReportError;
  /**
   * Logger of the default `report`. @defaultValue metrics-core's `createStderrLogger()`
   * (`OBSKIT_LOG=silent` silences it)
   */
  readonly logger?: ObskitLogger;
}

/**
 * Catalog gauges the helpers move with `inc`/`dec` (an OTel UpDownCounter); every other gauge is
 * set (an OTel synchronous Gauge). One instrument kind per metric: the other calls are reported.
 */
const MOVED_GAUGES: ReadonlySet<string> = new Set([
  METRICS.agent.active.name,
  METRICS.task.queueDepth.name,
  METRICS.task.running.name,
  METRICS.business.sessionsActive.name,
  METRICS.job.inFlight.name,
  METRICS.http.serverActiveRequests.name,
]);

/**
 * How a catalog gauge is recorded through OpenTelemetry: `'add'` (UpDownCounter) for the gauges the
 * domain helpers move with `inc`/`dec`, `'set'` (synchronous Gauge) for the others.
 */
export function otelGaugeWrite(def: MetricDef): 'add' | 'set' {
  return MOVED_GAUGES.has(def.name) ? 'add' : 'set';
}

/** OTel attributes of a label set: catalog label names become their attribute keys. */
function attributesOf(labels: LabelValues<string> | undefined): Attributes {
  const attributes: Attributes = {};
  if (labels === undefined || labels === null) return attributes;
  for (const [label, value] of Object.entries(labels)) {
    if (value === undefined || value === null || value === '') continue;
    attributes[otelAttributeOf(label)] = value;
  }
  return attributes;
}

/** The context that makes the bridge keep `exemplar` with an observation. */
function exemplarContext(exemplar: Exemplar | undefined): Context | undefined {
  if (exemplar === undefined) return undefined;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: exemplar.traceId,
    spanId: exemplar.spanId,
    traceFlags: TraceFlags.SAMPLED,
  });
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function defaultReport(logger: ObskitLogger): ReportError {
  const logOnce = createLogOnce(logger);
  return (component, reason, detail, error) =>
    logOnce(`${component}\u0001${reason}\u0001${detail}`, detail, { component, reason, error });
}

/** What each handle records with. */
interface HandleContext {
  readonly meter: Meter;
  readonly report: ReportError;
}

/** Runs one OTel call; a throw (a broken SDK or exporter) is reported, never passed on. */
function guarded(ctx: HandleContext, def: MetricDef, what: string, record: () => void): void {
  try {
    record();
  } catch (error) {
    ctx.report('otel-bridge', 'exception', `${def.name}: ${what} failed`, error);
  }
}

/** A catalog counter as an OTel Counter; negative and non-finite increments are reported. */
function otelCounter<L extends string>(ctx: HandleContext, def: MetricDef): DomainCounter<L> {
  const instrument = catalogCounter(ctx.meter, def);
  const add = (attributes: Attributes, value = 1) => {
    if (!finite(value) || value < 0) {
      ctx.report(
        'otel-bridge',
        finite(value) ? 'negative_increment' : 'invalid_value',
        `${def.name}: increment must be a finite non-negative number`,
      );
      return;
    }
    guarded(ctx, def, 'add', () => instrument.add(value, attributes));
  };
  return {
    inc: (labels, value) => add(attributesOf(labels), value),
    labels(labels): BoundCounter {
      const attributes = attributesOf(labels);
      return { inc: (value) => add(attributes, value) };
    },
  };
}

/** A catalog gauge as an OTel UpDownCounter or synchronous Gauge ({@link otelGaugeWrite}). */
function otelGauge<L extends string>(ctx: HandleContext, def: MetricDef): DomainGauge<L> {
  const { report } = ctx;
  const write = otelGaugeWrite(def);
  const moved = write === 'add' ? catalogUpDownCounter(ctx.meter, def) : undefined;
  const set = write === 'set' ? catalogGauge(ctx.meter, def) : undefined;
  const misuse = (call: string) =>
    report(
      'otel-bridge',
      'invalid_value',
      `${def.name}: ${call} on a gauge recorded as an OTel ${moved ? 'UpDownCounter' : 'Gauge'}`,
    );
  const notFinite = () => report('otel-bridge', 'invalid_value', `${def.name}: value must be finite`);
  const setTo = (attributes: Attributes, value: number) => {
    if (set === undefined) return misuse('set()');
    if (!finite(value)) return notFinite();
    guarded(ctx, def, 'set', () => set.record(value, attributes));
  };
  const move = (call: string, labels: LabelValues<L> | undefined, delta: number) => {
    if (moved === undefined) return misuse(call);
    if (!finite(delta)) return notFinite();
    guarded(ctx, def, call, () => moved.add(delta, attributesOf(labels)));
  };
  return {
    set: (labels, value) => setTo(attributesOf(labels), value),
    inc: (labels, value = 1) => move('inc()', labels, value),
    dec: (labels, value = 1) => move('dec()', labels, -value),
    labels(labels): BoundGauge {
      const attributes = attributesOf(labels);
      return { set: (value) => setTo(attributes, value) };
    },
  };
}

/** A catalog histogram as an OTel Histogram with the catalog's buckets; exemplars kept. */
function otelHistogram<L extends string>(ctx: HandleContext, def: MetricDef): DomainHistogram<L> {
  const instrument = catalogHistogram(ctx.meter, def);
  const observe = (attributes: Attributes, value: number, exemplar: Exemplar | undefined) => {
    // OTel histograms drop negative values, so they are reported here instead of vanishing.
    if (!finite(value) || value < 0) {
      ctx.report(
        'otel-bridge',
        'invalid_value',
        `${def.name}: observation is not a finite non-negative number`,
      );
      return;
    }
    guarded(ctx, def, 'record', () => instrument.record(value, attributes, exemplarContext(exemplar)));
  };
  return {
    observe: (labels, value, exemplar) => observe(attributesOf(labels), value, exemplar),
    labels(labels): BoundHistogram {
      const attributes = attributesOf(labels);
      return { observe: (value, exemplar) => observe(attributes, value, exemplar) };
    },
  };
}

/**
 * The domain helpers' instruments (`DomainInstruments` of @obskit/metrics-core) on an OpenTelemetry
 * `Meter`: each catalog metric becomes the OTel instrument of its semconv (or obskit) name, unit and
 * buckets, label names become attribute keys, so that through {@link createOtelBridge} the series
 * come out exactly as metrics-core's. Nothing throws while recording: negative increments, non-finite
 * values and a gauge used both ways are dropped and reported.
 *
 * @param meter - any OTel meter, e.g. `bridge.getMeter('app')`.
 * @example
 * const agents = createAgentHelpers(createOtelInstruments(bridge.getMeter('app'), { prices }));
 */
export function createOtelInstruments(meter: Meter, options: OtelInstrumentsOptions = {}): DomainInstruments {
  if (options.prices) validatePriceTable(options.prices);
  const ctx: HandleContext = {
    meter,
    report: options.report ?? defaultReport(options.logger ?? createStderrLogger()),
  };
  // One handle (and one OTel instrument) per catalog metric, however often the helpers ask.
  const handles = new Map<string, unknown>();
  const once = <T>(def: MetricDef, make: () => T): T => {
    const hit = handles.get(def.name);
    if (hit !== undefined) return hit as T;
    const made = make();
    handles.set(def.name, made);
    return made;
  };
  return {
    counter: <M extends MetricDef>(def: M) => once(def, () => otelCounter<LabelsOf<M>>(ctx, def)),
    gauge: <M extends MetricDef>(def: M) => once(def, () => otelGauge<LabelsOf<M>>(ctx, def)),
    histogram: <M extends MetricDef>(def: M) => once(def, () => otelHistogram<LabelsOf<M>>(ctx, def)),
    report: ctx.report,
    clock: options.clock ?? Date.now,
    prices: options.prices,
  };
}
