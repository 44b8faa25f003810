import { load } from 'js-yaml';
import {
  PROFILE_NAMES,
  buildMonitoringProfile,
  type MonitoringProfileOptions,
  type ProfileName,
} from './profiles/index';
import type { AgentProfileOptions } from './profiles/agent';
import type { E2eProfileOptions } from './profiles/e2e';
import type { ServiceOptions } from './services/types';
import { renderAlertmanagerConfig, renderPrometheusConfig } from './render';
import type { PrometheusConfig } from './prometheus/types';
import type { AlertmanagerConfig } from './alertmanager/types';

const APP: ServiceOptions[] = [{ name: 'app', targets: { static: ['127.0.0.1:41001'] } }];
const E2E: E2eProfileOptions = {
  services: APP,
  alertmanagerTargets: ['127.0.0.1:41002'],
  prometheusTarget: '127.0.0.1:41003',
  alertmanager: { webhookUrl: 'http://127.0.0.1:41004/alerts' },
};
const AGENT: AgentProfileOptions = {
  storage: { remoteWrite: [{ kind: 'generic', url: 'http://127.0.0.1:41005/write' }] },
};
const optionsFor = (name: ProfileName): MonitoringProfileOptions =>
  name === 'e2e' ? E2E : name === 'agent' ? AGENT : {};

