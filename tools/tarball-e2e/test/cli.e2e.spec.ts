import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { makeTempDir, type TempDir } from '@obskit/testing';
import { workspaceRoot } from '@obskit/workspace';
import {
  danglingSourceMaps,
  insideWorkspace,
  pack,
  publishableNames,
  readmeCommands,
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

  it("the root README's commands work verbatim from an empty project, then check and validate pass", async () => {
    const app = join(temp.path, 'orders-api');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'orders-api', version: '1.0.0', private: true }, null, 2),
    );
    const run = async (command: string): Promise<Ran> => {
      const ran = await sh(command, app);
      expect({ exit: ran.code, run: describeRun(ran) }).toEqual({ exit: 0, run: expect.any(String) });
      return ran;
    };

    const [install, init, generate, ...rest] = readmeCommands();
    expect({ install, init, generate, rest }).toEqual({
      install: 'npm i -D @obskit/cli',
      init: 'npx obskit init --name orders-api --port 4000 --metrics-path /api/metrics',
      generate: 'npx obskit generate',
      rest: [],
    });

    // The only change to the README's lines: the packages are not on the registry, so `@obskit/cli`
    // stands for its tarball and those of its @obskit dependencies (what npm would fetch once published).
    const tarballs = withObskitDependencies(['@obskit/cli']).map((name) => packed.get(name)?.tarball);
    await run(install.replace('@obskit/cli', tarballs.map((t) => JSON.stringify(t)).join(' ')));
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.devDependencies)).toContain('@obskit/cli');

    const initialised = await run(init);
    expect(existsSync(join(app, 'obskit.config.ts'))).toBe(true);
    expect(initialised.stdout).toContain('npx obskit generate');
    const configText = readFileSync(join(app, 'obskit.config.ts'), 'utf8');
    expect(configText).toContain("name: 'orders-api'");

    const generated = await run(generate);
    expect(generated.stdout).toMatch(/^deployment: \d+ written, 0 unchanged, 0 removed$/m);
    const prometheusYml = join(app, 'deployment', 'prometheus', 'prometheus.yml');
    const prometheus = load(readFileSync(prometheusYml, 'utf8')) as {
      scrape_configs: { job_name: string; metrics_path?: string; static_configs?: { targets: string[] }[] }[];
    };
    const job = prometheus.scrape_configs.find((c) => c.job_name === 'orders-api');
    expect(job).toMatchObject({
      metrics_path: '/api/metrics',
      static_configs: [{ targets: ['localhost:4000'] }],
    });
    expect(prometheus.scrape_configs.map((c) => c.job_name)).not.toContain('demo-api');

    const checked = await run('npx obskit check');
    expect(checked.stdout).toMatch(/^deployment is up to date/m);
    const validated = await run('npx obskit validate');
    expect(validated.stdout).toMatch(/^deployment: \d+ checks passed$/m);
    expect(validated.stdout).toMatch(/^ok {4}promtool check config prometheus\/prometheus.yml$/m);
    expect(validated.stdout).toMatch(/^ok {4}amtool check-config alertmanager\/alertmanager.yml$/m);
  });
});
