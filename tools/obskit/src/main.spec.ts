import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObskitError } from '@obskit/catalog';
import { runCli } from '../test/support';
import { EXIT_CODES, exitCodeOf } from './exit-codes';
import { HELP } from './help';

describe('obskit CLI arguments', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'obskit-cli-args-'));
    writeFileSync(
      join(cwd, 'obskit.config.json'),
      JSON.stringify({ services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }] }),
    );
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it.each(['init', 'generate', 'check', 'validate', 'up'] as const)(
    'prints the help of %s',
    async (command) => {
      const run = await runCli([command, '--help'], { cwd });
      expect(run).toEqual({ code: 0, out: HELP[command], err: '' });
      expect(run.out).toMatch(new RegExp(`^Usage: obskit ${command}`));
    },
  );

  it('prints the overview with --help, and exits 2 without a command', async () => {
    expect(await runCli(['--help'], { cwd })).toEqual({ code: 0, out: HELP.main, err: '' });
    expect((await runCli([], { cwd })).code).toBe(EXIT_CODES.usage);
  });

  it('rejects an unknown command, flag or profile with exit 2 and says what was expected', async () => {
    expect(await runCli(['deploy'], { cwd })).toEqual({
      code: 2,
      out: '',
      err: 'obskit: error: Unknown command "deploy": expected init, generate, check, validate or up [OBSKIT_USAGE]',
    });
    const flag = await runCli(['generate', '--bogus'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("Unknown option '--bogus'");
    expect(flag.err).toContain('see obskit generate --help');
    const profile = await runCli(['generate', '--profile', 'staging'], { cwd });
    expect(profile).toMatchObject({
      code: 2,
      err: 'obskit: error: Invalid --profile "staging": expected one of dev, compose, kubernetes, production, e2e, agent, scale [OBSKIT_USAGE]',
    });
    const label = await runCli(['generate', '--label', 'release'], { cwd });
    expect(label.err).toContain('Invalid --label "release": expected KEY=VALUE');
  });

  it('names the missing flags of the e2e profile (exit 4)', async () => {
    const run = await runCli(['generate', '--profile', 'e2e', '--out', 'e2e', '--target', '127.0.0.1:3000'], {
      cwd,
    });
    expect(run.code).toBe(EXIT_CODES.invalidConfig);
    expect(run.err).toContain('Missing option "prometheus" (--prometheus)');
    expect(run.err).toContain('Missing option "webhookUrl" (--webhook-url)');
    expect(run.err).not.toContain('Missing option "target"');
  });

  it('prints stack traces only with --verbose', async () => {
    const quiet = await runCli(['generate', '--profile', 'e2e', '--out', 'x'], { cwd });
    expect(quiet.err).not.toMatch(/\n\s+at /);
    const verbose = await runCli(['generate', '--profile', 'e2e', '--out', 'x', '--verbose'], { cwd });
    expect(verbose.err).toMatch(/ObskitValidationError: Invalid deployment options[\s\S]*\n\s+at /);
  });
});

describe('exitCodeOf', () => {
  it('maps error codes to exit statuses', () => {
    expect(exitCodeOf(new ObskitError('OBSKIT_HAND_EDITED', 'x'))).toBe(3);
    expect(exitCodeOf(new ObskitError('OBSKIT_MISSING_BINARY', 'x'))).toBe(5);
    expect(exitCodeOf(new ObskitError('OBSKIT_VALIDATOR_TOO_OLD', 'x'))).toBe(5);
    expect(exitCodeOf(new ObskitError('OBSKIT_CONFIG_NOT_FOUND', 'x'))).toBe(2);
    expect(exitCodeOf(new ObskitError('OBSKIT_INVALID_DURATION', 'x'))).toBe(4);
    expect(exitCodeOf(new ObskitError('OBSKIT_WRITE_FAILED', 'x'))).toBe(74);
    expect(exitCodeOf(new TypeError('boom'))).toBe(70);
  });
});
