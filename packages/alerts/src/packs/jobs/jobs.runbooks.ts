import { METRICS } from '@obskit/catalog';
import { increase, selector, sum } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import type { Runbook } from '../../model/types.js';

const { job } = METRICS;

const runsInFlight = { title: 'Runs in flight', query: `sum by (job_name) (${selector(job.inFlight)})` };

/** Runbook of JobFailing. */
export function jobFailingRunbook(config: AlertsConfig): Runbook {
  const slow = config.windows.slow;
  return {
    meaning: `Job runs ended with outcome "failure" in the last ${slow} and none succeeded.`,
    impact: 'Whatever the job produces (reports, syncs, clean-ups) is stale or missing.',
    diagnosis: [
      {
        title: 'Runs by outcome',
        query: sum(increase(job.duration, slow, { suffix: '_count' }), {
          by: ['job', 'job_name', 'outcome'],
        }),
      },
      runsInFlight,
    ],
    fixes: [
      'Read the job logs for the error; fix and re-run the job.',
      'Check the systems the job depends on.',
    ],
  };
}

/** Runbook of JobNotRunRecently. */
export function jobNotRunRecentlyRunbook(config: AlertsConfig): Runbook {
  return {
    meaning: `The last successful run of a job (${job.lastSuccess.name}) is older than ${config.thresholds.jobMaxAge}.`,
    impact: 'The job is not scheduled, hangs or fails; its output is stale.',
    diagnosis: [
      {
        title: 'Seconds since last success',
        query: `time() - max by (job, job_name) (${selector(job.lastSuccess)})`,
      },
      runsInFlight,
    ],
    fixes: [
      'Check the scheduler (cron, queue) that starts the job.',
      'If a run hangs (in flight for long), kill it and add a timeout.',
    ],
  };
}
