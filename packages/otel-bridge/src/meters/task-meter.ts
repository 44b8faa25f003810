import {
  createTaskHelpers,
  type TaskHelpers,
  type TaskInfo,
  type TaskState,
  type TaskTracker,
} from '@obskit/metrics-core';
import type { Meter } from '@opentelemetry/api';
import { createOtelInstruments, type OtelInstrumentsOptions } from '../domain/otel-instruments.js';

/** A task state of the catalog (metrics-core's `TaskState`). */
export type OtelTaskState = TaskState;

/** A task as it enters a queue (metrics-core's `TaskInfo`). */
export type OtelTaskInfo = TaskInfo;

/** One task's life (metrics-core's `TaskTracker`). */
export type OtelTaskTracker = TaskTracker;

/**
 * metrics-core's task helpers (`TaskHelpers`) recording through the OpenTelemetry API, under the
 * catalog's names: queue depth, running tasks, transitions, durations, waits, retries and dead
 * letters, with the same transitions as `createMetrics().tasks`.
 */
export type TaskMeter = TaskHelpers;

/** Options of {@link createTaskMeter}: those of {@link createOtelInstruments} (`clock` among them). */
export type TaskMeterOptions = OtelInstrumentsOptions;

/**
 * Creates the task helpers on `meter`, over {@link createOtelInstruments}. A call that does not fit
 * the task's state (finishing a task that never started) records nothing and is reported.
 */
export function createTaskMeter(meter: Meter, options: TaskMeterOptions = {}): TaskMeter {
  return createTaskHelpers(createOtelInstruments(meter, options));
}
