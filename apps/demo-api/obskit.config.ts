import { defineConfig, type ServiceConfig } from '@obskit/config';

// The demo's monitoring setup: deployment/ is generated from this file
// (node tools/obskit/bin/obskit.js generate --config apps/demo-api/obskit.config.ts) and drift-checked
// by `obskit check`, which reads the config path from deployment/.obskit-manifest.json.

/** Port the demo listens on. */
const PORT = 3000;
/** Background load of the demo in the dev and Compose stacks, requests per second (`DEMO_LOAD`). */
const LOAD_RPS = 5;
/** The demo's GenAI spend at baseline, USD per day per request per second (apps/demo-api README). */
const SPEND_USD_PER_DAY_PER_RPS = 320;

/** The demo exercises every pack of a Node.js service (agents, tasks, jobs, business, anomalies too). */
const PACKS = [
  'agents',
  'tasks',
  'http',
  'db',
  'jobs',
  'runtime',
  'scrape',
  'business',
  'anomalies',
] satisfies ServiceConfig['packs'];

export default defineConfig({
  // The Compose stack (the base): the demo runs from its image, built from apps/demo-api/Dockerfile.
  services: [
    {
      name: 'demo-api',
      targets: { static: [`demo-api:${PORT}`] },
      packs: PACKS,
      run: {
        // Paths relative to deployment/.
        build: { context: '..', dockerfile: 'apps/demo-api/Dockerfile' },
        image: 'obskit/demo-api:0.0.1',
        port: PORT,
        publishPort: 8080,
        env: {
          HOST: '0.0.0.0',
          PORT: String(PORT),
          NODE_ENV: 'production',
          DEMO_LOAD: String(LOAD_RPS),
          DATABASE_PATH: '/data/demo.sqlite',
        },
        volumes: ['demo-api-data:/data'],
        healthcheck: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${PORT}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
        ],
      },
    },
  ],
  // The Compose stack runs node_exporter: the host alerts (disk, memory, file descriptors) apply.
  alerts: { packs: { host: true } },
  slos: [
    { name: 'agent-availability', service: 'demo-api', sli: { kind: 'agent-availability' }, objective: 0.99 },
    {
      name: 'agent-latency',
      service: 'demo-api',
      sli: { kind: 'agent-latency', thresholdSeconds: 10.24 },
      objective: 0.95,
    },
    { name: 'http-availability', service: 'demo-api', sli: { kind: 'http-availability' }, objective: 0.999 },
  ],
  // 4x the demo's baseline spend: quiet at baseline, exceeded by the `cost-spike` scenario (~15x).
  costBudgetUsdPerDay: SPEND_USD_PER_DAY_PER_RPS * LOAD_RPS * 4,
  environments: {
    dev: { services: [{ name: 'demo-api', targets: { static: [`127.0.0.1:${PORT}`] }, packs: PACKS }] },
    kubernetes: {
      services: [
        {
          name: 'demo-api',
          targets: { kubernetes: { labels: { 'app.kubernetes.io/name': 'demo-api' }, port: 'http' } },
          packs: PACKS,
        },
      ],
      costBudgetUsdPerDay: 100,
    },
    production: {
      services: [
        {
          name: 'demo-api',
          targets: { fileSd: ['targets/*.json'] },
          auth: { bearerTokenFile: '/etc/obskit/secrets/metrics-token' },
          packs: PACKS,
        },
      ],
      costBudgetUsdPerDay: 100,
    },
  },
});
