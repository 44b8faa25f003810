import { ObskitError } from '@obskit/catalog';
import { OTEL_BRIDGE_CODES, type OtelBridgeCode } from '../codes.js';

/** An error of @obskit/otel-bridge (bad bridge options, an instrument that contradicts the catalog, …); its code is an {@link OtelBridgeCode}. */
export class OtelBridgeError extends ObskitError<OtelBridgeCode> {}

/**
 * An OpenTelemetry instrument would produce a metric name that is already registered on the
 * prom-client registry with another meaning; thrown when the instrument is created, so that the
 * exposition never carries two families of one name.
 */
export class OtelNameCollisionError extends OtelBridgeError {
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
