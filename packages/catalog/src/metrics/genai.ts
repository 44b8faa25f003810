import { BUCKETS } from '../model/buckets.js';
import { defineMetric } from '../model/types.js';

/**
 * GenAI client metrics: the Prometheus form of the OpenTelemetry GenAI semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/), with their bucket advice.
 */
export const genAiMetrics = {
  clientOperationDuration: defineMetric({
    name: 'gen_ai_client_operation_duration_seconds',
    type: 'histogram',
    help: 'Duration of GenAI client operations, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: [
      'gen_ai_operation_name',
      'gen_ai_provider_name',
      'gen_ai_request_model',
      'gen_ai_response_model',
      'error_type',
    ],
    buckets: BUCKETS.genAiDuration,
    otel: { name: 'gen_ai.client.operation.duration', unit: 's', kind: 'histogram' },
  }),
  clientTokenUsage: defineMetric({
    name: 'gen_ai_client_token_usage',
    type: 'histogram',
    help: 'Number of input and output tokens used per GenAI client operation, in tokens.',
    unit: 'tokens',
    family: 'genai',
    labels: [
      'gen_ai_operation_name',
      'gen_ai_provider_name',
      'gen_ai_request_model',
      'gen_ai_response_model',
      'gen_ai_token_type',
    ],
    buckets: BUCKETS.genAiTokens,
    otel: { name: 'gen_ai.client.token.usage', unit: '{token}', kind: 'histogram' },
  }),
  clientTimeToFirstChunk: defineMetric({
    name: 'gen_ai_client_operation_time_to_first_chunk_seconds',
    type: 'histogram',
    help: 'Time from sending a streaming GenAI request to receiving the first chunk, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: [
      'gen_ai_operation_name',
      'gen_ai_provider_name',
      'gen_ai_request_model',
      'gen_ai_response_model',
    ],
    buckets: BUCKETS.genAiTimeToFirstChunk,
    otel: { name: 'gen_ai.client.operation.time_to_first_chunk', unit: 's', kind: 'histogram' },
  }),
  clientTimePerOutputChunk: defineMetric({
    name: 'gen_ai_client_operation_time_per_output_chunk_seconds',
    type: 'histogram',
    help: 'Time between consecutive chunks of a streaming GenAI response, recorded per chunk after the first, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: [
      'gen_ai_operation_name',
      'gen_ai_provider_name',
      'gen_ai_request_model',
      'gen_ai_response_model',
    ],
    buckets: BUCKETS.genAiTimePerOutputChunk,
    otel: { name: 'gen_ai.client.operation.time_per_output_chunk', unit: 's', kind: 'histogram' },
  }),
  invokeAgentDuration: defineMetric({
    name: 'gen_ai_invoke_agent_duration_seconds',
    type: 'histogram',
    help: 'Duration of agent invocations, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: ['gen_ai_agent_name', 'gen_ai_provider_name', 'gen_ai_request_model', 'error_type'],
    buckets: BUCKETS.genAiDuration,
    otel: { name: 'gen_ai.invoke_agent.duration', unit: 's', kind: 'histogram' },
  }),
  executeToolDuration: defineMetric({
    name: 'gen_ai_execute_tool_duration_seconds',
    type: 'histogram',
    help: 'Duration of tool executions requested by agents, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: ['gen_ai_tool_name', 'gen_ai_agent_name', 'error_type'],
    buckets: BUCKETS.genAiDuration,
    otel: { name: 'gen_ai.execute_tool.duration', unit: 's', kind: 'histogram' },
  }),
  workflowDuration: defineMetric({
    name: 'gen_ai_workflow_duration_seconds',
    type: 'histogram',
    help: 'Duration of multi-agent workflows from start to final answer, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: ['gen_ai_workflow_name', 'error_type'],
    buckets: BUCKETS.genAiDuration,
    otel: { name: 'gen_ai.workflow.duration', unit: 's', kind: 'histogram' },
  }),
} as const;

/**
 * MCP client and server metrics: the Prometheus form of the MCP semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/mcp/), with their bucket advice.
 */
export const mcpMetrics = {
  clientOperationDuration: defineMetric({
    name: 'mcp_client_operation_duration_seconds',
    type: 'histogram',
    help: 'Duration of MCP requests as seen by the client, from sending to the response, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: ['mcp_method_name', 'gen_ai_tool_name', 'error_type'],
    buckets: BUCKETS.mcpDuration,
    otel: { name: 'mcp.client.operation.duration', unit: 's', kind: 'histogram' },
  }),
  serverOperationDuration: defineMetric({
    name: 'mcp_server_operation_duration_seconds',
    type: 'histogram',
    help: 'Duration of MCP requests as seen by the server, from receipt to the result being sent, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: ['mcp_method_name', 'gen_ai_tool_name', 'error_type'],
    buckets: BUCKETS.mcpDuration,
    otel: { name: 'mcp.server.operation.duration', unit: 's', kind: 'histogram' },
  }),
  clientSessionDuration: defineMetric({
    name: 'mcp_client_session_duration_seconds',
    type: 'histogram',
    help: 'Duration of MCP sessions as seen by the client, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: ['error_type'],
    buckets: BUCKETS.mcpDuration,
    otel: { name: 'mcp.client.session.duration', unit: 's', kind: 'histogram' },
  }),
  serverSessionDuration: defineMetric({
    name: 'mcp_server_session_duration_seconds',
    type: 'histogram',
    help: 'Duration of MCP sessions as seen by the server, in seconds.',
    unit: 'seconds',
    family: 'genai',
    labels: ['error_type'],
    buckets: BUCKETS.mcpDuration,
    otel: { name: 'mcp.server.session.duration', unit: 's', kind: 'histogram' },
  }),
} as const;
