import { join } from 'node:path';
import { makeTempDir, runBinary, type Line, type TempDir } from '@obskit/testing';
import {
  buildComposeProfile,
  buildNotificationsAlertmanagerConfig,
  renderAlertmanagerConfig,
  type NotificationsOptions,
} from '../src/index';
import { put } from './support';

jest.setTimeout(120_000);

/**
 * Every receiver kind, routed by severity, team and service, with time intervals. The secrets are
 * files in `dir` (amtool reads them when it checks the config).
 */
function notifications(dir: string, teams: boolean): NotificationsOptions {
  const secret = (name: string) => join(dir, 'secrets', name);
  return {
    receivers: [
      { name: 'chat', slack: { apiUrlFile: secret('slack-url'), channel: '#alerts' } },
      { name: 'pager', pagerduty: { routingKeyFile: secret('pd-key') } },
      {
        name: 'mail',
        email: {
          to: 'oncall@acme.test',
          from: 'alertmanager@acme.test',
          smarthost: 'smtp.acme.test:587',
          username: 'alertmanager',
          passwordFile: secret('smtp-password'),
        },
      },
      {
        name: 'hook',
        webhook: { url: 'https://hooks.acme.test/alerts', bearerTokenFile: secret('hook-token') },
      },
      {
        name: 'payments-genie',
        opsgenie: { apiKeyFile: secret('opsgenie-key'), responders: [{ type: 'team', name: 'payments' }] },
      },
      ...(teams ? [{ name: 'teams', msteamsv2: { webhookUrlFile: secret('teams-url') } }] : []),
    ],
    defaultReceiver: 'chat',
    routes: [
      { receiver: 'payments-genie', team: 'payments', severity: 'critical' },
      { receiver: 'hook', service: 'agent-worker', continue: true },
      { receiver: 'pager', severity: 'critical' },
      {
        receiver: teams ? 'teams' : 'chat',
        severity: ['warning', 'info'],
        activeTimeIntervals: ['business-hours'],
      },
      { receiver: 'mail', severity: 'info', muteTimeIntervals: ['weekends'] },
    ],
    groupBy: ['alertname', 'job'],
    timeIntervals: [
      {
        name: 'business-hours',
        weekdays: ['monday:friday'],
        times: [{ start: '08:00', end: '18:00' }],
        location: 'Europe/Berlin',
      },
      { name: 'weekends', weekdays: ['saturday', 'sunday'] },
    ],
  };
}

const SECRETS = ['slack-url', 'pd-key', 'smtp-password', 'hook-token', 'opsgenie-key', 'teams-url'];

let temp: TempDir;
beforeAll(async () => {
  temp = await makeTempDir('obskit-notifications-');
  for (const name of SECRETS) await put(temp.path, `secrets/${name}`, 'placeholder\n');
});
afterAll(() => temp.cleanup());

async function amtool(line: Line, args: string[]): Promise<{ code: number | null; output: string }> {
  const result = await runBinary('amtool', args, { line });
  return { code: result.code, output: `${result.stdout}${result.stderr}` };
}

