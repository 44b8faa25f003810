import {
  createAgentHelpers,
  createBusinessHelpers,
  createJobHelpers,
  createTaskHelpers,
  type AgentHelpers,
  type BusinessHelpers,
  type JobHelpers,
  type TaskHelpers,
} from '@obskit/metrics-core';
import type { Meter } from '@opentelemetry/api';
import { createOtelInstruments, type OtelInstrumentsOptions } from './otel-instruments.js';

/** metrics-core's domain helpers recording through an OpenTelemetry meter. */
export interface OtelDomain {
  /** As `createMetrics().agents`: operations, tokens by type, cost, recovery time, tools, MCP. */
  readonly agents: AgentHelpers;
  /** As `createMetrics().tasks`: queue depth, running, transitions, waits, retries, dead letters. */
  readonly tasks: TaskHelpers;
  /** As `createMetrics().business`: sessions, features, experiments, availability inputs. */
  readonly business: BusinessHelpers;
  /** As `createMetrics().jobs`: in flight, duration by outcome, last success. */
  readonly jobs: JobHelpers;
}

/**
 * The agent, task, business and job helpers of @obskit/metrics-core — the same code, the same API —
 * recording on an OpenTelemetry `Meter` (see {@link createOtelInstruments}). Through
 * {@link createOtelBridge} they give the same series and values on `/metrics` as `createMetrics`'
 * helpers. Each group's instruments are created on its first use.
 *
 * @param meter - any OTel meter, e.g. `bridge.getMeter('app')`.
 * @param options - prices (for the cost counter), clock, report or logger.
 * @example
 * const { agents } = createOtelDomain(bridge.getMeter('app'), { prices });
 * agents.recordOperation({ agent: 'planner', operation: 'chat', provider: 'openai',
 *   requestModel: 'gpt-4o', status: 'success', durationSeconds: 1.2, inputTokens: 800 });
 */
export function createOtelDomain(meter: Meter, options: OtelInstrumentsOptions = {}): OtelDomain {
  const instruments = createOtelInstruments(meter, options);
  let agents: AgentHelpers | undefined;
  let tasks: TaskHelpers | undefined;
  let business: BusinessHelpers | undefined;
  let jobs: JobHelpers | undefined;
  return {
    get agents() {
      return (agents ??= createAgentHelpers(instruments));
    },
    get tasks() {
      return (tasks ??= createTaskHelpers(instruments));
    },
    get business() {
      return (business ??= createBusinessHelpers(instruments));
    },
    get jobs() {
      return (jobs ??= createJobHelpers(instruments));
    },
  };
}
