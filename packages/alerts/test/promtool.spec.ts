import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { LINES, makeTempDir, runBinary, type TempDir } from '@obskit/testing';
import { parseDuration } from '@obskit/promql';
import { buildRuleGroups } from '../src/build';
import { defaultAlertsConfig, scaleDurations } from '../src/config';
import { buildPrometheusRule, renderPrometheusRule, renderRuleFiles, renderRuleTests } from '../src/render';

jest.setTimeout(300_000);

const groups = buildRuleGroups();
let tmp: TempDir;

function writeAll(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, content]) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  });
}

beforeAll(async () => {
  tmp = await makeTempDir('obskit-alerts-');
});
afterAll(async () => {
  await tmp?.cleanup();
});

// Every check runs on both supported lines: promtool 2.42 (oldest) and 3.5.3 (current).
describe.each(LINES)('rendered rules against the real promtool (%s line)', (line) => {
  it('promtool check rules accepts every rule file', async () => {
    const files = writeAll(join(tmp.path, line, 'default/rules'), renderRuleFiles(groups));
    expect(files.map((f) => f.split('/').pop()).sort()).toEqual([
      'agents.rules.yml',
      'anomalies.rules.yml',
      'business.rules.yml',
      'db.rules.yml',
      'host.rules.yml',
      'http.rules.yml',
      'jobs.rules.yml',
      'recording.rules.yml',
      'runtime.rules.yml',
      'scrape.rules.yml',
      'slo.rules.yml',
      'tasks.rules.yml',
    ]);
    const result = await runBinary('promtool', ['check', 'rules', ...files], { line });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/SUCCESS/g)).toHaveLength(files.length);
  });

  it('promtool test rules passes every case: each alert fires with exact labels and annotations, and stays quiet', async () => {
    writeAll(join(tmp.path, line, 'default/rules'), renderRuleFiles(groups));
    const tests = writeAll(
      join(tmp.path, line, 'default/tests'),
      renderRuleTests(groups, { ruleFilesDir: '../rules' }),
    );
    expect(tests).toHaveLength(11);
    // Sequential: the week-long anomaly and SLO cases keep a CPU busy for seconds each.
    for (const file of tests) {
      const result = await runBinary('promtool', ['test', 'rules', file], { line, timeoutMs: 240_000 });
      expect([file, result.code, result.stdout + result.stderr]).toEqual([
        file,
        0,
        expect.stringContaining('SUCCESS'),
      ]);
    }
  });

  it('promtool tests follow a custom config: equality matchers, team, labels, prefix', async () => {
    const custom = buildRuleGroups({
      ...defaultAlertsConfig,
      prefix: 'Acme',
      team: 'agents',
      labels: { cluster: 'eu1' },
      matchers: { job: 'api' },
    });
    writeAll(join(tmp.path, line, 'custom/rules'), renderRuleFiles(custom));
    const all = renderRuleTests(custom);
    const picked = ['scrape.test.yml', 'runtime.test.yml', 'http.test.yml', 'slo.test.yml'];
    const tests = writeAll(
      join(tmp.path, line, 'custom/tests'),
      Object.fromEntries(picked.map((f) => [f, all[f]])),
    );
    expect(all['scrape.test.yml']).toContain('series: up{job="api", instance="api:3000"}');
    for (const file of tests) {
      const result = await runBinary('promtool', ['test', 'rules', file], { line, timeoutMs: 240_000 });
      expect([file, result.code, result.stdout + result.stderr]).toEqual([
        file,
        0,
        expect.stringContaining('SUCCESS'),
      ]);
    }
  });

  it('promtool test rules fails when an expectation is wrong (the harness can fail)', async () => {
    writeAll(join(tmp.path, line, 'wrong/rules'), renderRuleFiles(groups));
    const http = renderRuleTests(groups)['http.test.yml'].replace(
      '52.5% of HTTP requests',
      '26% of HTTP requests',
    );
    const [file] = writeAll(join(tmp.path, line, 'wrong/tests'), { 'http.test.yml': http });
    const result = await runBinary('promtool', ['test', 'rules', file], { line });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('description="api: 52.5% of HTTP requests failed');
  });

  it('renders the e2e profile with durations scaled down, still valid for promtool', async () => {
    const scaled = buildRuleGroups(scaleDurations(defaultAlertsConfig, { factor: 1 / 60, min: '20s' }));
    const files = writeAll(join(tmp.path, line, 'e2e/rules'), renderRuleFiles(scaled));
    const result = await runBinary('promtool', ['check', 'rules', ...files], { line });
    expect(result.code).toBe(0);
    const alerts = scaled.flatMap((g) => g.rules).filter((r) => 'alert' in r);
    for (const a of alerts) expect(parseDuration((a as { for: string }).for)).toBeGreaterThanOrEqual(20_000);
    const agents = renderRuleFiles(scaled)['agents.rules.yml'];
    expect(agents).toContain('[20s]');
    expect(agents).not.toContain('[5m]');
  });

  it('renders a PrometheusRule whose groups promtool accepts', async () => {
    const object = buildPrometheusRule(groups, {
      name: 'obskit',
      namespace: 'monitoring',
      labels: { release: 'kube-prometheus-stack' },
    });
    expect(object.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(object.kind).toBe('PrometheusRule');
    expect(object.metadata).toEqual({
      name: 'obskit',
      namespace: 'monitoring',
      labels: { release: 'kube-prometheus-stack' },
    });
    const parsed = load(renderPrometheusRule(groups, { name: 'obskit' })) as { spec: { groups: unknown[] } };
    expect(parsed.spec.groups).toHaveLength(groups.length);
    const [file] = writeAll(join(tmp.path, line, 'operator'), {
      'spec.rules.yml': JSON.stringify({ groups: parsed.spec.groups }),
    });
    const result = await runBinary('promtool', ['check', 'rules', file], { line });
    expect(result.code).toBe(0);
  });
});