describe('alertmanager.yml from notifications', () => {
  it('renders every receiver with its secret as a file, and no secret value', () => {
    const yaml = renderAlertmanagerConfig(buildNotificationsAlertmanagerConfig(notifications('/s', true)));
    for (const field of [
      'api_url_file: /s/secrets/slack-url',
      'routing_key_file: /s/secrets/pd-key',
      'auth_password_file: /s/secrets/smtp-password',
      'credentials_file: /s/secrets/hook-token',
      'api_key_file: /s/secrets/opsgenie-key',
      'webhook_url_file: /s/secrets/teams-url',
    ]) {
      expect(yaml).toContain(field);
    }
    expect(yaml).toMatch(/msteamsv2_configs:/);
    expect(yaml).toMatch(/opsgenie_configs:/);
  });

  it('passes amtool 0.33 (current line) with Microsoft Teams v2, which amtool 0.25 (oldest) rejects', async () => {
    const file = await put(
      temp.path,
      'teams/alertmanager.yml',
      renderAlertmanagerConfig(buildNotificationsAlertmanagerConfig(notifications(temp.path, true))),
    );
    const current = await amtool('current', ['check-config', file]);
    expect(current).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
    // msteamsv2_configs exists from Alertmanager 0.28 on: 0.25 does not know the field.
    const oldest = await amtool('oldest', ['check-config', file]);
    expect(oldest.code).not.toBe(0);
    expect(oldest.output).toContain('msteamsv2_configs');
  });

  it('passes amtool 0.25 (oldest line) without Teams', async () => {
    const file = await put(
      temp.path,
      'plain/alertmanager.yml',
      renderAlertmanagerConfig(buildNotificationsAlertmanagerConfig(notifications(temp.path, false))),
    );
    for (const line of ['oldest', 'current'] as const) {
      expect({ line, ...(await amtool(line, ['check-config', file])) }).toEqual({
        line,
        code: 0,
        output: expect.stringContaining('SUCCESS'),
      });
    }
  });

  it('routes by team, service and severity as amtool resolves the tree', async () => {
    const file = await put(
      temp.path,
      'routes/alertmanager.yml',
      renderAlertmanagerConfig(buildNotificationsAlertmanagerConfig(notifications(temp.path, true))),
    );
    const route = async (...labels: string[]) =>
      (await amtool('current', ['config', 'routes', 'test', `--config.file=${file}`, ...labels])).output
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('Warning:'))
        .join('\n');
    expect(await route('alertname=X', 'severity=critical', 'team=payments', 'job=orders-api')).toBe(
      'payments-genie',
    );
    expect(await route('alertname=X', 'severity=critical', 'job=orders-api')).toBe('pager');
    // `continue: true` on the agent-worker route: the webhook and the severity route both get it.
    expect(await route('alertname=X', 'severity=critical', 'job=agent-worker')).toBe('hook,pager');
    expect(await route('alertname=X', 'severity=warning', 'job=orders-api')).toBe('teams');
    expect(await route('alertname=X', 'job=orders-api')).toBe('chat');
  });

  it('inhibits warning by critical of the same alert and job by default, and nothing when inhibit is false', () => {
    const on = buildNotificationsAlertmanagerConfig(notifications('/s', false));
    expect(on.inhibit_rules?.[0]).toEqual({
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity=~"warning|info"'],
      equal: ['alertname', 'cluster', 'job'],
    });
    expect(on.inhibit_rules?.some((r) => r.equal?.includes('slo'))).toBe(true);
    const off = buildNotificationsAlertmanagerConfig({ ...notifications('/s', false), inhibit: false });
    expect(off.inhibit_rules).toBeUndefined();
  });

  it('names every unknown receiver and time interval at once', () => {
    let error: unknown;
    try {
      buildNotificationsAlertmanagerConfig({
        receivers: [{ name: 'chat', slack: { apiUrlFile: '/s/url' } }],
        defaultReceiver: 'nobody',
        routes: [{ receiver: 'pager', severity: 'critical', muteTimeIntervals: ['nights'] }],
      });
    } catch (e) {
      error = e;
    }
    expect((error as { problems: { subject: string; message: string }[] }).problems).toEqual([
      expect.objectContaining({
        subject: 'notifications.defaultReceiver',
        message: 'Unknown receiver "nobody": must be one of "chat"',
      }),
      expect.objectContaining({
        subject: 'notifications.routes[0]',
        message: 'Unknown receiver "pager": must be one of "chat"',
      }),
      expect.objectContaining({
        subject: 'notifications.routes[0]',
        message: 'Unknown time interval "nights": must be one of notifications.timeIntervals (none defined)',
      }),
    ]);
  });

  it("replaces a profile's standard routing", () => {
    const profile = buildComposeProfile({ notifications: notifications('/run/secrets', false) });
    expect(profile.alertmanager?.config.receivers.map((r) => r.name)).toEqual([
      'chat',
      'pager',
      'mail',
      'hook',
      'payments-genie',
    ]);
    expect(profile.files.secretFiles).toContain('/run/secrets/secrets/opsgenie-key');
  });
});
