import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parsePreviousResults } from './harness/before-after.js';
import { readMachineInfo } from './harness/machine.js';
import { renderResults, writeResults } from './harness/results.js';
import type { SuiteResult } from './harness/table.js';
import { renderTable } from './harness/table.js';
import { runDashboardsSuite, type DashboardsSuiteOptions } from './suites/dashboards.js';
import { runGenAiSuite, type GenAiSuiteOptions } from './suites/genai.js';
import { runHttpSuite } from './suites/http.js';
import { defaultChildScript, runMemorySuite } from './suites/memory.js';
import { runOtelSuite } from './suites/otel.js';
import { runRecordSuite } from './suites/record.js';
import { runScrapeSuite } from './suites/scrape.js';

/** The suites, in the order they run. */
export const SUITES = ['record', 'scrape', 'otel', 'memory', 'http', 'genai', 'dashboards'] as const;
export type SuiteId = (typeof SUITES)[number];

/** Sizes and durations of a run. */
export interface BenchProfile {
  readonly http: { seconds: number; rounds: number; connections: number; withScrape: boolean };
  readonly record: { sampleMs: number; rounds: number };
  readonly scrape: { sizes: readonly number[]; rounds: number };
  readonly otel: { sizes: readonly number[]; rounds: number };
  readonly memory: { checkpoints: readonly number[] };
  readonly genai: GenAiSuiteOptions;
  readonly dashboards: Omit<DashboardsSuiteOptions, 'log'>;
}

/** The full run: under 10 minutes on a 2-core machine. */
export const FULL_PROFILE: BenchProfile = {
  http: { seconds: 4, rounds: 5, connections: 50, withScrape: true },
  record: { sampleMs: 150, rounds: 7 },
  scrape: { sizes: [1_000, 10_000, 50_000], rounds: 3 },
  otel: { sizes: [1_000, 10_000], rounds: 3 },
  memory: { checkpoints: [100_000, 1_000_000] },
  genai: { calls: 400, streamCalls: 100, chunks: [10, 100], rounds: 3, paceMs: 1, pacedCalls: 40 },
  // resolutions chosen from measured backfill cost (≈ 5 µs and 250 bytes of OpenMetrics per sample): see README
  dashboards: {
    variants: [
      { name: 'demo', stepSeconds: 60, ruleEvalSeconds: 300, days: 30 },
      { name: '10k series', minSeries: 10_000, stepSeconds: 1800, ruleEvalSeconds: 1800, days: 30 },
    ],
    repeats: 3,
  },
};

/** `--quick`: a few seconds, keeps the harness working; numbers are not meaningful. */
export const QUICK_PROFILE: BenchProfile = {
  http: { seconds: 0.3, rounds: 3, connections: 50, withScrape: true },
  record: { sampleMs: 5, rounds: 3 },
  scrape: { sizes: [1_000], rounds: 3 },
  otel: { sizes: [1_000], rounds: 3 },
  memory: { checkpoints: [10_000, 100_000] },
  genai: { calls: 30, streamCalls: 10, chunks: [5, 20], rounds: 3, paceMs: 1, pacedCalls: 5 },
  dashboards: {
    variants: [{ name: 'demo', stepSeconds: 300, ruleEvalSeconds: 900, days: 2 }],
    repeats: 1,
    longRange: 'now-2d',
  },
};

/** Options of {@link runBench}. */
export interface BenchOptions {
  readonly profile: BenchProfile;
  readonly quick: boolean;
  readonly only?: readonly SuiteId[];
  /** Where RESULTS.md goes; nothing is written when undefined. */
  readonly out?: string;
  /** The built child entry. @defaultValue dist/child.js next to this file */
  readonly childScript?: string;
  readonly conditions?: string;
  /** A previous RESULTS.md whose goals this run's are compared with (see {@link readPreviousResults}). */
  readonly before?: PreviousResultsFile;
  /** Progress lines. @defaultValue none */
  readonly log?: (line: string) => void;
}

/** What a run produced. */
export interface BenchRun {
  readonly results: readonly SuiteResult[];
  readonly markdown: string;
}

