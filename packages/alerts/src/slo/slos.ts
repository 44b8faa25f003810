import { METRICS } from '@obskit/catalog';
import { neq, re } from '@obskit/promql';
import type { AlertsConfig } from '../config.js';
import type { SloDefinition } from './slo.js';

const { agent, genai, http } = METRICS;

/** The SLOs obskit ships: agent availability, agent latency, HTTP availability. */
export function buildDefaultSlos(config: AlertsConfig): SloDefinition[] {
  const o = config.slo.objectives;
  const threshold = config.slo.agentLatencyThresholdSeconds;
  return [
    {
      name: 'agent-availability',
      title: 'Agent availability',
      description: `A good event is an agent operation (${agent.operations.name}) that ends with status "success".`,
      objective: o.agentAvailability,
      sli: {
        kind: 'ratio',
        errors: { source: agent.operations, matchers: { status: neq('success') } },
        total: { source: agent.operations },
      },
      fixture: [
        {
          series: { source: agent.operations, labels: { gen_ai_agent_name: 'planner', status: 'success' } },
          during: 'good',
        },
        {
          series: { source: agent.operations, labels: { gen_ai_agent_name: 'planner', status: 'error' } },
          during: 'bad',
        },
      ],
    },
    {
      name: 'agent-latency',
      title: 'Agent latency',
      description: `A good event is an agent invocation (${genai.invokeAgentDuration.name}) that completes within ${threshold}s.`,
      objective: o.agentLatency,
      sli: { kind: 'latency', histogram: genai.invokeAgentDuration, thresholdSeconds: threshold },
      fixture: [
        {
          series: {
            source: genai.invokeAgentDuration,
            suffix: '_count',
            labels: { gen_ai_agent_name: 'planner' },
          },
          during: 'always',
        },
        {
          series: {
            source: genai.invokeAgentDuration,
            suffix: '_bucket',
            labels: { gen_ai_agent_name: 'planner', le: String(threshold) },
          },
          during: 'good',
        },
      ],
    },
    {
      name: 'http-availability',
      title: 'HTTP availability',
      description: `A good event is an HTTP request (${http.serverRequestDuration.name}) not answered with a 5xx status.`,
      objective: o.httpAvailability,
      sli: {
        kind: 'ratio',
        errors: {
          source: http.serverRequestDuration,
          suffix: '_count',
          matchers: { http_response_status_code: re('5..') },
        },
        total: { source: http.serverRequestDuration, suffix: '_count' },
      },
      fixture: [
        {
          series: {
            source: http.serverRequestDuration,
            suffix: '_count',
            labels: {
              http_request_method: 'GET',
              http_route: '/orders/:id',
              http_response_status_code: '200',
            },
          },
          during: 'good',
        },
        {
          series: {
            source: http.serverRequestDuration,
            suffix: '_count',
            labels: {
              http_request_method: 'GET',
              http_route: '/orders/:id',
              http_response_status_code: '503',
            },
          },
          during: 'bad',
        },
      ],
    },
  ];
}
