import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listProjects, workspaceRoot } from './workspace';

/** A Next.js app keeps Next's own layout (app/, next.config.ts), not a Node package's. */
const isNextApp = (dir: string) => existsSync(join(workspaceRoot, dir, 'next.config.ts'));
const allProjects = listProjects();
const projects = allProjects.filter((p) => !isNextApp(p.dir));
const nextApps = allProjects.filter((p) => isNextApp(p.dir));
const expected = [
  'packages/catalog',
  'packages/metrics-core',
  'packages/middleware',
  'packages/otel-bridge',
  'packages/promql',
  'packages/alerts',
  'packages/dashboards',
  'packages/prometheus-config',
  'packages/provisioning',
  'apps/demo-api',
  'apps/demo-api-e2e',
  'tools/obskit',
  'tools/bench',
];

describe('workspace conventions', () => {
  it('has every project of DESIGN.md', () => {
    expect(allProjects.map((p) => p.dir)).toEqual(expect.arrayContaining(expected));
    expect(nextApps.map((p) => p.dir)).toEqual(['apps/demo-next']);
  });

  it.each(nextApps.map((p) => [p.dir, p] as const))('%s follows the Next.js app layout', (dir, project) => {
    const pkg = project.packageJson;
    expect(pkg.name).toMatch(/^@obskit\/[a-z][a-z0-9-]*$/);
    expect(pkg.private).toBe(true);
    // npm init's "type": "commonjs" breaks `next build`; Next decides the module format itself.
    expect(pkg.type).toBeUndefined();
    expect(pkg.nx?.tags ?? []).toEqual(['type:app']);
    for (const file of [
      'README.md',
      'app/layout.tsx',
      'instrumentation.ts',
      'tsconfig.spec.json',
      'jest.config.cjs',
    ]) {
      expect(existsSync(join(workspaceRoot, dir, file))).toBe(true);
    }
  });

  it.each(projects.map((p) => [p.dir, p] as const))('%s follows the package layout', (dir, project) => {
    const pkg = project.packageJson;
    expect(pkg.name).toMatch(/^@obskit\/[a-z][a-z0-9-]*$/);
    expect(pkg.exports).toHaveProperty(['.']);
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.files).toContain('dist');
    expect(pkg.sideEffects).toBe(false);
    const tags = pkg.nx?.tags ?? [];
    expect(tags.filter((t) => t.startsWith('type:'))).toHaveLength(1);
    if (dir.startsWith('packages/')) {
      expect(tags).toContain('type:lib');
      expect(tags.filter((t) => t.startsWith('layer:'))).toHaveLength(1);
    }
    for (const file of [
      'README.md',
      'src/index.ts',
      'tsconfig.lib.json',
      'tsconfig.spec.json',
      'jest.config.cjs',
    ]) {
      expect(existsSync(join(workspaceRoot, dir, file))).toBe(true);
    }
  });

  it.each(projects.map((p) => [p.dir] as const))('%s/src/index.ts has explicit named exports only', (dir) => {
    const index = readFileSync(join(workspaceRoot, dir, 'src/index.ts'), 'utf8');
    expect(index).not.toMatch(/export \* from/);
    expect(index).not.toMatch(/export default/);
  });

  it('pins nx and every @nx/* package to one version', () => {
    const root = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
    const nxVersions = Object.entries<string>(root.devDependencies)
      .filter(([name]) => name === 'nx' || name.startsWith('@nx/'))
      .map(([, version]) => version);
    expect(nxVersions.length).toBeGreaterThan(3);
    expect(new Set(nxVersions)).toEqual(new Set([nxVersions[0]]));
    expect(nxVersions[0]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('keeps Nx Cloud off', () => {
    const nxJson = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8'));
    expect(nxJson.nxCloudId).toBeUndefined();
    expect(nxJson.nxCloudAccessToken).toBeUndefined();
    expect(nxJson.neverConnectToCloud).toBe(true);
  });
});
