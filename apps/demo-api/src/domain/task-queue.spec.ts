import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetrics } from '@obskit/metrics-core';
import { Registry } from 'prom-client';
import { openDatabase, type DemoDatabase } from '../db/database';
import { createTelemetry } from '../instrumentation/create-telemetry';
import {
  createTaskQueue,
  UnknownDependencyError,
  type Task,
  type TaskOutcome,
  type TaskQueue,
} from './task-queue';

async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('createTaskQueue (SQLite file, real metrics)', () => {
  let dir: string;
  let registry: Registry;
  let db: DemoDatabase;
  let queue: TaskQueue;
  let ran: number[];
  let outcomes: (task: Task) => TaskOutcome;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-queue-'));
    registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    const telemetry = createTelemetry({ metrics });
    db = openDatabase(join(dir, 'nested', 'tasks.sqlite'), telemetry);
    ran = [];
    outcomes = () => ({ ok: true, result: 'done' });
    queue = createTaskQueue({
      db,
      telemetry,
      executor: async (task) => {
        ran.push(task.id);
        return outcomes(task);
      },
      pollIntervalMs: 5,
      retryBackoffMs: 5,
    });
  });

  afterEach(async () => {
    await queue.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const line = async (pattern: RegExp): Promise<string[]> =>
    (await registry.metrics()).split('\n').filter((l) => pattern.test(l));

  it('runs a dependency chain in order and records waits, transitions and queue depth', async () => {
    const a = queue.enqueue({ type: 'plan' });
    const b = queue.enqueue({ type: 'research', dependsOn: [a.id] });
    const c = queue.enqueue({ type: 'code', dependsOn: [b.id] });
    expect([a.state, b.state, c.state]).toEqual(['pending', 'waiting', 'waiting']);
    expect(c.dependsOn).toEqual([b.id]);
    expect(await line(/^obskit_task_queue_depth\{queue="agents"\}/)).toEqual([
      'obskit_task_queue_depth{queue="agents"} 3',
    ]);

    queue.start();
    await waitUntil('the chain to finish', () => queue.get(c.id)?.state === 'succeeded');
    expect(ran).toEqual([a.id, b.id, c.id]);
    expect(queue.get(c.id)?.result).toBe('done');
    queue.refreshGauges();
    expect(await line(/^obskit_task_queue_depth\{queue="agents"\}/)).toEqual([
      'obskit_task_queue_depth{queue="agents"} 0',
    ]);
    expect(
      await line(/^obskit_task_transitions_total\{queue="agents",from_state="waiting",to_state="pending"\}/),
    ).toEqual(['obskit_task_transitions_total{queue="agents",from_state="waiting",to_state="pending"} 2']);
    expect(await line(/^obskit_task_dependency_wait_duration_seconds_count/)).toEqual(
      expect.arrayContaining([
        'obskit_task_dependency_wait_duration_seconds_count{queue="agents",task_type="research"} 1',
        'obskit_task_dependency_wait_duration_seconds_count{queue="agents",task_type="code"} 1',
      ]),
    );
    expect(
      await line(
        /^db_client_operation_duration_seconds_count\{db_system_name="sqlite",db_operation_name="INSERT",db_collection_name="tasks"\}/,
      ),
    ).toEqual([
      'db_client_operation_duration_seconds_count{db_system_name="sqlite",db_operation_name="INSERT",db_collection_name="tasks"} 3',
    ]);
  });

  it('retries failed attempts, dead-letters the last one and cancels what depended on it', async () => {
    // Created at 0 up front, so that increase() over them has data before the first failure.
    expect(await line(/^obskit_task_dead_letters_total\{/)).toEqual([
      'obskit_task_dead_letters_total{queue="agents",task_type="plan"} 0',
      'obskit_task_dead_letters_total{queue="agents",task_type="research"} 0',
      'obskit_task_dead_letters_total{queue="agents",task_type="code"} 0',
      'obskit_task_dead_letters_total{queue="agents",task_type="review"} 0',
      'obskit_task_dead_letters_total{queue="integrations",task_type="sync"} 0',
    ]);
    outcomes = (task) =>
      task.type === 'sync' ? { ok: false, error: 'integration answered 503' } : { ok: true, result: null };
    const sync = queue.enqueue({ type: 'sync', maxAttempts: 2 });
    const dependent = queue.enqueue({ type: 'review', dependsOn: [sync.id] });
    queue.start();
    await waitUntil('the dependent to be cancelled', () => queue.get(dependent.id)?.state === 'cancelled');
    const final = queue.get(sync.id);
    expect(final).toMatchObject({
      state: 'dead_lettered',
      attempts: 2,
      lastError: 'integration answered 503',
    });
    expect(ran).toEqual([sync.id, sync.id]);
    expect(await line(/^obskit_task_(retries|dead_letters)_total\{queue="integrations"/)).toEqual([
      'obskit_task_retries_total{queue="integrations",task_type="sync"} 1',
      'obskit_task_dead_letters_total{queue="integrations",task_type="sync"} 1',
    ]);
    expect(await line(/^obskit_task_transitions_total\{queue="\w+",from_state="(failed|waiting)"/)).toEqual([
      'obskit_task_transitions_total{queue="integrations",from_state="failed",to_state="retrying"} 1',
      'obskit_task_transitions_total{queue="integrations",from_state="failed",to_state="dead_lettered"} 1',
      'obskit_task_transitions_total{queue="agents",from_state="waiting",to_state="cancelled"} 1',
    ]);
    expect(await line(/^obskit_task_duration_seconds_count/)).toEqual([
      'obskit_task_duration_seconds_count{queue="integrations",task_type="sync",outcome="failure"} 2',
    ]);
  });

  it('refuses unknown dependencies without creating the task', () => {
    expect(() => queue.enqueue({ type: 'plan', dependsOn: [41, 42] })).toThrow(UnknownDependencyError);
    expect(() => queue.enqueue({ type: 'plan', dependsOn: [41] })).toThrow(
      'Unknown task id in "dependsOn": 41',
    );
    expect(queue.list()).toEqual([]);
  });

  it('starts a task at once when its dependencies already succeeded, and counts states', async () => {
    const a = queue.enqueue({ type: 'plan' });
    queue.start();
    await waitUntil('a to succeed', () => queue.get(a.id)?.state === 'succeeded');
    const b = queue.enqueue({ type: 'review', dependsOn: [a.id] });
    expect(b.state).toBe('pending');
    await waitUntil('b to succeed', () => queue.get(b.id)?.state === 'succeeded');
    expect(queue.counts()).toEqual({ agents: { succeeded: 2 }, integrations: {} });
    expect(queue.list({ state: 'succeeded', limit: 1 }).map((t) => t.id)).toEqual([b.id]);
  });
});
