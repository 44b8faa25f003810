import { ObskitValidationError, type Duration } from '@obskit/catalog';
import { renderPrometheusConfig } from '../render';
import { buildPrometheusConfig } from './prometheus-config';
import { buildRemoteWrite } from './remote-write';
import { buildStaticScrapeConfig } from './scrape';
import type { PrometheusConfig } from './types';
import { validatePrometheusConfig } from './validate';

const job = (name: string, extra: object = {}) => ({
  ...buildStaticScrapeConfig(name, ['127.0.0.1:3000']),
  ...extra,
});

function problemsOf(config: PrometheusConfig, mode?: 'agent') {
  return validatePrometheusConfig(config, { mode }).map((p) => ({ code: p.code, message: p.message }));
}

describe('validatePrometheusConfig', () => {
  it('accepts a config built from the builders', () => {
    const config = buildPrometheusConfig({
      scrapeConfigs: [job('demo-api'), job('prometheus')],
      remoteWrite: [buildRemoteWrite('http://mimir:9009/api/v1/push', { style: 'mimir', tenant: 't1' })],
    });
    expect(validatePrometheusConfig(config)).toEqual([]);
  });

  it('reports duplicate job names', () => {
    expect(problemsOf({ scrape_configs: [job('api'), job('db'), job('api')] })).toEqual([
      {
        code: 'OBSKIT_DUPLICATE_JOB_NAME',
        message: 'Duplicate job name "api": already used by scrape_configs[0]',
      },
    ]);
  });

  it('reports bad durations and a scrape timeout longer than the interval', () => {
    const config: PrometheusConfig = {
      global: { scrape_interval: '15 s', evaluation_interval: '' as Duration },
      scrape_configs: [job('api', { scrape_interval: '10s', scrape_timeout: '20s' })],
    };
    expect(problemsOf(config)).toEqual([
      {
        code: 'OBSKIT_INVALID_DURATION',
        message:
          'Invalid duration "15 s" in scrape_interval: must be a Prometheus duration like 30s, 5m or 1h30m',
      },
      {
        code: 'OBSKIT_INVALID_DURATION',
        message:
          'Invalid duration "" in evaluation_interval: must be a Prometheus duration like 30s, 5m or 1h30m',
      },
      {
        code: 'OBSKIT_SCRAPE_TIMEOUT_EXCEEDS_INTERVAL',
        message: 'Invalid scrape_timeout "20s": must not exceed scrape_interval "10s"',
      },
    ]);
  });

  it('compares a job timeout with the global interval it inherits', () => {
    const config: PrometheusConfig = {
      global: { scrape_interval: '5s' },
      scrape_configs: [job('api', { scrape_timeout: '6s' })],
    };
    expect(problemsOf(config).map((p) => p.message)).toEqual([
      'Invalid scrape_timeout "6s": must not exceed scrape_interval "5s"',
    ]);
  });

  it('reports literal secrets wherever they appear', () => {
    const config = {
      scrape_configs: [job('api', { basic_auth: { username: 'u', password: 'hunter2' } })],
      remote_write: [
        { url: 'https://user:pw@mimir.example.com/api/v1/push', headers: { Authorization: 'Bearer abc' } },
      ],
    } as unknown as PrometheusConfig;
    const problems = validatePrometheusConfig(config);
    expect(problems.map((p) => [p.code, p.subject, p.message])).toEqual(
      expect.arrayContaining([
        [
          'OBSKIT_LITERAL_SECRET',
          'scrape_configs[0].basic_auth.password',
          'Literal secret in "password": secrets must be referenced by file; use "password_file"',
        ],
        [
          'OBSKIT_LITERAL_SECRET',
          'remote_write[0].headers.Authorization',
          expect.stringContaining('Literal secret in header "Authorization"'),
        ],
        [
          'OBSKIT_LITERAL_SECRET',
          'remote_write[0].url',
          expect.stringContaining('credentials must not be part of the URL'),
        ],
        [
          'OBSKIT_MISSING_SECRET_FILE',
          'scrape_configs[0] (job "api")',
          expect.stringContaining('password_file'),
        ],
      ]),
    );
    expect(JSON.stringify(problems)).not.toContain('hunter2');
    expect(JSON.stringify(problems)).not.toContain(':pw@');
  });

  it('reports empty secret file paths', () => {
    const config: PrometheusConfig = {
      scrape_configs: [job('api', { authorization: { credentials_file: ' ' } })],
    };
    expect(problemsOf(config)).toEqual([
      {
        code: 'OBSKIT_MISSING_SECRET_FILE',
        message: 'Missing file path in "credentials_file": must be a non-empty path to a file',
      },
    ]);
  });

  it('reports targets with a scheme or path, bad external labels and negative limits', () => {
    const config: PrometheusConfig = {
      global: { external_labels: { 'cluster-name': 'x', __replica__: 'a', env: '' } },
      scrape_configs: [
        {
          job_name: 'api',
          sample_limit: -1,
          metrics_path: 'metrics',
          static_configs: [{ targets: ['http://127.0.0.1:3000/metrics', 'host:99999'] }],
        },
      ],
    };
    expect(problemsOf(config).map((p) => p.code)).toEqual([
      'OBSKIT_INVALID_LABEL_NAME',
      'OBSKIT_INVALID_LABEL_NAME',
      'OBSKIT_INVALID_LABEL_VALUE',
      'OBSKIT_INVALID_METRICS_PATH',
      'OBSKIT_INVALID_LIMIT',
      'OBSKIT_INVALID_TARGET',
      'OBSKIT_INVALID_TARGET',
    ]);
  });

  it('rejects rules, alerting and a missing remote_write in agent mode', () => {
    const config: PrometheusConfig = {
      global: { evaluation_interval: '15s' },
      rule_files: ['rules/*.yml'],
      alerting: { alertmanagers: [{ static_configs: [{ targets: ['am:9093'] }] }] },
      scrape_configs: [job('api')],
    };
    expect(problemsOf(config, 'agent')).toEqual([
      {
        code: 'OBSKIT_AGENT_MODE_UNSUPPORTED',
        message: 'Invalid "rule_files" in agent mode: agents evaluate no rules',
      },
      {
        code: 'OBSKIT_AGENT_MODE_UNSUPPORTED',
        message: 'Invalid "alerting" in agent mode: agents send no alerts',
      },
      {
        code: 'OBSKIT_AGENT_MODE_UNSUPPORTED',
        message: 'Invalid "evaluation_interval" in agent mode: agents evaluate no rules',
      },
      {
        code: 'OBSKIT_AGENT_MODE_UNSUPPORTED',
        message: 'Missing "remote_write" in agent mode: an agent keeps no queryable data and must forward it',
      },
    ]);
    expect(problemsOf(config)).toEqual([]);
  });

  it('makes the renderer throw one error listing every problem', () => {
    const config: PrometheusConfig = {
      global: { scrape_interval: 'soon' as Duration },
      scrape_configs: [job('api'), job('api')],
    };
    let error: unknown;
    try {
      renderPrometheusConfig(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitValidationError);
    expect((error as ObskitValidationError).code).toBe('OBSKIT_INVALID_PROMETHEUS_CONFIG');
    expect((error as Error).message).toMatch(/^Invalid prometheus.yml: 2 problems\n/);
    expect((error as Error).message).toContain('global: Invalid duration "soon" in scrape_interval');
    expect((error as Error).message).toContain('Duplicate job name "api"');
  });
});
