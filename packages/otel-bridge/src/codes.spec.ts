import { ObskitError } from '@obskit/catalog';
import { Registry } from 'prom-client';
import { createOtelBridge } from './bridge/create-otel-bridge';
import { OtelBridgeError, OtelNameCollisionError } from './bridge/errors';
import { OTEL_BRIDGE_CODES } from './codes';

describe('OTEL_BRIDGE_CODES', () => {
  const codes = Object.values(OTEL_BRIDGE_CODES);

  it.each(Object.entries(OTEL_BRIDGE_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown OtelBridgeError carries', () => {
    let thrown: unknown;
    try {
      createOtelBridge({ registry: new Registry(), maxSeriesPerMetric: 0 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OtelBridgeError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({ name: 'OtelBridgeError', code: OTEL_BRIDGE_CODES.invalidOptions });
  });

  it('is the family of OtelNameCollisionError', () => {
    const error = new OtelNameCollisionError('app.jobs', 'app_jobs_total', 'by another collector');
    expect(error).toBeInstanceOf(OtelBridgeError);
    expect(error).toMatchObject({ name: 'OtelNameCollisionError', code: OTEL_BRIDGE_CODES.nameCollision });
  });
});
