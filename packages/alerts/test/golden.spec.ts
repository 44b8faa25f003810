import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRuleGroups } from '../src/build';
import { defaultAlertsConfig } from '../src/config';
import { renderRuleFiles, renderRunbooks } from '../src/render';

const update = process.env.OBSKIT_UPDATE_GOLDEN === '1';
const groups = buildRuleGroups();

function compare(dir: string, files: Record<string, string>, suffix: string): void {
  if (update) {
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  }
  const missing = Object.keys(files).filter((name) => !existsSync(join(dir, name)));
  expect(missing).toEqual([]);
  for (const [name, content] of Object.entries(files)) {
    expect([name, readFileSync(join(dir, name), 'utf8')]).toEqual([name, content]);
  }
  const stale = readdirSync(dir).filter((f) => f.endsWith(suffix) && !(f in files));
  expect(stale).toEqual([]);
}

describe('golden files (regenerate with OBSKIT_UPDATE_GOLDEN=1)', () => {
  it('rule files match test/golden', () => {
    compare(join(__dirname, 'golden'), renderRuleFiles(groups), '.rules.yml');
  });

  it('every alert has its runbook in docs/runbooks/<AlertName>.md', () => {
    const runbooks = renderRunbooks(groups);
    expect(Object.keys(runbooks)).toContain('ObskitProviderOutage.md');
    compare(join(__dirname, '../../../docs/runbooks'), runbooks, '.md');
  });

  it('runbooks name the alerts they point to with the config prefix', () => {
    const runbooks = renderRunbooks(buildRuleGroups({ ...defaultAlertsConfig, prefix: 'Acme' }));
    expect(Object.keys(runbooks).filter((name) => !name.startsWith('Acme'))).toEqual([]);
    const withDefaultPrefix = Object.entries(runbooks).filter(([, text]) => /Obskit[A-Z]/.test(text));
    expect(withDefaultPrefix.map(([name]) => name)).toEqual([]);
    expect(runbooks['AcmeHttpLatencyHigh.md']).toContain('(AcmeEventLoopLagHigh)');
    expect(runbooks['AcmeAgentHighErrorRate.md']).toContain('see AcmeProviderOutage and fail over');
  });
});
