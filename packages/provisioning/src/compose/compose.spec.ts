import { load } from 'js-yaml';
import { ObskitValidationError } from '@obskit/catalog';
import { composeSchemaValidator } from '../../test/compose-schema';
import { renderYaml } from '../render';
import { COMMAND_IMAGE, buildComposeFile, type ComposeAppService } from './compose';

/** The fixture's services: one from a pinned image (with a data volume and a health check), one from a command. */
const SERVICES: ComposeAppService[] = [
  {
    name: 'orders-api',
    image: 'ghcr.io/acme/orders-api:1.4.2',
    port: 4000,
    environment: { PORT: '4000' },
    volumes: ['orders-data:/data'],
    healthcheck: ['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:4000/healthz'],
  },
  { name: 'agent-worker', command: 'npm run start:worker', cwd: '../worker', port: 9464, publishPort: 19464 },
];

describe('buildComposeFile', () => {
  const validate = composeSchemaValidator();
  const compose = buildComposeFile({ services: SERVICES });
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

  it('runs the services, prometheus, alertmanager and grafana on pinned images, the stack with health checks', () => {
    expect(Object.keys(parsed.services)).toEqual([
      'orders-api',
      'agent-worker',
      'prometheus',
      'alertmanager',
      'node-exporter',
      'grafana',
    ]);
    for (const [name, service] of Object.entries(parsed.services)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/:[^:]+$/) });
      expect(String(service.image)).not.toMatch(/:latest$/);
      if (name !== 'agent-worker') {
        expect(service.healthcheck).toMatchObject({ test: expect.arrayContaining(['CMD']) });
      }
    }
    expect(parsed.services.grafana.image).toMatch(/^grafana\/grafana:/);
    expect(parsed.services['orders-api'].build).toBeUndefined();
    expect(parsed.services['orders-api'].ports).toEqual(['127.0.0.1:4000:4000']);
    // A command runs in the Node image with its directory mounted, published on its own host port.
    expect(parsed.services['agent-worker']).toMatchObject({
      image: COMMAND_IMAGE,
      working_dir: '/app',
      command: ['sh', '-c', 'npm run start:worker'],
      volumes: ['../worker:/app'],
      ports: ['127.0.0.1:19464:9464'],
    });
    expect(parsed.services.prometheus.depends_on).toEqual({
      alertmanager: { condition: 'service_healthy' },
      'orders-api': { condition: 'service_started' },
      'agent-worker': { condition: 'service_started' },
    });
  });

  it('builds a service from its Dockerfile when asked, and runs none by default', () => {
    const built = buildComposeFile({
      services: [
        {
          name: 'api',
          image: 'acme/api:0.1.0',
          build: { context: '..', dockerfile: 'Dockerfile' },
          port: 8080,
        },
      ],
    });
    expect(built.services.api).toMatchObject({ build: { context: '..', dockerfile: 'Dockerfile' } });
    expect(Object.keys(buildComposeFile().services)).toEqual([
      'prometheus',
      'alertmanager',
      'node-exporter',
      'grafana',
    ]);
  });

  it('refuses a service with neither image nor command, or named like the stack', () => {
    expect(() =>
      buildComposeFile({
        services: [
          { name: 'prometheus', port: 1 },
          { name: 'api', port: 2 },
        ],
      }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          expect.objectContaining({ message: expect.stringContaining('Service "prometheus" has neither') }),
          expect.objectContaining({ message: expect.stringContaining('Invalid service name "prometheus"') }),
          expect.objectContaining({
            message: 'Service "api" has neither run.image nor run.command: Compose cannot start it',
          }),
        ],
      }),
    );
  });

  it("takes retention time and size, and Grafana's public URL", () => {
    const file = buildComposeFile({
      retention: '30d',
      retentionSize: '50GB',
      grafanaRootUrl: 'https://grafana.acme.io',
    });
    expect(file.services.prometheus.command).toEqual(
      expect.arrayContaining(['--storage.tsdb.retention.time=30d', '--storage.tsdb.retention.size=50GB']),
    );
    expect((file.services.grafana.environment as Record<string, string>).GF_SERVER_ROOT_URL).toBe(
      '${GRAFANA_ROOT_URL:-https://grafana.acme.io}',
    );
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
    expect(parsed.services['orders-api'].volumes).toEqual(['orders-data:/data']);
    expect(parsed.services['orders-api'].environment).toEqual({ PORT: '4000' });
    expect(Object.keys((parsed as unknown as { volumes: object }).volumes)).toEqual([
      'orders-data',
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

  it('runs node-exporter on the host (network, PIDs, read-only root), scraped through host.docker.internal', () => {
    expect(parsed.services['node-exporter']).toEqual({
      image: 'prom/node-exporter:v1.11.1',
      restart: 'unless-stopped',
      command: ['--path.rootfs=/host', '--web.listen-address=:9100'],
      network_mode: 'host',
      pid: 'host',
      volumes: ['/:/host:ro,rslave'],
      healthcheck: expect.objectContaining({
        test: ['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:9100/metrics'],
      }),
    });
    expect(parsed.services.prometheus.extra_hosts).toEqual(['host.docker.internal:host-gateway']);
  });

  it('binds published ports to loopback by default', () => {
    expect(parsed.services.grafana.ports).toEqual(['127.0.0.1:3000:3000']);
    const open = buildComposeFile({ bindAddress: '0.0.0.0', ports: { grafana: 3300 } });
    expect(open.services.grafana.ports).toEqual(['0.0.0.0:3300:3000']);
    expect(Object.keys(open.services)).toEqual(['prometheus', 'alertmanager', 'node-exporter', 'grafana']);
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

  it('runs the scale stack (agent shards, VictoriaMetrics, vmalert) in place of the Prometheus server', () => {
    const scale = buildComposeFile({
      services: SERVICES,
      scale: { shards: ['prometheus-agent-0', 'prometheus-agent-1'], vmalertArgs: ['-rule=rules/*.yml'] },
    });
    expect(validate(load(renderYaml(scale)))).toBe(true);
    expect(Object.keys(scale.services)).toEqual([
      'orders-api',
      'agent-worker',
      'prometheus-agent-0',
      'prometheus-agent-1',
      'victoriametrics',
      'vmalert',
      'alertmanager',
      'grafana',
    ]);
    expect(scale.services.vmalert).toMatchObject({
      image: 'victoriametrics/vmalert:v1.145.0',
      working_dir: '/etc/prometheus',
      command: ['-rule=rules/*.yml', '-httpListenAddr=:8880'],
      ports: ['127.0.0.1:8880:8880'],
    });
    expect(scale.services.victoriametrics).toMatchObject({ ports: ['127.0.0.1:8428:8428'] });
  });

  it('refuses, in the scale stack, a service named like a shard or VictoriaMetrics, and unpinned scale images', () => {
    let error: unknown;
    try {
      buildComposeFile({
        services: [{ name: 'victoriametrics', image: 'acme/vm:1', port: 1 }],
        scale: {
          shards: ['prometheus-agent-0'],
          vmalertArgs: [],
          images: { vmalert: 'victoriametrics/vmalert:latest' },
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitValidationError);
    expect((error as ObskitValidationError).problems.map((p) => p.message)).toEqual([
      'Invalid image "victoriametrics/vmalert:latest": must be pinned to a version tag (not "latest") or a sha256 digest',
      'Invalid service name "victoriametrics": the stack already has a service of that name',
    ]);
  });
});
