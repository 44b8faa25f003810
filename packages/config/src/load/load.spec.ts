import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObskitConfigError, ObskitConfigLoadError } from '../errors.js';
import { findConfigFile, loadConfig } from './load.js';

const service = `{ name: 'orders-api', targets: { static: ['localhost:4000'] }, metricsPath: '/api/metrics' }`;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'obskit-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it.each([
    [
      'obskit.config.ts',
      `const port: number = 4000;\nexport default { services: [{ ...${service}, targets: { static: [\`localhost:\${port}\`] } }] };\n`,
    ],
    ['obskit.config.mts', `export default { services: [${service}] } satisfies object;\n`],
    ['obskit.config.mjs', `export default { services: [${service}] };\n`],
    ['obskit.config.js', `module.exports = { services: [${service}] };\n`],
    ['obskit.config.cjs', `module.exports = { services: [${service}] };\n`],
    [
      'obskit.config.json',
      JSON.stringify({
        services: [
          { name: 'orders-api', targets: { static: ['localhost:4000'] }, metricsPath: '/api/metrics' },
        ],
      }),
    ],
  ])('loads %s found upward from a subdirectory', async (name, text) => {
    writeFileSync(join(dir, name), text);
    const sub = join(dir, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    expect(findConfigFile(sub)).toBe(join(dir, name));
    const loaded = await loadConfig({ cwd: sub });
    expect(loaded.file).toBe(join(dir, name));
    expect(loaded.resolved.services).toEqual([
      { name: 'orders-api', targets: { static: ['localhost:4000'] }, metricsPath: '/api/metrics' },
    ]);
  });

  it('loads a TypeScript config that imports a helper beside it', async () => {
    writeFileSync(join(dir, 'services.ts'), `export const orders = ${service};\n`);
    writeFileSync(
      join(dir, 'obskit.config.ts'),
      `import { orders } from './services';\nexport default { services: [orders] };\n`,
    );
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.resolved.services[0]?.name).toBe('orders-api');
  });

  it('accepts the "$schema" key editors use for completion, and drops it from what generators get', async () => {
    writeFileSync(
      join(dir, 'obskit.config.json'),
      JSON.stringify({
        $schema: './node_modules/@obskit/config/obskit.config.schema.json',
        services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }],
      }),
    );
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.config.$schema).toBe('./node_modules/@obskit/config/obskit.config.schema.json');
    expect(loaded.resolved).toEqual({
      services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }],
    });
  });

  it('takes --config relative to cwd instead of searching', async () => {
    mkdirSync(join(dir, 'ops'));
    writeFileSync(
      join(dir, 'ops', 'monitoring.json'),
      JSON.stringify({ services: [JSON.parse(JSON.stringify({ name: 'a', targets: { static: ['a:1'] } }))] }),
    );
    const loaded = await loadConfig({ cwd: dir, configFile: 'ops/monitoring.json' });
    expect(loaded.file).toBe(join(dir, 'ops', 'monitoring.json'));
  });

  it('merges the chosen environment over the base: objects merge, arrays replace', async () => {
    writeFileSync(
      join(dir, 'obskit.config.ts'),
      `export default {
  services: [${service}],
  storage: { retention: { time: '15d', size: '10GB' } },
  environments: {
    production: {
      services: [{ name: 'orders-api', targets: { kubernetes: { namespace: 'shop', labels: { app: 'orders' }, port: 'http' } } }],
      storage: { retention: { time: '90d' } },
    },
  },
};\n`,
    );
    const base = await loadConfig({ cwd: dir });
    expect(base.env).toBeUndefined();
    expect(base.resolved.storage).toEqual({ retention: { time: '15d', size: '10GB' } });
    expect('environments' in base.resolved).toBe(false);
    const prod = await loadConfig({ cwd: dir, env: 'production' });
    expect(prod.env).toBe('production');
    expect(prod.resolved.storage).toEqual({ retention: { time: '90d', size: '10GB' } });
    expect(prod.resolved.services).toEqual([
      {
        name: 'orders-api',
        targets: { kubernetes: { namespace: 'shop', labels: { app: 'orders' }, port: 'http' } },
      },
    ]);
  });

  it('says there is no config, where it looked and how to create one', async () => {
    const error = await loadConfig({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObskitConfigLoadError);
    expect((error as ObskitConfigLoadError).code).toBe('OBSKIT_CONFIG_NOT_FOUND');
    expect((error as Error).message).toBe(
      `No obskit config found in ${dir} or any parent directory (looked for obskit.config.ts, obskit.config.mts, obskit.config.mjs, obskit.config.js, obskit.config.cjs, obskit.config.json); create one with "npx obskit init --name <service> --port <port>" or pass --config FILE`,
    );
  });

  it('names an unknown environment and the closest one', async () => {
    writeFileSync(
      join(dir, 'obskit.config.json'),
      JSON.stringify({ services: [{ name: 'a', targets: { static: ['a:1'] } }] }),
    );
    await expect(loadConfig({ cwd: dir, env: 'prod' })).rejects.toThrow(
      'Unknown environment "prod": expected one of dev, compose, kubernetes, production, agent, scale (did you mean "production"?)',
    );
  });

  it('reports a config that does not evaluate, naming the file', async () => {
    writeFileSync(join(dir, 'obskit.config.ts'), `export default { services: [ ;\n`);
    const error = await loadConfig({ cwd: dir }).catch((e: unknown) => e);
    expect((error as ObskitConfigLoadError).code).toBe('OBSKIT_CONFIG_LOAD_FAILED');
    expect((error as Error).message).toMatch(/^Cannot load config ".*obskit\.config\.ts": /);
  });

  it('rejects an invalid config with the file named in the error', async () => {
    writeFileSync(
      join(dir, 'obskit.config.json'),
      JSON.stringify({ services: [{ name: 'a', targets: { static: ['localhost'] } }] }),
    );
    const error = await loadConfig({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObskitConfigError);
    expect((error as Error).message).toBe(
      'Invalid obskit config in obskit.config.json: 1 problem\n  - services[0].targets.static[0]: "localhost" is not host:port [OBSKIT_CONFIG_INVALID_VALUE]',
    );
  });
});
