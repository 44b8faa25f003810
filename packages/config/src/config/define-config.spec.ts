import { defineConfig } from './define-config.js';

describe('defineConfig', () => {
  it('returns the config it is given, unchanged', () => {
    const config = {
      services: [
        {
          name: 'orders-api',
          targets: { static: ['localhost:4000'] },
          metricsPath: '/api/metrics',
          auth: { bearerTokenFile: '/run/secrets/orders-token' },
        },
      ],
    };
    expect(defineConfig(config)).toBe(config);
  });
});
