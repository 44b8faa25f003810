import { load } from 'js-yaml';
import { ObskitValidationError } from '@obskit/catalog';
import { renderYaml } from '../render';
import { buildGrafanaDatasources } from './datasources';
import { buildDashboardProviders } from './dashboard-providers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, probed by path
type Ds = Record<string, any>;

describe('buildGrafanaDatasources', () => {
  const full = buildGrafanaDatasources({
    prometheus: { url: 'http://prometheus:9090', scrapeInterval: '15s' },
    alertmanager: { url: 'http://alertmanager:9093' },
    tempo: { url: 'http://tempo:3200' },
    loki: { url: 'http://loki:3100' },
  });
  const yaml = renderYaml(full);
  const parsed = load(yaml) as { apiVersion: number; prune: boolean; datasources: Ds[] };
  const byUid = Object.fromEntries(parsed.datasources.map((d) => [d.uid, d]));

  it('provisions every datasource with the fixed uid the dashboards use, read-only', () => {
    expect(parsed.apiVersion).toBe(1);
    expect(parsed.prune).toBe(true);
    expect(Object.keys(byUid)).toEqual([
      'obskit-prometheus',
      'obskit-alertmanager',
      'obskit-tempo',
      'obskit-loki',
    ]);
    expect(parsed.datasources.every((d) => d.editable === false && d.access === 'proxy')).toBe(true);
    expect(parsed.datasources.filter((d) => d.isDefault).map((d) => d.uid)).toEqual(['obskit-prometheus']);
  });

  it('links Prometheus exemplars to the traces datasource by trace_id', () => {
    expect(byUid['obskit-prometheus'].jsonData.exemplarTraceIdDestinations).toEqual([
      { name: 'trace_id', datasourceUid: 'obskit-tempo' },
    ]);
    expect(byUid['obskit-prometheus'].jsonData.timeInterval).toBe('15s');
    expect(byUid['obskit-alertmanager'].jsonData).toEqual({
      implementation: 'prometheus',
      handleGrafanaManagedAlerts: false,
    });
  });

  it('gives Loki a derived field to Tempo, with $ escaped for provisioning-file interpolation', () => {
    const [field] = byUid['obskit-loki'].jsonData.derivedFields;
    expect(field).toMatchObject({ name: 'TraceID', datasourceUid: 'obskit-tempo', url: '$${__value.raw}' });
    const match = new RegExp(field.matcherRegex).exec(
      '{"level":30,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}',
    );
    expect(match?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(new RegExp(field.matcherRegex).exec('msg=done trace_id=abc123')?.[1]).toBe('abc123');
    expect(byUid['obskit-tempo'].jsonData.tracesToLogsV2.datasourceUid).toBe('obskit-loki');
  });

  it('falls back to Jaeger for exemplars and leaves out what is disabled', () => {
    const file = buildGrafanaDatasources({
      prometheus: { url: 'http://prom:9090' },
      alertmanager: false,
      jaeger: { url: 'http://jaeger:16686' },
    });
    expect(file.datasources.map((d) => d.uid)).toEqual(['obskit-prometheus', 'obskit-jaeger']);
    expect(file.datasources[0].jsonData.exemplarTraceIdDestinations).toEqual([
      { name: 'trace_id', datasourceUid: 'obskit-jaeger' },
    ]);
    const bare = buildGrafanaDatasources({ prometheus: { url: 'http://prom:9090' } });
    expect(bare.datasources[0].jsonData).not.toHaveProperty('exemplarTraceIdDestinations');
  });

  it('renders secrets only as $__file{} / $__env{} references', () => {
    const basic = buildGrafanaDatasources({
      prometheus: {
        url: 'https://prom.example:9090',
        auth: { kind: 'basic', user: 'grafana', password: { file: '/run/secrets/prometheus_password' } },
      },
    });
    expect(basic.datasources[0]).toMatchObject({
      basicAuth: true,
      basicAuthUser: 'grafana',
      secureJsonData: { basicAuthPassword: '$__file{/run/secrets/prometheus_password}' },
    });
    const bearer = buildGrafanaDatasources({
      prometheus: { url: 'https://prom.example', auth: { kind: 'bearer', token: { env: 'PROM_TOKEN' } } },
    });
    expect(bearer.datasources[0].jsonData.httpHeaderName1).toBe('Authorization');
    expect(bearer.datasources[0].secureJsonData).toEqual({ httpHeaderValue1: 'Bearer $__env{PROM_TOKEN}' });
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      buildGrafanaDatasources({
        prometheus: { url: 'prometheus:9090', auth: { kind: 'bearer', token: { env: 'BAD-NAME' } } },
        loki: { url: 'ftp://loki' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitValidationError);
    const e = error as ObskitValidationError;
    expect(e.code).toBe('OBSKIT_INVALID_DATASOURCES');
    expect(e.problems.map((p) => p.message)).toEqual([
      'Invalid URL "prometheus:9090": must be an http(s) URL',
      'Invalid URL "ftp://loki": must be an http(s) URL',
      'Invalid secret environment variable "BAD-NAME": must match /^[A-Za-z_][A-Za-z0-9_]*$/',
    ]);
  });
});

describe('buildDashboardProviders', () => {
  it('renders one read-only file provider per folder', () => {
    const yaml = renderYaml(
      buildDashboardProviders([
        { folder: 'obskit', folderUid: 'obskit', path: '/var/lib/grafana/dashboards/obskit' },
      ]),
    );
    expect(yaml).toBe(
      [
        '# Generated by obskit (npx obskit generate). Do not edit by hand.',
        'apiVersion: 1',
        'providers:',
        '  - name: obskit',
        '    orgId: 1',
        '    folder: obskit',
        '    folderUid: obskit',
        '    type: file',
        '    disableDeletion: true',
        '    allowUiUpdates: false',
        '    updateIntervalSeconds: 30',
        '    options:',
        '      path: /var/lib/grafana/dashboards/obskit',
        '      foldersFromFilesStructure: false',
        '',
      ].join('\n'),
    );
  });

  it('rejects duplicate and malformed folders', () => {
    expect(() =>
      buildDashboardProviders([
        { folder: 'a', folderUid: 'same', path: '/d/a' },
        { folder: 'b', folderUid: 'same', path: 'relative' },
      ]),
    ).toThrow(
      /Duplicate folder uid "same": folder uids must be unique[\s\S]*Invalid dashboards path "relative": must be absolute/,
    );
    expect(() => buildDashboardProviders([])).toThrow('expected at least one folder');
  });
});
