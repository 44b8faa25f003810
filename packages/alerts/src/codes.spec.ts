import { ObskitError, ObskitValidationError } from '@obskit/catalog';
import type { PackName } from './alerts';
import { buildRuleGroups, finishRuleGroups } from './build';
import { ALERTS_CODES } from './codes';
import { defaultAlertsConfig } from './config';
import { AlertsError } from './errors';
import { buildServiceRuleGroups, packAlerts, sloFromSpec } from './services/build';

/** What `fn` throws. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('ALERTS_CODES', () => {
  const codes = Object.values(ALERTS_CODES);

  it.each(Object.entries(ALERTS_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_0-9]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown AlertsError carries, listing every problem', () => {
    const thrown = thrownBy(() =>
      buildRuleGroups({ ...defaultAlertsConfig, prefix: 'acme', runbookUrl: 'https://runbooks.example' }),
    );
    expect(thrown).toBeInstanceOf(AlertsError);
    expect(thrown).toBeInstanceOf(ObskitValidationError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({
      name: 'AlertsError',
      code: ALERTS_CODES.config,
      problems: [
        { code: ALERTS_CODES.alertName, subject: 'config "prefix"' },
        { code: ALERTS_CODES.runbookUrl, subject: 'config "runbookUrl"' },
      ],
    });
    expect((thrown as Error).message).toContain('Invalid alert name prefix "acme"');
    expect((thrown as Error).message).toContain('Invalid runbook URL pattern "https://runbooks.example"');
  });

  it('carries the single problem’s code when there is one', () => {
    expect(() => buildRuleGroups({ ...defaultAlertsConfig, prefix: 'acme' })).toThrow(
      expect.objectContaining({
        name: 'AlertsError',
        code: ALERTS_CODES.alertName,
        message: expect.stringContaining('"acme"'),
      }),
    );
  });

  it('carries OBSKIT_INVALID_RULES over the rule definitions', () => {
    const group = {
      name: 'custom',
      file: 'custom',
      records: [{ record: 'bad-name', expr: 'sum(up)', outputLabels: [] }],
    };
    const thrown = thrownBy(() =>
      finishRuleGroups(
        [
          { group, config: defaultAlertsConfig },
          { group, config: defaultAlertsConfig },
        ],
        'runbooks/{alertname}.md',
      ),
    );
    expect(thrown).toBeInstanceOf(AlertsError);
    expect(thrown).toMatchObject({ code: ALERTS_CODES.rules });
    const problems = (thrown as AlertsError).problems.map((p) => p.code);
    expect(problems).toContain(ALERTS_CODES.duplicateRule);
    expect(problems).toContain(ALERTS_CODES.recordName);
    expect((thrown as Error).message).toContain('Invalid recording rule name "bad-name"');
  });

  it('carries OBSKIT_INVALID_PACK for a pack that does not exist', () => {
    expect(() =>
      buildServiceRuleGroups({ services: [{ name: 'api', packs: ['nope' as PackName] }] }),
    ).toThrow(
      expect.objectContaining({
        name: 'AlertsError',
        code: ALERTS_CODES.pack,
        message: expect.stringContaining('Unknown pack "nope"'),
      }),
    );
    expect(() => packAlerts('nope' as PackName, defaultAlertsConfig)).toThrow(
      expect.objectContaining({
        name: 'AlertsError',
        code: ALERTS_CODES.pack,
        message: expect.stringContaining('pack: Unknown pack "nope": expected one of agents,'),
      }),
    );
  });

  it('carries OBSKIT_INVALID_SLO for a ratio SLI that is not a selector', () => {
    const thrown = thrownBy(() =>
      sloFromSpec({
        name: 'checkout',
        service: 'api',
        objective: 0.99,
        sli: { kind: 'ratio', good: 'sum(rate(x[5m]))', total: 'http_requests_total' },
      }),
    );
    expect(thrown).toBeInstanceOf(AlertsError);
    expect(thrown).toMatchObject({
      name: 'AlertsError',
      code: ALERTS_CODES.slo,
      problems: [{ code: ALERTS_CODES.slo, subject: 'SLO "checkout" sli.good' }],
    });
    expect((thrown as Error).message).toContain('Invalid selector "sum(rate(x[5m]))"');
  });
});
