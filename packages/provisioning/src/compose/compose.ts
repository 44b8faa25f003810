import { throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { DEFAULT_PORTS } from '@obskit/prometheus-config';
import { PROVISIONING_CODES, type ProvisioningCode } from '../codes.js';
import { IMAGES, SCALE_IMAGES } from '../images.js';

/** Stable code of invalid Compose input. */
export const INVALID_COMPOSE = PROVISIONING_CODES.invalidCompose;

/** Paths inside the containers that the generated configuration refers to. */
export const COMPOSE_PATHS = {
  prometheusConfigDir: '/etc/prometheus',
  alertmanagerConfigDir: '/etc/alertmanager',
  grafanaProvisioningDir: '/etc/grafana/provisioning',
  grafanaDashboardsDir: '/var/lib/grafana/dashboards/obskit',
  /**
   * The v2 dashboard resources: under `conf/provisioning` of the image's working directory
   * (`/usr/share/grafana`), a path on-prem file provisioning permits by default; connect it once as
   * the local path `conf/provisioning/obskit` in Administration > Provisioning.
   */
  grafanaDashboardsV2Dir: '/usr/share/grafana/conf/provisioning/obskit',
  secretsDir: '/run/secrets',
} as const;

/** A secret file mounted at `/run/secrets/<name>` into the services that need it. */
export interface ComposeSecret {
  /** File on the host, relative to the Compose file. Created by the operator, never generated. */
  readonly file: string;
  readonly services: readonly string[];
}

/** Image a service given only as a `command` runs in (its `cwd` mounted at `/app`). */
export const COMMAND_IMAGE = 'node:22.12.0-alpine';

/**
 * One of the user's services in the stack: from a pinned `image` (optionally built from `build`), or
 * a `command` run in {@link COMMAND_IMAGE} with `cwd` mounted at `/app`. The Compose service name is
 * `name`, so the compose profile's scrape target is `<name>:<port>`.
 */
export interface ComposeAppService {
  readonly name: string;
  /** Pinned image (a version tag, not `latest`, or a digest). */
  readonly image?: string;
  /** Build the image from this context and Dockerfile (paths relative to the Compose file). */
  readonly build?: { readonly context: string; readonly dockerfile: string };
  /** Shell command run when there is no image, e.g. `npm start`. */
  readonly command?: string;
  /** Host directory mounted at `/app` for `command`, relative to the Compose file. @defaultValue `'..'` */
  readonly cwd?: string;
  /** Port the service listens on inside its container. */
  readonly port: number;
  /** Host port it is published on (bound to `bindAddress`). @defaultValue `port` */
  readonly publishPort?: number;
  readonly environment?: Readonly<Record<string, string>>;
  /** Volume mounts; a named volume (`data:/data`) is declared at the top level. */
  readonly volumes?: readonly string[];
  /** Health check command (`['CMD', ...]`); without it Prometheus waits for the start only. */
  readonly healthcheck?: readonly string[];
}

/**
 * The `scale` stack: in place of the one Prometheus server, `shards` Prometheus agents (each its own
 * `prometheus/<name>.yml`), single-node VictoriaMetrics they write into and vmalert evaluating the rule
 * files against it (run in `/etc/prometheus`, so `-rule=rules/*.yml` finds the mounted rules).
 */
export interface ComposeScale {
  /** Compose service name of each shard, also its config file `prometheus/<name>.yml`. */
  readonly shards: readonly string[];
  /** vmalert's flags (the scale profile's `victoriaMetrics.vmalertArgs`). */
  readonly vmalertArgs: readonly string[];
  /** @defaultValue {@link SCALE_IMAGES} */
  readonly images?: Partial<Record<keyof typeof SCALE_IMAGES, string>>;
}

/** Port VictoriaMetrics listens on (its HTTP API, Prometheus-compatible querying and remote write). */
export const VICTORIA_METRICS_PORT = 8428;
/** Port vmalert listens on (its UI and API). */
export const VMALERT_PORT = 8880;

/** Declarative input of {@link buildComposeFile}. Every field has a default. */
export interface ComposeConfig {
  /** Container images; each must carry a version tag other than `latest`. @defaultValue {@link IMAGES} */
  readonly images?: Partial<Record<keyof typeof IMAGES, string>>;
  /** The scraped services the stack runs, in order. @defaultValue none */
  readonly services?: readonly ComposeAppService[];
  /** Host address the published ports bind to. @defaultValue `'127.0.0.1'` (not reachable from other hosts) */
  readonly bindAddress?: string;
  /** Published host ports. @defaultValue prometheus 9090, alertmanager 9093, grafana 3000 */
  readonly ports?: Partial<Record<'prometheus' | 'alertmanager' | 'grafana', number>>;
  /** File holding the Grafana admin password, relative to the Compose file. @defaultValue `'./secrets/grafana-admin-password'` */
  readonly grafanaAdminPasswordFile?: string;
  /** Further secrets (receiver keys, scrape credentials), by name. */
  readonly secrets?: Readonly<Record<string, ComposeSecret>>;
  /** Prometheus TSDB retention time. @defaultValue `'15d'` */
  readonly retention?: string;
  /** Prometheus TSDB retention size (`--storage.tsdb.retention.size`), e.g. `'50GB'`. @defaultValue none */
  readonly retentionSize?: string;
  /** Grafana's public URL (`GF_SERVER_ROOT_URL`, overridable by `$GRAFANA_ROOT_URL`). @defaultValue `'http://localhost:3000'` */
  readonly grafanaRootUrl?: string;
  /**
   * Dashboard schema of the mounted files: `v2` mounts `./grafana/dashboards-v2` and enables the
   * feature toggles Grafana 12 needs to read it (`provisioning`, `kubernetesDashboards`,
   * `dashboardNewLayouts`). @defaultValue `'v1'`: `./grafana/dashboards`, classic provisioning
   */
  readonly dashboardSchema?: 'v1' | 'v2';
  /** Run the `scale` stack (agent shards, VictoriaMetrics, vmalert) instead of one Prometheus server. */
  readonly scale?: ComposeScale;
}

/** One service of a {@link ComposeFile} (a compose-spec service object), as plain data. */
export type ComposeService = Record<string, unknown>;

/** Port Grafana listens on inside its container. */
const GRAFANA_PORT = 3000;

/** A Compose file (compose-spec), as plain data. */
export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes: Readonly<Record<string, Record<string, never>>>;
  readonly secrets: Readonly<Record<string, { readonly file: string }>>;
}

