import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

/** Where and when a run happened. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly freeMemoryGb: number;
  readonly os: string;
  readonly node: string;
  readonly date: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  readonly loadAverage: readonly number[];
  /** Git commit of the workspace, and the measured packages with uncommitted changes. */
  readonly revision: string;
}

/** Packages whose code the benchmark measures. */
const MEASURED = ['packages/metrics-core', 'packages/middleware', 'packages/otel-bridge'];

function readRevision(): string {
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, {
        cwd: __dirname,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const head = git(['rev-parse', '--short', 'HEAD']);
    const root = git(['rev-parse', '--show-toplevel']);
    const dirty = MEASURED.filter((p) => git(['-C', root, 'status', '--porcelain', '--', p]) !== '');
    return dirty.length > 0 ? `${head} + uncommitted changes in ${dirty.join(', ')}` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Reads the machine description of the current process. */
export function readMachineInfo(now: Date = new Date()): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGb: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    date: now.toISOString(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    revision: readRevision(),
  };
}
