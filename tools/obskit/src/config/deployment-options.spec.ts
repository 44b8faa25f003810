import { deploymentOptionsFromConfig, profileFor } from './deployment-options.js';

describe('profileFor', () => {
  it('takes --profile, else the environment when it names a profile, else compose', () => {
    expect(profileFor('production', 'kubernetes')).toBe('production');
    expect(profileFor(undefined, 'kubernetes')).toBe('kubernetes');
    expect(profileFor(undefined, 'agent')).toBe('agent');
    expect(profileFor(undefined, 'scale')).toBe('scale');
    expect(profileFor('scale', undefined)).toBe('scale');
    expect(profileFor(undefined, undefined)).toBe('compose');
  });
});

describe('deploymentOptionsFromConfig', () => {
  it('passes services, alerts, SLOs, storage and Grafana as written and maps inhibit rules to Alertmanager names', () => {
    const options = deploymentOptionsFromConfig(
      {
        services: [
          {
            name: 'orders-api',
            targets: { static: ['localhost:4000'] },
            metricsPath: '/api/metrics',
            auth: { bearerTokenFile: './secrets/orders-token' },
            packs: ['http', 'runtime', 'scrape'],
          },
        ],
        alerts: { overrides: { HttpLatencyHigh: { threshold: 0.3 } } },
        slos: [
          { name: 'orders', service: 'orders-api', sli: { kind: 'http-availability' }, objective: 0.999 },
        ],
        notifications: {
          receivers: [{ name: 'oncall', pagerduty: { routingKeyFile: './secrets/pd' } }],
          inhibit: [
            {
              sourceMatchers: ['severity="critical"'],
              targetMatchers: ['severity="warning"'],
              equal: ['job'],
            },
          ],
        },
        storage: { retention: { time: '30d' } },
        costBudgetUsdPerDay: 50,
      },
      'dev',
    );
    expect(options).toEqual({
      profile: 'dev',
      services: [
        {
          name: 'orders-api',
          targets: { static: ['localhost:4000'] },
          metricsPath: '/api/metrics',
          auth: { bearerTokenFile: './secrets/orders-token' },
          packs: ['http', 'runtime', 'scrape'],
        },
      ],
      alerts: { overrides: { HttpLatencyHigh: { threshold: 0.3 } } },
      slos: [{ name: 'orders', service: 'orders-api', sli: { kind: 'http-availability' }, objective: 0.999 }],
      notifications: {
        receivers: [{ name: 'oncall', pagerduty: { routingKeyFile: './secrets/pd' } }],
        inhibit: [
          {
            source_matchers: ['severity="critical"'],
            target_matchers: ['severity="warning"'],
            equal: ['job'],
          },
        ],
      },
      storage: { retention: { time: '30d' } },
      costBudgetUsdPerDay: 50,
    });
  });
});

describe('the daily cost budget', () => {
  it('passes one per service as written', () => {
    const options = deploymentOptionsFromConfig(
      {
        services: [{ name: 'planner', targets: { static: ['localhost:9464'] }, packs: ['agents'] }],
        costBudgetUsdPerDay: { planner: 300 },
      },
      'production',
    );
    expect(options.costBudgetUsdPerDay).toEqual({ planner: 300 });
  });
});

describe('the scale options', () => {
  it('passes the shards and the VictoriaMetrics URL as written', () => {
    const options = deploymentOptionsFromConfig(
      {
        services: [{ name: 'orders-api', targets: { static: ['orders-api:4000'] } }],
        scale: { shards: 4, victoriaMetricsUrl: 'http://vm.internal:8428' },
      },
      'scale',
    );
    expect(options).toMatchObject({
      profile: 'scale',
      scale: { shards: 4, victoriaMetricsUrl: 'http://vm.internal:8428' },
    });
  });
});
