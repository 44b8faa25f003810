import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBinary, type FindOptions } from '../binaries.js';
import { makeTempDir } from '../net.js';
import { startPrometheus, type RunningServer, type StartOptions } from '../servers.js';
import { writeOpenMetricsHistoryFile, type HistoryOptions, type HistorySummary } from './openmetrics.js';

/** What {@link backfillHistory} needs besides the history itself. */
export interface BackfillOptions extends HistoryOptions, Pick<FindOptions, 'line' | 'version'> {
  /** promtool's time limit, milliseconds. @defaultValue `300000` */
  readonly timeoutMs?: number;
  /**
   * Longest block promtool writes, in hours. promtool reads its whole input once per block window, so
   * long windows keep a long history fast; it holds one window's samples in memory.
   * @defaultValue `24`
   */
  readonly maxBlockHours?: number;
}

/**
 * Generates a history ({@link writeOpenMetricsHistoryFile}) and turns it into TSDB blocks in `dataDir`
 * with the real `promtool tsdb create-blocks-from openmetrics`. Start (or restart) Prometheus with
 * `--storage.tsdb.path=<dataDir>` afterwards.
 */
export async function backfillHistory(dataDir: string, options: BackfillOptions): Promise<HistorySummary> {
  const temp = await makeTempDir('obskit-history-');
  try {
    const input = join(temp.path, 'history.om');
    const summary = await writeOpenMetricsHistoryFile(input, options);
    const result = await runBinary(
      'promtool',
      [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        `--max-block-duration=${options.maxBlockHours ?? 24}h`,
        input,
        dataDir,
      ],
      { line: options.line, version: options.version, timeoutMs: options.timeoutMs ?? 300_000 },
    );
    if (result.code !== 0) {
      throw new Error(
        `promtool tsdb create-blocks-from openmetrics failed (code ${result.code}): ${result.stderr}`,
      );
    }
    return summary;
  } finally {
    await temp.cleanup();
  }
}

/** A recording rule, as in a Prometheus rule file. */
export interface BackfillRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Splits recording rules into levels: level 0 reads only scraped series, level n reads a rule of level
 * n-1. promtool evaluates each rule against what the server already holds, so a rule that reads another
 * rule can be backfilled only after that one's blocks are loaded.
 */
export function recordingRuleLevels(rules: readonly BackfillRule[]): BackfillRule[][] {
  const names = new Set(rules.map((r) => r.record));
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const reads = new Map(
    rules.map((r) => [
      r.record,
      [...names].filter(
        (n) => n !== r.record && new RegExp(`(^|[^a-zA-Z0-9_:])${escape(n)}($|[^a-zA-Z0-9_:])`).test(r.expr),
      ),
    ]),
  );
  const level = new Map<string, number>();
  const levelOf = (name: string, path: string[] = []): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    if (path.includes(name))
      throw new Error(`Recording rules read each other in a cycle: ${[...path, name].join(' → ')}`);
    const deps = reads.get(name) ?? [];
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => levelOf(d, [...path, name])));
    level.set(name, value);
    return value;
  };
  const out: BackfillRule[][] = [];
  for (const rule of rules) (out[levelOf(rule.record)] ??= []).push(rule);
  return out.filter(Boolean);
}

/** What {@link backfillRecordingRules} evaluates. */
export interface RuleBackfillOptions extends Pick<FindOptions, 'line' | 'version'> {
  /** Start and end, Unix milliseconds. */
  readonly start: number;
  readonly end: number;
  /** Evaluation interval of the backfill, seconds. @defaultValue `60` */
  readonly evalIntervalSeconds?: number;
  /** promtool's time limit, milliseconds. @defaultValue `600000` */
  readonly timeoutMs?: number;
}

/**
 * Backfills one level of recording rules ({@link recordingRuleLevels}) with the real
 * `promtool tsdb create-blocks-from rules`, which evaluates them through `prometheusUrl`'s query API
 * over [start, end] and writes the results as blocks into `dataDir`. Prometheus sees the new blocks
 * after a restart (or its next block reload, within a minute).
 */
