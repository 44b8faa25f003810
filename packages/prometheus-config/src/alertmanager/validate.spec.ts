import { buildAlertmanagerConfig } from './alertmanager-config';
import { buildNullReceiver, buildSlackReceiver, buildWebhookReceiver } from './receivers';
import { buildRoutingTree } from './routes';
import type { AlertmanagerConfig } from './types';
import { validateAlertmanagerConfig } from './validate';

const problemsOf = (config: AlertmanagerConfig) =>
  validateAlertmanagerConfig(config).map((p) => [p.code, p.subject, p.message]);

describe('validateAlertmanagerConfig', () => {
  it('reports a route naming an unknown receiver, with its path in the tree', () => {
    const config = buildAlertmanagerConfig({
      route: buildRoutingTree({
        defaultReceiver: 'null',
        teams: [{ team: 'agents', receiver: 'agents-slack', bySeverity: { critical: 'pager' } }],
      }),
      receivers: [buildNullReceiver('null')],
    });
    expect(problemsOf(config)).toEqual([
      [
        'OBSKIT_UNKNOWN_RECEIVER',
        'route.routes[0]',
        'Unknown receiver "agents-slack": must be one of "null"',
      ],
      [
        'OBSKIT_UNKNOWN_RECEIVER',
        'route.routes[0].routes[0]',
        'Unknown receiver "pager": must be one of "null"',
      ],
    ]);
  });

  it('reports duplicate receivers, unknown time intervals, bad durations and matchers', () => {
    const config: AlertmanagerConfig = {
      global: { resolve_timeout: '5 minutes' },
      route: {
        receiver: 'a',
        group_wait: '1.5s',
        routes: [{ receiver: 'a', matchers: ['severity=critical'], mute_time_intervals: ['nights'] }],
      },
      receivers: [{ name: 'a' }, { name: 'a' }],
      inhibit_rules: [
        {
          source_matchers: ['severity="critical"'],
          target_matchers: ['severity~"warning"'],
          equal: ['alert-name'],
        },
      ],
    };
    expect(problemsOf(config).map(([code]) => code)).toEqual([
      'OBSKIT_INVALID_DURATION',
      'OBSKIT_DUPLICATE_RECEIVER',
      'OBSKIT_INVALID_DURATION',
      'OBSKIT_INVALID_MATCHER',
      'OBSKIT_UNKNOWN_TIME_INTERVAL',
      'OBSKIT_INVALID_MATCHER',
      'OBSKIT_INVALID_LABEL_NAME',
    ]);
    expect(problemsOf(config)[4]).toEqual([
      'OBSKIT_UNKNOWN_TIME_INTERVAL',
      'route.routes[0]',
      'Unknown time interval "nights" in mute_time_intervals',
    ]);
  });

  it('rejects literal secrets and integrations without their secret file', () => {
    const config = {
      route: { receiver: 'r' },
      receivers: [
        {
          name: 'r',
          slack_configs: [{ channel: '#a', api_url: 'https://hooks.slack.com/services/T0/B0/XXXX' }],
          pagerduty_configs: [{ routing_key: 'R0123456789' }],
          email_configs: [
            { to: 'a@example.com', from: 'b@example.com', smarthost: 'smtp:25', auth_username: 'u' },
          ],
        },
      ],
    } as unknown as AlertmanagerConfig;
    const problems = problemsOf(config);
    expect(problems).toEqual(
      expect.arrayContaining([
        [
          'OBSKIT_MISSING_SECRET_FILE',
          'receivers[0] ("r")',
          expect.stringContaining('Missing "api_url_file"'),
        ],
        [
          'OBSKIT_MISSING_SECRET_FILE',
          'receivers[0] ("r")',
          expect.stringContaining('Missing "routing_key_file"'),
        ],
        ['OBSKIT_MISSING_SECRET_FILE', 'receivers[0] ("r")', expect.stringContaining('SMTP user "u"')],
        [
          'OBSKIT_LITERAL_SECRET',
          'receivers[0].slack_configs[0].api_url',
          'Literal secret in "api_url": secrets must be referenced by file; use "api_url_file"',
        ],
        [
          'OBSKIT_LITERAL_SECRET',
          'receivers[0].pagerduty_configs[0].routing_key',
          'Literal secret in "routing_key": secrets must be referenced by file; use "routing_key_file"',
        ],
      ]),
    );
    expect(JSON.stringify(problems)).not.toContain('R0123456789');
  });

  it('rejects webhook URLs that carry credentials', () => {
    const config = buildAlertmanagerConfig({
      route: { receiver: 'hook' },
      receivers: [buildWebhookReceiver('hook', { url: 'https://hooks.example.com/alert?token=abc' })],
    });
    expect(problemsOf(config)).toEqual([
      [
        'OBSKIT_LITERAL_SECRET',
        'receivers[0].webhook_configs[0].url',
        'Literal secret in url: query parameter "token" carries a credential; use a *_file field',
      ],
    ]);
  });

  it('accepts Slack receivers that use the global api_url_file', () => {
    const config = buildAlertmanagerConfig({
      global: { slack_api_url_file: '/run/secrets/slack' },
      route: { receiver: 'slack' },
      receivers: [buildSlackReceiver('slack', { channel: '#alerts' })],
    });
    expect(problemsOf(config)).toEqual([]);
  });

  it('reports bad time ranges and weekdays', () => {
    const config: AlertmanagerConfig = {
      route: { receiver: 'a' },
      receivers: [{ name: 'a' }],
      time_intervals: [
        {
          name: 'x',
          time_intervals: [{ times: [{ start_time: '22:00', end_time: '07:00' }], weekdays: ['funday'] }],
        },
      ],
    };
    expect(problemsOf(config).map((p) => p[2])).toEqual([
      'Invalid time range "22:00-07:00": must be "HH:MM" with start before end (end may be "24:00")',
      'Invalid weekday "funday": must be a day name or range such as "monday:friday"',
    ]);
  });
});
