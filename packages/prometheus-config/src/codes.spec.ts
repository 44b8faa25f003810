import { ObskitError, ObskitValidationError } from '@obskit/catalog';
import { PROMETHEUS_CONFIG_CODES } from './codes';
import { PrometheusConfigError } from './errors';
import { buildMonitoringProfile, type ProfileName } from './profiles/index';
import { renderPrometheusConfig } from './render';

describe('PROMETHEUS_CONFIG_CODES', () => {
  const codes = Object.values(PROMETHEUS_CONFIG_CODES);

  it.each(Object.entries(PROMETHEUS_CONFIG_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_0-9]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown PrometheusConfigError carries, listing every problem', () => {
    let thrown: unknown;
    try {
      renderPrometheusConfig({
        global: { scrape_interval: '15s' },
        scrape_configs: [
          { job_name: 'api', static_configs: [{ targets: ['api:4000'] }] },
          { job_name: 'api', static_configs: [{ targets: ['api:4000'] }] },
        ],
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PrometheusConfigError);
    expect(thrown).toBeInstanceOf(ObskitValidationError);
    expect(thrown).toBeInstanceOf(ObskitError);
    // One problem: the error carries that problem's own code.
    expect(thrown).toMatchObject({
      name: 'PrometheusConfigError',
      code: PROMETHEUS_CONFIG_CODES.duplicateJob,
      problems: [{ code: PROMETHEUS_CONFIG_CODES.duplicateJob, subject: 'scrape_configs[1] (job "api")' }],
    });
  });

  it('carries OBSKIT_UNKNOWN_PROFILE for a profile that does not exist', () => {
    expect(() => buildMonitoringProfile('staging' as ProfileName)).toThrow(
      expect.objectContaining({ name: 'PrometheusConfigError', code: PROMETHEUS_CONFIG_CODES.profile }),
    );
  });
});