const SECRET_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const PINNED_IMAGE = /^[a-z0-9./_-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;

/** Problems of an image reference: it must carry a version tag (not `latest`) or a digest. */
export function checkPinnedImage(image: string, subject: string): ValidationProblem<ProvisioningCode>[] {
  if (!PINNED_IMAGE.test(image) || /:latest$/.test(image)) {
    return [
      {
        code: INVALID_COMPOSE,
        subject,
        message: `Invalid image "${image}": must be pinned to a version tag (not "latest") or a sha256 digest`,
      },
    ];
  }
  return [];
}

function healthcheck(test: readonly string[]): ComposeService {
  return { test: [...test], interval: '10s', timeout: '5s', retries: 5, start_period: '20s' };
}

/**
 * Builds `docker-compose.monitoring.yml`: the configured services, Prometheus, Alertmanager and Grafana with pinned
 * images, named volumes for data, health checks, configuration and provisioning mounted read-only,
 * secrets as Docker secrets under `/run/secrets`, and Grafana's security defaults (anonymous access
 * and sign-up off, admin password from a file, Viewer as the default role). Paths are relative to
 * the generated tree (`deployment/`). https://github.com/compose-spec/compose-spec/blob/main/spec.md
 *
 * @throws ObskitValidationError `OBSKIT_INVALID_COMPOSE` listing every problem.
 */
export function buildComposeFile(config: ComposeConfig = {}): ComposeFile {
  const images = { ...IMAGES, ...config.images };
  const bind = config.bindAddress ?? '127.0.0.1';
  const ports = {
    prometheus: DEFAULT_PORTS.prometheus,
    alertmanager: DEFAULT_PORTS.alertmanager,
    grafana: GRAFANA_PORT,
    ...config.ports,
  };
  const apps = config.services ?? [];
  const secrets: Record<string, ComposeSecret> = {
    'grafana-admin-password': {
      file: config.grafanaAdminPasswordFile ?? './secrets/grafana-admin-password',
      services: ['grafana'],
    },
    ...config.secrets,
  };
  const scaleImages = { ...SCALE_IMAGES, ...config.scale?.images };
  throwIfProblems<ProvisioningCode>(INVALID_COMPOSE, 'Invalid Compose stack', [
    ...imageProblems(images, config.scale ? scaleImages : undefined),
    ...appProblems(apps, config.scale),
    ...secretProblems(secrets),
    ...portProblems(ports, apps),
  ]);

  const shared: ScaleShared = {
    bind,
    withSecrets: secretsAttacher(secrets),
    healthcheck,
    wget,
    apps,
    prometheusImage: images.prometheus,
  };
  const services: Record<string, ComposeService> = {};
  for (const app of apps) services[app.name] = appService(app, shared);
  if (config.scale) {
    // The shards, VictoriaMetrics and vmalert in place of the Prometheus server.
    Object.assign(services, scaleServices(config.scale, scaleImages, shared));
  } else {
    services.prometheus = prometheusService(config, ports.prometheus, shared);
  }
  services.alertmanager = alertmanagerService(images.alertmanager, ports.alertmanager, shared);
  if (!config.scale) services['node-exporter'] = nodeExporterService(images.nodeExporter);
  services.grafana = grafanaService(config, images.grafana, ports.grafana, shared);

  const secretFiles: Record<string, { file: string }> = {};
  for (const name of Object.keys(secrets).sort()) secretFiles[name] = { file: secrets[name].file };
  return { services, volumes: composeVolumes(apps, config.scale), secrets: secretFiles };
}

/** Every image pinned (the scale stack's too, when it runs). */
function imageProblems(
  images: Readonly<Record<string, string>>,
  scaleImages: Readonly<Record<string, string>> | undefined,
): ValidationProblem<ProvisioningCode>[] {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  for (const [key, image] of Object.entries(images))
    problems.push(...checkPinnedImage(image, `images.${key}`));
  for (const [key, image] of Object.entries(scaleImages ?? {}))
    problems.push(...checkPinnedImage(image, `scale.images.${key}`));
  return problems;
}

/** Each app service: a pinned image or a command, and a name the stack does not already use. */
function appProblems(
  apps: readonly ComposeAppService[],
  scale: ComposeScale | undefined,
): ValidationProblem<ProvisioningCode>[] {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  const reserved = [
    'prometheus',
    'alertmanager',
    'grafana',
    ...(scale ? ['victoriametrics', 'vmalert', ...scale.shards] : []),
  ];
  apps.forEach((app, i) => {
    if (app.image) problems.push(...checkPinnedImage(app.image, `services[${i}].image`));
    if (!app.image && !app.command) {
      problems.push({
        code: INVALID_COMPOSE,
        subject: `services[${i}]`,
        message: `Service "${app.name}" has neither run.image nor run.command: Compose cannot start it`,
      });
    }
    if (reserved.includes(app.name)) {
      problems.push({
        code: INVALID_COMPOSE,
        subject: `services[${i}].name`,
        message: `Invalid service name "${app.name}": the stack already has a service of that name`,
      });
    }
  });
  return problems;
}

/** Each secret: a valid name, and a file path that is absolute or starts with `.`. */
function secretProblems(
  secrets: Readonly<Record<string, ComposeSecret>>,
): ValidationProblem<ProvisioningCode>[] {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    if (!SECRET_NAME.test(name)) {
      problems.push({
        code: INVALID_COMPOSE,
        subject: `secrets.${name}`,
        message: `Invalid secret name "${name}": must match ${SECRET_NAME}`,
      });
    }
    if (secret.file.startsWith('/') === false && !secret.file.startsWith('.')) {
      problems.push({
        code: INVALID_COMPOSE,
        subject: `secrets.${name}`,
        message: `Invalid secret file "${secret.file}": must be absolute or start with "./"`,
      });
    }
  }
  return problems;
}

