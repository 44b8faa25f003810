import { ObskitError } from '@obskit/catalog';
import { CLI_CODES } from './codes';
import { CliError } from './errors';
import { EXIT_CODES, exitCodeOf } from './exit-codes';
import { UsageError } from './internal/usage-error';
import { assertToolMeets } from './internal/tool-binaries';

describe('CLI_CODES', () => {
  const codes = Object.values(CLI_CODES);

  it.each(Object.entries(CLI_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown CliError carries; UsageError is one with OBSKIT_USAGE', () => {
    let thrown: unknown;
    try {
      assertToolMeets({ name: 'promtool', file: '/bin/promtool', version: '2.0.0', source: 'PATH' }, [
        { tool: 'promtool', minimum: '3.0.0', reason: 'test' },
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({ name: 'CliError', code: CLI_CODES.validatorTooOld });
    expect(exitCodeOf(thrown)).toBe(EXIT_CODES.missingBinary);

    const usage = new UsageError('Unknown command "x"');
    expect(usage).toBeInstanceOf(CliError);
    expect(usage).toMatchObject({ name: 'UsageError', code: 'OBSKIT_USAGE' });
    expect(exitCodeOf(usage)).toBe(EXIT_CODES.usage);
  });
});
