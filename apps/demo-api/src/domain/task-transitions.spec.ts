import { TASK_STATES } from '@obskit/catalog';
import type { TaskRecord } from './task-model';
import {
  claimTask,
  dependencyVerdict,
  finishTask,
  hasEnded,
  newTask,
  settleDependent,
  type TaskEvent,
} from './task-transitions';

const T0 = Date.UTC(2026, 11, 6, 2, 0, 0);

/** A stored task in `state`, created at T0; `overrides` set the rest. */
const task = (overrides: Partial<TaskRecord> = {}): TaskRecord => ({
  id: 7,
  queue: 'integrations',
  type: 'sync',
  state: 'pending',
  payload: { source: 'crm' },
  attempts: 0,
  maxAttempts: 3,
  result: undefined,
  lastError: null,
  createdAt: T0,
  readyAt: T0,
  startedAt: null,
  finishedAt: null,
  updatedAt: T0,
  ...overrides,
});

const sync = { queue: 'integrations', taskType: 'sync' } as const;

describe('newTask', () => {
  it('queues a task without dependencies as pending, ready at once, with the defaults', () => {
    expect(newTask({ type: 'plan' }, [], T0)).toEqual({
      task: {
        queue: 'agents',
        type: 'plan',
        state: 'pending',
        payload: {},
        attempts: 0,
        maxAttempts: 3,
        result: undefined,
        lastError: null,
        createdAt: T0,
        readyAt: T0,
        startedAt: null,
        finishedAt: null,
        updatedAt: T0,
      },
      events: [{ kind: 'enqueued', queue: 'agents', state: 'pending' }],
    });
  });

  it('keeps payload and maxAttempts, and lets a task with running dependencies wait, not ready', () => {
    const { task: created, events } = newTask(
      { type: 'review', payload: { prompt: 'p' }, maxAttempts: 5 },
      ['succeeded', 'running'],
      T0,
    );
    expect(created).toMatchObject({
      state: 'waiting',
      payload: { prompt: 'p' },
      maxAttempts: 5,
      readyAt: null,
      finishedAt: null,
    });
    expect(events).toEqual([{ kind: 'enqueued', queue: 'agents', state: 'waiting' }]);
  });

  it('releases at once a task whose dependencies all succeeded, without a dependency wait', () => {
    const { task: created, events } = newTask({ type: 'code' }, ['succeeded', 'succeeded'], T0 + 5);
    expect(created).toMatchObject({ state: 'pending', readyAt: T0 + 5, finishedAt: null });
    expect(events).toEqual([
      { kind: 'enqueued', queue: 'agents', state: 'waiting' },
      { kind: 'transition', queue: 'agents', from: 'waiting', to: 'pending' },
    ]);
  });

  it('cancels at once a task with a dead-lettered or cancelled dependency', () => {
    for (const ended of ['dead_lettered', 'cancelled'] as const) {
      const { task: created, events } = newTask({ type: 'code' }, ['succeeded', ended], T0);
      expect(created).toMatchObject({ state: 'cancelled', readyAt: null, finishedAt: T0 });
      expect(events).toEqual([
        { kind: 'enqueued', queue: 'agents', state: 'waiting' },
        { kind: 'transition', queue: 'agents', from: 'waiting', to: 'cancelled' },
      ]);
    }
  });
});

describe('claimTask', () => {
  it('runs a pending task: one more attempt, started now, queue wait from ready on the first attempt', () => {
    const { task: claimed, events } = claimTask(task({ readyAt: T0 + 500 }), T0 + 2_000);
    expect(claimed).toEqual(
      task({
        state: 'running',
        attempts: 1,
        readyAt: T0 + 500,
        startedAt: T0 + 2_000,
        updatedAt: T0 + 2_000,
      }),
    );
    expect(events).toEqual<TaskEvent[]>([
      { kind: 'transition', queue: 'integrations', from: 'pending', to: 'running' },
      { kind: 'waited', task: sync, seconds: 1.5 },
    ]);
  });

  it('runs a retrying task again without recording another queue wait', () => {
    const { task: claimed, events } = claimTask(task({ state: 'retrying', attempts: 1 }), T0 + 100);
    expect(claimed).toMatchObject({ state: 'running', attempts: 2, startedAt: T0 + 100 });
    expect(events).toEqual([{ kind: 'transition', queue: 'integrations', from: 'retrying', to: 'running' }]);
  });

  it('measures the queue wait from creation when the task has no ready time', () => {
    expect(claimTask(task({ readyAt: null }), T0 + 250).events[1]).toEqual({
      kind: 'waited',
      task: sync,
      seconds: 0.25,
    });
  });

  it('leaves the task it was given as it was', () => {
    const before = task();
    claimTask(before, T0 + 1);
    expect(before).toEqual(task());
  });
});