/** Every published and app port an integer from 1 to 65535. */
function portProblems(
  ports: Readonly<Record<string, number>>,
  apps: readonly ComposeAppService[],
): ValidationProblem<ProvisioningCode>[] {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  const appPorts = Object.fromEntries(
    apps.flatMap((app) => [
      [`${app.name}`, app.port],
      [`${app.name}.publish`, app.publishPort ?? app.port],
    ]),
  );
  for (const [key, port] of Object.entries({ ...ports, ...appPorts })) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      problems.push({
        code: INVALID_COMPOSE,
        subject: `ports.${key}`,
        message: `Invalid port "${port}": must be an integer from 1 to 65535`,
      });
    }
  }
  return problems;
}

/** Adds to a service definition the sorted names of the secrets it is given, if any. */
function secretsAttacher(
  secrets: Readonly<Record<string, ComposeSecret>>,
): (service: string, def: ComposeService) => ComposeService {
  return (service, def) => {
    const names = Object.entries(secrets)
      .filter(([, s]) => s.services.includes(service))
      .map(([name]) => name)
      .sort();
    return names.length > 0 ? { ...def, secrets: names } : def;
  };
}

function wget(port: number, path: string): string[] {
  return ['CMD', 'wget', '-q', '--spider', `http://127.0.0.1:${port}${path}`];
}

