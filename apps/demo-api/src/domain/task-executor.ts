import type { SimClock } from '../sim/clock.js';
import type { Sampler } from '../sim/random.js';
import type { ScenarioState } from '../sim/scenarios.js';
import type { AgentName, AgentRuntime } from './agents.js';
import type { Task, TaskExecutor, TaskQueue, TaskType } from './task-queue.js';

const AGENT_OF: Readonly<Record<Exclude<TaskType, 'sync'>, AgentName>> = {
  plan: 'planner',
  research: 'researcher',
  code: 'coder',
  review: 'reviewer',
};

/**
 * Share of `sync` attempts that fail and are retried. The last attempt succeeds unless
 * `error-burst` is on (then every attempt fails): dead letters page, so they come from the scenario.
 */
export const SYNC_FAILURE_RATE = 0.03;

/**
 * Runs queued tasks: agent tasks run their agent (without hand-offs: the task graph is the
 * workflow); `sync` tasks call a flaky simulated integration, so that retries happen at a low
 * steady rate, and dead letters under `error-burst`.
 */
export function createTaskExecutor(options: {
  agents: AgentRuntime;
  sampler: Sampler;
  clock: SimClock;
  scenarios: ScenarioState;
}): TaskExecutor {
  const { agents, sampler, clock, scenarios } = options;
  return async (task: Task) => {
    if (task.type === 'sync') {
      await clock.sleep(sampler.logNormal(0.4, 0.5));
      const fails = scenarios.isActive('error-burst')
        ? true
        : task.attempts < task.maxAttempts && sampler.chance(SYNC_FAILURE_RATE);
      return fails
        ? { ok: false, error: 'integration answered 503' }
        : { ok: true, result: { synced: sampler.int(1, 50) } };
    }
    const prompt =
      typeof task.payload['prompt'] === 'string' ? task.payload['prompt'] : `task ${task.id}: ${task.type}`;
    const result = await agents.run(AGENT_OF[task.type], { prompt, maxHandoffs: 0 });
    return result.status === 'success'
      ? { ok: true, result: { output: result.output, usage: result.usage } }
      : { ok: false, error: `${result.agent} failed with ${result.errorType ?? 'error'}` };
  };
}

/** Enqueues a plan → research → code → review chain, each task depending on the previous one. */
export function enqueueWorkflow(tasks: TaskQueue, prompt: string): number[] {
  const ids: number[] = [];
  for (const type of ['plan', 'research', 'code', 'review'] as const) {
    const task = tasks.enqueue({
      type,
      payload: { prompt },
      dependsOn: ids.length > 0 ? [ids[ids.length - 1]] : [],
    });
    ids.push(task.id);
  }
  return ids;
}