export async function backfillRecordingRules(
  prometheusUrl: string,
  dataDir: string,
  rules: readonly BackfillRule[],
  options: RuleBackfillOptions,
): Promise<void> {
  const temp = await makeTempDir('obskit-rule-backfill-');
  try {
    const file = join(temp.path, 'rules.yml');
    const group = {
      name: 'backfill',
      rules: rules.map((r) => ({ record: r.record, expr: r.expr, labels: r.labels })),
    };
    await writeFile(file, JSON.stringify({ groups: [group] }, null, 2));
    const result = await runBinary(
      'promtool',
      [
        'tsdb',
        'create-blocks-from',
        'rules',
        `--start=${Math.floor(options.start / 1000)}`,
        `--end=${Math.floor(options.end / 1000)}`,
        `--url=${prometheusUrl}`,
        `--eval-interval=${options.evalIntervalSeconds ?? 60}s`,
        `--output-dir=${join(temp.path, 'blocks')}`,
        file,
      ],
      {
        line: options.line,
        version: options.version,
        cwd: temp.path,
        timeoutMs: options.timeoutMs ?? 600_000,
      },
    );
    if (result.code !== 0) {
      throw new Error(
        `promtool tsdb create-blocks-from rules failed (code ${result.code}): ${result.stderr}${result.stdout}`,
      );
    }
    await moveBlocks(join(temp.path, 'blocks'), dataDir);
  } finally {
    await temp.cleanup();
  }
}

async function moveBlocks(from: string, to: string): Promise<void> {
  const { readdir, rename, cp } = await import('node:fs/promises');
  let entries: string[] = [];
  try {
    entries = await readdir(from);
  } catch {
    return; // no result: nothing to move
  }
  for (const entry of entries) {
    if (!/^[0-9A-Z]{26}$/.test(entry)) continue;
    try {
      await rename(join(from, entry), join(to, entry));
    } catch {
      await cp(join(from, entry), join(to, entry), { recursive: true });
      await rm(join(from, entry), { recursive: true, force: true });
    }
  }
}

/** What {@link startPrometheusWithHistory} starts. */
export interface HistoryPrometheusOptions {
  /** The history to backfill. */
  readonly history: BackfillOptions;
  /** Recording rules to backfill over the whole history, level by level. @defaultValue none */
  readonly recordingRules?: readonly BackfillRule[];
  /** Evaluation interval of the rule backfill, seconds. @defaultValue `60` */
  readonly evalIntervalSeconds?: number;
  /**
   * Backfill the recording rules from this instant on (Unix milliseconds) instead of the history's
   * start: rules over long windows (1d–30d) cost their whole window at every evaluation, so a long
   * history's rules are often backfilled over its recent part only. @defaultValue the history's start
   */
  readonly recordingRulesFrom?: number;
  /** Called with a line per finished phase and its duration (for a spec's log). */
  readonly onProgress?: (message: string) => void;
  /** The server: config, rule files, flags (`storagePath` and `port` are set here). */
  readonly prometheus: Omit<StartOptions, 'storagePath' | 'port'>;
}

/** A real Prometheus holding a backfilled history. */
export interface HistoryPrometheus {
  readonly server: RunningServer;
  readonly summary: HistorySummary;
  /** Stops the server and removes the history. */
  stop(): Promise<void>;
}

/**
 * Starts the real Prometheus on a backfilled history: generates the workload history, turns it into
 * blocks with promtool, starts Prometheus on them, then backfills the recording rules level by level
 * with `promtool tsdb create-blocks-from rules` (restarting Prometheus on the same port and data after
 * each level, so the next level reads the previous one's results).
 */
export async function startPrometheusWithHistory(
  options: HistoryPrometheusOptions,
): Promise<HistoryPrometheus> {
  const data = await makeTempDir('obskit-history-tsdb-');
  let server: RunningServer | undefined;
  try {
    const log = (what: string, since: number) =>
      options.onProgress?.(`${what} in ${((Date.now() - since) / 1000).toFixed(1)} s`);
    let since = Date.now();
    const summary = await backfillHistory(data.path, options.history);
    log(`${summary.samples} samples of history backfilled`, since);
    const find = { line: options.history.line, version: options.history.version };
    const start = (port?: number) =>
      startPrometheus({ ...find, ...options.prometheus, storagePath: data.path, port });
    server = await start();
    for (const [i, level] of recordingRuleLevels(options.recordingRules ?? []).entries()) {
      since = Date.now();
      await backfillRecordingRules(server.url, data.path, level, {
        ...find,
        start: Math.max(summary.start, options.recordingRulesFrom ?? summary.start),
        end: summary.end,
        evalIntervalSeconds: options.evalIntervalSeconds,
      });
      const port = server.port;
      await server.stop();
      server = undefined;
      server = await start(port);
      log(`recording rules of level ${i} (${level.length}) backfilled and Prometheus restarted`, since);
    }
    const running = server;
    return {
      server: running,
      summary,
      stop: async () => {
        await running.stop();
        await data.cleanup();
      },
    };
  } catch (error) {
    await server?.stop();
    await data.cleanup();
    throw error;
  }
}