/** One of the user's services: its image (or a command in {@link COMMAND_IMAGE}), port and mounts. */
function appService(app: ComposeAppService, { bind, withSecrets }: ScaleShared): ComposeService {
  const runsCommand = !app.image;
  return withSecrets(app.name, {
    ...(app.build ? { build: { context: app.build.context, dockerfile: app.build.dockerfile } } : {}),
    image: app.image ?? COMMAND_IMAGE,
    restart: 'unless-stopped',
    ...(runsCommand ? { working_dir: '/app', command: ['sh', '-c', app.command] } : {}),
    ...(app.environment && Object.keys(app.environment).length > 0
      ? { environment: { ...app.environment } }
      : {}),
    ...(runsCommand || app.volumes?.length
      ? { volumes: [...(runsCommand ? [`${app.cwd ?? '..'}:/app`] : []), ...(app.volumes ?? [])] }
      : {}),
    ports: [`${bind}:${app.publishPort ?? app.port}:${app.port}`],
    ...(app.healthcheck ? { healthcheck: healthcheck(app.healthcheck) } : {}),
  });
}

/** The Prometheus server, started once Alertmanager is healthy and the apps have started. */
function prometheusService(
  config: ComposeConfig,
  publishPort: number,
  { bind, withSecrets, apps, prometheusImage }: ScaleShared,
): ComposeService {
  const prom = DEFAULT_PORTS.prometheus;
  return withSecrets('prometheus', {
    image: prometheusImage,
    restart: 'unless-stopped',
    command: [
      `--config.file=${COMPOSE_PATHS.prometheusConfigDir}/prometheus.yml`,
      '--storage.tsdb.path=/prometheus',
      `--storage.tsdb.retention.time=${config.retention ?? '15d'}`,
      ...(config.retentionSize !== undefined
        ? [`--storage.tsdb.retention.size=${config.retentionSize}`]
        : []),
      '--web.enable-lifecycle',
      '--web.enable-admin-api',
    ],
    volumes: [`./prometheus:${COMPOSE_PATHS.prometheusConfigDir}:ro`, 'prometheus-data:/prometheus'],
    ports: [`${bind}:${publishPort}:${prom}`],
    // node-exporter runs in the host's network: Prometheus scrapes it at host.docker.internal:9100.
    extra_hosts: ['host.docker.internal:host-gateway'],
    healthcheck: healthcheck(wget(prom, '/-/ready')),
    depends_on: {
      alertmanager: { condition: 'service_healthy' },
      ...Object.fromEntries(apps.map((app) => [app.name, { condition: 'service_started' }])),
    },
  });
}

