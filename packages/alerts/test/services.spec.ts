import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, runBinary, type TempDir } from '@obskit/testing';
import { ALERTS, PACK_NAMES } from '../src/alerts';
import { renderRuleFiles, renderRuleTests } from '../src/render';
import { buildServiceRuleGroups } from '../src/services/build';
import type { ServiceRulesOptions } from '../src/services/types';

jest.setTimeout(300_000);

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir('obskit-alerts-services-');
});
afterAll(async () => {
  await tmp?.cleanup();
});

function writeAll(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, content]) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  });
}

/** Writes rules and tests under `name` and runs `promtool test rules` on each test file. */
async function promtoolTests(name: string, rules: Record<string, string>, tests: Record<string, string>) {
  writeAll(join(tmp.path, name, 'rules'), rules);
  const files = writeAll(join(tmp.path, name, 'tests'), tests);
  const results = [];
  for (const file of files) {
    const r = await runBinary('promtool', ['test', 'rules', file], { timeoutMs: 240_000 });
    results.push({ file: file.split('/').pop(), code: r.code, out: r.stdout + r.stderr });
  }
  return results;
}

// Two services on one Prometheus: an HTTP-only API of the payments team, and an agent worker.
const TWO: ServiceRulesOptions = {
  services: [
    { name: 'orders-api', team: 'payments' },
    { name: 'agent-worker', team: 'ai', packs: ['agents', 'runtime', 'scrape'] },
  ],
  overrides: {
    HttpLatencyHigh: { threshold: 0.3, for: '20m' },
    HttpHighErrorRate: { threshold: 0.01 },
    TargetDown: { severity: 'warning' },
    AgentHighErrorRate: { threshold: 0.2 },
  },
  slos: [
    {
      name: 'orders-latency',
      service: 'orders-api',
      sli: { kind: 'http-latency', thresholdSeconds: 0.25, route: '/orders' },
      objective: 0.99,
      window: '28d',
    },
    {
      name: 'orders-business',
      service: 'orders-api',
      sli: {
        kind: 'ratio',
        good: 'obskit_business_operations_total{outcome="success"}',
        total: 'obskit_business_operations_total',
      },
      objective: 0.995,
    },
  ],
};

