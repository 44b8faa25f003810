import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PROFILE_NAMES,
  buildMonitoringProfile,
  renderAlertmanagerConfig,
  renderClusterTlsConfig,
  renderPrometheusConfig,
  renderWebConfig,
  type ProfileOptionsByName,
  type ProfileName,
} from '../src/index';
import { servicesFor } from './support';

const GOLDEN_DIR = join(__dirname, 'golden');
const UPDATE = process.env.OBSKIT_UPDATE_GOLDEN === '1';

/** Fixed options: the defaults, and placeholder ports for e2e (which has none). */
const OPTIONS: { readonly [N in ProfileName]?: ProfileOptionsByName[N] } = {
  e2e: {
    alertmanagerTargets: ['127.0.0.1:9093'],
    prometheusTarget: '127.0.0.1:9090',
    alertmanager: { webhookUrl: 'http://127.0.0.1:9095/alerts' },
  },
  production: {
    alertmanager: { teams: [{ team: 'agents', slackChannel: '#agents-alerts' }] },
    storage: { retention: { time: '30d', size: '100GB' } },
  },
  agent: {
    storage: {
      remoteWrite: [
        {
          kind: 'mimir',
          url: 'http://mimir:9009',
          tenant: 'team-a',
          auth: {
            basicAuth: { username: 'obskit', passwordFile: '/etc/obskit/secrets/remote-write-password' },
          },
        },
      ],
    },
  },
};

function renderAll(name: ProfileName): Record<string, string> {
  const profile = buildMonitoringProfile(name, { services: servicesFor(name), ...OPTIONS[name] });
  const files: Record<string, string> = {};
  for (const instance of profile.prometheus) {
    files[`${instance.name}.yml`] = renderPrometheusConfig(instance.config, { mode: profile.mode });
  }
  if (profile.alertmanager) files['alertmanager.yml'] = renderAlertmanagerConfig(profile.alertmanager.config);
  if (profile.web) files['web.yml'] = renderWebConfig(profile.web);
  if (profile.alertmanager?.web) files['alertmanager-web.yml'] = renderWebConfig(profile.alertmanager.web);
  if (profile.alertmanager?.clusterTls)
    files['alertmanager-cluster-tls.yml'] = renderClusterTlsConfig(profile.alertmanager.clusterTls);
  return files;
}

describe.each(PROFILE_NAMES)(
  'golden files of the %s profile (regenerate with OBSKIT_UPDATE_GOLDEN=1)',
  (name) => {
    const files = renderAll(name);
    const dir = join(GOLDEN_DIR, name);

    it('renders exactly the committed files', () => {
      if (UPDATE) {
        mkdirSync(dir, { recursive: true });
        for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
      }
      expect(existsSync(dir) ? readdirSync(dir).sort() : []).toEqual(Object.keys(files).sort());
      for (const [file, content] of Object.entries(files)) {
        expect({ file, content: readFileSync(join(dir, file), 'utf8') }).toEqual({ file, content });
      }
    });

    it('renders the same bytes every time', () => {
      expect(renderAll(name)).toEqual(files);
    });

    it('holds no literal secret: credentials are only file paths', () => {
      for (const content of Object.values(files)) {
        expect(content).not.toMatch(
          /^\s*(password|credentials|bearer_token|api_key|api_url|routing_key|service_key|auth_password|smtp_auth_password|slack_api_url):/m,
        );
        expect(content).not.toMatch(/https?:\/\/[^/\s:@]+:[^/\s@]+@/);
        expect(content).not.toMatch(/hooks\.slack\.com/);
      }
    });
  },
);