describe('finishTask', () => {
  const running = (attempts: number) =>
    task({ state: 'running', attempts, startedAt: T0 + 1_000, updatedAt: T0 + 1_000 });
  const options = { retryBackoffMs: 200 };

  it('marks a success succeeded with its result and finish time, and records the duration', () => {
    const { task: done, events } = finishTask(
      running(1),
      { ok: true, result: { synced: 3 } },
      T0 + 3_500,
      options,
    );
    expect(done).toEqual({
      ...running(1),
      state: 'succeeded',
      result: { synced: 3 },
      finishedAt: T0 + 3_500,
      updatedAt: T0 + 3_500,
    });
    expect(events).toEqual<TaskEvent[]>([
      { kind: 'transition', queue: 'integrations', from: 'running', to: 'succeeded' },
      { kind: 'finished', task: sync, outcome: 'success', seconds: 2.5 },
    ]);
  });

  it('stores a missing result as null, so that a success always has one', () => {
    expect(
      finishTask(running(1), { ok: true, result: undefined }, T0 + 1_000, options).task.result,
    ).toBeNull();
  });

  it('retries a failure while attempts are left, the back-off doubling per attempt', () => {
    const first = finishTask(running(1), { ok: false, error: 'answered 503' }, T0 + 2_000, options);
    expect(first.task).toMatchObject({
      state: 'retrying',
      lastError: 'answered 503',
      readyAt: T0 + 2_200,
      finishedAt: null,
    });
    expect(first.events).toEqual<TaskEvent[]>([
      { kind: 'transition', queue: 'integrations', from: 'running', to: 'failed' },
      { kind: 'finished', task: sync, outcome: 'failure', seconds: 1 },
      { kind: 'transition', queue: 'integrations', from: 'failed', to: 'retrying' },
      { kind: 'retried', task: sync },
    ]);
    const second = finishTask(running(2), { ok: false, error: 'answered 503' }, T0 + 2_000, options);
    expect(second.task).toMatchObject({ state: 'retrying', readyAt: T0 + 2_400 });
  });

  it('dead-letters the failure of the last attempt', () => {
    const { task: dead, events } = finishTask(
      running(3),
      { ok: false, error: 'timeout' },
      T0 + 1_500,
      options,
    );
    expect(dead).toMatchObject({
      state: 'dead_lettered',
      attempts: 3,
      lastError: 'timeout',
      finishedAt: T0 + 1_500,
      readyAt: T0,
    });
    expect(events).toEqual<TaskEvent[]>([
      { kind: 'transition', queue: 'integrations', from: 'running', to: 'failed' },
      { kind: 'finished', task: sync, outcome: 'failure', seconds: 0.5 },
      { kind: 'transition', queue: 'integrations', from: 'failed', to: 'dead_lettered' },
      { kind: 'deadLettered', task: sync },
    ]);
  });

  it('dead-letters at once a task allowed one attempt', () => {
    const once = task({ state: 'running', attempts: 1, maxAttempts: 1, startedAt: T0 });
    expect(finishTask(once, { ok: false, error: 'x' }, T0, options).task.state).toBe('dead_lettered');
  });
});

describe('settleDependent', () => {
  const waiting = task({ type: 'review', queue: 'agents', state: 'waiting', readyAt: null });

  it('releases a waiting task when all its dependencies succeeded, recording the wait since creation', () => {
    const step = settleDependent(waiting, ['succeeded', 'succeeded'], T0 + 4_000);
    expect(step?.task).toEqual({ ...waiting, state: 'pending', readyAt: T0 + 4_000, updatedAt: T0 + 4_000 });
    expect(step?.events).toEqual<TaskEvent[]>([
      { kind: 'transition', queue: 'agents', from: 'waiting', to: 'pending' },
      { kind: 'dependencyWaited', task: { queue: 'agents', taskType: 'review' }, seconds: 4 },
    ]);
  });

  it('cancels a waiting task when a dependency was dead-lettered or cancelled, even if others still run', () => {
    for (const ended of ['dead_lettered', 'cancelled'] as const) {
      const step = settleDependent(waiting, ['running', ended], T0 + 10);
      expect(step?.task).toEqual({ ...waiting, state: 'cancelled', finishedAt: T0 + 10, updatedAt: T0 + 10 });
      expect(step?.events).toEqual([
        { kind: 'transition', queue: 'agents', from: 'waiting', to: 'cancelled' },
      ]);
    }
  });

  it('keeps a task waiting while a dependency has not ended', () => {
    for (const open of ['pending', 'waiting', 'running', 'retrying', 'failed'] as const) {
      expect(settleDependent(waiting, ['succeeded', open], T0)).toBeUndefined();
    }
  });

  it('leaves a task that no longer waits alone (settled once, when several dependencies end together)', () => {
    expect(settleDependent({ ...waiting, state: 'cancelled' }, ['dead_lettered'], T0)).toBeUndefined();
    expect(settleDependent({ ...waiting, state: 'pending' }, ['succeeded'], T0)).toBeUndefined();
  });
});

describe('dependencyVerdict and hasEnded', () => {
  it('judges dependencies: cancel beats release, which needs every one succeeded', () => {
    expect(dependencyVerdict(['succeeded'])).toBe('release');
    expect(dependencyVerdict(['succeeded', 'cancelled'])).toBe('cancel');
    expect(dependencyVerdict(['pending', 'dead_lettered'])).toBe('cancel');
    expect(dependencyVerdict(['succeeded', 'retrying'])).toBe('wait');
  });

  it('counts succeeded, dead_lettered and cancelled as ended; failed is passed through, not an end', () => {
    expect(TASK_STATES.filter(hasEnded)).toEqual(['succeeded', 'dead_lettered', 'cancelled']);
  });
});
