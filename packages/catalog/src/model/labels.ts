import { SEVERITIES } from './alerting.js';

/**
 * How a label's values are kept bounded (see "Metric naming" in docs/architecture.md):
 * - `enum`: a closed set; anything else is recorded as {@link OTHER_VALUE}.
 * - `allowList`: open set named by the application (providers, models, agents, features); values
 *   outside the configured allow-list become {@link OTHER_VALUE}; without an allow-list the
 *   per-metric series cap still bounds them.
 * - `pattern`: values must match a pattern (status codes, route templates).
 */
export type LabelBound =
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'allowList'; readonly defaults?: readonly string[] }
  | { readonly kind: 'pattern'; readonly pattern: string; readonly expected: string };

/** One label, as plain data. */
export interface LabelDef {
  readonly help: string;
  readonly bound: LabelBound;
}

/** The value a bounded label takes for anything outside its allowed set. */
export const OTHER_VALUE = '_OTHER';
/** The `http_route` value of requests that matched no route (404s, scanners). */
export const UNMATCHED_ROUTE = '__unmatched__';
/**
 * Longest label value kept, in characters; a longer value is almost certainly an id or a payload and is
 * recorded as {@link OTHER_VALUE} (metrics-core's label guard and the OTel bridge alike).
 */
export const MAX_LABEL_VALUE_LENGTH = 128;

const enumOf = (values: readonly string[]): LabelBound => ({ kind: 'enum', values });
const allowList = (defaults?: readonly string[]): LabelBound => ({ kind: 'allowList', defaults });

/** HTTP methods kept as themselves; any other becomes `_OTHER` (OTel HTTP semconv). */
export const HTTP_METHODS = [
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
] as const;

/** `gen_ai.operation.name` values of the OTel GenAI semantic conventions. */
export const GEN_AI_OPERATIONS = [
  'chat',
  'create_agent',
  'embeddings',
  'execute_tool',
  'generate_content',
  'invoke_agent',
  'text_completion',
] as const;

/** Well-known `gen_ai.provider.name` values of the OTel GenAI semantic conventions. */
export const GEN_AI_PROVIDERS = [
  'anthropic',
  'aws.bedrock',
  'azure.ai.inference',
  'azure.ai.openai',
  'cohere',
  'deepseek',
  'gcp.gemini',
  'gcp.gen_ai',
  'gcp.vertex_ai',
  'groq',
  'ibm.watsonx.ai',
  'mistral_ai',
  'openai',
  'perplexity',
  'x_ai',
] as const;

/**
 * `gen_ai_token_type` values. `input` and `output` are the OTel GenAI semconv values and, as semconv
 * says for `gen_ai.usage.input_tokens`, they are totals: `input` includes cached input, `output`
 * includes reasoning. Semconv has no token-type value for the parts, only the span attributes
 * `gen_ai.usage.cache_read.input_tokens`, `gen_ai.usage.cache_creation.input_tokens` and
 * `gen_ai.usage.reasoning.output_tokens`; the part values are named after those attributes and
 * recorded as their own observations, so `input`/`output` stay what semconv dashboards expect.
 */
export const GEN_AI_TOKEN_TYPES = ['input', 'output', 'cache_read', 'cache_creation', 'reasoning'] as const;

/** Rate-limit resources the providers report headroom for (`x-ratelimit-*`, `anthropic-ratelimit-*`). */
export const GEN_AI_RATE_LIMIT_RESOURCES = ['requests', 'tokens', 'input_tokens', 'output_tokens'] as const;

/** `mcp.method.name` values of the MCP semantic conventions (the MCP spec's request and notification methods). */
export const MCP_METHODS = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/read',
  'resources/templates/list',
  'resources/subscribe',
  'resources/unsubscribe',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'sampling/createMessage',
  'elicitation/create',
  'roots/list',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/message',
  'notifications/resources/updated',
  'notifications/resources/list_changed',
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/roots/list_changed',
] as const;

/** Error classes recorded in `error_type`; anything else is `_OTHER`. */
export const ERROR_TYPES = [
  'timeout',
  'rate_limited',
  'server_error',
  'client_error',
  'invalid_request',
  'content_filter',
  'cancelled',
  'connection_error',
  // MCP semconv: a `tools/call` whose result has `isError: true`.
  'tool_error',
  OTHER_VALUE,
] as const;

/**
 * `error.type` values that instrumentations record as an SDK's error class name (as
 * `@opentelemetry/instrumentation-openai` does; the Anthropic SDK uses the same names), mapped to
 * the bounded `error_type` they mean. The OTel bridge applies it so both paths give one series.
 */