describe('rules of several services', () => {
  const groups = buildServiceRuleGroups(TWO);
  const rules = renderRuleFiles(groups);

  it('gives each service its packs, scoped to its job, with its team and overrides', () => {
    expect(Object.keys(rules).sort()).toEqual([
      'agents.rules.yml',
      'http.rules.yml',
      'recording.rules.yml',
      'runtime.rules.yml',
      'scrape.rules.yml',
      'slo.rules.yml',
    ]);
    const http = rules['http.rules.yml'];
    expect(http).toContain('- name: obskit-http-orders-api');
    expect(http).not.toContain('agent-worker');
    expect(http).toContain(
      'expr: histogram_quantile(0.95, sum by (le, job, http_route) (rate(http_server_request_duration_seconds_bucket{job="orders-api"}[5m]))) > 0.3\n        for: 20m',
    );
    expect(http).toContain('team: payments');
    expect(http).toContain('runbook_url: runbooks/ObskitHttpLatencyHigh.md');
    const scrape = rules['scrape.rules.yml'];
    expect(scrape).toContain('- name: obskit-scrape-orders-api');
    expect(scrape).toContain('- name: obskit-scrape-agent-worker');
    expect(scrape).toContain('up{job="agent-worker"} == 0');
    expect(
      scrape.match(/alert: ObskitTargetDown\n.*\n\s+for: 2m\n\s+labels:\n\s+severity: warning/g),
    ).toHaveLength(2);
    expect(rules['slo.rules.yml']).toContain(
      '1 - (sum by (job) (rate(obskit_business_operations_total{job="orders-api", outcome="success"}[5m])) or sum by (job) (rate(obskit_business_operations_total{job="orders-api"}[5m])) * 0) / sum by (job) (rate(obskit_business_operations_total{job="orders-api"}[5m]))',
    );
  });

  it('passes the real promtool: every case of every service fires with its job and team, and stays quiet', async () => {
    const results = await promtoolTests('two', rules, renderRuleTests(groups));
    expect(results.map((r) => r.file).sort()).toEqual([
      'agents.test.yml',
      'http.test.yml',
      'runtime.test.yml',
      'scrape.test.yml',
      'slo.test.yml',
    ]);
    for (const r of results)
      expect([r.file, r.code, r.out]).toEqual([r.file, 0, expect.stringContaining('SUCCESS')]);
  });

  it('the generated cases assert the configured threshold: the default cases fail against a 0.3 s rule', async () => {
    // http.test.yml written for the default 1 s threshold, run against rules tightened to 0.3 s:
    // its quiet case (p95 0.4875 s) fires, so a rule file that drifted from its tests is caught.
    const loose = renderRuleTests(
      buildServiceRuleGroups({ services: [{ name: 'orders-api', team: 'payments' }] }),
    );
    const tight = renderRuleFiles(
      buildServiceRuleGroups({
        services: [{ name: 'orders-api', team: 'payments' }],
        overrides: { HttpLatencyHigh: { threshold: 0.3 } },
      }),
    );
    const [r] = await promtoolTests('drift', tight, { 'http.test.yml': loose['http.test.yml'] });
    expect(r.code).toBe(1);
    expect(r.out).toContain('requests take between 0.5s and 1s');
  });

  it('the generated cases follow a `for` override: cases written for the default `for` fail against 2h', async () => {
    // The alerts whose cases are built from their `for` (growing values, sliding windows): their
    // default cases, run against rules that wait 2h, expect alerts that are still pending (or values
    // of another time); the cases generated for 2h pass.
    const followers = [
      'TaskQueueBacklogGrowing',
      'TaskQueueCapacityForecast',
      'JobNotRunRecently',
      'HeapGrowing',
      'ProcessRestarting',
      'LatencyAnomaly',
      'TokenUsageAnomaly',
      'CostAnomaly',
    ];
    const service = { name: 'everything', packs: ['tasks', 'jobs', 'runtime', 'anomalies'] } as const;
    const loose = renderRuleTests(buildServiceRuleGroups({ services: [service] }));
    const slow = buildServiceRuleGroups({
      services: [service],
      overrides: Object.fromEntries(followers.map((name) => [name, { for: '2h' }])),
    } as ServiceRulesOptions);
    expect(
      slow.flatMap((g) => g.definitions.alerts).filter((a) => followers.includes(a.name) && a.for !== '2h'),
    ).toEqual([]);
    const results = await promtoolTests('for-drift', renderRuleFiles(slow), loose);
    const failed = new Set(
      results.flatMap((r) => [...r.out.matchAll(/alertname: Obskit(\w+), time:/g)].map((m) => m[1])),
    );
    expect([...failed].sort()).toEqual([...followers].sort());
    const own = await promtoolTests('for-followed', renderRuleFiles(slow), renderRuleTests(slow));
    for (const r of own)
      expect([r.file, r.code, r.out]).toEqual([r.file, 0, expect.stringContaining('SUCCESS')]);
  });

  it('every alert with a threshold or `for`, overridden, still passes its generated promtool cases', async () => {
    // A value other than the default for every threshold, and a longer `for` for every alert.
    const thresholds: Record<string, number | string> = {
      agentErrorRatio: 0.2,
      agentLatencyP95Seconds: 10,
      tokenSpikeFactor: 5,
      costBudgetUsdPerDay: 50,
      decisionConfidenceMin: 0.4,
      handoffFailureRatio: 0.2,
      providerOutageErrorRatio: 0.7,
      rateLimitHeadroomRatio: 0.2,
      queueBacklog: 400,
      queueCapacity: 3000,
      dependencyWaitP95Seconds: 60,
      taskRetryRatio: 0.3,
      httpErrorRatio: 0.02,
      httpLatencyP95Seconds: 0.3,
      dbLatencyP95Seconds: 0.2,
      dbPoolSaturation: 0.8,
      jobMaxAge: '2h',
      eventLoopLagSeconds: 0.2,
      heapGrowthRatio: 2,
      restartsMax: 3,
      engagementDropRatio: 0.3,
      costPerOperationUsd: 0.2,
      anomalyZScore: 4,
    };
    const overrides: Record<string, { threshold?: number | string; for?: string }> = {};
    for (const [name, info] of Object.entries(ALERTS) as [string, { threshold?: string }][]) {
      overrides[name] = {
        ...(info.threshold ? { threshold: thresholds[info.threshold] } : {}),
        for: '45m',
      };
    }
    const all = PACK_NAMES.filter((p) => p !== 'host');
    const options = {
      services: [{ name: 'everything', packs: all }],
      packs: { host: true },
      overrides,
    } as unknown as ServiceRulesOptions;
    const groups = buildServiceRuleGroups(options);
    const results = await promtoolTests('overridden', renderRuleFiles(groups), renderRuleTests(groups));
    expect(results.length).toBeGreaterThanOrEqual(all.length);
    const failed = results.flatMap((r) =>
      [...r.out.matchAll(/alertname: (\w+), time: (\w+)/g)].map((m) => `${r.file} ${m[1]} ${m[2]}`),
    );
    expect(failed).toEqual([]);
    for (const r of results)
      expect([r.file, r.code, r.out]).toEqual([r.file, 0, expect.stringContaining('SUCCESS')]);
  });

  it('refuses bad options with every problem and its path', () => {
    expect(() =>
      buildServiceRuleGroups({
        services: [{ name: 'Orders' }, { name: 'w', packs: ['nope' as never] }],
        overrides: { TargetDown: { threshold: 1 } as never, Nope: {} } as never,
        slos: [
          { name: 'x', service: 'ghost', sli: { kind: 'http-latency', thresholdSeconds: 0.3 }, objective: 2 },
        ],
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /services\[0\]\.name[\s\S]*services\[1\]\.packs\[0\][\s\S]*alerts\.overrides\.TargetDown\.threshold[\s\S]*alerts\.overrides\.Nope[\s\S]*slos\[0\]\.service/,
        ),
      }),
    );
  });

  it('adds the host pack once, scoped to no service, and refuses it on a service', () => {
    const groups = buildServiceRuleGroups({ ...TWO, packs: { host: true } });
    const host = groups.filter((g) => g.name.startsWith('obskit-host'));
    expect(host.map((g) => g.name)).toEqual(['obskit-host']);
    const rules = renderRuleFiles(host)['host.rules.yml'];
    expect(rules).toContain('alert: ObskitHostDiskFullIn24h');
    expect(rules).not.toContain('job=');
    expect(buildServiceRuleGroups(TWO).some((g) => g.name.startsWith('obskit-host'))).toBe(false);
    expect(() => buildServiceRuleGroups({ services: [{ name: 'api', packs: ['http', 'host'] }] })).toThrow(
      'services[0].packs[1]: Pack "host" belongs to no service',
    );
  });
});
