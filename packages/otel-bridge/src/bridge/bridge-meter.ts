import type {
  Attributes,
  BatchObservableCallback,
  BatchObservableResult,
  Context,
  Counter,
  Gauge,
  Histogram,
  Meter,
  MetricOptions,
  Observable,
  ObservableCallback,
  ObservableResult,
  UpDownCounter,
} from '@opentelemetry/api';
import type { FamilyEntry, FamilyRegistry } from '../internal/family-registry.js';
import type { SelfTelemetry } from '../internal/self-telemetry.js';
import { seriesKey } from '../internal/series.js';
import type { OtelInstrumentKind } from '../naming/prometheus-name.js';

type ObservableKind = 'observablecounter' | 'observableupdowncounter' | 'observablegauge';

/** What the bridge keeps about an observable it handed out, for batch callbacks. */
interface ObservableLink {
  readonly real: Observable;
  readonly family: FamilyEntry;
}

/** The instrument's options with the catalog's bucket boundaries as advice, when its family has them. */
function withCatalogAdvice(family: FamilyEntry, options: MetricOptions | undefined): MetricOptions {
  if (!family.buckets) return { ...options };
  return { ...options, advice: { ...options?.advice, explicitBucketBoundaries: [...family.buckets] } };
}

/** Checks a value and resolves the labels to record; `undefined` drops the observation. */
function prepare(
  self: SelfTelemetry,
  family: FamilyEntry,
  kind: OtelInstrumentKind,
  value: number,
  attributes?: Attributes,
) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    self.reportError('invalid_value', `${family.name}: value is not a finite number, observation dropped`);
    return undefined;
  }
  if (value < 0 && (kind === 'counter' || kind === 'observablecounter')) {
    self.reportError('negative_increment', `${family.name}: negative increment dropped`);
    return undefined;
  }
  if (value < 0 && kind === 'histogram') {
    self.reportError('invalid_value', `${family.name}: negative histogram value dropped`);
    return undefined;
  }
  return family.resolver.resolve(attributes);
}

/** The recording function of a sync instrument: checks, bounds labels, offers the exemplar, never throws. */
function recorder(
  self: SelfTelemetry,
  family: FamilyEntry,
  kind: OtelInstrumentKind,
  record: (v: number, a: Attributes, c?: Context) => void,
) {
  return (value: number, attributes?: Attributes, ctx?: Context): void => {
    try {
      const labels = prepare(self, family, kind, value, attributes);
      if (!labels) return;
      if (family.exemplars) family.exemplars.offer(seriesKey(labels), value, ctx);
      record(value, labels, ctx);
    } catch (error) {
      self.reportError('exception', `${family.name}: recording failed`, error);
    }
  };
}

/** An observable's result that checks values and bounds labels before passing them on. */
function guardedResult(
  self: SelfTelemetry,
  family: FamilyEntry,
  kind: ObservableKind,
  result: ObservableResult,
): ObservableResult {
  return {
    observe(value: number, attributes?: Attributes) {
      const labels = prepare(self, family, kind, value, attributes);
      if (labels) result.observe(value, labels);
    },
  };
}

/** Runs a user callback so that its failure leaves the scrape intact and is counted. */
function runGuarded(
  self: SelfTelemetry,
  what: string,
  run: () => void | Promise<void>,
): void | Promise<void> {
  const failed = (error: unknown): void =>
    self.reportError(
      'collector_failed',
      `${what} failed; its observations are left out of this scrape`,
      error,
    );
  try {
    const pending = run();
    if (pending && typeof (pending as Promise<void>).then === 'function') {
      return (pending as Promise<void>).then(undefined, failed);
    }
  } catch (error) {
    failed(error);
  }
  return undefined;
}

/** An observable handle over `real` whose callbacks are guarded; linked in `observables` for batch callbacks. */
function guardedObservable(
  self: SelfTelemetry,
  observables: WeakMap<object, ObservableLink>,
  kind: ObservableKind,
  name: string,
  family: FamilyEntry,
  real: Observable,
): Observable {
  const wrapped = new Map<ObservableCallback, ObservableCallback>();
  const handle: Observable = {
    addCallback(callback) {
      if (wrapped.has(callback)) return;
      const guarded: ObservableCallback = (result) =>
        runGuarded(self, `${family.name}: observable callback of "${name}"`, () =>
          callback(guardedResult(self, family, kind, result)),
        );
      wrapped.set(callback, guarded);
      real.addCallback(guarded);
    },
    removeCallback(callback) {
      const guarded = wrapped.get(callback);
      if (!guarded) return;
      wrapped.delete(callback);
      real.removeCallback(guarded);
    },
  };
  observables.set(handle, { real, family });
  return handle;
}