function alertmanagerService(
  image: string,
  publishPort: number,
  { bind, withSecrets }: ScaleShared,
): ComposeService {
  const am = DEFAULT_PORTS.alertmanager;
  return withSecrets('alertmanager', {
    image,
    restart: 'unless-stopped',
    command: [
      `--config.file=${COMPOSE_PATHS.alertmanagerConfigDir}/alertmanager.yml`,
      '--storage.path=/alertmanager',
    ],
    volumes: [`./alertmanager:${COMPOSE_PATHS.alertmanagerConfigDir}:ro`, 'alertmanager-data:/alertmanager'],
    ports: [`${bind}:${publishPort}:${am}`],
    healthcheck: healthcheck(wget(am, '/-/ready')),
  });
}

/**
 * Host metrics (CPU, memory, disk, network, file descriptors): node_exporter in the host's network
 * and PID namespaces with the host's root mounted read-only, as upstream recommends for Docker, so
 * it reports the host rather than its container. Nothing is published: it listens on the host.
 */
function nodeExporterService(image: string): ComposeService {
  return {
    image,
    restart: 'unless-stopped',
    command: ['--path.rootfs=/host', `--web.listen-address=:${DEFAULT_PORTS.nodeExporter}`],
    network_mode: 'host',
    pid: 'host',
    volumes: ['/:/host:ro,rslave'],
    healthcheck: healthcheck(wget(DEFAULT_PORTS.nodeExporter, '/metrics')),
  };
}

/** Grafana with its security defaults, the provisioning and the dashboards (v1 or v2) mounted. */
function grafanaService(
  config: ComposeConfig,
  image: string,
  publishPort: number,
  { bind, withSecrets }: ScaleShared,
): ComposeService {
  const v2 = config.dashboardSchema === 'v2';
  return withSecrets('grafana', {
    image,
    restart: 'unless-stopped',
    environment: {
      GF_SECURITY_ADMIN_USER: '${GRAFANA_ADMIN_USER:-admin}',
      GF_SECURITY_ADMIN_PASSWORD__FILE: `${COMPOSE_PATHS.secretsDir}/grafana-admin-password`,
      GF_AUTH_ANONYMOUS_ENABLED: 'false',
      GF_AUTH_BASIC_ENABLED: 'true',
      GF_USERS_ALLOW_SIGN_UP: 'false',
      GF_USERS_ALLOW_ORG_CREATE: 'false',
      GF_USERS_AUTO_ASSIGN_ORG_ROLE: 'Viewer',
      GF_USERS_VIEWERS_CAN_EDIT: 'false',
      GF_SECURITY_DISABLE_GRAVATAR: 'true',
      GF_SECURITY_COOKIE_SAMESITE: 'strict',
      GF_ANALYTICS_REPORTING_ENABLED: 'false',
      GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
      GF_SERVER_ROOT_URL: `\${GRAFANA_ROOT_URL:-${config.grafanaRootUrl ?? 'http://localhost:3000'}}`,
      ...(v2 ? { GF_FEATURE_TOGGLES_ENABLE: 'provisioning,kubernetesDashboards,dashboardNewLayouts' } : {}),
    },
    volumes: [
      `./grafana/provisioning:${COMPOSE_PATHS.grafanaProvisioningDir}:ro`,
      v2
        ? `./grafana/dashboards-v2:${COMPOSE_PATHS.grafanaDashboardsV2Dir}:ro`
        : `./grafana/dashboards:${COMPOSE_PATHS.grafanaDashboardsDir}:ro`,
      'grafana-data:/var/lib/grafana',
    ],
    ports: [`${bind}:${publishPort}:${GRAFANA_PORT}`],
    healthcheck: healthcheck(wget(GRAFANA_PORT, '/api/health')),
    depends_on: {
      [config.scale ? 'victoriametrics' : 'prometheus']: { condition: 'service_healthy' },
      alertmanager: { condition: 'service_healthy' },
    },
  });
}

