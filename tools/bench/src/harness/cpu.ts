import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, platform } from 'node:os';

/**
 * Which cores a side of a measurement runs on: the measured server gets `server`, everything else
 * (load generator, scrape client, GC helpers) `rest`, so they stop taking CPU time from each other.
 */
export interface CpuPlan {
  readonly server: string;
  readonly rest: string;
  readonly all: string;
}

let plan: CpuPlan | null | undefined;

/**
 * The core plan on this machine, or `undefined` when threads cannot be pinned (not Linux, a single
 * core, or no `taskset`, which util-linux provides): then nothing is pinned and the tables say so.
 */
export function cpuPlan(): CpuPlan | undefined {
  if (plan === undefined) {
    const n = cpus().length;
    plan = null;
    if (platform() === 'linux' && n >= 2) {
      try {
        execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
        plan = { server: '0', rest: n === 2 ? '1' : `1-${n - 1}`, all: `0-${n - 1}` };
      } catch {
        plan = null;
      }
    }
  }
  return plan ?? undefined;
}

/**
 * Pins thread `tid` (a process id pins the process's main thread only) or, with `allThreads`,
 * every thread of process `tid` to `cores`; threads created later inherit their creator's cores.
 */
export function pin(tid: number, cores: string, allThreads = false): void {
  execFileSync('taskset', [...(allThreads ? ['-a'] : []), '-p', '-c', cores, String(tid)], {
    stdio: 'ignore',
  });
}

let ticksPerSecond: number | undefined;

/**
 * CPU time (user + system) that process `pid` used so far, over all its threads, in ms; `NaN` where
 * /proc is not there.
 */
export function processCpuMs(pid: number): number {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which is in parentheses and may contain spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}