describe('buildMonitoringProfile', () => {
  it.each(PROFILE_NAMES)('builds a %s profile that passes validation', (name) => {
    const profile = buildMonitoringProfile(name, optionsFor(name));
    for (const instance of profile.prometheus) {
      expect(() => renderPrometheusConfig(instance.config, { mode: profile.mode })).not.toThrow();
    }
    const am = profile.alertmanager;
    if (am) expect(() => renderAlertmanagerConfig(am.config)).not.toThrow();
  });

  it('makes the HA pair identical except for the replica label', () => {
    const profile = buildMonitoringProfile('production');
    const [a, b] = profile.prometheus;
    expect([a.name, b.name]).toEqual(['prometheus-0', 'prometheus-1']);
    expect(a.config.global?.external_labels).toEqual({ cluster: 'production', replica: 'prometheus-0' });
    expect(b.config.global?.external_labels).toEqual({ cluster: 'production', replica: 'prometheus-1' });
    const lines = (c: PrometheusConfig) => renderPrometheusConfig(c).split('\n');
    const [la, lb] = [lines(a.config), lines(b.config)];
    expect(la.length).toBe(lb.length);
    const differing = la.map((line, i) => [line, lb[i]]).filter(([x, y]) => x !== y);
    expect(differing).toEqual([['    replica: prometheus-0', '    replica: prometheus-1']]);
    // Alerts leave without the replica label, so the Alertmanager cluster deduplicates them.
    expect(a.config.alerting?.alert_relabel_configs).toEqual([{ regex: 'replica', action: 'labeldrop' }]);
  });

  it('joins the production Alertmanagers into a cluster and sends alerts to every peer', () => {
    const profile = buildMonitoringProfile('production', { alertmanagerHosts: ['am-a', 'am-b', 'am-c'] });
    expect(profile.alertmanager?.args).toEqual([
      '--cluster.listen-address=0.0.0.0:9094',
      '--cluster.peer=am-a:9094',
      '--cluster.peer=am-b:9094',
      '--cluster.peer=am-c:9094',
    ]);
    expect(profile.prometheus[0].config.alerting?.alertmanagers[0].static_configs).toEqual([
      { targets: ['am-a:9093', 'am-b:9093', 'am-c:9093'] },
    ]);
  });

  it('serves the production Alertmanagers over HTTPS: alerts and their scrape go there with the CA', () => {
    const profile = buildMonitoringProfile('production', { alertmanagerServerName: 'alertmanager' });
    expect(profile.alertmanager?.web?.tls_server_config).toEqual({
      cert_file: '/etc/obskit/tls/alertmanager.crt',
      key_file: '/etc/obskit/tls/alertmanager.key',
      min_version: 'TLS12',
    });
    const config = profile.prometheus[0].config;
    const tls = {
      scheme: 'https',
      tls_config: { ca_file: '/etc/obskit/tls/ca.crt', server_name: 'alertmanager' },
    };
    expect(config.alerting?.alertmanagers[0]).toMatchObject(tls);
    expect(config.scrape_configs?.find((j) => j.job_name === 'alertmanager')).toMatchObject(tls);
  });

  it('secures the production gossip with mutual TLS on the Alertmanager certificate, unless turned off', () => {
    const profile = buildMonitoringProfile('production', { alertmanagerServerName: 'alertmanager' });
    expect(profile.alertmanager?.clusterTls).toEqual({
      tls_server_config: {
        cert_file: '/etc/obskit/tls/alertmanager.crt',
        key_file: '/etc/obskit/tls/alertmanager.key',
        client_auth_type: 'RequireAndVerifyClientCert',
        client_ca_file: '/etc/obskit/tls/ca.crt',
        min_version: 'TLS12',
      },
      tls_client_config: {
        ca_file: '/etc/obskit/tls/ca.crt',
        cert_file: '/etc/obskit/tls/alertmanager.crt',
        key_file: '/etc/obskit/tls/alertmanager.key',
        server_name: 'alertmanager',
      },
    });
    expect(
      buildMonitoringProfile('production', { alertmanagerClusterTls: false }).alertmanager?.clusterTls,
    ).toBeUndefined();
  });

  it('sends alerts with basic auth when the Alertmanager web config has users, and plain HTTP without TLS', () => {
    const profile = buildMonitoringProfile('production', {
      secretsDir: '/s',
      alertmanagerWeb: { users: { prometheus: `$2b$10$${'a'.repeat(53)}` } },
    });
    const endpoint = profile.prometheus[0].config.alerting?.alertmanagers[0];
    expect(endpoint).toMatchObject({
      scheme: 'http',
      basic_auth: { username: 'prometheus', password_file: '/s/alertmanager-web-password' },
    });
    expect(endpoint?.tls_config).toBeUndefined();
    expect(profile.alertmanager?.web?.basic_auth_users).toEqual({ prometheus: `$2b$10$${'a'.repeat(53)}` });
  });

  it('scrapes only the given services, beside Prometheus and Alertmanager at their profile addresses', () => {
    const services: ServiceOptions[] = [{ name: 'orders-api', targets: { static: ['orders-api:4000'] } }];
    const targets = (name: 'dev' | 'compose') =>
      buildMonitoringProfile(name, { services }).prometheus[0].config.scrape_configs?.map((j) => [
        j.job_name,
        j.static_configs?.[0].targets,
      ]);
    expect(targets('compose')).toEqual([
      ['orders-api', ['orders-api:4000']],
      ['prometheus', ['prometheus:9090']],
      ['alertmanager', ['alertmanager:9093']],
      ['node', ['host.docker.internal:9100']],
    ]);
    expect(targets('dev')).toEqual([
      ['orders-api', ['orders-api:4000']],
      ['prometheus', ['127.0.0.1:9090']],
      ['alertmanager', ['127.0.0.1:9093']],
    ]);
  });

  it('scrapes node_exporter as job node where given, and not at all with []', () => {
    const jobs = (name: 'dev' | 'compose', nodeExporterTargets?: string[]) =>
      buildMonitoringProfile(name, { nodeExporterTargets }).prometheus[0].config.scrape_configs?.find(
        (j) => j.job_name === 'node',
      )?.static_configs?.[0].targets;
    expect(jobs('dev', ['127.0.0.1:9100'])).toEqual(['127.0.0.1:9100']);
    expect(jobs('compose', [])).toBeUndefined();
    expect(jobs('dev')).toBeUndefined();
  });

  it('runs the e2e profile every second against the given ports and webhook', () => {
    const profile = buildMonitoringProfile('e2e', E2E);
    const config = profile.prometheus[0].config;
    expect(config.global).toMatchObject({ scrape_interval: '1s', evaluation_interval: '1s' });
    expect(config.scrape_configs?.[0].static_configs?.[0].targets).toEqual(['127.0.0.1:41001']);
    if (!profile.alertmanager) throw new Error('the e2e profile has an Alertmanager');
    const am = load(renderAlertmanagerConfig(profile.alertmanager.config)) as AlertmanagerConfig;
    expect(am.route).toMatchObject({ receiver: 'webhook', group_wait: '1s', group_interval: '1s' });
    expect(am.receivers).toEqual([
      { name: 'webhook', webhook_configs: [{ url: 'http://127.0.0.1:41004/alerts', send_resolved: true }] },
    ]);
  });

  it('lists every missing e2e option at once', () => {
    expect(() => buildMonitoringProfile('e2e', { services: APP })).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_MISSING_FIELD',
        message: expect.stringContaining('Missing option "alertmanager.webhookUrl"'),
      }),
    );
    try {
      buildMonitoringProfile('e2e', {});
    } catch (error) {
      expect((error as { problems: unknown[] }).problems).toHaveLength(4);
    }
    expect.assertions(2);
  });

  it('rejects an unknown profile name', () => {
    expect(() => buildMonitoringProfile('staging' as ProfileName)).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_UNKNOWN_PROFILE',
        message: expect.stringContaining(
          'Unknown profile "staging": must be one of dev, compose, kubernetes, production, e2e, agent',
        ),
      }),
    );
  });

  it('keeps the agent to scrape and remote_write and names the flag it needs', () => {
    const profile = buildMonitoringProfile('agent', AGENT);
    const config = profile.prometheus[0].config;
    expect(profile.mode).toBe('agent');
    expect(profile.prometheus[0].args).toEqual(['--agent']);
    expect(Object.keys(config)).toEqual(['global', 'scrape_configs', 'remote_write']);
    expect(config.global?.evaluation_interval).toBeUndefined();
    expect(profile.alertmanager).toBeUndefined();
  });

  it('describes the files each profile references', () => {
    const services: ServiceOptions[] = [
      { name: 'app', targets: { fileSd: ['targets/*.json'] }, auth: { bearerTokenFile: '/s/metrics-token' } },
    ];
    expect(buildMonitoringProfile('production', { secretsDir: '/s', services }).files).toEqual({
      ruleFiles: ['rules/*.yml'],
      fileSd: ['targets/*.json'],
      secretFiles: [
        '/etc/obskit/tls/alertmanager.key',
        '/etc/obskit/tls/prometheus.key',
        '/s/metrics-token',
        '/s/pagerduty-routing-key',
        '/s/slack-webhook-url',
        '/s/smtp-password',
      ],
      tlsFiles: [
        '/etc/obskit/tls/alertmanager.crt',
        '/etc/obskit/tls/ca.crt',
        '/etc/obskit/tls/prometheus.crt',
      ],
    });
    expect(buildMonitoringProfile('dev').files).toEqual({
      ruleFiles: ['rules/*.yml'],
      fileSd: [],
      secretFiles: [],
      tlsFiles: [],
    });
  });
});

