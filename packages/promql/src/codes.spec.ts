import { ObskitError, ObskitValidationError } from '@obskit/catalog';
import { histogramQuantile } from './builders/functions';
import { assertValidExpression } from './check/check-expression';
import { PROMQL_CODES } from './codes';
import { PromqlError } from './errors';

describe('PROMQL_CODES', () => {
  const codes = Object.values(PROMQL_CODES);

  it.each(Object.entries(PROMQL_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_0-9]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown PromqlError carries', () => {
    let thrown: unknown;
    try {
      histogramQuantile(
        1.5,
        { name: 'http_server_request_duration_seconds', labels: ['http_route'], type: 'histogram' },
        '5m',
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PromqlError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({
      name: 'PromqlError',
      code: PROMQL_CODES.build,
      message: 'Invalid quantile "1.5": must be between 0 and 1',
    });
  });

  it('types the codes of an invalid expression', () => {
    expect(() => assertValidExpression('sum(rate(x[5m])', 'panel "Requests"')).toThrow(
      expect.objectContaining({ code: PROMQL_CODES.syntax }),
    );
    expect(() => assertValidExpression('sum(rate(x[5m])', 'panel "Requests"')).toThrow(ObskitValidationError);
  });
});
