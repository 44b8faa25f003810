import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Absolute path of the repository root. */
export const workspaceRoot = resolve(__dirname, '../../..');

/** What the workspace checks need to know about one project. */
export interface WorkspaceProject {
  /** Path relative to the workspace root, e.g. `packages/catalog`. */
  readonly dir: string;
  readonly packageJson: {
    name: string;
    private?: boolean;
    /** `module` or `commonjs`; a Next.js app leaves it out. */
    type?: string;
    exports?: Record<string, unknown>;
    types?: string;
    files?: string[];
    sideEffects?: boolean;
    dependencies?: Record<string, string>;
    nx?: { name?: string; tags?: string[] };
  };
}

/** Every project under packages/, apps/ and tools/ (folders with a package.json). */
export function listProjects(root: string = workspaceRoot): WorkspaceProject[] {
  return ['packages', 'apps', 'tools'].flatMap((group) => {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) return [];
    return readdirSync(groupDir)
      .filter((name) => existsSync(join(groupDir, name, 'package.json')))
      .map((name) => ({
        dir: `${group}/${name}`,
        packageJson: JSON.parse(readFileSync(join(groupDir, name, 'package.json'), 'utf8')),
      }));
  });
}

/** The projects `npm publish` would ship: every one whose package.json is not `private`. */
export function publishableProjects(root: string = workspaceRoot): WorkspaceProject[] {
  return listProjects(root).filter((p) => p.packageJson.private !== true);
}
