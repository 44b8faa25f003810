import { load } from 'js-yaml';
import { ObskitValidationError } from '@obskit/catalog';
import { composeSchemaValidator } from '../../test/compose-schema';
import { renderYaml } from '../render';
import { buildComposeFile } from './compose';

describe('buildComposeFile', () => {
  const validate = composeSchemaValidator();
  const compose = buildComposeFile();
  const parsed = load(renderYaml(compose)) as { services: Record<string, Record<string, unknown>> };

  it('passes the compose-spec JSON schema', () => {
    const ok = validate(parsed);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check is not a rubber stamp: it rejects a malformed service', () => {
    const broken = structuredClone(parsed) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    broken.services.grafana.healthcheck.interval = 10;
    broken.services.grafana.volumez = [];
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual(
      expect.arrayContaining([
        '/services/grafana must NOT have additional properties',
        '/services/grafana/healthcheck/interval must be string',
      ]),
    );
  });

  it('runs demo-api, prometheus, alertmanager and grafana on pinned images with health checks', () => {
    expect(Object.keys(parsed.services)).toEqual(['demo-api', 'prometheus', 'alertmanager', 'grafana']);
    for (const [name, service] of Object.entries(parsed.services)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/:[^:]+$/) });
      expect(String(service.image)).not.toMatch(/:latest$/);
      expect(service.healthcheck).toMatchObject({ test: expect.arrayContaining(['CMD']) });
    }
    expect(parsed.services.grafana.image).toBe('grafana/grafana:12.2.1');
    expect(parsed.services['demo-api'].build).toEqual({
      context: '..',
      dockerfile: 'apps/demo-api/Dockerfile',
    });
  });

  it('mounts configuration and provisioning read-only and keeps data in named volumes', () => {
    expect(parsed.services.prometheus.volumes).toEqual([
      './prometheus:/etc/prometheus:ro',
      'prometheus-data:/prometheus',
    ]);
    expect(parsed.services.grafana.volumes).toEqual([
      './grafana/provisioning:/etc/grafana/provisioning:ro',
      './grafana/dashboards:/var/lib/grafana/dashboards/obskit:ro',
      'grafana-data:/var/lib/grafana',
    ]);
    expect(parsed.services['demo-api'].volumes).toEqual(['demo-api-data:/data']);
    expect(parsed.services['demo-api'].environment).toMatchObject({ HOST: '0.0.0.0', DEMO_LOAD: '5' });
    expect(Object.keys((parsed as unknown as { volumes: object }).volumes)).toEqual([
      'demo-api-data',
      'prometheus-data',
      'alertmanager-data',
      'grafana-data',
    ]);
  });

  it('applies Grafana security defaults with the admin password from a secret file', () => {
    expect(parsed.services.grafana.environment).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: 'false',
      GF_USERS_ALLOW_SIGN_UP: 'false',
      GF_USERS_AUTO_ASSIGN_ORG_ROLE: 'Viewer',
      GF_USERS_VIEWERS_CAN_EDIT: 'false',
      GF_SECURITY_ADMIN_PASSWORD__FILE: '/run/secrets/grafana-admin-password',
    });
    expect(parsed.services.grafana.secrets).toEqual(['grafana-admin-password']);
    expect((parsed as unknown as { secrets: object }).secrets).toEqual({
      'grafana-admin-password': { file: './secrets/grafana-admin-password' },
    });
  });

  it('binds published ports to loopback by default', () => {
    expect(parsed.services.grafana.ports).toEqual(['127.0.0.1:3000:3000']);
    const open = buildComposeFile({ bindAddress: '0.0.0.0', ports: { grafana: 3300 }, demoApi: false });
    expect(open.services.grafana.ports).toEqual(['0.0.0.0:3300:3000']);
    expect(Object.keys(open.services)).toEqual(['prometheus', 'alertmanager', 'grafana']);
  });

  it('mounts extra secrets into the services that need them', () => {
    const file = buildComposeFile({
      secrets: { slack_webhook_url: { file: './secrets/slack-webhook-url', services: ['alertmanager'] } },
    });
    expect(file.services.alertmanager.secrets).toEqual(['slack_webhook_url']);
    expect(validate(load(renderYaml(file)))).toBe(true);
  });

  it('refuses unpinned images and bad ports, listing every problem', () => {
    let error: unknown;
    try {
      buildComposeFile({
        images: { grafana: 'grafana/grafana:latest', prometheus: 'prom/prometheus' },
        ports: { grafana: 70000 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitValidationError);
    expect((error as ObskitValidationError).problems.map((p) => p.message)).toEqual([
      'Invalid image "prom/prometheus": must be pinned to a version tag (not "latest") or a sha256 digest',
      'Invalid image "grafana/grafana:latest": must be pinned to a version tag (not "latest") or a sha256 digest',
      'Invalid port "70000": must be an integer from 1 to 65535',
    ]);
  });
});
