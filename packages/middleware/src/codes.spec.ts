import { ObskitError } from '@obskit/catalog';
import { createMetricsAuth } from './auth/auth';
import { MIDDLEWARE_CODES } from './codes';
import { MiddlewareError } from './errors';

describe('MIDDLEWARE_CODES', () => {
  const codes = Object.values(MIDDLEWARE_CODES);

  it.each(Object.entries(MIDDLEWARE_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown MiddlewareError carries', () => {
    let thrown: unknown;
    try {
      createMetricsAuth({ auth: { bearerToken: '' } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MiddlewareError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({ name: 'MiddlewareError', code: MIDDLEWARE_CODES.metricsAuthConfig });
  });
});
