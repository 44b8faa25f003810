import { mkdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { publishableProjects, workspaceRoot, type WorkspaceProject } from '@obskit/workspace';
import { describeRun, sh } from './run';

/** One package packed by `npm pack`. */
export interface Packed {
  readonly name: string;
  /** The project's folder, relative to the workspace root. */
  readonly dir: string;
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
  /** The paths inside the tarball (relative to its `package/` folder). */
  readonly files: readonly string[];
}

const publishable = new Map(publishableProjects().map((p) => [p.packageJson.name, p]));

/** `names` and every `@obskit/*` package they depend on, transitively (the tarballs to install together). */
export function withObskitDependencies(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const project = publishable.get(name);
    if (!project) throw new Error(`"${name}" is not a publishable package of this workspace`);
    seen.add(name);
    const deps = { ...project.packageJson.dependencies, ...peerDependencies(project) };
    for (const dep of Object.keys(deps)) if (dep.startsWith('@obskit/')) visit(dep);
  };
  names.forEach(visit);
  return [...seen].sort();
}

function peerDependencies(project: WorkspaceProject): Record<string, string> {
  return (project.packageJson as { peerDependencies?: Record<string, string> }).peerDependencies ?? {};
}

/** Every publishable package's name. */
export function publishableNames(): string[] {
  return [...publishable.keys()].sort();
}

/** `npm pack`s the named packages (their built `dist` as it is) into `destination`. */
export async function pack(names: readonly string[], destination: string): Promise<Map<string, Packed>> {
  const dirs = names.map((name) => {
    const project = publishable.get(name);
    if (!project) throw new Error(`"${name}" is not a publishable package of this workspace`);
    return project.dir;
  });
  mkdirSync(destination, { recursive: true });
  const ran = await sh(
    `npm pack --json --pack-destination ${JSON.stringify(destination)} ${dirs.map((d) => `./${d}`).join(' ')}`,
    workspaceRoot,
  );
  if (ran.code !== 0) throw new Error(`npm pack failed:\n${describeRun(ran)}`);
  const report = JSON.parse(ran.stdout) as { name: string; filename: string; files: { path: string }[] }[];
  return new Map(
    report.map((entry) => [
      entry.name,
      {
        name: entry.name,
        dir: publishable.get(entry.name)?.dir ?? '',
        tarball: join(destination, entry.filename),
        files: entry.files.map((f) => f.path),
      },
    ]),
  );
}

/**
 * Source maps in a tarball whose `sources` are not in it: `file.js.map → ../src/file.ts (missing)`.
 * A packed file is the project's file on disk, so the maps are read from the project folder.
 */
export function danglingSourceMaps(packed: Packed): string[] {
  const shipped = new Set(packed.files);
  const problems: string[] = [];
  for (const file of packed.files.filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(workspaceRoot, packed.dir, file), 'utf8')) as {
      sources?: string[];
      sourceRoot?: string;
    };
    for (const source of map.sources ?? []) {
      const target = posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? '', source));
      if (!shipped.has(target))
        problems.push(
          `${packed.name}: ${file} → ${source} (${target} is not in the tarball; a map left in dist by a removed source? rebuild from an empty dist)`,
        );
    }
  }
  return problems;
}

/** The commands of the root README's "Use it on your own service" block, one per line. */
export function readmeCommands(): string[] {
  const readme = readFileSync(join(workspaceRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Use it on your own service\n'));
  if (!section) throw new Error('README.md has no section "## Use it on your own service"');
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md "Use it on your own service" has no ```sh block');
  return block[1]
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** True when `dir` is inside this repository (a user's project must not be). */
export function insideWorkspace(dir: string): boolean {
  const rel = relative(workspaceRoot, resolve(dir));
  return !rel.startsWith('..') && !rel.startsWith('/');
}