/** The named volumes: the apps' own, then the data of Prometheus (or the shards and VictoriaMetrics), Alertmanager and Grafana. */
function composeVolumes(
  apps: readonly ComposeAppService[],
  scale: ComposeScale | undefined,
): Record<string, Record<string, never>> {
  const namedVolumes = [
    ...new Set(
      apps.flatMap((app) => (app.volumes ?? []).map((v) => v.split(':')[0]).filter((v) => !/^[./~]/.test(v))),
    ),
  ];
  return {
    ...Object.fromEntries(namedVolumes.map((v) => [v, {}])),
    ...(scale
      ? Object.fromEntries(
          [...scale.shards.map((name) => `${name}-data`), 'victoriametrics-data'].map((v) => [v, {}]),
        )
      : { 'prometheus-data': {} }),
    'alertmanager-data': {},
    'grafana-data': {},
  };
}

interface ScaleShared {
  readonly bind: string;
  readonly withSecrets: (service: string, def: ComposeService) => ComposeService;
  readonly healthcheck: (test: readonly string[]) => ComposeService;
  readonly wget: (port: number, path: string) => string[];
  readonly apps: readonly ComposeAppService[];
  readonly prometheusImage: string;
}

/**
 * The services of the `scale` stack: one Prometheus agent per shard (not published: Grafana and
 * vmalert read VictoriaMetrics), VictoriaMetrics (published on 8428) and vmalert (on 8880).
 */
function scaleServices(
  scale: ComposeScale,
  images: Readonly<Record<keyof typeof SCALE_IMAGES, string>>,
  { bind, withSecrets, healthcheck, wget, apps, prometheusImage }: ScaleShared,
): Record<string, ComposeService> {
  const prom = DEFAULT_PORTS.prometheus;
  const services: Record<string, ComposeService> = {};
  for (const name of scale.shards) {
    services[name] = withSecrets(name, {
      image: prometheusImage,
      restart: 'unless-stopped',
      command: [
        '--agent',
        `--config.file=${COMPOSE_PATHS.prometheusConfigDir}/${name}.yml`,
        '--storage.agent.path=/prometheus',
        '--web.enable-lifecycle',
      ],
      volumes: [`./prometheus:${COMPOSE_PATHS.prometheusConfigDir}:ro`, `${name}-data:/prometheus`],
      healthcheck: healthcheck(wget(prom, '/-/ready')),
      depends_on: {
        victoriametrics: { condition: 'service_healthy' },
        ...Object.fromEntries(apps.map((app) => [app.name, { condition: 'service_started' }])),
      },
    });
  }
  services.victoriametrics = {
    image: images.victoriaMetrics,
    restart: 'unless-stopped',
    command: ['-storageDataPath=/storage', `-httpListenAddr=:${VICTORIA_METRICS_PORT}`],
    volumes: ['victoriametrics-data:/storage'],
    ports: [`${bind}:${VICTORIA_METRICS_PORT}:${VICTORIA_METRICS_PORT}`],
    healthcheck: healthcheck(wget(VICTORIA_METRICS_PORT, '/health')),
  };
  services.vmalert = {
    image: images.vmalert,
    restart: 'unless-stopped',
    working_dir: COMPOSE_PATHS.prometheusConfigDir,
    command: [...scale.vmalertArgs, `-httpListenAddr=:${VMALERT_PORT}`],
    volumes: [`./prometheus:${COMPOSE_PATHS.prometheusConfigDir}:ro`],
    ports: [`${bind}:${VMALERT_PORT}:${VMALERT_PORT}`],
    healthcheck: healthcheck(wget(VMALERT_PORT, '/health')),
    depends_on: {
      victoriametrics: { condition: 'service_healthy' },
      alertmanager: { condition: 'service_healthy' },
    },
  };
  return services;
}
