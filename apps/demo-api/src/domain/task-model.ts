import { DEMO_CODES } from '../codes.js';
import { DemoError } from '../errors.js';
import type { TaskStateName } from '../instrumentation/telemetry.js';

/** Queues of the demo: agent work and flaky integrations. */
export const TASK_QUEUES = ['agents', 'integrations'] as const;
/** One of {@link TASK_QUEUES}. */
export type TaskQueueName = (typeof TASK_QUEUES)[number];
/** Task types and the queue each runs on. */
export const TASK_TYPES = {
  plan: 'agents',
  research: 'agents',
  code: 'agents',
  review: 'agents',
  sync: 'integrations',
} as const satisfies Record<string, TaskQueueName>;
/** One of the keys of {@link TASK_TYPES}. */
export type TaskType = keyof typeof TASK_TYPES;

/** A task as the API returns it. */
export interface Task {
  readonly id: number;
  readonly queue: TaskQueueName;
  readonly type: TaskType;
  readonly state: TaskStateName;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly dependsOn: number[];
  readonly result: unknown;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** What the executor of a task reports. */
export type TaskOutcome = { ok: true; result: unknown } | { ok: false; error: string };

/** Runs one task; must not throw (a throw counts as a failure). */
export type TaskExecutor = (task: Task) => Promise<TaskOutcome>;

/** A new task. */
export interface NewTask {
  readonly type: TaskType;
  readonly payload?: Record<string, unknown>;
  readonly dependsOn?: readonly number[];
  readonly maxAttempts?: number;
}

/**
 * A task as the queue stores it and the state machine moves it: plain values, times in
 * milliseconds since the epoch.
 */
export interface TaskRecord {
  readonly id: number;
  readonly queue: TaskQueueName;
  readonly type: TaskType;
  readonly state: TaskStateName;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  readonly maxAttempts: number;
  /** The executor's result once the task succeeded; `undefined` before (stored as NULL). */
  readonly result: unknown;
  readonly lastError: string | null;
  readonly createdAt: number;
  /** When the task may be claimed; `null` while it waits for its dependencies. */
  readonly readyAt: number | null;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

/** A dependency named in a new task does not exist. */
export class UnknownDependencyError extends DemoError {
  constructor(readonly missing: readonly number[]) {
    super(
      DEMO_CODES.unknownDependency,
      `Unknown task id${missing.length === 1 ? '' : 's'} in "dependsOn": ${missing.join(', ')}`,
    );
  }
}
