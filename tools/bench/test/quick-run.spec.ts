import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchArgs, readPreviousResults, runBench, type BenchProfile } from '../src/bench';

const PACKAGE_DIR = join(__dirname, '..');
const CHILD = join(PACKAGE_DIR, 'dist', 'child.js');
const OUT = join(PACKAGE_DIR, 'test-output', 'spec', 'RESULTS.md');

/** Tiny sizes: the harness end to end in seconds; no number is asserted, only the tables' shape. */
const TINY: BenchProfile = {
  http: { seconds: 0.2, rounds: 3, connections: 50, withScrape: true },
  record: { sampleMs: 1, rounds: 3 },
  scrape: { sizes: [20, 40], rounds: 3 },
  otel: { sizes: [20], rounds: 3 },
  memory: { checkpoints: [2_500, 5_000] },
  genai: { calls: 5, streamCalls: 3, chunks: [2, 4], rounds: 3, paceMs: 1, pacedCalls: 2 },
  // not run here: it backfills a history (~1 min); grafana-queries.spec.ts and tools/testing's backfill spec cover its parts
  dashboards: { variants: [], repeats: 1 },
};

const RATIO = /^\d+\.\d\d×$/;
const NUMBER = /^\d+(\.\d+)?$/;

beforeAll(() => {
  // the HTTP and memory suites fork the built child entry
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.lib.json'], {
    cwd: PACKAGE_DIR,
    stdio: 'inherit',
  });
  rmSync(OUT, { force: true });
}, 120_000);

