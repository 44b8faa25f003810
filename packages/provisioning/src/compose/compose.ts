import { throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { DEFAULT_PORTS } from '@obskit/prometheus-config';
import { DEMO_DEFAULT_LOAD_RPS } from '../deployment/options.js';
import { IMAGES } from '../images.js';

/** Stable code of invalid Compose input. */
export const INVALID_COMPOSE = 'OBSKIT_INVALID_COMPOSE';

/** Paths inside the containers that the generated configuration refers to. */
export const COMPOSE_PATHS = {
  prometheusConfigDir: '/etc/prometheus',
  alertmanagerConfigDir: '/etc/alertmanager',
  grafanaProvisioningDir: '/etc/grafana/provisioning',
  grafanaDashboardsDir: '/var/lib/grafana/dashboards/obskit',
  secretsDir: '/run/secrets',
} as const;

/** A secret file mounted at `/run/secrets/<name>` into the services that need it. */
export interface ComposeSecret {
  /** File on the host, relative to the Compose file. Created by the operator, never generated. */
  readonly file: string;
  readonly services: readonly ('prometheus' | 'alertmanager' | 'grafana' | 'demo-api')[];
}

/** Declarative input of {@link buildComposeFile}. Every field has a default. */
export interface ComposeConfig {
  /** Container images; each must carry a version tag other than `latest`. @defaultValue {@link IMAGES} */
  readonly images?: Partial<Record<keyof typeof IMAGES, string>>;
  /** The demo app, built from the repository; `false` leaves it out. */
  readonly demoApi?:
    | {
        /** @defaultValue `'..'` (the repository root, seen from `deployment/`) */
        readonly context?: string;
        /** @defaultValue `'apps/demo-api/Dockerfile'` */
        readonly dockerfile?: string;
        /** Local image tag. @defaultValue `'obskit/demo-api:0.0.1'` */
        readonly image?: string;
        /** @defaultValue 8080 */
        readonly port?: number;
        /** Health endpoint. @defaultValue `'/healthz'` */
        readonly healthPath?: string;
        /** Background requests per second the demo makes to itself (`DEMO_LOAD`), so dashboards have data. @defaultValue 5 */
        readonly load?: number;
      }
    | false;
  /** Host address the published ports bind to. @defaultValue `'127.0.0.1'` (not reachable from other hosts) */
  readonly bindAddress?: string;
  /** Published host ports. @defaultValue prometheus 9090, alertmanager 9093, grafana 3000, demo-api 8080 */
  readonly ports?: Partial<Record<'prometheus' | 'alertmanager' | 'grafana' | 'demoApi', number>>;
  /** File holding the Grafana admin password, relative to the Compose file. @defaultValue `'./secrets/grafana-admin-password'` */
  readonly grafanaAdminPasswordFile?: string;
  /** Further secrets (receiver keys, scrape credentials), by name. */
  readonly secrets?: Readonly<Record<string, ComposeSecret>>;
  /** Prometheus TSDB retention. @defaultValue `'15d'` */
  readonly retention?: string;
}

type Service = Record<string, unknown>;

/** Port Grafana listens on inside its container. */
const GRAFANA_PORT = 3000;

/** A Compose file (compose-spec), as plain data. */
export interface ComposeFile {
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes: Readonly<Record<string, Record<string, never>>>;
  readonly secrets: Readonly<Record<string, { readonly file: string }>>;
}

const SECRET_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const PINNED_IMAGE = /^[a-z0-9./_-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;

/** Problems of an image reference: it must carry a version tag (not `latest`) or a digest. */
export function checkPinnedImage(image: string, subject: string): ValidationProblem[] {
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

function healthcheck(test: readonly string[]): Service {
  return { test: [...test], interval: '10s', timeout: '5s', retries: 5, start_period: '20s' };
}

/**
 * Builds `docker-compose.monitoring.yml`: demo-api, Prometheus, Alertmanager and Grafana with pinned
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
    demoApi: 8080,
    ...config.ports,
  };
  const prom = DEFAULT_PORTS.prometheus;
  const am = DEFAULT_PORTS.alertmanager;
  const demo = config.demoApi === false ? undefined : (config.demoApi ?? {});
  const demoPort = demo?.port ?? 8080;
  const secrets: Record<string, ComposeSecret> = {
    'grafana-admin-password': {
      file: config.grafanaAdminPasswordFile ?? './secrets/grafana-admin-password',
      services: ['grafana'],
    },
    ...config.secrets,
  };

  const problems: ValidationProblem[] = [];
  for (const [key, image] of Object.entries(images))
    problems.push(...checkPinnedImage(image, `images.${key}`));
  if (demo?.image) problems.push(...checkPinnedImage(demo.image, 'demoApi.image'));
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
  for (const [key, port] of Object.entries({ ...ports, demoApiContainer: demoPort })) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      problems.push({
        code: INVALID_COMPOSE,
        subject: `ports.${key}`,
        message: `Invalid port "${port}": must be an integer from 1 to 65535`,
      });
    }
  }
  throwIfProblems(INVALID_COMPOSE, 'Invalid Compose stack', problems);

  const secretsOf = (service: ComposeSecret['services'][number]) =>
    Object.entries(secrets)
      .filter(([, s]) => s.services.includes(service))
      .map(([name]) => name)
      .sort();
  const withSecrets = (service: ComposeSecret['services'][number], def: Service): Service => {
    const names = secretsOf(service);
    return names.length > 0 ? { ...def, secrets: names } : def;
  };
  const wget = (port: number, path: string) => [
    'CMD',
    'wget',
    '-q',
    '--spider',
    `http://127.0.0.1:${port}${path}`,
  ];

  const services: Record<string, Service> = {};
  if (demo) {
    const healthPath = demo.healthPath ?? '/healthz';
    services['demo-api'] = withSecrets('demo-api', {
      build: { context: demo.context ?? '..', dockerfile: demo.dockerfile ?? 'apps/demo-api/Dockerfile' },
      image: demo.image ?? 'obskit/demo-api:0.0.1',
      restart: 'unless-stopped',
      environment: {
        HOST: '0.0.0.0',
        PORT: String(demoPort),
        NODE_ENV: 'production',
        DEMO_LOAD: String(demo.load ?? DEMO_DEFAULT_LOAD_RPS),
        DATABASE_PATH: '/data/demo.sqlite',
      },
      volumes: ['demo-api-data:/data'],
      ports: [`${bind}:${ports.demoApi}:${demoPort}`],
      healthcheck: healthcheck([
        'CMD',
        'node',
        '-e',
        `fetch('http://127.0.0.1:${demoPort}${healthPath}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ]),
    });
  }
  services.prometheus = withSecrets('prometheus', {
    image: images.prometheus,
    restart: 'unless-stopped',
    command: [
      `--config.file=${COMPOSE_PATHS.prometheusConfigDir}/prometheus.yml`,
      '--storage.tsdb.path=/prometheus',
      `--storage.tsdb.retention.time=${config.retention ?? '15d'}`,
      '--web.enable-lifecycle',
      '--web.enable-admin-api',
    ],
    volumes: [`./prometheus:${COMPOSE_PATHS.prometheusConfigDir}:ro`, 'prometheus-data:/prometheus'],
    ports: [`${bind}:${ports.prometheus}:${prom}`],
    healthcheck: healthcheck(wget(prom, '/-/ready')),
    depends_on: {
      alertmanager: { condition: 'service_healthy' },
      ...(demo ? { 'demo-api': { condition: 'service_started' } } : {}),
    },
  });
  services.alertmanager = withSecrets('alertmanager', {
    image: images.alertmanager,
    restart: 'unless-stopped',
    command: [
      `--config.file=${COMPOSE_PATHS.alertmanagerConfigDir}/alertmanager.yml`,
      '--storage.path=/alertmanager',
    ],
    volumes: [`./alertmanager:${COMPOSE_PATHS.alertmanagerConfigDir}:ro`, 'alertmanager-data:/alertmanager'],
    ports: [`${bind}:${ports.alertmanager}:${am}`],
    healthcheck: healthcheck(wget(am, '/-/ready')),
  });
  services.grafana = withSecrets('grafana', {
    image: images.grafana,
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
      GF_SERVER_ROOT_URL: '${GRAFANA_ROOT_URL:-http://localhost:3000}',
    },
    volumes: [
      `./grafana/provisioning:${COMPOSE_PATHS.grafanaProvisioningDir}:ro`,
      `./grafana/dashboards:${COMPOSE_PATHS.grafanaDashboardsDir}:ro`,
      'grafana-data:/var/lib/grafana',
    ],
    ports: [`${bind}:${ports.grafana}:${GRAFANA_PORT}`],
    healthcheck: healthcheck(wget(GRAFANA_PORT, '/api/health')),
    depends_on: {
      prometheus: { condition: 'service_healthy' },
      alertmanager: { condition: 'service_healthy' },
    },
  });

  const secretFiles: Record<string, { file: string }> = {};
  for (const name of Object.keys(secrets).sort()) secretFiles[name] = { file: secrets[name].file };
  return {
    services,
    volumes: {
      ...(demo ? { 'demo-api-data': {} } : {}),
      'prometheus-data': {},
      'alertmanager-data': {},
      'grafana-data': {},
    },
    secrets: secretFiles,
  };
}
