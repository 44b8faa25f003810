import { ObskitError, ObskitValidationError } from '@obskit/catalog';
import { Registry } from 'prom-client';
import { METRICS_CORE_CODES } from './codes';
import { createMetrics } from './create-metrics';
import { MetricsCoreError } from './errors';
import { validatePriceTable } from './pricing';

describe('METRICS_CORE_CODES', () => {
  const codes = Object.values(METRICS_CORE_CODES);

  it.each(Object.entries(METRICS_CORE_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown MetricsCoreError carries', () => {
    const registry = new Registry();
    createMetrics({ registry });
    let thrown: unknown;
    try {
      createMetrics({ registry });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MetricsCoreError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({
      name: 'MetricsCoreError',
      code: METRICS_CORE_CODES.metricAlreadyRegistered,
    });
  });

  it('is what the problems of a validation error carry', () => {
    let thrown: unknown;
    try {
      validatePriceTable({ openai: { 'gpt-4o': { inputPer1k: -1, outputPer1k: 0.01 } } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ObskitValidationError);
    expect(thrown).toMatchObject({
      code: METRICS_CORE_CODES.invalidPrice,
      problems: [{ code: METRICS_CORE_CODES.invalidPrice, subject: 'price of "openai/gpt-4o"' }],
    });
  });
});