describe('quick run', () => {
  it('runs every suite and writes a results file whose tables have the expected shape', async () => {
    expect(existsSync(CHILD)).toBe(true);
    const { results, markdown } = await runBench({
      profile: TINY,
      quick: true,
      out: OUT,
      childScript: CHILD,
      only: ['record', 'scrape', 'otel', 'memory', 'http', 'genai'],
    });

    expect(results.map((r) => r.id)).toEqual(['record', 'scrape', 'otel', 'memory', 'http', 'genai']);
    for (const r of results) {
      expect(r.tables.length).toBeGreaterThan(0);
      for (const t of r.tables) {
        expect(t.rows.length).toBeGreaterThan(0);
        for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
      }
      expect(r.goals.length).toBeGreaterThan(0);
    }
    const [record, scrape, otel, memory, http, genai] = results;

    // genai: JSON, two stream lengths written at once and paced, each with its per-chunk slope, bare and wrapped CPU µs per call
    expect(genai.tables[0].rows.map((r) => r[0])).toEqual([
      'chat, JSON',
      'chat, JSON: floor (times, hooks the read, keeps references; records nothing)',
      'chat, stream of 2 chunks, written at once',
      'chat, stream of 4 chunks, written at once',
      'per streamed chunk, written at once (slope)',
      'chat, stream of 2 chunks, paced 1 ms: an event a read',
      'chat, stream of 4 chunks, paced 1 ms: an event a read',
      'per streamed chunk, paced 1 ms: an event a read (slope)',
    ]);
    for (const row of genai.tables[0].rows) {
      expect(row[1]).toMatch(/^-?\d+(\.\d+)?$/);
      expect(row[2]).toMatch(/^-?\d+(\.\d+)?$/);
    }

    // record: 4 label counts × counter/histogram + the two helpers, each with a finite ratio
    expect(record.tables[0].rows).toHaveLength(10);
    for (const row of record.tables[0].rows) {
      expect(row[1]).toMatch(NUMBER);
      expect(row[2]).toMatch(NUMBER);
      expect(row[3]).toMatch(RATIO);
    }

    // scrape: the handlers over HTTP, one row per size and encoding, bodies identical to prom-client's
    expect(scrape.tables[0].rows.map((row) => [row[0], row[1]])).toEqual([
      ['20', 'identity'],
      ['20', 'gzip'],
      ['40', 'identity'],
      ['40', 'gzip'],
    ]);
    for (const row of scrape.tables[0].rows) {
      expect(row[4]).toMatch(RATIO);
      expect(row[12]).toBe('yes');
      if (row[1] === 'gzip') expect(Number(row[10])).toBeGreaterThan(Number(row[11]));
      else expect(row[11]).toBe(row[10]);
    }
    // the render alone: same sizes, same bytes
    expect(scrape.tables[1].rows.map((row) => [row[0], row[7]])).toEqual([
      ['20', 'yes'],
      ['40', 'yes'],
    ]);
    expect(scrape.tables[1].rows.every((row) => RATIO.test(row[3]))).toBe(true);

    // otel: same count of bucket lines on both sides (20 series × 15 buckets)
    expect(otel.tables[0].rows).toHaveLength(1);
    expect(otel.tables[0].rows[0][3]).toMatch(RATIO);
    expect(otel.tables[0].rows[0][8]).toBe('300 / 300');

    // memory: past the cap of 2000 only the cap plus the overflow series are exposed
    const memoryRows = memory.tables[0].rows;
    expect(memoryRows.map((row) => row[1])).toEqual(['0', '2500', '5000', '2500']);
    expect(memoryRows.map((row) => row[4])).toEqual(['0', '2001', '2001', '2500']);

    // http: one at a time and side by side, each without and with scrapes; four servers, finite
    // ratios against bare Express (req/s and requests per CPU-second), no failed requests
    expect(http.tables.map((t) => t.columns[0])).toEqual([
      'server, one at a time (no scrape)',
      'server, one at a time (scrape of /metrics every second)',
      'server, side by side with bare Express (no scrape)',
      'server, side by side with bare Express (scrape of /metrics every second)',
    ]);
    for (const t of http.tables) {
      expect(t.rows.map((row) => row[0].split(' ')[0])).toEqual([
        'bare',
        'obskit',
        'express-prom-bundle',
        'OTel',
      ]);
      for (const row of t.rows) {
        expect(row[2]).toMatch(RATIO);
        expect(row[4]).toMatch(process.platform === 'linux' ? RATIO : /^(n\/a|\d+\.\d\d×)$/);
        expect(row[7]).toBe('0');
      }
    }
    expect(http.goals.map((g) => g.goal)).toEqual([
      'middleware ≥ 0.97× bare Express (side by side, req per CPU-second)',
      'middleware ahead of every peer (side by side)',
      'middleware ≥ 0.97× bare Express (side by side, req per CPU-second, with scrapes)',
      'middleware ahead of every peer (side by side, with scrapes)',
    ]);

    expect(readFileSync(OUT, 'utf8')).toBe(markdown);
    expect(markdown).toContain('| mode | quick (harness check, numbers not meaningful) |');
    for (const title of [
      '## Record cost',
      '## Scrape: /metrics over HTTP',
      '## OpenTelemetry exposition',
      '## Memory',
      '## HTTP',
    ]) {
      expect(markdown).toContain(title);
    }
  }, 180_000);
});

describe('parseBenchArgs', () => {
  it('sends quick runs to test-output and full runs to RESULTS.md', () => {
    expect(parseBenchArgs(['--quick'], '/p')).toEqual({
      quick: true,
      only: undefined,
      out: '/p/test-output/RESULTS.quick.md',
      conditions: undefined,
    });
    expect(parseBenchArgs(['--only', 'scrape,http'], '/p')).toMatchObject({
      quick: false,
      only: ['scrape', 'http'],
      out: '/p/RESULTS.md',
    });
  });

  it('takes the revision to compare with', () => {
    expect(parseBenchArgs(['--before', '37cf6dc'], '/p').before).toBe('37cf6dc');
    expect(parseBenchArgs([], '/p').before).toBeUndefined();
  });

  it('names the revision it cannot read a previous RESULTS.md from', () => {
    expect(() => readPreviousResults('no-such-revision-of-obskit', PACKAGE_DIR)).toThrow(
      'Cannot read tools/bench/RESULTS.md at "no-such-revision-of-obskit": must be a git revision that has it',
    );
  });

  it('rejects an unknown suite by name', () => {
    expect(() => parseBenchArgs(['--only', 'scrape,disk'])).toThrow(
      'Unknown suite "disk": must be one of record, scrape, otel, memory, http',
    );
  });
});
