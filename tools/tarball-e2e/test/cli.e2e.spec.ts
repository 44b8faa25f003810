import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { makeTempDir, type TempDir } from '@obskit/testing';
import { workspaceRoot } from '@obskit/workspace';
import {
  danglingSourceMaps,
  insideWorkspace,
  pack,
  publishableNames,
  withObskitDependencies,
  type Packed,
} from './support/packages';
import { describeRun, sh, type Ran } from './support/run';

// Packs every publishable package, installs the CLI's tarballs into an empty project in the OS temp
// dir (third-party dependencies from the npm cache or the registry) and runs the CLI there as a user
// would. Several minutes on a loaded machine: npm pack, npm install and promtool dominate.
jest.setTimeout(15 * 60_000);

describe('the published packages, installed from their tarballs outside this repository', () => {
  let temp: TempDir;
  let packed: Map<string, Packed>;

  beforeAll(async () => {
    temp = await makeTempDir('obskit-tarball-');
    expect(insideWorkspace(temp.path)).toBe(false);
    packed = await pack(publishableNames(), join(temp.path, 'tarballs'));
  });
  afterAll(async () => {
    await temp?.cleanup();
  });

  it('ship LICENSE, README.md, the entry files, and the sources of every source map', () => {
    expect([...packed.keys()].sort()).toEqual(publishableNames());
    for (const p of packed.values()) {
      const pkg = JSON.parse(readFileSync(join(workspaceRoot, p.dir, 'package.json'), 'utf8'));
      const entries = [
        'LICENSE',
        'README.md',
        'package.json',
        pkg.main,
        pkg.types,
        ...Object.values<string>(pkg.bin ?? {}),
      ];
      const missing = entries
        .map((f: string) => f.replace(/^\.\//, ''))
        .filter((f: string) => !p.files.includes(f));
      expect({ package: p.name, missing }).toEqual({ package: p.name, missing: [] });
      expect(p.files.filter((f) => f.endsWith('.spec.ts') || f.endsWith('.tsbuildinfo'))).toEqual([]);
    }
    expect([...packed.values()].flatMap(danglingSourceMaps)).toEqual([]);
  });

  it('the CLI installs into an empty project and generate, check and validate work there', async () => {
    const app = join(temp.path, 'orders-api');
    await sh(`mkdir -p ${JSON.stringify(app)}`, temp.path);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'orders-api', version: '1.0.0', private: true }, null, 2),
    );
    const run = async (command: string): Promise<Ran> => {
      const ran = await sh(command, app);
      expect({ exit: ran.code, run: describeRun(ran) }).toEqual({ exit: 0, run: expect.any(String) });
      return ran;
    };

    // What `npm i -D @obskit/cli` does once published: the CLI and its @obskit dependencies, from tarballs here.
    const tarballs = withObskitDependencies(['@obskit/cli']).map((name) => packed.get(name)?.tarball);
    await run(`npm install -D ${tarballs.map((t) => JSON.stringify(t)).join(' ')}`);
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.devDependencies)).toContain('@obskit/cli');

    const generated = await run('npx obskit generate');
    expect(generated.stdout).toMatch(/^deployment: \d+ written, 0 unchanged, 0 removed$/m);
    const prometheusYml = join(app, 'deployment', 'prometheus', 'prometheus.yml');
    expect(existsSync(prometheusYml)).toBe(true);
    const config = load(readFileSync(prometheusYml, 'utf8')) as { scrape_configs?: { job_name: string }[] };
    expect(config.scrape_configs?.length).toBeGreaterThan(0);

    const checked = await run('npx obskit check');
    expect(checked.stdout).toMatch(/^deployment is up to date/m);
    const validated = await run('npx obskit validate');
    expect(validated.stdout).toMatch(/^deployment: \d+ checks passed$/m);
    expect(validated.stdout).toMatch(/^ok {4}promtool check config prometheus\/prometheus.yml$/m);
    expect(validated.stdout).toMatch(/^ok {4}amtool check-config alertmanager\/alertmanager.yml$/m);
  });
});
