import { METRICS } from '@obskit/catalog';
import { settled, type DomainInstruments } from './instruments.js';

/** Background job helpers. */
export interface JobHelpers {
  /**
   * Runs a job: `obskit_jobs_in_flight` while it runs, its duration by outcome, and the last success
   * timestamp; a throw is recorded as `failure` and rethrown.
   */
  run<T>(jobName: string, fn: () => Promise<T> | T): Promise<T>;
  /** Records a job run measured elsewhere. */
  record(jobName: string, durationSeconds: number, outcome: 'success' | 'failure'): void;
}

/** Builds the job helpers over the catalog's job metrics on any {@link DomainInstruments}. */
export function createJobHelpers(ins: DomainInstruments): JobHelpers {
  const j = METRICS.job;
  const duration = ins.histogram(j.duration);
  const inFlight = ins.gauge(j.inFlight);
  const lastSuccess = ins.gauge(j.lastSuccess);

  const record: JobHelpers['record'] = (jobName, durationSeconds, outcome) => {
    duration.observe({ job_name: jobName, outcome }, durationSeconds);
    if (outcome === 'success') lastSuccess.set({ job_name: jobName }, ins.clock() / 1000);
  };

  return {
    record,
    run(jobName, fn) {
      const start = ins.clock();
      inFlight.inc({ job_name: jobName });
      return settled(fn, (_error, failed) => {
        inFlight.dec({ job_name: jobName });
        record(jobName, Math.max(0, (ins.clock() - start) / 1000), failed ? 'failure' : 'success');
      });
    },
  };
}
