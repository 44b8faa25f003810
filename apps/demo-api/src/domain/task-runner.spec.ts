import { createMetrics } from '@obskit/metrics-core';
import { Registry } from 'prom-client';
import { openDatabase, type DemoDatabase } from '../db/database';
import { createTelemetry } from '../instrumentation/create-telemetry';
import { createTaskQueue, type TaskQueue } from './task-queue';

async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the task runner settling dependents (in-memory SQLite, real metrics)', () => {
  let registry: Registry;
  let db: DemoDatabase;
  let queue: TaskQueue;

  beforeEach(() => {
    registry = new Registry();
    const telemetry = createTelemetry({ metrics: createMetrics({ registry, defaultMetrics: false }) });
    db = openDatabase(':memory:', telemetry);
    queue = createTaskQueue({
      db,
      telemetry,
      executor: async (task) =>
        task.type === 'sync' ? { ok: false, error: 'integration answered 503' } : { ok: true, result: null },
      pollIntervalMs: 5,
      retryBackoffMs: 5,
    });
  });

  afterEach(async () => {
    await queue.stop();
    db.close();
  });

  it('cancels a task that waits for a dead letter both directly and through another task once', async () => {
    const sync = queue.enqueue({ type: 'sync', maxAttempts: 1 });
    const review = queue.enqueue({ type: 'review', dependsOn: [sync.id] });
    const code = queue.enqueue({ type: 'code', dependsOn: [sync.id, review.id] });
    queue.start();
    await waitUntil('both dependents to be cancelled', () => queue.counts().agents.cancelled === 2);
    expect([queue.get(review.id)?.state, queue.get(code.id)?.state]).toEqual(['cancelled', 'cancelled']);
    expect(queue.get(code.id)?.finishedAt).not.toBeNull();
    const text = await registry.metrics();
    expect(
      text.split('\n').filter((l) => l.startsWith('obskit_task_transitions_total{queue="agents"')),
    ).toEqual([
      'obskit_task_transitions_total{queue="agents",to_state="waiting"} 2',
      'obskit_task_transitions_total{queue="agents",from_state="waiting",to_state="cancelled"} 2',
    ]);
  });

  it('releases a task once all of its dependencies succeeded, and not before', async () => {
    const plan = queue.enqueue({ type: 'plan' });
    const research = queue.enqueue({ type: 'research', dependsOn: [plan.id] });
    const review = queue.enqueue({ type: 'review', dependsOn: [plan.id, research.id] });
    queue.start();
    await waitUntil('the review to succeed', () => queue.get(review.id)?.state === 'succeeded');
    const started = (id: number) => Date.parse(queue.get(id)?.startedAt ?? '');
    const finished = (id: number) => Date.parse(queue.get(id)?.finishedAt ?? '');
    expect(started(review.id)).toBeGreaterThanOrEqual(finished(research.id));
    const text = await registry.metrics();
    expect(text).toContain(
      'obskit_task_transitions_total{queue="agents",from_state="waiting",to_state="pending"} 2',
    );
  });
});