describe('the scale profile', () => {
  it('splits every service target across the agent shards with hashmod and writes into VictoriaMetrics', () => {
    const profile = buildMonitoringProfile('scale', {
      services: APP,
      shards: 3,
      victoriaMetricsUrl: 'http://vm:8428/',
      alertmanagerTargets: ['am:9093'],
    });
    expect(profile.mode).toBe('agent');
    expect(profile.prometheus.map((p) => [p.name, p.args])).toEqual([
      ['prometheus-agent-0', ['--agent']],
      ['prometheus-agent-1', ['--agent']],
      ['prometheus-agent-2', ['--agent']],
    ]);
    profile.prometheus.forEach((p, shard) => {
      const app = p.config.scrape_configs?.find((j) => j.job_name === 'app');
      expect(app?.relabel_configs?.slice(-2)).toEqual([
        { source_labels: ['__address__'], modulus: 3, target_label: '__tmp_hash', action: 'hashmod' },
        { source_labels: ['__tmp_hash'], regex: `^${shard}$`, action: 'keep' },
      ]);
      // Each shard scrapes itself unsharded.
      const self = p.config.scrape_configs?.find((j) => j.job_name === 'prometheus');
      expect(self?.relabel_configs).toBeUndefined();
      expect(p.config.remote_write?.map((w) => w.url)).toEqual(['http://vm:8428/api/v1/write']);
    });
    expect(profile.victoriaMetrics).toEqual({
      url: 'http://vm:8428',
      vmalertArgs: [
        '-rule=rules/*.yml',
        '-datasource.url=http://vm:8428',
        '-remoteWrite.url=http://vm:8428',
        '-remoteRead.url=http://vm:8428',
        '-notifier.url=http://am:9093',
        '-evaluationInterval=15s',
        '-external.label=cluster=scale',
        '-disableAlertgroupLabel',
      ],
    });
  });

  it('names every bad option', () => {
    expect(() =>
      buildMonitoringProfile('scale', {
        shards: 0,
        victoriaMetricsUrl: 'victoria',
        storage: { retention: { time: '30d' } },
      }),
    ).toThrow(/"shards": 0[\s\S]*"victoriaMetricsUrl": "victoria"[\s\S]*storage.retention/);
  });
});
