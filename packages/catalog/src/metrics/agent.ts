import { BUCKETS } from '../model/buckets.js';
import { defineMetric } from '../model/types.js';

/** Agent metrics the GenAI conventions do not cover yet, under the `obskit_` namespace. */
export const agentMetrics = {
  operations: defineMetric({
    name: 'obskit_agent_operations_total',
    type: 'counter',
    help: 'Agent operations completed, by outcome status, counted once per operation.',
    unit: 'count',
    family: 'agent',
    labels: ['gen_ai_agent_name', 'gen_ai_operation_name', 'gen_ai_provider_name', 'status'],
  }),
  cost: defineMetric({
    name: 'obskit_gen_ai_cost_usd_total',
    type: 'counter',
    help: 'Cost of GenAI tokens used, in USD, from the price table the application configures.',
    unit: 'usd',
    family: 'agent',
    labels: ['gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_agent_name', 'gen_ai_token_type'],
  }),
  decisionConfidence: defineMetric({
    name: 'obskit_agent_decision_confidence',
    type: 'histogram',
    help: 'Confidence score from 0 to 1 that agents report for their decisions, as a unitless score.',
    unit: 'score',
    family: 'agent',
    labels: ['gen_ai_agent_name'],
    buckets: BUCKETS.score,
  }),
  handoffs: defineMetric({
    name: 'obskit_agent_handoffs_total',
    type: 'counter',
    help: 'Hand-offs of work from one agent to another, by outcome, counted once per hand-off.',
    unit: 'count',
    family: 'agent',
    labels: ['from_agent', 'to_agent', 'outcome'],
  }),
  handoffDuration: defineMetric({
    name: 'obskit_agent_handoff_duration_seconds',
    type: 'histogram',
    help: 'Latency of a hand-off between agents, from hand-over to pick-up, in seconds.',
    unit: 'seconds',
    family: 'agent',
    labels: ['from_agent', 'to_agent'],
    buckets: BUCKETS.longDuration,
  }),
  errors: defineMetric({
    name: 'obskit_agent_errors_total',
    type: 'counter',
    help: 'Errors raised by agents, by error class, counted once per error.',
    unit: 'count',
    family: 'agent',
    labels: ['gen_ai_agent_name', 'error_type'],
  }),
  recoveryDuration: defineMetric({
    name: 'obskit_agent_recovery_duration_seconds',
    type: 'histogram',
    help: 'Time from an agent error to the next successful operation of the same agent, in seconds.',
    unit: 'seconds',
    family: 'agent',
    labels: ['gen_ai_agent_name'],
    buckets: BUCKETS.longDuration,
  }),
  active: defineMetric({
    name: 'obskit_agents_active',
    type: 'gauge',
    help: 'Agent operations running right now, as a count.',
    unit: 'count',
    family: 'agent',
    labels: ['gen_ai_agent_name'],
  }),
} as const;
