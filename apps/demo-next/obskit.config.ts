import { defineConfig, type ServiceConfig } from '@obskit/config';

// demo-next's monitoring setup. The Compose stack (the base):
//   node tools/obskit/bin/obskit.js generate --config apps/demo-next/obskit.config.ts --out /tmp/demo-next-stack
// the native one, after `npx nx build demo-next` (README "Run under obskit up"):
//   node tools/obskit/bin/obskit.js up --config apps/demo-next/obskit.config.ts

/** Port of the app in its container. */
const PORT = 3000;
/**
 * Port of `next start` under `obskit up`: 3001 beside demo-api's 3000, or `DEMO_NEXT_PORT` (the spec
 * runs it on a free port).
 */
const DEV_PORT = Number(process.env['DEMO_NEXT_PORT'] ?? 3001);
/** The scrape token, read by Prometheus (`credentials_file`) and by the app (`METRICS_TOKEN_FILE`). */
const TOKEN_FILE = 'secrets/demo-next-metrics-token';
/** Where Compose mounts that file (`./secrets/demo-next-metrics-token` beside the Compose file). */
const COMPOSE_TOKEN_FILE = `/run/secrets/demo-next-metrics-token`;

/** HTTP routes, the Node.js runtime, the scrape itself, and the agent's GenAI operations (`/api/chat`). */
const PACKS = ['agents', 'http', 'runtime', 'scrape'] satisfies ServiceConfig['packs'];

export default defineConfig({
  // Compose: the app from apps/demo-next/Dockerfile (no published image; build it with the stack).
  services: [
    {
      name: 'demo-next',
      targets: { static: [`demo-next:${PORT}`] },
      metricsPath: '/api/metrics',
      auth: { bearerTokenFile: COMPOSE_TOKEN_FILE },
      packs: PACKS,
      run: {
        // Paths relative to the Compose file's directory (deployment/).
        build: { context: '..', dockerfile: 'apps/demo-next/Dockerfile' },
        image: 'obskit/demo-next:0.0.1',
        port: PORT,
        publishPort: 8081,
        env: {
          HOSTNAME: '0.0.0.0',
          PORT: String(PORT),
          METRICS_TOKEN_FILE: COMPOSE_TOKEN_FILE,
          NEXT_TELEMETRY_DISABLED: '1',
        },
        healthcheck: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${PORT}/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
        ],
      },
    },
  ],
  environments: {
    // `obskit up`: the built app (`next start`, after `npx nx build demo-next`) beside Prometheus and
    // Alertmanager. Relative paths are relative to this file: run.cwd, the token for Prometheus, and
    // (from run.cwd) METRICS_TOKEN_FILE for the app.
    dev: {
      services: [
        {
          name: 'demo-next',
          targets: { static: [`127.0.0.1:${DEV_PORT}`] },
          metricsPath: '/api/metrics',
          auth: { bearerTokenFile: TOKEN_FILE },
          packs: PACKS,
          run: {
            command: 'npm start -- -p "$PORT" -H "$HOST"',
            env: { METRICS_TOKEN_FILE: TOKEN_FILE, NEXT_TELEMETRY_DISABLED: '1' },
          },
        },
      ],
    },
  },
});
