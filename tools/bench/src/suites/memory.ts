import { fork } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_MAX_SERIES_PER_METRIC } from '@obskit/metrics-core';
import { fmt } from '../harness/stats.js';
import type { GoalCheck, SuiteResult } from '../harness/table.js';
import type { MemoryReport } from './memory-child.js';

/** Options of {@link runMemorySuite}. */
export interface MemorySuiteOptions {
  /** Offers at which the heap is read, ascending, e.g. `[100_000, 1_000_000]`. */
  readonly checkpoints: readonly number[];
  /** The built child entry (dist/child.js). */
  readonly childScript: string;
}

/** Heap growth between the first and last checkpoint that still counts as flat, in MB. */
export const FLAT_HEAP_MB = 5;

/** Runs {@link measureMemory} in a child process with `--expose-gc`. */
export function runMemoryChild(childScript: string, checkpoints: readonly number[]): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript, ['memory', checkpoints.join(',')], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: MemoryReport | undefined;
    child.on('message', (m) => {
      report = m as MemoryReport;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (report) resolve(report);
      else reject(new Error(`memory child exited with code ${code} before reporting`));
    });
  });
}

/** Memory: the heap stays flat at the series cap while 1M distinct label values are offered. */
export async function runMemorySuite(options: MemorySuiteOptions): Promise<SuiteResult> {
  const report = await runMemoryChild(options.childScript, options.checkpoints);
  const base = report.guarded[0];
  const rows = report.guarded.map((g) => [
    'obskit guarded counter',
    String(g.offers),
    fmt(g.heapMb, 1),
    fmt(g.heapMb - base.heapMb, 1),
    String(g.series),
  ]);
  rows.push([
    'prom-client counter (no guard)',
    String(report.raw.offers),
    '—',
    fmt(report.raw.heapMb, 1),
    String(report.raw.series),
  ]);
  const first = report.guarded[1] ?? base;
  const last = report.guarded[report.guarded.length - 1];
  const growth = last.heapMb - first.heapMb;
  const goals: GoalCheck[] = [
    {
      goal: `heap flat at the cap from ${first.offers} to ${last.offers} offered values (≤ ${FLAT_HEAP_MB} MB growth)`,
      measured: `${fmt(growth, 1)} MB, ${last.series} series`,
      met: growth <= FLAT_HEAP_MB && last.series <= report.cap + 1,
    },
  ];
  return {
    id: 'memory',
    title: 'Memory under a label-value flood',
    method: `A child process${report.gcExposed ? ' with --expose-gc (heap read after two forced GCs)' : ''} offers distinct values of one unbounded label to a metrics-core custom counter with maxSeriesPerMetric ${report.cap} (default ${DEFAULT_MAX_SERIES_PER_METRIC}); series = lines of that counter in the rendered exposition (the cap plus the \`_OTHER\` overflow series).`,
    tables: [{ columns: ['counter', 'values offered', 'heap MB', 'heap Δ MB', 'series exposed'], rows }],
    goals,
    notes: [],
  };
}

/** Where the built child entry lives, relative to a built suite file. */
export function defaultChildScript(): string {
  return join(__dirname, '..', 'child.js');
}