export const ERROR_TYPE_ALIASES: Readonly<Record<string, (typeof ERROR_TYPES)[number]>> = {
  RateLimitError: 'rate_limited',
  InternalServerError: 'server_error',
  APIConnectionTimeoutError: 'timeout',
  APIUserAbortError: 'cancelled',
  APIConnectionError: 'connection_error',
  BadRequestError: 'invalid_request',
  UnprocessableEntityError: 'invalid_request',
  AuthenticationError: 'client_error',
  PermissionDeniedError: 'client_error',
  NotFoundError: 'client_error',
  ConflictError: 'client_error',
};

/**
 * Deprecated OTel attribute names still emitted by maintained instrumentations, and the attribute
 * that replaced them (`gen_ai.system` became `gen_ai.provider.name` in semconv 1.37).
 */
export const OTEL_ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = {
  'gen_ai.system': 'gen_ai.provider.name',
};

/** Outcome of an agent operation. */
export const AGENT_STATUSES = ['success', 'error', 'timeout', 'cancelled'] as const;
/** States of an orchestrated task. */
export const TASK_STATES = [
  'pending',
  'waiting',
  'running',
  'succeeded',
  'failed',
  'retrying',
  'dead_lettered',
  'cancelled',
] as const;
/** Outcome of a task run, background job, hand-off or business operation. */
export const OUTCOMES = ['success', 'failure'] as const;
/** Reasons recorded by `obskit_instrumentation_errors_total`. */
export const INSTRUMENTATION_ERROR_REASONS = [
  'invalid_label_value',
  'invalid_value',
  'negative_increment',
  'unknown_label',
  'collector_failed',
  'collector_timeout',
  'exception',
] as const;
/** Components that report instrumentation errors. */
export const OBSKIT_COMPONENTS = [
  'metrics-core',
  'middleware',
  'otel-bridge',
  'genai',
  'exposition',
  'cluster',
] as const;

