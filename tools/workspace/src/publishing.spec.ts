import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { satisfies, validRange } from 'semver';
import { listProjects, publishableProjects, workspaceRoot, type WorkspaceProject } from './workspace';

// What a package needs before `npm publish`: checked for every package that is not private, so a new
// package is covered the moment it appears. The tarball spec (tools/obskit/test/tarball.spec.ts)
// proves the same packages install and run from their tarballs outside this repository.

const projects = listProjects();
const publishable = publishableProjects();
const byName = new Map(projects.map((p) => [p.packageJson.name, p]));
const rootPkg = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
const rootLicense = readFileSync(join(workspaceRoot, 'LICENSE'), 'utf8');

interface TsConfig {
  extends?: string;
  compilerOptions?: Record<string, unknown>;
}

/** compilerOptions of a tsconfig with its `extends` chain applied (relative extends only). */
function effectiveCompilerOptions(file: string): Record<string, unknown> {
  const config = JSON.parse(readFileSync(file, 'utf8')) as TsConfig;
  const base = config.extends ? effectiveCompilerOptions(resolve(dirname(file), config.extends)) : {};
  return { ...base, ...config.compilerOptions };
}

/** Everything that keeps `project` from being published and installed from its tarball. */
function publishProblems(project: WorkspaceProject): string[] {
  const { dir } = project;
  const pkg = project.packageJson as WorkspaceProject['packageJson'] & Record<string, unknown>;
  const problems: string[] = [];

  if (pkg.license !== rootPkg.license) {
    problems.push(
      `license is ${JSON.stringify(pkg.license)}, expected "${rootPkg.license}" as the root package.json`,
    );
  }
  const licenseFile = join(workspaceRoot, dir, 'LICENSE');
  if (!existsSync(licenseFile)) problems.push(`no ${dir}/LICENSE (copy the root LICENSE)`);
  else if (readFileSync(licenseFile, 'utf8') !== rootLicense)
    problems.push(`${dir}/LICENSE differs from the root LICENSE`);

  const repository = pkg.repository as { type?: string; url?: string; directory?: string } | undefined;
  const expectedRepository = { type: 'git', url: rootPkg.repository?.url, directory: dir };
  if (JSON.stringify(repository) !== JSON.stringify(expectedRepository)) {
    problems.push(
      `repository is ${JSON.stringify(repository)}, expected ${JSON.stringify(expectedRepository)}`,
    );
  }

  // The entry point: the build's output for src/index.ts, for require, import and TypeScript alike.
  const compilerOptions = effectiveCompilerOptions(join(workspaceRoot, dir, 'tsconfig.lib.json'));
  const outDir = String(compilerOptions.outDir ?? '').replace(/^\.\//, '');
  const rootDir = String(compilerOptions.rootDir ?? '').replace(/^\.\//, '');
  const entry = { types: `./${outDir}/index.d.ts`, default: `./${outDir}/index.js` };
  if (pkg.main !== entry.default)
    problems.push(`main is ${JSON.stringify(pkg.main)}, expected "${entry.default}"`);
  if (pkg.types !== entry.types)
    problems.push(`types is ${JSON.stringify(pkg.types)}, expected "${entry.types}"`);
  // An Edge entry (src/edge.ts) adds the Edge runtimes' conditions between types and default, all
  // pointing at its build output (Next.js middleware: edge-light; Cloudflare: worker, workerd).
  const hasEdge = existsSync(join(workspaceRoot, dir, rootDir, 'edge.ts'));
  const edge = `./${outDir}/edge.js`;
  const expectedDot = hasEdge
    ? { types: entry.types, 'edge-light': edge, worker: edge, workerd: edge, default: entry.default }
    : entry;
  const dot = pkg.exports?.['.'];
  if (JSON.stringify(dot) !== JSON.stringify(expectedDot)) {
    problems.push(
      `exports["."] is ${JSON.stringify(dot)}, expected ${JSON.stringify(expectedDot)} (types first, default last)`,
    );
  }
  const files = pkg.files ?? [];
  if (!files.includes(outDir)) problems.push(`files ${JSON.stringify(files)} lacks "${outDir}"`);

  // Source maps point at ../src/*.ts: ship those sources, or emit no maps.
  if (compilerOptions.sourceMap === true || compilerOptions.declarationMap === true) {
    if (!files.includes(rootDir)) {
      problems.push(
        `tsconfig.lib.json emits source maps into "${outDir}" whose sources are in "${rootDir}", but files ${JSON.stringify(files)} does not ship "${rootDir}"`,
      );
    } else if (!files.includes(`!${rootDir}/**/*.spec.ts`)) {
      problems.push(`files ${JSON.stringify(files)} ships the specs: add "!${rootDir}/**/*.spec.ts"`);
    }
  }

  const bin = (pkg.bin ?? {}) as Record<string, string>;
  for (const [name, file] of Object.entries(bin)) {
    const path = join(workspaceRoot, dir, file);
    if (!existsSync(path)) problems.push(`bin "${name}" is ${file}, which does not exist`);
    else if (!readFileSync(path, 'utf8').startsWith('#!/usr/bin/env node')) {
      problems.push(`bin "${name}" (${file}) does not start with "#!/usr/bin/env node"`);
    }
    if (!files.some((f) => file.replace(/^\.\//, '').startsWith(`${f}/`))) {
      problems.push(`bin "${name}" (${file}) is not under any of files ${JSON.stringify(files)}`);
    }
  }

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
    const deps = (pkg[field] ?? {}) as Record<string, string>;
    for (const [name, spec] of Object.entries(deps)) {
      const where = `${field}["${name}"] "${spec}"`;
      const sibling = byName.get(name);
      if (sibling) {
        if (sibling.packageJson.private === true) {
          problems.push(`${where}: ${sibling.dir} is private, so the published package could not install it`);
        }
        const version = (sibling.packageJson as { version?: string }).version ?? '';
        if (!satisfies(version, spec))
          problems.push(`${where} is not satisfied by ${sibling.dir}'s version ${version}`);
      }
      if (validRange(spec) === null) problems.push(`${where} is not a semver range`);
      else if (/^=?v?\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec.trim())) {
        problems.push(
          `${where} is an exact pin: use a range (^${spec.replace(/^=?v?/, '')}) so users get one shared copy`,
        );
      }
    }
  }
  return problems;
}

describe('publishable packages', () => {
  it('are every library under packages/ and the CLI', () => {
    const dirs = publishable.map((p) => p.dir);
    expect(dirs).toEqual(
      expect.arrayContaining(projects.filter((p) => p.dir.startsWith('packages/')).map((p) => p.dir)),
    );
    const cli = byName.get('@obskit/cli');
    expect(cli?.dir).toBe('tools/obskit');
    expect(dirs).toContain('tools/obskit');
    expect((cli?.packageJson as { bin?: unknown }).bin).toEqual({ obskit: './bin/obskit.js' });
  });

  it('the root package.json names the license and the repository they all point at', () => {
    expect(rootPkg.license).toBe('MIT');
    expect(rootLicense).toMatch(/^MIT License\n/);
    expect(rootPkg.repository).toEqual({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
    });
  });

  it.each(publishable.map((p) => [p.dir, p] as const))('%s can be published', (_dir, project) => {
    expect(publishProblems(project)).toEqual([]);
  });
});
