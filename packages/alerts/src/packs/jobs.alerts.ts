import { METRICS } from '@obskit/catalog';
import { increase, selector, sum } from '@obskit/promql';
import { seconds, type AlertsConfig } from '../config.js';
import {
  afterMinutes,
  constant,
  counter,
  fires,
  humanizeDuration,
  minutesOf,
  quiet,
  series,
  withScope,
} from '../internal/helpers.js';
import type { AlertDefinition } from '../model/types.js';

const { job } = METRICS;
const jobName = 'nightly-report';

/** Alerts on background jobs: every run failing, and no success for too long. */
export function buildJobAlerts(config: AlertsConfig): AlertDefinition[] {
  const slow = config.windows.slow;
  const maxAge = config.thresholds.jobMaxAge;
  const staleAt = minutesOf(maxAge) + minutesOf(config.for.short) + 55;
  const runs = (outcome: 'success' | 'failure') =>
    sum(
      increase(job.duration, slow, {
        suffix: '_count',
        matchers: withScope(config, job.duration, { outcome }),
      }),
      {
        by: ['job', 'job_name'],
      },
    );
  const count = (outcome: string, values: string) =>
    series(job.duration, { job_name: jobName, outcome }, values, '_count');
  const lastSuccess = (values: string) => series(job.lastSuccess, { job_name: jobName }, values);

  return [
    {
      name: 'JobFailing',
      expr: `${runs('failure')} > 0 unless ${runs('success')} > 0`,
      for: config.for.short,
      severity: 'warning',
      summary: 'Every run of a background job fails.',
      description: `Every run of job {{ $labels.job_name }} in the last ${slow} failed ({{ $value | humanize }} failures).`,
      runbook: {
        meaning: `Job runs ended with outcome "failure" in the last ${slow} and none succeeded.`,
        impact: 'Whatever the job produces (reports, syncs, clean-ups) is stale or missing.',
        diagnosis: [
          {
            title: 'Runs by outcome',
            query: sum(increase(job.duration, slow, { suffix: '_count' }), {
              by: ['job', 'job_name', 'outcome'],
            }),
          },
          { title: 'Runs in flight', query: `sum by (job_name) (${selector(job.inFlight)})` },
        ],
        fixes: [
          'Read the job logs for the error; fix and re-run the job.',
          'Check the systems the job depends on.',
        ],
      },
      tests: [
        fires('one failed run per minute, no success', [count('failure', counter(1, 30))], '20m', [
          {
            labels: { job_name: jobName },
            description: `Every run of job nightly-report in the last ${slow} failed (15 failures).`,
          },
        ]),
        quiet(
          'failures and successes',
          [count('failure', counter(1, 30)), count('success', counter(1, 30))],
          '20m',
        ),
      ],
    },
    {
      name: 'JobNotRunRecently',
      casesFollowFor: true,
      expr: `time() - max by (job, job_name) (${selector(job.lastSuccess, { matchers: withScope(config, job.lastSuccess) })}) > ${seconds(maxAge)}`,
      for: config.for.short,
      severity: 'warning',
      summary: 'A background job has not succeeded for too long.',
      description: `Job {{ $labels.job_name }} last succeeded {{ $value | humanizeDuration }} ago (limit ${maxAge}).`,
      runbook: {
        meaning: `The last successful run of a job (${job.lastSuccess.name}) is older than ${maxAge}.`,
        impact: 'The job is not scheduled, hangs or fails; its output is stale.',
        diagnosis: [
          {
            title: 'Seconds since last success',
            query: `time() - max by (job, job_name) (${selector(job.lastSuccess)})`,
          },
          { title: 'Runs in flight', query: `sum by (job_name) (${selector(job.inFlight)})` },
        ],
        fixes: [
          'Check the scheduler (cron, queue) that starts the job.',
          'If a run hangs (in flight for long), kill it and add a timeout.',
        ],
      },
      tests: [
        // Too old from the limit on, firing from limit + `for`; checked 55 minutes later (7h for 6h and 5m).
        fires('last success at the epoch', [lastSuccess(constant(0, staleAt + 80))], afterMinutes(staleAt), [
          {
            labels: { job_name: jobName },
            description: `Job nightly-report last succeeded ${humanizeDuration(staleAt * 60)} ago (limit ${maxAge}).`,
          },
        ]),
        quiet('succeeds every minute', [lastSuccess(counter(60, staleAt + 80))], afterMinutes(staleAt)),
      ],
    },
  ];
}
