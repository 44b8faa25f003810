import { METRICS_CORE_CODES } from '@obskit/metrics-core';

/**
 * Every code @obskit/otel-bridge's errors carry: instrument registration, the bridge's options and
 * the price table the domain instruments are given. {@link OtelBridgeError} carries one of them.
 */
export const OTEL_BRIDGE_CODES = {
  /** An instrument's Prometheus name is already taken by another metric on the registry. */
  nameCollision: 'OBSKIT_OTEL_NAME_COLLISION',
  /** An instrument maps to a catalog metric of another type. */
  catalogMismatch: 'OBSKIT_OTEL_CATALOG_MISMATCH',
  /** The options of `createOtelBridge` are invalid. */
  invalidOptions: 'OBSKIT_OTEL_INVALID_OPTIONS',
  /** `createOtelInstruments`: a price that is not a finite number >= 0 (`validatePriceTable` of @obskit/metrics-core). */
  invalidPrice: METRICS_CORE_CODES.invalidPrice,
} as const;

/** One of {@link OTEL_BRIDGE_CODES}. */
export type OtelBridgeCode = (typeof OTEL_BRIDGE_CODES)[keyof typeof OTEL_BRIDGE_CODES];