/** `addBatchObservableCallback` and `removeBatchObservableCallback`: guarded callbacks over the linked observables. */
function batchCallbacksOf(
  sdkMeter: Meter,
  self: SelfTelemetry,
  observables: WeakMap<object, ObservableLink>,
): Pick<Meter, 'addBatchObservableCallback' | 'removeBatchObservableCallback'> {
  const batchCallbacks = new Map<BatchObservableCallback, BatchObservableCallback>();
  return {
    addBatchObservableCallback(callback, list) {
      if (batchCallbacks.has(callback)) return;
      const links = list.map((o) => observables.get(o));
      const reals = links.filter((l): l is ObservableLink => l !== undefined).map((l) => l.real);
      const guarded: BatchObservableCallback = (result: BatchObservableResult) =>
        runGuarded(self, 'batch observable callback', () =>
          callback({
            observe(observable: Observable, value: number, attributes?: Attributes) {
              const link = observables.get(observable);
              if (!link) {
                self.reportError(
                  'exception',
                  'batch observable callback observed an instrument of another meter',
                );
                return;
              }
              const kind = kindOfLink(link);
              const labels = prepare(self, link.family, kind, value, attributes);
              if (labels) result.observe(link.real, value, labels);
            },
          }),
        );
      batchCallbacks.set(callback, guarded);
      sdkMeter.addBatchObservableCallback(guarded, reals);
    },
    removeBatchObservableCallback(callback, list) {
      const guarded = batchCallbacks.get(callback);
      if (!guarded) return;
      batchCallbacks.delete(callback);
      const reals = list.map((o) => observables.get(o)?.real).filter((r): r is Observable => r !== undefined);
      sdkMeter.removeBatchObservableCallback(guarded, reals);
    },
  };
}

/**
 * Wraps an sdk-metrics Meter so that every instrument created through it is registered on the
 * prom-client registry at creation (name collisions throw there), records bounded label sets under
 * Prometheus label names, gets the catalog's bucket boundaries, and never throws when recording.
 */
export function createBridgeMeter(sdkMeter: Meter, families: FamilyRegistry, self: SelfTelemetry): Meter {
  const observables = new WeakMap<object, ObservableLink>();

  function familyFor(
    name: string,
    kind: OtelInstrumentKind,
    options: MetricOptions | undefined,
  ): FamilyEntry {
    return families.ensure({ name, unit: options?.unit, description: options?.description, kind });
  }

  function observable(
    kind: ObservableKind,
    name: string,
    options: MetricOptions | undefined,
    real: Observable,
  ): Observable {
    return guardedObservable(self, observables, kind, name, familyFor(name, kind, options), real);
  }

  return {
    createHistogram(name, options) {
      const family = familyFor(name, 'histogram', options);
      const real = sdkMeter.createHistogram(name, withCatalogAdvice(family, options));
      return { record: recorder(self, family, 'histogram', (v, a, c) => real.record(v, a, c)) } as Histogram;
    },
    createCounter(name, options) {
      const family = familyFor(name, 'counter', options);
      const real = sdkMeter.createCounter(name, options);
      return { add: recorder(self, family, 'counter', (v, a, c) => real.add(v, a, c)) } as Counter;
    },
    createUpDownCounter(name, options) {
      const family = familyFor(name, 'updowncounter', options);
      const real = sdkMeter.createUpDownCounter(name, options);
      return {
        add: recorder(self, family, 'updowncounter', (v, a, c) => real.add(v, a, c)),
      } as UpDownCounter;
    },
    createGauge(name, options) {
      const family = familyFor(name, 'gauge', options);
      const real = sdkMeter.createGauge(name, options);
      return { record: recorder(self, family, 'gauge', (v, a, c) => real.record(v, a, c)) } as Gauge;
    },
    createObservableCounter(name, options) {
      return observable('observablecounter', name, options, sdkMeter.createObservableCounter(name, options));
    },
    createObservableUpDownCounter(name, options) {
      return observable(
        'observableupdowncounter',
        name,
        options,
        sdkMeter.createObservableUpDownCounter(name, options),
      );
    },
    createObservableGauge(name, options) {
      return observable('observablegauge', name, options, sdkMeter.createObservableGauge(name, options));
    },
    ...batchCallbacksOf(sdkMeter, self, observables),
  };
}

function kindOfLink(link: ObservableLink): ObservableKind {
  if (link.family.type === 'counter') return 'observablecounter';
  return 'observablegauge';
}
