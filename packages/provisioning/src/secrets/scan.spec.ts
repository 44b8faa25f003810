import { findLiteralSecrets } from './scan';

describe('findLiteralSecrets', () => {
  it('accepts references to files and environment variables', () => {
    expect(
      findLiteralSecrets({
        'alertmanager/alertmanager.yml': [
          'receivers:',
          '  - name: pager',
          '    pagerduty_configs:',
          '      - routing_key_file: /run/secrets/pagerduty_routing_key',
          '    slack_configs:',
          '      - api_url_file: /run/secrets/slack_webhook_url',
          '    email_configs:',
          '      - auth_password_file: /run/secrets/smtp_password',
        ].join('\n'),
        'grafana/provisioning/datasources/datasources.yml': [
          'datasources:',
          '  - secureJsonData:',
          '      basicAuthPassword: $__file{/run/secrets/prometheus_password}',
          '      httpHeaderValue1: Bearer $__env{PROM_TOKEN}',
        ].join('\n'),
        'docker-compose.monitoring.yml': [
          'services:',
          '  grafana:',
          '    environment:',
          '      GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/grafana_admin_password',
          '      GF_SECURITY_ADMIN_PASSWORD_ENV: x',
          '      API_TOKEN: ${API_TOKEN:?set it}',
        ].join('\n'),
      }),
    ).toEqual([]);
  });

  it('flags literal secrets by key and by shape, naming file and place', () => {
    const found = findLiteralSecrets({
      'alertmanager/alertmanager.yml': 'receivers:\n  - email_configs:\n      - auth_password: hunter2\n',
      'docker-compose.monitoring.yml':
        'services:\n  grafana:\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD=admin\n',
      'grafana/dashboards/x.json':
        '{"panels":[{"links":[{"url":"https://hooks.slack.com/services/T000/B000/XXXX"}]}]}',
      'kubernetes/secret.yaml': 'url: http://user:pa55@prometheus:9090\n',
    });
    expect(found).toEqual([
      {
        file: 'alertmanager/alertmanager.yml',
        where: 'receivers[0].email_configs[0].auth_password',
        reason:
          'key "auth_password" holds a literal value; use a *_file, $__file{}, $__env{} or ${ENV} reference',
      },
      {
        file: 'docker-compose.monitoring.yml',
        where: 'services.grafana.environment[0]',
        reason: 'variable "GF_SECURITY_ADMIN_PASSWORD" holds a literal value',
      },
      { file: 'grafana/dashboards/x.json', where: 'text', reason: 'looks like a Slack webhook URL' },
      { file: 'kubernetes/secret.yaml', where: 'text', reason: 'looks like credentials in a URL' },
    ]);
  });
});
