import type { DemoDatabase } from '../db/database.js';
import type { DemoTelemetry } from '../instrumentation/telemetry.js';
import type { SimClock } from '../sim/clock.js';
import type { Sampler } from '../sim/random.js';
import type { SessionService } from './sessions.js';

/** The background jobs of the demo. */
export const JOB_NAMES = ['session_reaper', 'usage_rollup', 'index_refresh'] as const;
/** One of {@link JOB_NAMES}. */
export type JobName = (typeof JOB_NAMES)[number];

/** Options of {@link createBackgroundJobs}. */
export interface BackgroundJobsOptions {
  readonly db: DemoDatabase;
  readonly telemetry: DemoTelemetry;
  readonly sessions: SessionService;
  readonly sampler: Sampler;
  readonly clock: SimClock;
  /** Interval of each job, ms. @defaultValue session_reaper 5000, usage_rollup 10000, index_refresh 15000 */
  readonly intervalsMs?: Partial<Record<JobName, number>>;
  /** Sessions idle longer than this are ended, ms. @defaultValue 30000 */
  readonly sessionIdleMs?: number;
  readonly now?: () => number;
}

/** Periodic jobs; each run is timed, counted by outcome and never overlaps itself. */
export interface BackgroundJobs {
  /** Runs one job now (tests and the first tick use it); resolves with its outcome. */
  runOnce(name: JobName): Promise<'success' | 'failure'>;
  start(): void;
  /** Stops the timers and waits for runs in progress. */
  stop(): Promise<void>;
}

/** Creates the {@link BackgroundJobs}. */
export function createBackgroundJobs(options: BackgroundJobsOptions): BackgroundJobs {
  const { db, telemetry, sessions, sampler, clock } = options;
  const now = options.now ?? Date.now;
  const intervals: Record<JobName, number> = {
    session_reaper: 5000,
    usage_rollup: 10000,
    index_refresh: 15000,
    ...options.intervalsMs,
  };
  const bodies: Record<JobName, () => Promise<void>> = {
    session_reaper: async () => {
      sessions.reapIdle(options.sessionIdleMs ?? 30_000);
    },
    usage_rollup: async () => {
      db.get<{ cost: number | null; runs: number }>(
        { operation: 'SELECT', collection: 'agent_runs' },
        'SELECT SUM(cost_usd) AS cost, COUNT(*) AS runs FROM agent_runs WHERE created_at > ?',
        [now() - 60_000],
      );
      db.run(
        { operation: 'DELETE', collection: 'agent_runs' },
        'DELETE FROM agent_runs WHERE created_at < ?',
        [now() - 600_000],
      );
    },
    index_refresh: async () => {
      await clock.sleep(sampler.logNormal(3, 0.5));
      if (sampler.chance(0.03)) throw new Error('search index refresh timed out');
    },
  };
  const inProgress = new Map<JobName, Promise<'success' | 'failure'>>();
  const timers: NodeJS.Timeout[] = [];

  const runOnce = (name: JobName): Promise<'success' | 'failure'> => {
    const current = inProgress.get(name);
    if (current) return current;
    const run = telemetry
      .jobRun(name, bodies[name])
      .then(
        () => 'success' as const,
        () => 'failure' as const, // counted by jobRun; the next tick tries again
      )
      .finally(() => inProgress.delete(name));
    inProgress.set(name, run);
    return run;
  };

  return {
    runOnce,
    start() {
      for (const name of JOB_NAMES) {
        void runOnce(name);
        const timer = setInterval(() => void runOnce(name), intervals[name]);
        timer.unref();
        timers.push(timer);
      }
    },
    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await Promise.all(inProgress.values());
    },
  };
}
