import { METRICS } from '@obskit/catalog';
import { increase, selector, sum } from '@obskit/promql';
import type { PackAlert } from '../../alerts.js';
import { seconds, type AlertsConfig } from '../../config.js';
import { withScope } from '../../internal/helpers.js';
import type { AlertDefinition } from '../../model/types.js';
import { jobFailingCases, jobNotRunRecentlyCases } from './jobs.cases.js';
import { jobFailingRunbook, jobNotRunRecentlyRunbook } from './jobs.runbooks.js';

const { job } = METRICS;

/** An alert of the jobs pack. */
type JobAlert = PackAlert<'jobs'>;

/** Every run of a job failed over the slow window. */
export function jobFailing(config: AlertsConfig): JobAlert {
  const slow = config.windows.slow;
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
  return {
    name: 'JobFailing',
    expr: `${runs('failure')} > 0 unless ${runs('success')} > 0`,
    for: config.for.short,
    severity: 'warning',
    summary: 'Every run of a background job fails.',
    description: `Every run of job {{ $labels.job_name }} in the last ${slow} failed ({{ $value | humanize }} failures).`,
    runbook: jobFailingRunbook(config),
    tests: jobFailingCases(config),
  };
}

/** The last success of a job older than its limit. */
export function jobNotRunRecently(config: AlertsConfig): JobAlert {
  const maxAge = config.thresholds.jobMaxAge;
  return {
    name: 'JobNotRunRecently',
    casesFollowFor: true,
    expr: `time() - max by (job, job_name) (${selector(job.lastSuccess, { matchers: withScope(config, job.lastSuccess) })}) > ${seconds(maxAge)}`,
    for: config.for.short,
    severity: 'warning',
    summary: 'A background job has not succeeded for too long.',
    description: `Job {{ $labels.job_name }} last succeeded {{ $value | humanizeDuration }} ago (limit ${maxAge}).`,
    runbook: jobNotRunRecentlyRunbook(config),
    tests: jobNotRunRecentlyCases(config),
  };
}

/** The alerts of the jobs pack, in rendering order. */
const JOB_ALERTS: ReadonlyArray<(config: AlertsConfig) => JobAlert> = [jobFailing, jobNotRunRecently];

/** Alerts on background jobs: every run failing, and no success for too long. */
export function buildJobAlerts(config: AlertsConfig): AlertDefinition[] {
  return JOB_ALERTS.map((alert) => alert(config));
}
