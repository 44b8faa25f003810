import path from 'node:path';
import type { NextConfig } from 'next';

const root = path.join(__dirname, '../..');

const config: NextConfig = {
  // the e2e builds webpack and Turbopack side by side; each keeps its own output
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // the workspace root holds the lockfile and the linked @obskit packages
  outputFileTracingRoot: root,
  turbopack: { root },
  // prom-client reads node:cluster and other Node built-ins: load it from node_modules, unbundled
  serverExternalPackages: ['prom-client'],
  // tsconfig.json stays a solution file for the workspace's `tsc -b`; Next checks with this one
  typescript: { tsconfigPath: 'tsconfig.next.json' },
  // a build's Turbopack cache only pays off on a rebuild; CI builds once (it cost ~40 s)
  // `next dev` (the dev spec) would otherwise write AGENTS.md/CLAUDE.md into the app: keep the tree clean
  agentRules: false,
  experimental: { turbopackFileSystemCacheForBuild: false, agentUpgrade: false },
};

export default config;
