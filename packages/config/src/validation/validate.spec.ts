import { ObskitConfigError } from '../errors.js';
import { validateConfig } from './validate.js';

const orders = { name: 'orders-api', targets: { static: ['localhost:4000'] } };
const worker = { name: 'agent-worker', targets: { static: ['localhost:9464'] } };

/** The message a user reads for `config`, as the CLI prints it. */
function messageOf(config: unknown): string {
  try {
    validateConfig(config, 'obskit.config.ts');
  } catch (err) {
    expect(err).toBeInstanceOf(ObskitConfigError);
    expect((err as ObskitConfigError).code).toBe('OBSKIT_INVALID_CONFIG');
    return (err as Error).message;
  }
  throw new Error('expected the config to be rejected');
}
const one = (line: string) => `Invalid obskit config in obskit.config.ts: 1 problem\n  - ${line}`;

describe('validateConfig', () => {
  it('accepts a valid config and returns it', () => {
    const config = {
      services: [
        { ...orders, metricsPath: '/api/metrics', auth: { bearerTokenFile: '/run/secrets/orders-token' } },
        worker,
      ],
      slos: [
        {
          name: 'orders-availability',
          service: 'orders-api',
          sli: { kind: 'http-availability' },
          objective: 0.999,
        },
      ],
    };
    expect(validateConfig(config)).toEqual(config);
  });

  it('a bad value: the path, the value in quotes and the expected shape', () => {
    expect(
      messageOf({ services: [orders, { name: 'agent-worker', targets: { static: ['localhost'] } }] }),
    ).toBe(one('services[1].targets.static[0]: "localhost" is not host:port [OBSKIT_CONFIG_INVALID_VALUE]'));
  });

  it('a bad duration', () => {
    expect(messageOf({ services: [{ ...orders, scrapeInterval: '15 s' }] })).toBe(
      one(
        'services[0].scrapeInterval: "15 s" is not a Prometheus duration (e.g. "30s", "5m", "1h") [OBSKIT_CONFIG_INVALID_VALUE]',
      ),
    );
  });

  it('a duration the catalog grammar rejects: empty, or longer than Prometheus can hold', () => {
    for (const bad of ['', '1m1h', '293y']) {
      expect(messageOf({ services: [{ ...orders, scrapeInterval: bad }] })).toBe(
        one(
          `services[0].scrapeInterval: "${bad}" is not a Prometheus duration (e.g. "30s", "5m", "1h") [OBSKIT_CONFIG_INVALID_VALUE]`,
        ),
      );
    }
    expect(() => validateConfig({ services: [{ ...orders, scrapeInterval: '1h30m' }] })).not.toThrow();
  });

  it('a missing field', () => {
    expect(messageOf({ services: [{ targets: { static: ['localhost:4000'] } }] })).toBe(
      one('services[0].name: required (expected a string) [OBSKIT_CONFIG_MISSING]'),
    );
    expect(messageOf({ services: [{ name: 'orders-api' }] })).toBe(
      one(
        'services[0].targets: required (expected one of { static } | { kubernetes } | { fileSd }) [OBSKIT_CONFIG_MISSING]',
      ),
    );
  });

  it('an unknown key, with "did you mean"', () => {
    expect(messageOf({ services: [{ ...orders, metricPath: '/api/metrics' }] })).toBe(
      one(
        'services[0].metricPath: unknown key "metricPath"; did you mean "metricsPath"? [OBSKIT_CONFIG_UNKNOWN_KEY]',
      ),
    );
  });

  it('an unknown key with nothing close lists the accepted keys', () => {
    expect(messageOf({ services: [orders], grafana: { colour: 'blue' } })).toBe(
      one(
        'grafana.colour: unknown key "colour" (expected one of: url, folder, adminPasswordFile, datasourceTlsCaFile, extraDatasources, dashboardSchema) [OBSKIT_CONFIG_UNKNOWN_KEY]',
      ),
    );
  });

  it('a misspelt variant of a one-of (targets)', () => {
    expect(messageOf({ services: [{ name: 'orders-api', targets: { statc: ['localhost:4000'] } }] })).toBe(
      one(
        'services[0].targets: an object is not one of { static } | { kubernetes } | { fileSd } ("statc": did you mean "static"?) [OBSKIT_CONFIG_INVALID_VALUE]',
      ),
    );
  });

  it('an unknown enum value, with "did you mean"', () => {
    expect(messageOf({ services: [{ ...orders, packs: ['htp'] }] })).toMatch(
      /services\[0\]\.packs\[0\]: "htp" is not one of .*"http".*; did you mean "http"\? \[OBSKIT_CONFIG_INVALID_VALUE\]$/,
    );
  });

  it('the Grafana dashboard schema: v1 or v2, nothing else', () => {
    const config = { services: [orders], grafana: { dashboardSchema: 'v2' } };
    expect(validateConfig(config)).toEqual(config);
    expect(messageOf({ services: [orders], grafana: { dashboardSchema: 'v3' } })).toMatch(
      /grafana\.dashboardSchema: "v3" is not one of "v1", "v2"/,
    );
  });

  it('an override of an unknown alert, and a threshold on an alert that has none', () => {
    expect(
      messageOf({
        services: [orders],
        alerts: { overrides: { HttpLatencyHi: { threshold: 0.3 }, TasksStuck: { threshold: 1 } } },
      }),
    ).toBe(
      [
        'Invalid obskit config in obskit.config.ts: 2 problems',
        '  - alerts.overrides.TasksStuck.threshold: unknown key "threshold" (expected one of: for, severity) [OBSKIT_CONFIG_UNKNOWN_KEY]',
        '  - alerts.overrides.HttpLatencyHi: unknown key "HttpLatencyHi"; did you mean "HttpLatencyHigh"? [OBSKIT_CONFIG_UNKNOWN_KEY]',
      ].join('\n'),
    );
  });

  it('an unknown SLI kind, with "did you mean"', () => {
    expect(
      messageOf({
        services: [orders],
        slos: [{ name: 'lat', service: 'orders-api', sli: { kind: 'http-latncy' }, objective: 0.99 }],
      }),
    ).toBe(
      one(
        'slos[0].sli.kind: "http-latncy" is not one of "http-availability", "http-latency", "agent-availability", "agent-latency", "ratio"; did you mean "http-latency"? [OBSKIT_CONFIG_INVALID_VALUE]',
      ),
    );
  });

  it('an objective outside (0, 1)', () => {
    expect(
      messageOf({
        services: [orders],
        slos: [{ name: 'a', service: 'orders-api', sli: { kind: 'http-availability' }, objective: 99.9 }],
      }),
    ).toBe(
      one('slos[0].objective: 99.9 is not an objective in (0, 1), e.g. 0.999 [OBSKIT_CONFIG_INVALID_VALUE]'),
    );
  });

  it('an inline secret is refused with the field named', () => {
    expect(messageOf({ services: [{ ...orders, auth: { bearerToken: 's3cr3t' } }] })).toBe(
      one(
        'services[0].auth.bearerToken: a secret is never written in the config: put it in a file and give its path as "bearerTokenFile" [OBSKIT_CONFIG_INLINE_SECRET]',
      ),
    );
    expect(
      messageOf({
        services: [orders],
        notifications: { receivers: [{ name: 'oncall', pagerduty: { routingKey: 'abc' } }] },
      }),
    ).toBe(
      one(
        'notifications.receivers[0].pagerduty.routingKey: a secret is never written in the config: put it in a file and give its path as "routingKeyFile" [OBSKIT_CONFIG_INLINE_SECRET]',
      ),
    );
  });

  it('duplicate service names', () => {
    expect(
      messageOf({ services: [orders, worker, { ...orders, targets: { static: ['localhost:4001'] } }] }),
    ).toBe(
      one(
        'services[2].name: "orders-api" is already the name of services[0] (service names must be unique) [OBSKIT_CONFIG_DUPLICATE_NAME]',
      ),
    );
  });

  it('an SLO naming an unknown service', () => {
    expect(
      messageOf({
        services: [orders, worker],
        slos: [{ name: 'a', service: 'order-api', sli: { kind: 'http-availability' }, objective: 0.99 }],
      }),
    ).toBe(
      one(
        'slos[0].service: "order-api" is not a service of this config (did you mean "orders-api"? services: orders-api, agent-worker) [OBSKIT_CONFIG_UNKNOWN_SERVICE]',
      ),
    );
  });

  it('a route naming an unknown receiver', () => {
    expect(
      messageOf({
        services: [orders],
        notifications: {
          receivers: [{ name: 'slack-payments', slack: { apiUrlFile: '/run/secrets/slack' } }],
          routes: [{ receiver: 'slack-payment', severity: 'critical' }],
        },
      }),
    ).toBe(
      one(
        'notifications.routes[0].receiver: "slack-payment" is not a receiver of this config (did you mean "slack-payments"? receivers: slack-payments) [OBSKIT_CONFIG_UNKNOWN_RECEIVER]',
      ),
    );
  });

  it('a ratio SLI over a metric the catalog does not have', () => {
    expect(
      messageOf({
        services: [orders],
        slos: [
          {
            name: 'checkout',
            service: 'orders-api',
            sli: {
              kind: 'ratio',
              good: 'sum(rate(checkout_ok_total[5m]))',
              total: 'sum(rate(http_server_request_duration_seconds_count[5m]))',
            },
            objective: 0.99,
          },
        ],
      }),
    ).toBe(
      one(
        'slos[0].sli.good: Unknown metric "checkout_ok_total": not in the catalog, not a recording rule and not a metric passed in options (at 1:10 in "sum(rate(checkout_ok_total[5m]))") [OBSKIT_CONFIG_INVALID_EXPRESSION]',
      ),
    );
  });

  it('a ratio SLI that does not parse', () => {
    expect(
      messageOf({
        services: [orders],
        slos: [
          {
            name: 'checkout',
            service: 'orders-api',
            sli: {
              kind: 'ratio',
              good: 'sum(rate(http_server_request_duration_seconds_count[5m])',
              total: 'sum(rate(http_server_request_duration_seconds_count[5m]))',
            },
            objective: 0.99,
          },
        ],
      }),
    ).toMatch(
      /^Invalid obskit config in obskit\.config\.ts: 1 problem\n {2}- slos\[0\]\.sli\.good: Syntax error at line 1, column \d+: .* \[OBSKIT_CONFIG_INVALID_EXPRESSION\]$/,
    );
  });

  it('an unknown environment name, with "did you mean"', () => {
    expect(messageOf({ services: [orders], environments: { prod: {} } })).toBe(
      one('environments.prod: unknown key "prod"; did you mean "production"? [OBSKIT_CONFIG_UNKNOWN_KEY]'),
    );
  });

  it('a scale environment: shards and the VictoriaMetrics URL, checked', () => {
    const config = {
      services: [orders],
      environments: { scale: { scale: { shards: 3, victoriaMetricsUrl: 'http://vm.internal:8428' } } },
    };
    expect(validateConfig(config)).toEqual(config);
    const message = messageOf({
      services: [orders],
      environments: { scale: { scale: { shards: 0, victoriaMetricsUrl: 'vm:8428' } } },
    });
    expect(message).toContain('environments.scale.scale.shards');
    expect(message).toContain('"vm:8428" is not an http(s) URL');
  });

  it('kubernetes.nodeExporter: a boolean, in the base or an environment', () => {
    const config = {
      services: [orders],
      kubernetes: { nodeExporter: false },
      environments: { kubernetes: { kubernetes: { nodeExporter: true } } },
    };
    expect(validateConfig(config)).toEqual(config);
    expect(messageOf({ services: [orders], kubernetes: { nodeExporter: 'yes' } })).toBe(
      one('kubernetes.nodeExporter: "yes" is not true or false [OBSKIT_CONFIG_INVALID_VALUE]'),
    );
    expect(messageOf({ services: [orders], kubernetes: { nodeExporters: true } })).toMatch(
      /kubernetes\.nodeExporters: unknown key "nodeExporters"; did you mean "nodeExporter"\?/,
    );
  });

  it('an environment whose merged config breaks a reference', () => {
    expect(
      messageOf({
        services: [orders, worker],
        slos: [{ name: 'a', service: 'agent-worker', sli: { kind: 'agent-availability' }, objective: 0.99 }],
        environments: { production: { services: [orders] } },
      }),
    ).toBe(
      one(
        'environments.production → slos[0].service: "agent-worker" is not a service of this config (services: orders-api) [OBSKIT_CONFIG_UNKNOWN_SERVICE]',
      ),
    );
  });

  it('lists every problem at once', () => {
    const message = messageOf({
      services: [{ name: 'Orders', targets: { static: ['localhost'] }, metricPath: '/m' }],
      alert: {},
    });
    expect(message).toBe(
      [
        'Invalid obskit config in obskit.config.ts: 4 problems',
        '  - services[0].name: "Orders" is not a service name (expected /^[a-z][a-z0-9_-]*$/) [OBSKIT_CONFIG_INVALID_VALUE]',
        '  - services[0].targets.static[0]: "localhost" is not host:port [OBSKIT_CONFIG_INVALID_VALUE]',
        '  - services[0].metricPath: unknown key "metricPath"; did you mean "metricsPath"? [OBSKIT_CONFIG_UNKNOWN_KEY]',
        '  - alert: unknown key "alert"; did you mean "alerts"? [OBSKIT_CONFIG_UNKNOWN_KEY]',
      ].join('\n'),
    );
  });
});
