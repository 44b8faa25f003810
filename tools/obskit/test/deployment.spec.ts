import { join } from 'node:path';
import { LINES, requireBinary } from '@obskit/testing';
import { check, validate } from '../src/index';

jest.setTimeout(300_000);

/** The committed tree: CI proves it is what `obskit generate` writes today, and that it is valid. */
const DEPLOYMENT = join(__dirname, '../../../deployment');

describe('the committed deployment/ tree', () => {
  it('is what obskit generate writes from the current sources', async () => {
    const result = await check({ out: DEPLOYMENT });
    const stale = [...result.missing, ...result.changed, ...result.stale];
    // On failure: npx obskit generate (or node tools/obskit/bin/obskit.js generate) and commit deployment/.
    expect({ stale, regenerate: 'npx obskit generate' }).toEqual({
      stale: [],
      regenerate: 'npx obskit generate',
    });
    expect(result.options.profile).toBe('compose');
  });

  // Both lines: promtool/amtool 2.42/0.25 (oldest supported) and 3.5.3/0.33.1 (current).
  it.each(LINES)('passes promtool and amtool of the %s line, and holds no literal secret', async (line) => {
    // promtool test rules runs over the same rule tests in test/cli.spec.ts (compose profile).
    const result = await validate({
      out: DEPLOYMENT,
      ruleTests: false,
      promtool: requireBinary('promtool', { line }),
      amtool: requireBinary('amtool', { line }),
    });
    expect(result.tools.map((t) => [t.name, t.version])).toEqual([
      ['promtool', expect.stringMatching(line === 'current' ? /^3\./ : /^2\.42\./)],
      ['amtool', expect.stringMatching(line === 'current' ? /^0\.33\./ : /^0\.25\./)],
    ]);
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(result.steps.map((s) => s.command)).toEqual(
      expect.arrayContaining([
        'promtool check config prometheus/prometheus.yml',
        'amtool check-config alertmanager/alertmanager.yml',
        'promtool check rules kubernetes/prometheus-rule.yaml',
        'secret scan',
      ]),
    );
  });
});
