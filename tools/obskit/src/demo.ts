import type { PackName, SloSpec } from '@obskit/alerts';
import type { DeploymentOptions, DeploymentService } from '@obskit/provisioning';

/**
 * The demo app of this repository (apps/demo-api) as the CLI deploys it when no services are given:
 * the values the library used to default to, kept here so that no library default names the demo.
 * (`apps/demo-api/obskit.config.ts` replaces this once the CLI reads a config file.)
 */
export const DEMO_SERVICE_NAME = 'demo-api';
/** The demo exercises every pack of a Node.js service (agents, tasks, jobs, business, anomalies too). */
export const DEMO_PACKS = [
  'agents',
  'tasks',
  'http',
  'db',
  'jobs',
  'runtime',
  'scrape',
  'business',
  'anomalies',
] as const satisfies readonly PackName[];
/** The demo's SLOs: agent availability and latency, HTTP availability. */
export const DEMO_SLOS: readonly SloSpec[] = [
  {
    name: 'agent-availability',
    service: DEMO_SERVICE_NAME,
    sli: { kind: 'agent-availability' },
    objective: 0.99,
  },
  {
    name: 'agent-latency',
    service: DEMO_SERVICE_NAME,
    sli: { kind: 'agent-latency', thresholdSeconds: 10.24 },
    objective: 0.95,
  },
  {
    name: 'http-availability',
    service: DEMO_SERVICE_NAME,
    sli: { kind: 'http-availability' },
    objective: 0.999,
  },
];
/** Port the demo listens on. */
export const DEMO_PORT = 3000;
/** The demo's GenAI spend at baseline, USD per day per request per second (apps/demo-api README). */
export const DEMO_SPEND_USD_PER_DAY_PER_RPS = 320;
/** Background load of the demo in the dev and compose stacks, requests per second (`DEMO_LOAD`). */
export const DEMO_DEFAULT_LOAD_RPS = 5;

/** A budget 4× the demo's baseline spend at `loadRps`: quiet at baseline, exceeded by `cost-spike` (~15×). */
export function demoCostBudgetUsdPerDay(loadRps: number): number {
  return DEMO_SPEND_USD_PER_DAY_PER_RPS * loadRps * 4;
}

/** Background load of the demo in the e2e stack, requests per second: the e2e cost budget is set for it. */
export const E2E_DEMO_LOAD_RPS = 10;

/** The dev and compose stacks' budget: {@link demoCostBudgetUsdPerDay} at {@link DEMO_DEFAULT_LOAD_RPS}. */
export const DEMO_COST_BUDGET_USD_PER_DAY = demoCostBudgetUsdPerDay(DEMO_DEFAULT_LOAD_RPS);

/** How Compose builds and runs the demo (paths relative to `deployment/`). */
const DEMO_RUN: DeploymentService['run'] = {
  build: { context: '..', dockerfile: 'apps/demo-api/Dockerfile' },
  image: 'obskit/demo-api:0.0.1',
  port: DEMO_PORT,
  publishPort: 8080,
  env: {
    HOST: '0.0.0.0',
    PORT: String(DEMO_PORT),
    NODE_ENV: 'production',
    DEMO_LOAD: String(DEMO_DEFAULT_LOAD_RPS),
    DATABASE_PATH: '/data/demo.sqlite',
  },
  volumes: ['demo-api-data:/data'],
  healthcheck: [
    'CMD',
    'node',
    '-e',
    `fetch('http://127.0.0.1:${DEMO_PORT}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
  ],
};

/** The demo as the one service of a profile; `target` (the `--target` flag) replaces its address. */
export function demoServices(profile: DeploymentOptions['profile'], target?: string): DeploymentService[] {
  return demoTargets(profile, target).map((s) => ({ ...s, packs: DEMO_PACKS }));
}

function demoTargets(profile: DeploymentOptions['profile'], target?: string): DeploymentService[] {
  const name = DEMO_SERVICE_NAME;
  if (target !== undefined) {
    return [{ name, targets: { static: [target] }, ...(profile === 'compose' ? { run: DEMO_RUN } : {}) }];
  }
  switch (profile) {
    case 'compose':
      return [{ name, targets: { static: [`${name}:${DEMO_PORT}`] }, run: DEMO_RUN }];
    case 'kubernetes':
      return [
        { name, targets: { kubernetes: { labels: { 'app.kubernetes.io/name': name }, port: 'http' } } },
      ];
    case 'production':
      return [
        {
          name,
          targets: { fileSd: ['targets/*.json'] },
          auth: { bearerTokenFile: '/etc/obskit/secrets/metrics-token' },
        },
      ];
    case 'e2e':
      return [];
    default:
      return [{ name, targets: { static: [`127.0.0.1:${DEMO_PORT}`] } }];
  }
}

/**
 * The deployment options with the demo filled in where the caller gave no services: the demo as the
 * service (at `target` when given) and, for dev and compose, its cost budget.
 */
export function withDemoDefaults(
  options: DeploymentOptions & { readonly target?: string },
): DeploymentOptions {
  const { target, ...rest } = options;
  const demo = rest.services === undefined;
  return {
    ...rest,
    ...(demo ? { services: demoServices(rest.profile, target) } : {}),
    ...(demo && rest.slos === undefined ? { slos: DEMO_SLOS } : {}),
    ...(demo &&
    rest.costBudgetUsdPerDay === undefined &&
    (rest.profile === 'dev' || rest.profile === 'compose')
      ? { costBudgetUsdPerDay: DEMO_COST_BUDGET_USD_PER_DAY }
      : {}),
  };
}