/** Every label obskit emits, by name. Metric definitions may only use these. */
export const LABELS = {
  // GenAI (OTel semconv attribute names in Prometheus form)
  gen_ai_operation_name: {
    help: 'GenAI operation (gen_ai.operation.name).',
    bound: enumOf(GEN_AI_OPERATIONS),
  },
  gen_ai_provider_name: {
    help: 'GenAI provider (gen_ai.provider.name).',
    bound: allowList(GEN_AI_PROVIDERS),
  },
  gen_ai_request_model: { help: 'Model named in the request (gen_ai.request.model).', bound: allowList() },
  gen_ai_response_model: { help: 'Model that answered (gen_ai.response.model).', bound: allowList() },
  gen_ai_token_type: {
    help: 'Token type (gen_ai.token.type): input and output totals, and the cache_read, cache_creation and reasoning parts of them.',
    bound: enumOf(GEN_AI_TOKEN_TYPES),
  },
  gen_ai_rate_limit_resource: {
    help: 'What a provider rate limit counts: requests, tokens, input_tokens or output_tokens.',
    bound: enumOf(GEN_AI_RATE_LIMIT_RESOURCES),
  },
  mcp_method_name: {
    help: 'MCP request or notification method (mcp.method.name); others become _OTHER.',
    bound: enumOf([...MCP_METHODS, OTHER_VALUE]),
  },
  gen_ai_agent_name: { help: 'Agent name (gen_ai.agent.name).', bound: allowList() },
  gen_ai_tool_name: { help: 'Tool name (gen_ai.tool.name).', bound: allowList() },
  gen_ai_workflow_name: { help: 'Workflow name.', bound: allowList() },
  error_type: { help: 'Class of error (error.type); absent on success.', bound: enumOf(ERROR_TYPES) },
  // Agents
  status: { help: 'Outcome of the agent operation.', bound: enumOf(AGENT_STATUSES) },
  from_agent: { help: 'Agent handing work off.', bound: allowList() },
  to_agent: { help: 'Agent receiving the hand-off.', bound: allowList() },
  outcome: { help: 'Outcome: success or failure.', bound: enumOf(OUTCOMES) },
  // Tasks
  queue: { help: 'Task queue name.', bound: allowList() },
  task_type: { help: 'Kind of task.', bound: allowList() },
  from_state: { help: 'Task state before the transition.', bound: enumOf(TASK_STATES) },
  to_state: { help: 'Task state after the transition.', bound: enumOf(TASK_STATES) },
  // HTTP (OTel semconv attribute names in Prometheus form)
  http_request_method: {
    help: 'HTTP method; non-standard methods become _OTHER.',
    bound: enumOf([...HTTP_METHODS, OTHER_VALUE]),
  },
  http_route: {
    help: 'Matched route template, e.g. /orders/:id; __unmatched__ when no route matched.',
    bound: {
      kind: 'pattern',
      pattern: '^(/[^?#\\s]*|__unmatched__)$',
      expected: 'a route template starting with "/" or "__unmatched__"',
    },
  },
  http_response_status_code: {
    help: 'HTTP status code.',
    bound: {
      kind: 'pattern',
      pattern: '^[1-5][0-9][0-9]$',
      expected: 'a 3-digit status code from 100 to 599',
    },
  },
  server_address: { help: 'Host name of the remote server (server.address).', bound: allowList() },
  // Database
  db_system_name: { help: 'Database system (db.system.name), e.g. sqlite, postgresql.', bound: allowList() },
  db_operation_name: { help: 'Database operation (db.operation.name), e.g. SELECT.', bound: allowList() },
  db_collection_name: { help: 'Table or collection (db.collection.name).', bound: allowList() },
  db_client_connection_pool_name: { help: 'Connection pool name.', bound: allowList() },
  db_client_connection_state: { help: 'Connection state: used or idle.', bound: enumOf(['used', 'idle']) },
  // Jobs
  job_name: { help: 'Background job name (not the Prometheus `job` target label).', bound: allowList() },
  // Business
  feature: { help: 'Product feature.', bound: allowList() },
  experiment: { help: 'A/B experiment.', bound: allowList() },
  variant: { help: 'Experiment variant.', bound: allowList() },
  operation: { help: 'Business operation counted for availability.', bound: allowList() },
  // Self metrics
  component: { help: 'obskit component reporting the problem.', bound: enumOf(OBSKIT_COMPONENTS) },
  reason: { help: 'What went wrong.', bound: enumOf(INSTRUMENTATION_ERROR_REASONS) },
  metric: {
    help: 'Metric name.',
    bound: { kind: 'pattern', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$', expected: 'a Prometheus metric name' },
  },
  version: { help: 'Version string.', bound: allowList() },
  revision: { help: 'Source revision.', bound: allowList() },
  node_version: { help: 'Node.js version.', bound: allowList() },
  worker_outcome: {
    help: 'Whether a cluster worker answered in time.',
    bound: enumOf(['answered', 'timeout', 'error']),
  },
  // Runtime (prom-client default metrics)
  type: { help: 'Kind of handle, request or resource.', bound: allowList() },
  space: { help: 'V8 heap space.', bound: allowList() },
  kind: { help: 'Kind of garbage collection.', bound: enumOf(['major', 'minor', 'incremental', 'weakcb']) },
  major: { help: 'Major version.', bound: allowList() },
  minor: { help: 'Minor version.', bound: allowList() },
  patch: { help: 'Patch version.', bound: allowList() },
  // Host (node_exporter's labels)
  cpu: { help: 'CPU number (node_exporter).', bound: allowList() },
  mode: {
    help: 'CPU mode (node_exporter): idle, user, system, iowait, ….',
    bound: enumOf([
      'idle',
      'user',
      'system',
      'iowait',
      'irq',
      'softirq',
      'steal',
      'nice',
      'guest',
      'guest_nice',
    ]),
  },
  device: { help: 'Block or network device (node_exporter).', bound: allowList() },
  fstype: { help: 'Filesystem type (node_exporter).', bound: allowList() },
  mountpoint: { help: 'Filesystem mount point (node_exporter).', bound: allowList() },
  // Prometheus / OTel
  alertname: { help: 'Alert name (ALERTS).', bound: allowList() },
  alertstate: { help: 'pending or firing (ALERTS).', bound: enumOf(['pending', 'firing']) },
  severity: { help: 'Alert severity.', bound: enumOf(SEVERITIES) },
  service_name: { help: 'OTel resource service.name.', bound: allowList() },
  service_version: { help: 'OTel resource service.version.', bound: allowList() },
  service_instance_id: { help: 'OTel resource service.instance.id.', bound: allowList() },
  deployment_environment: { help: 'OTel resource deployment.environment(.name).', bound: allowList() },
  telemetry_sdk_language: { help: 'OTel resource telemetry.sdk.language.', bound: allowList() },
  telemetry_sdk_name: { help: 'OTel resource telemetry.sdk.name.', bound: allowList() },
  telemetry_sdk_version: { help: 'OTel resource telemetry.sdk.version.', bound: allowList() },
} as const satisfies Record<string, LabelDef>;

/** Any label name obskit knows. */
export type LabelName = keyof typeof LABELS;

/** Labels Prometheus attaches to every scraped series (target labels). */
export const TARGET_LABELS = ['job', 'instance'] as const;