/** Runs the selected suites one after the other and renders (and writes) RESULTS.md. */
export async function runBench(options: BenchOptions): Promise<BenchRun> {
  const started = performance.now();
  const machine = readMachineInfo();
  const childScript = options.childScript ?? defaultChildScript();
  const p = options.profile;
  const log = options.log ?? (() => undefined);
  const selected = SUITES.filter((s) => !options.only || options.only.includes(s));
  const results: SuiteResult[] = [];
  for (const suite of selected) {
    const t0 = performance.now();
    log(`[bench] ${suite} …`);
    let result: SuiteResult;
    if (suite === 'record') result = await runRecordSuite(p.record);
    else if (suite === 'scrape') result = await runScrapeSuite(p.scrape);
    else if (suite === 'otel') result = await runOtelSuite(p.otel);
    else if (suite === 'memory') result = await runMemorySuite({ ...p.memory, childScript });
    else if (suite === 'genai') result = await runGenAiSuite(p.genai);
    else if (suite === 'dashboards') result = await runDashboardsSuite({ ...p.dashboards, log });
    else result = await runHttpSuite({ ...p.http, childScript });
    results.push(result);
    log(`[bench] ${suite} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const table of result.tables) log(`${renderTable(table)}\n`);
  }
  const markdown = renderResults(results, {
    machine,
    quick: options.quick,
    seconds: (performance.now() - started) / 1000,
    conditions: options.conditions,
    before: options.before && {
      title: options.before.title ?? BEFORE_AFTER_TITLE,
      ref: options.before.ref,
      before: parsePreviousResults(options.before.markdown),
    },
  });
  if (options.out) writeResults(options.out, markdown);
  return { results, markdown };
}

/** The title of the before/after section. */
export const BEFORE_AFTER_TITLE = 'Before and after the series store (issue 19)';

/** A previous RESULTS.md and the git revision it was read from. */
export interface PreviousResultsFile {
  readonly ref: string;
  readonly markdown: string;
  /** @defaultValue {@link BEFORE_AFTER_TITLE} */
  readonly title?: string;
}

/** Reads tools/bench/RESULTS.md as committed at `ref` (`git show <ref>:./RESULTS.md`). */
export function readPreviousResults(ref: string, packageDir: string = PACKAGE_DIR): PreviousResultsFile {
  try {
    const markdown = execFileSync('git', ['show', `${ref}:./RESULTS.md`], {
      cwd: packageDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ref, markdown };
  } catch (error) {
    throw new Error(`Cannot read tools/bench/RESULTS.md at "${ref}": must be a git revision that has it`, {
      cause: error,
    });
  }
}

/** Parsed command line of the bench. */
export interface BenchArgs {
  readonly quick: boolean;
  readonly only?: SuiteId[];
  readonly out: string;
  readonly conditions?: string;
  /** `--before <git-ref>`: the revision whose RESULTS.md this run is compared with. */
  readonly before?: string;
}

/** The package directory (tools/bench) seen from a built file in dist/. */
const PACKAGE_DIR = join(__dirname, '..');

/**
 * Parses `--quick`, `--only record,scrape`, `--out <file>`, `--conditions <text>` and
 * `--before <git-ref>`. Quick runs
 * write to test-output/RESULTS.quick.md so that the committed RESULTS.md only holds full runs.
 */
export function parseBenchArgs(argv: readonly string[], packageDir: string = PACKAGE_DIR): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      conditions: { type: 'string' },
      before: { type: 'string' },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  let only: SuiteId[] | undefined;
  if (values.only) {
    const names = values.only.split(',').map((s) => s.trim());
    const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
    if (unknown.length > 0) {
      throw new Error(`Unknown suite "${unknown[0]}": must be one of ${SUITES.join(', ')}`);
    }
    only = names as SuiteId[];
  }
  const out =
    values.out ??
    (quick ? join(packageDir, 'test-output', 'RESULTS.quick.md') : join(packageDir, 'RESULTS.md'));
  return { quick, only, out, conditions: values.conditions, before: values.before };
}
