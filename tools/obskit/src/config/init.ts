import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CONFIG_FILE_NAMES, SERVICE_NAME_PATTERN } from '@obskit/config';
import { writeFileAtomic } from '@obskit/provisioning';
import { UsageError } from '../internal/usage-error.js';
import { CliError } from '../errors.js';

/** Options of {@link init}: the flags of `obskit init`. */
export interface InitOptions {
  /** Directory the config is written into. */
  readonly cwd: string;
  /** The service's name, its `job` label. @defaultValue the package.json name, made a valid job name */
  readonly name?: string;
  /** Port the service listens on. @defaultValue 3000 */
  readonly port?: number;
  /** Path of its metrics endpoint. @defaultValue `'/metrics'` */
  readonly metricsPath?: string;
  /** Overwrite an existing config. @defaultValue false */
  readonly force?: boolean;
}

/** Result of {@link init}. */
export interface InitResult {
  /** Absolute path of the written config. */
  readonly file: string;
  readonly name: string;
  readonly port: number;
  readonly metricsPath: string;
}

/** The file `obskit init` writes. */
export const INIT_FILE_NAME = 'obskit.config.ts';

/** A job name from a package name: `@acme/Orders API` → `orders-api`. */
export function jobNameOf(packageName: string): string {
  const base = packageName.replace(/^@[^/]+\//, '').toLowerCase();
  const name = base
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return name === '' ? 'app' : name;
}

function packageNameIn(cwd: string): string | undefined {
  const file = join(cwd, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The commented `obskit.config.ts` for one service. */
export function renderInitConfig(name: string, port: number, metricsPath: string): string {
  return `import { defineConfig } from '@obskit/cli';

// The monitoring setup of this project: \`npx obskit generate\` writes Prometheus, Alertmanager,
// Grafana, Compose and Kubernetes files from it into deployment/; \`npx obskit validate\` checks them
// with promtool and amtool. Every key is typed: your editor completes and checks it.
export default defineConfig({
  services: [
    {
      // The \`job\` label of every series Prometheus scrapes from this service.
      name: '${name}',
      // Where Prometheus finds it. Or { kubernetes: { labels: { app: '${name}' }, port: 'http' } },
      // or { fileSd: ['targets/*.json'] }.
      targets: { static: ['localhost:${port}'] },
      metricsPath: '${metricsPath}',
      // Alert packs and dashboards that apply: http, runtime and scrape by default; add 'agents',
      // 'tasks', 'db', 'jobs', 'business' or 'anomalies' when the service emits those metrics.
      // packs: ['http', 'runtime', 'scrape'],
      // Credentials are always files, never inline: auth: { bearerTokenFile: './secrets/metrics-token' },
      // How \`obskit up\` runs the service beside Prometheus and Alertmanager:
      // run: { command: 'npm run dev', port: ${port} },
    },
  ],
  // Thresholds, \`for\` and severity per alert, e.g. a tighter latency alert:
  // alerts: { overrides: { HttpLatencyHigh: { threshold: 0.3, for: '10m' } } },
  // Service-level objectives; burn-rate alerts and dashboards follow from them:
  // slos: [{ name: '${name}-availability', service: '${name}', sli: { kind: 'http-availability' }, objective: 0.999 }],
  // Where alerts go (every secret a file):
  // notifications: { receivers: [{ name: 'oncall', slack: { apiUrlFile: './secrets/slack-url' } }] },
  // Per environment (\`--env production\`), deep-merged over the above; lists replace:
  // environments: { production: { storage: { retention: { time: '90d' } } } },
});
`;
}

/**
 * Writes a commented `obskit.config.ts` for the project in `cwd` (atomically). Refuses to overwrite
 * a config in `cwd` unless `force` (exit 3, like a hand-edited generated file).
 */
export async function init(options: InitOptions): Promise<InitResult> {
  const name = options.name ?? jobNameOf(packageNameIn(options.cwd) ?? basename(options.cwd));
  if (!SERVICE_NAME_PATTERN.test(name)) {
    throw new UsageError(
      `Invalid --name "${name}": expected a job name matching ${String(SERVICE_NAME_PATTERN)}`,
    );
  }
  const port = options.port ?? 3000;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`Invalid --port "${String(options.port)}": expected a port number from 1 to 65535`);
  }
  const metricsPath = options.metricsPath ?? '/metrics';
  if (!metricsPath.startsWith('/') || /[\s'\\]/.test(metricsPath)) {
    throw new UsageError(`Invalid --metrics-path "${metricsPath}": expected a path such as /metrics`);
  }
  const file = join(options.cwd, INIT_FILE_NAME);
  const existing = CONFIG_FILE_NAMES.find((n) => existsSync(join(options.cwd, n)));
  if (existing && !options.force) {
    throw new CliError(
      'OBSKIT_HAND_EDITED',
      `Refusing to write ${INIT_FILE_NAME}: ${existing} already exists here; edit it, or re-run with --force to replace it`,
    );
  }
  await writeFileAtomic(file, renderInitConfig(name, port, metricsPath));
  return { file, name, port, metricsPath };
}
