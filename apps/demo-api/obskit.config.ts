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
  // USD per 1k tokens (list prices of late 2025; cache reads: OpenAI 50 %, Anthropic and Mistral 10 % of
  // input; cache writes: Anthropic 125 %). The demo's cost counter reads them from here at start-up
  // (src/config-prices.ts); a spec checks they match the simulated models (src/sim/providers.ts).
  prices: {
    openai: {
      'gpt-4o': { input: 0.0025, output: 0.01, cacheRead: 0.00125, cacheWrite: 0.0025 },
      'gpt-4o-mini': { input: 0.00015, output: 0.0006, cacheRead: 0.000075, cacheWrite: 0.00015 },
    },
    anthropic: {
      'claude-sonnet-4': { input: 0.003, output: 0.015, cacheRead: 0.0003, cacheWrite: 0.00375 },
      'claude-3-5-haiku': { input: 0.0008, output: 0.004, cacheRead: 0.00008, cacheWrite: 0.001 },
    },
    mistral_ai: {
      'mistral-large-latest': { input: 0.002, output: 0.006, cacheRead: 0.0002, cacheWrite: 0.002 },
    },
  },
  // 4x the demo's baseline spend: quiet at baseline, exceeded by the `cost-spike` scenario (~15x).
  costBudgetUsdPerDay: SPEND_USD_PER_DAY_PER_RPS * LOAD_RPS * 4,
  environments: {
    // `obskit up --config apps/demo-api/obskit.config.ts` (npm run demo): the built demo beside
    // Prometheus and Alertmanager, with background load.
    dev: {
      services: [
        {
          name: 'demo-api',
          targets: { static: [`127.0.0.1:${PORT}`] },
          packs: PACKS,
          run: { command: 'node dist/main.js', env: { DEMO_LOAD: String(LOAD_RPS) } },
        },
      ],
    },
    // Prometheus in agent mode forwarding to VictoriaMetrics (`--env agent`).
    agent: {
      storage: {
        remoteWrite: [{ kind: 'victoriametrics', url: 'http://victoria-metrics:8428/api/v1/write' }],
      },
    },
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
