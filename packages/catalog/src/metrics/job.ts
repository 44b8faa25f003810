import { BUCKETS } from '../model/buckets.js';
import { defineMetric } from '../model/types.js';

/** Background job metrics. The label is `job_name`: `job` is Prometheus' target label. */
export const jobMetrics = {
  duration: defineMetric({
    name: 'obskit_job_duration_seconds',
    type: 'histogram',
    help: 'Duration of background job runs by outcome, in seconds.',
    unit: 'seconds',
    family: 'job',
    labels: ['job_name', 'outcome'],
    buckets: BUCKETS.longDuration,
  }),
  inFlight: defineMetric({
    name: 'obskit_jobs_in_flight',
    type: 'gauge',
    help: 'Background job runs in progress, as a count.',
    unit: 'count',
    family: 'job',
    labels: ['job_name'],
  }),
  lastSuccess: defineMetric({
    name: 'obskit_job_last_success_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last successful run of a background job, in seconds.',
    unit: 'seconds',
    family: 'job',
    labels: ['job_name'],
  }),
} as const;
