import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { makeTempDir, type TempDir } from '@obskit/testing';
import { generate } from '../src/index';

jest.setTimeout(120_000);

/**
 * Binary float noise in a decimal number: six or more zeros between non-zero digits
 * (`0.010000000000000009`, `0.30000000000000004`) or a run of six or more nines (`0.0004999999999999449`,
 * `57.99999999999999`); zeros right after the point (`0.000001`) are not noise.
 */
const FLOAT_NOISE = /\d+\.\d*?(?:[1-9]0{6,}[1-9]\d*|[1-9]?9{6,}\d*)(?![\d.])/g;

/** Every file under `dir`, by path relative to it. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Each noisy number of the tree, with the file it is in. */
function noiseIn(files: Record<string, string>): string[] {
  return Object.entries(files).flatMap(([path, content]) =>
    [...content.matchAll(FLOAT_NOISE)].map((m) => `${path}: ${m[0]}`),
  );
}

/** Thresholds and objectives whose arithmetic (1 - objective, factor × budget, ms ↔ s) is noisy in float64. */
const UNUSUAL = {
  services: [
    {
      name: 'orders-api',
      targets: { static: ['orders-api:4000'] },
      packs: ['agents', 'tasks', 'http', 'db', 'jobs', 'runtime', 'scrape', 'business', 'anomalies'],
    },
  ],
  alerts: {
    packs: { host: true },
    overrides: {
      HttpLatencyHigh: { threshold: 0.3, for: '45m' },
      HttpHighErrorRate: { threshold: 0.07 },
      HeapGrowing: { threshold: 1.1, for: '45m' },
      DbSlowQueries: { threshold: 0.07 },
      DbPoolSaturated: { threshold: 0.58 },
      AgentHighErrorRate: { threshold: 0.07 },
      AgentLatencyHigh: { threshold: 0.3 },
      EventLoopLagHigh: { threshold: 0.07 },
      TaskDependencyWaitLong: { threshold: 0.3 },
      EngagementDrop: { threshold: 0.3 },
      RateLimitHeadroomLow: { threshold: 0.07 },
    },
  },
  slos: [
    {
      name: 'http-availability',
      service: 'orders-api',
      sli: { kind: 'http-availability' },
      objective: 0.999,
    },
    {
      name: 'http-latency',
      service: 'orders-api',
      sli: { kind: 'http-latency', thresholdSeconds: 0.075 },
      objective: 0.9995,
    },
    {
      name: 'agent-availability',
      service: 'orders-api',
      sli: { kind: 'agent-availability' },
      objective: 0.99,
    },
    {
      name: 'agent-latency',
      service: 'orders-api',
      sli: { kind: 'agent-latency', thresholdSeconds: 10.24 },
      objective: 0.97,
      window: '30d',
    },
  ],
  costBudgetUsdPerDay: 70.7,
};

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir('obskit-exact-numbers-');
});
afterAll(async () => {
  await tmp?.cleanup();
});

describe('numbers in the generated tree are written as configured (no float noise)', () => {
  it('the scan catches noise: 0.010000000000000009, 0.30000000000000004 and their kin, and nothing else', () => {
    const noisy = [
      1 - 0.99,
      0.1 + 0.2,
      1 - 0.9995,
      0.58 * 100,
      1.1 * 1.1,
      14.4 * (1 - 0.999),
      1 - 0.9,
      0.7 + 0.2 + 0.1,
    ].map(String);
    expect(noisy).toEqual([
      '0.010000000000000009',
      '0.30000000000000004',
      '0.0004999999999999449',
      '57.99999999999999',
      '1.2100000000000002',
      '0.014400000000000013',
      '0.09999999999999998',
      '0.9999999999999999',
    ]);
    expect(noiseIn({ 'x.yml': `expr: a / ${noisy.join(' > ')}` })).toEqual(noisy.map((n) => `x.yml: ${n}`));
    const clean = [
      '0.01',
      '0.0005',
      '0.000001',
      '1000000',
      '1000000.5',
      '0.999',
      '0.9995',
      '99.99',
      '127.0.0.1',
      '1.5e-7',
    ];
    expect(noiseIn({ 'x.yml': clean.join(' ') })).toEqual([]);
  });

  it.each([
    [
      'the demo config',
      join(__dirname, '../../../apps/demo-api/obskit.config.ts'),
      [undefined, 'dev', 'kubernetes', 'production', 'agent'],
    ],
    ['a config with unusual thresholds and objectives', 'unusual', [undefined]],
  ] as const)('%s: every file of every environment', async (_what, source, envs) => {
    let config: string = source;
    if (source === 'unusual') {
      config = join(tmp.path, 'obskit.config.json');
      await writeFile(config, JSON.stringify(UNUSUAL, null, 2));
    }
    for (const env of envs) {
      const out = join(tmp.path, `${source === 'unusual' ? 'unusual' : 'demo'}-${env ?? 'base'}`);
      await generate({ config, ...(env ? { env } : {}), out, cwd: tmp.path });
      const files = filesUnder(out);
      // the whole tree: rules, promtool tests, runbooks, dashboards, Prometheus and Alertmanager configs
      expect(Object.keys(files).some((f) => f.endsWith('.test.yml') || f.includes('test'))).toBe(true);
      expect(Object.keys(files).some((f) => f.endsWith('.json') && f.includes('dashboards'))).toBe(true);
      expect(noiseIn(files)).toEqual([]);
    }
  });
});
