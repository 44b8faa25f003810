import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runBinary, type Line } from '@obskit/testing';
import {
  buildMonitoringProfile,
  renderAlertmanagerConfig,
  renderPrometheusConfig,
  renderWebConfig,
  type MonitoringProfile,
  type MonitoringProfileOptions,
  type PrometheusConfig,
  type ProfileName,
  type ServiceOptions,
} from '../src/index';

/** A stub rule file: the real rules belong to @obskit/alerts. */
export const STUB_RULES =
  'groups:\n  - name: stub\n    rules:\n      - record: obskit:stub\n        expr: vector(1)\n';

export async function put(dir: string, relative: string, content: string): Promise<string> {
  const file = join(dir, relative);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** A self-signed certificate for localhost (its own CA), made with the real openssl. */
export async function makeCertificate(dir: string): Promise<{ cert: string; key: string }> {
  await mkdir(dir, { recursive: true });
  const cert = join(dir, 'prometheus.crt');
  const key = join(dir, 'prometheus.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ],
    { stdio: 'pipe' },
  );
  return { cert, key };
}

/**
 * The fixture's services: `orders-api` (metrics at /api/metrics behind a bearer token from a file) and
 * `agent-worker` (`:9464/metrics`); file_sd targets in production, Kubernetes discovery in kubernetes.
 */
export function servicesFor(name: ProfileName, dir = '/etc/obskit'): ServiceOptions[] {
  const token = { bearerTokenFile: join(dir, 'secrets/orders-metrics-token') };
  if (name === 'production') {
    return [
      {
        name: 'orders-api',
        team: 'payments',
        targets: { fileSd: ['targets/orders-api.json'] },
        metricsPath: '/api/metrics',
        auth: token,
      },
      { name: 'agent-worker', targets: { fileSd: ['targets/agent-worker.json'] } },
    ];
  }
  if (name === 'kubernetes') {
    return [
      {
        name: 'orders-api',
        team: 'payments',
        targets: {
          kubernetes: { namespace: 'shop', labels: { 'app.kubernetes.io/name': 'orders-api' }, port: 'http' },
        },
        metricsPath: '/api/metrics',
        auth: token,
      },
      { name: 'agent-worker', targets: { kubernetes: { labels: { app: 'agent-worker' }, port: 'metrics' } } },
    ];
  }
  const host = name === 'compose' ? ['orders-api', 'agent-worker'] : ['127.0.0.1', '127.0.0.1'];
  return [
    {
      name: 'orders-api',
      team: 'payments',
      targets: { static: [`${host[0]}:4000`] },
      metricsPath: '/api/metrics',
      auth: token,
    },
    { name: 'agent-worker', targets: { static: [`${host[1]}:9464`] } },
  ];
}

/** Options that point every path of a profile into `dir` (and the e2e ports at placeholders). */
export function optionsFor(
  name: ProfileName,
  dir: string,
  extra: MonitoringProfileOptions = {},
): MonitoringProfileOptions {
  const base: MonitoringProfileOptions = {
    secretsDir: join(dir, 'secrets'),
    web: { tls: { certFile: join(dir, 'tls/prometheus.crt'), keyFile: join(dir, 'tls/prometheus.key') } },
    // one throwaway certificate serves both web endpoints (it names localhost)
    alertmanagerWeb: {
      tls: { certFile: join(dir, 'tls/prometheus.crt'), keyFile: join(dir, 'tls/prometheus.key') },
    },
    webCaFile: join(dir, 'tls/prometheus.crt'),
  };
  const e2e: MonitoringProfileOptions =
    name === 'e2e'
      ? {
          alertmanagerTargets: ['127.0.0.1:41002'],
          prometheusTarget: '127.0.0.1:41003',
          alertmanager: { webhookUrl: 'http://127.0.0.1:41004/alerts' },
        }
      : {};
  const agent: MonitoringProfileOptions =
    name === 'agent'
      ? { storage: { remoteWrite: [{ kind: 'mimir', url: 'http://mimir:9009', tenant: 'team-a' }] } }
      : {};
  return {
    ...base,
    services: servicesFor(name, dir),
    ...e2e,
    ...agent,
    ...extra,
  } as MonitoringProfileOptions;
}

/** Written files of one rendered profile. */
export interface RenderedProfile {
  readonly profile: MonitoringProfile;
  readonly prometheus: string[];
  readonly alertmanager?: string;
  readonly web?: string;
  /** Alertmanager's web.yml. */
  readonly alertmanagerWeb?: string;
}

/**
 * Renders a profile into `dir` together with what it references: stub rules, file_sd targets,
 * secret files (placeholder content) and a real TLS certificate.
 */
export async function renderProfile(
  name: ProfileName,
  dir: string,
  options: MonitoringProfileOptions,
  transform: (config: PrometheusConfig) => PrometheusConfig = (c) => c,
): Promise<RenderedProfile> {
  const profile = buildMonitoringProfile(name, options);
  await put(dir, 'rules/stub.yml', STUB_RULES);
  await put(dir, 'targets/orders-api.json', '[{"targets": ["127.0.0.1:4000"]}]\n');
  await put(dir, 'targets/agent-worker.json', '[{"targets": ["127.0.0.1:9464"]}]\n');
  await makeCertificate(join(dir, 'tls'));
  for (const file of profile.files.secretFiles) {
    if (file.startsWith(dir) && !file.endsWith('.key'))
      await put(dir, file.slice(dir.length + 1), 'placeholder\n');
  }
  const prometheus: string[] = [];
  for (const instance of profile.prometheus) {
    const yaml = renderPrometheusConfig(transform(instance.config), { mode: profile.mode });
    prometheus.push(await put(dir, `${instance.name}.yml`, yaml));
  }
  const alertmanager = profile.alertmanager
    ? await put(dir, 'alertmanager.yml', renderAlertmanagerConfig(profile.alertmanager.config))
    : undefined;
  const web = profile.web ? await put(dir, 'web.yml', renderWebConfig(profile.web)) : undefined;
  const amWeb = profile.alertmanager?.web;
  const alertmanagerWeb = amWeb ? await put(dir, 'alertmanager-web.yml', renderWebConfig(amWeb)) : undefined;
  return { profile, prometheus, alertmanager, web, ...(alertmanagerWeb ? { alertmanagerWeb } : {}) };
}

/** Runs a real tool (default: the current line) and returns its exit code with everything it printed. */
export async function check(
  tool: 'promtool' | 'amtool',
  args: string[],
  line: Line = 'current',
): Promise<{ code: number | null; output: string }> {
  const result = await runBinary(tool, args, { line });
  return { code: result.code, output: `${result.stdout}${result.stderr}` };
}
