import { METRICS } from '@obskit/catalog';
import type { AlertsConfig } from '../../config.js';
import {
  afterMinutes,
  constant,
  counter,
  fires,
  humanizeDuration,
  minutesOf,
  quiet,
  series,
} from '../../internal/helpers.js';
import type { AlertCase, TestSeries } from '../../model/types.js';

const { job } = METRICS;
const jobName = 'nightly-report';

const count = (outcome: string, values: string): TestSeries =>
  series(job.duration, { job_name: jobName, outcome }, values, '_count');
const lastSuccess = (values: string): TestSeries => series(job.lastSuccess, { job_name: jobName }, values);

/** promtool cases of JobFailing. */
export function jobFailingCases(config: AlertsConfig): AlertCase[] {
  return [
    fires('one failed run per minute, no success', [count('failure', counter(1, 30))], '20m', [
      {
        labels: { job_name: jobName },
        description: `Every run of job nightly-report in the last ${config.windows.slow} failed (15 failures).`,
      },
    ]),
    quiet(
      'failures and successes',
      [count('failure', counter(1, 30)), count('success', counter(1, 30))],
      '20m',
    ),
  ];
}

/**
 * promtool cases of JobNotRunRecently, which follow its `for`: too old from the limit on, firing from
 * limit + `for`; checked 55 minutes later (7h for 6h and 5m).
 */
export function jobNotRunRecentlyCases(config: AlertsConfig): AlertCase[] {
  const maxAge = config.thresholds.jobMaxAge;
  const staleAt = minutesOf(maxAge) + minutesOf(config.for.short) + 55;
  return [
    fires('last success at the epoch', [lastSuccess(constant(0, staleAt + 80))], afterMinutes(staleAt), [
      {
        labels: { job_name: jobName },
        description: `Job nightly-report last succeeded ${humanizeDuration(staleAt * 60)} ago (limit ${maxAge}).`,
      },
    ]),
    quiet('succeeds every minute', [lastSuccess(counter(60, staleAt + 80))], afterMinutes(staleAt)),
  ];
}
