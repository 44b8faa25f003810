import type { AgentOperation, AgentUsage, ObskitMetrics } from '@obskit/metrics-core';

/**
 * Wraps a background job function: every call runs through `metrics.jobs.run`, which records
 * `obskit_job_duration_seconds{job_name,outcome}`, `obskit_jobs_in_flight` and
 * `obskit_job_last_success_timestamp_seconds`; a throw is recorded as `failure` and rethrown.
 *
 * @param metrics - the app's metrics from `createMetrics`.
 * @param jobName - a fixed job name.
 * @param fn - the job.
 * @example
 * const cleanup = wrapJob(metrics, 'cleanup', async () => db.deleteExpired());
 * setInterval(() => void cleanup().catch(() => undefined), 60_000);
 */
export function wrapJob<A extends unknown[], T>(
  metrics: ObskitMetrics,
  jobName: string,
  fn: (...args: A) => Promise<T> | T,
): (...args: A) => Promise<T> {
  return (...args) => metrics.jobs.run(jobName, () => fn(...args));
}

/**
 * Wraps an agent (LLM) call: every call runs through `metrics.agents.timeOperation`, which records
 * the GenAI semantic-convention metrics, tokens (read by `usage` from the result), cost and errors.
 *
 * @param metrics - the app's metrics from `createMetrics`.
 * @param op - what the call is: agent, operation, provider, request model.
 * @param fn - the call.
 * @param options - `usage` reads tokens and the response model from the result.
 * @example
 * const chat = wrapAgentOperation(metrics, { agent: 'planner', operation: 'chat', provider: 'openai',
 *   requestModel: 'gpt-4o' }, (prompt: string) => client.chat(prompt), { usage: (r) => r.usage });
 */
export function wrapAgentOperation<A extends unknown[], T>(
  metrics: ObskitMetrics,
  op: Omit<AgentOperation, 'durationSeconds' | 'status'>,
  fn: (...args: A) => Promise<T> | T,
  options: { readonly usage?: (result: T) => AgentUsage | undefined } = {},
): (...args: A) => Promise<T> {
  return (...args) => metrics.agents.timeOperation(op, () => fn(...args), options);
}
