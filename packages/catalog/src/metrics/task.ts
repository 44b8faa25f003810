import { BUCKETS } from '../model/buckets.js';
import { defineMetric } from '../model/types.js';

/** Task orchestration metrics. */
export const taskMetrics = {
  queueDepth: defineMetric({
    name: 'obskit_task_queue_depth',
    type: 'gauge',
    help: 'Tasks waiting in the queue (pending or waiting on dependencies), as a count.',
    unit: 'count',
    family: 'task',
    labels: ['queue'],
  }),
  running: defineMetric({
    name: 'obskit_tasks_running',
    type: 'gauge',
    help: 'Tasks executing right now, as a count.',
    unit: 'count',
    family: 'task',
    labels: ['queue'],
  }),
  transitions: defineMetric({
    name: 'obskit_task_transitions_total',
    type: 'counter',
    help: 'Task state transitions, counted once per transition.',
    unit: 'count',
    family: 'task',
    labels: ['queue', 'from_state', 'to_state'],
  }),
  duration: defineMetric({
    name: 'obskit_task_duration_seconds',
    type: 'histogram',
    help: 'Execution time of a task from start to finish, in seconds.',
    unit: 'seconds',
    family: 'task',
    labels: ['queue', 'task_type', 'outcome'],
    buckets: BUCKETS.longDuration,
  }),
  waitDuration: defineMetric({
    name: 'obskit_task_wait_duration_seconds',
    type: 'histogram',
    help: 'Time a task spent queued before it started, in seconds.',
    unit: 'seconds',
    family: 'task',
    labels: ['queue', 'task_type'],
    buckets: BUCKETS.longDuration,
  }),
  dependencyWaitDuration: defineMetric({
    name: 'obskit_task_dependency_wait_duration_seconds',
    type: 'histogram',
    help: 'Time a task waited for the tasks it depends on to finish, in seconds.',
    unit: 'seconds',
    family: 'task',
    labels: ['queue', 'task_type'],
    buckets: BUCKETS.longDuration,
  }),
  retries: defineMetric({
    name: 'obskit_task_retries_total',
    type: 'counter',
    help: 'Task retries scheduled after a failed attempt, counted once per retry.',
    unit: 'count',
    family: 'task',
    labels: ['queue', 'task_type'],
  }),
  deadLetters: defineMetric({
    name: 'obskit_task_dead_letters_total',
    type: 'counter',
    help: 'Tasks moved to the dead-letter queue after their last attempt failed, counted once per task.',
    unit: 'count',
    family: 'task',
    labels: ['queue', 'task_type'],
  }),
} as const;
