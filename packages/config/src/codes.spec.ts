import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObskitError, ObskitValidationError } from '@obskit/catalog';
import { CONFIG_CODES } from './codes';
import { ObskitConfigError, ObskitConfigLoadError } from './errors';
import { loadConfig, readConfigFile } from './load/load';
import { pricesFor } from './prices/prices';
import { validateConfig } from './validation/validate';

describe('CONFIG_CODES', () => {
  const codes = Object.values(CONFIG_CODES);

  it.each(Object.entries(CONFIG_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_0-9]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown ObskitConfigError carries, listing every problem', () => {
    let thrown: unknown;
    try {
      validateConfig(
        {
          services: [
            { name: 'orders-api', targets: { static: ['localhost'] } },
            { name: 'orders-api', targets: { static: ['localhost:4000'] } },
          ],
        },
        'obskit.config.ts',
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ObskitConfigError);
    expect(thrown).toBeInstanceOf(ObskitValidationError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({
      name: 'ObskitConfigError',
      code: CONFIG_CODES.invalid,
      file: 'obskit.config.ts',
      problems: [
        { code: CONFIG_CODES.invalidValue, subject: 'services[0].targets.static[0]' },
        { code: CONFIG_CODES.duplicateName, subject: 'services[1].name' },
      ],
    });
    expect((thrown as Error).message).toContain('"localhost" is not host:port');
    expect((thrown as Error).message).toContain('"orders-api" is already the name of services[0]');
  });

  it('keeps OBSKIT_INVALID_CONFIG when there is one problem', () => {
    expect(() => pricesFor({ prices: { openai: { 'gpt-x': { input: 1 } } } })).toThrow(
      expect.objectContaining({
        name: 'ObskitConfigError',
        code: CONFIG_CODES.invalid,
        problems: [
          expect.objectContaining({ code: CONFIG_CODES.missing, subject: 'prices.openai."gpt-x".output' }),
        ],
        message: expect.stringContaining('Missing output price of "openai/gpt-x"'),
      }),
    );
  });

  describe('ObskitConfigLoadError', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'obskit-config-codes-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('carries OBSKIT_CONFIG_UNKNOWN_ENVIRONMENT for an environment that does not exist', async () => {
      const error = await loadConfig({ cwd: dir, env: 'staging' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObskitConfigLoadError);
      expect(error).toBeInstanceOf(ObskitError);
      expect(error).toMatchObject({
        name: 'ObskitConfigLoadError',
        code: CONFIG_CODES.unknownEnvironment,
        message: expect.stringContaining('Unknown environment "staging"'),
      });
    });

    it('carries OBSKIT_CONFIG_NOT_FOUND for a file that does not exist', async () => {
      await expect(readConfigFile(join(dir, 'missing.config.ts'))).rejects.toMatchObject({
        name: 'ObskitConfigLoadError',
        code: CONFIG_CODES.notFound,
        message: expect.stringContaining('missing.config.ts" does not exist'),
      });
    });

    it('carries OBSKIT_CONFIG_LOAD_FAILED for a file without a default export', async () => {
      const file = join(dir, 'obskit.config.cjs');
      writeFileSync(file, 'module.exports = null;\n');
      await expect(readConfigFile(file)).rejects.toMatchObject({
        name: 'ObskitConfigLoadError',
        code: CONFIG_CODES.loadFailed,
        message: `Cannot load config "${file}": it has no default export (expected \`export default defineConfig({...})\`)`,
      });
    });
  });
});
