import { ObskitError } from '@obskit/catalog';

/** Stable codes of the errors the bridge throws at instrument registration. */
export const OTEL_BRIDGE_CODES = {
  /** An instrument's Prometheus name is already taken by another metric on the registry. */
  nameCollision: 'OBSKIT_OTEL_NAME_COLLISION',
  /** An instrument maps to a catalog metric of another type. */
  catalogMismatch: 'OBSKIT_OTEL_CATALOG_MISMATCH',
  /** The options of `createOtelBridge` are invalid. */
  invalidOptions: 'OBSKIT_OTEL_INVALID_OPTIONS',
} as const;

/**
 * An OpenTelemetry instrument would produce a metric name that is already registered on the
 * prom-client registry with another meaning; thrown when the instrument is created, so that the
 * exposition never carries two families of one name.
 */
export class OtelNameCollisionError extends ObskitError {
  /** The OTel instrument name, e.g. `http.server.request.duration`. */
  readonly instrument: string;
  /** The Prometheus metric name both would use. */
  readonly metric: string;

  constructor(instrument: string, metric: string, reason: string, options?: { cause?: unknown }) {
    super(
      OTEL_BRIDGE_CODES.nameCollision,
      `OpenTelemetry instrument "${instrument}" maps to metric "${metric}", which is already registered on the registry ${reason}: rename the instrument or unregister the other metric`,
      options,
    );
    this.instrument = instrument;
    this.metric = metric;
  }
}
