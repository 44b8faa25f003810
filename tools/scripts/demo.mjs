#!/usr/bin/env node
// `npm run demo [-- obskit up flags]`: builds the CLI and the demo app (with everything they import),
// then runs `obskit up --config apps/demo-api/obskit.config.ts` (its dev environment) in the foreground:
// the demo app, Prometheus and Alertmanager (and Grafana when installed) on free loopback ports, URLs
// printed, Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

// tsc -b follows the project references, so the libraries both import are built too (incrementally).
const projects = ['tools/obskit/tsconfig.lib.json', 'apps/demo-api/tsconfig.lib.json'];
console.error(`demo: building ${projects.map((p) => p.split('/').slice(0, 2).join('/')).join(' and ')}`);
const tsc = require.resolve('typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-b', ...projects], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('demo: the build failed (see above); fix it, or run `npx nx run-many -t build` for details');
  process.exit(build.status ?? 1);
}

const child = spawn(
  process.execPath,
  [
    join(root, 'tools/obskit/bin/obskit.js'),
    'up',
    '--config',
    join(root, 'apps/demo-api/obskit.config.ts'),
    ...process.argv.slice(2),
  ],
  {
    cwd: process.cwd(),
    stdio: 'inherit',
  },
);
// Ctrl-C reaches obskit (same process group): let it stop the stack and exit with its status.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
