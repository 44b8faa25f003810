import {
  ALL_METRICS,
  METRICS,
  OBSKIT_METRICS,
  assertCatalogValid,
  findMetric,
  resolveSeriesName,
} from './catalog';
import { BUCKETS } from './model/buckets';
import { LABELS } from './model/labels';
import { defineMetric } from './model/types';
import { validateMetrics } from './validation/naming';

describe('the catalog', () => {
  it('passes the naming rules, every entry', () => {
    expect(validateMetrics(ALL_METRICS)).toEqual([]);
    expect(() => assertCatalogValid()).not.toThrow();
  });

  it('covers every family the kit promises', () => {
    const families = new Set(OBSKIT_METRICS.map((m) => m.family));
    expect([...families].sort()).toEqual([
      'agent',
      'business',
      'db',
      'genai',
      'http',
      'http_client',
      'job',
      'runtime',
      'self',
      'task',
    ]);
  });

  it('names what the GenAI adapters record: token parts, chunk timing, headroom, MCP', () => {
    expect(LABELS.gen_ai_token_type.bound).toEqual({
      kind: 'enum',
      values: ['input', 'output', 'cache_read', 'cache_creation', 'reasoning'],
    });
    expect(METRICS.genai.clientTimePerOutputChunk).toMatchObject({
      name: 'gen_ai_client_operation_time_per_output_chunk_seconds',
      buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5],
      otel: { name: 'gen_ai.client.operation.time_per_output_chunk', unit: 's' },
    });
    expect(METRICS.mcp.clientOperationDuration).toMatchObject({
      name: 'mcp_client_operation_duration_seconds',
      labels: ['mcp_method_name', 'gen_ai_tool_name', 'error_type'],
      buckets: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
      otel: { name: 'mcp.client.operation.duration', unit: 's' },
    });
    expect(
      [
        METRICS.mcp.serverOperationDuration,
        METRICS.mcp.clientSessionDuration,
        METRICS.mcp.serverSessionDuration,
        METRICS.agent.rateLimitRemaining,
        METRICS.agent.rateLimitQuota,
        METRICS.self.unpricedTokens,
      ].map((m) => m.name),
    ).toEqual([
      'mcp_server_operation_duration_seconds',
      'mcp_client_session_duration_seconds',
      'mcp_server_session_duration_seconds',
      'obskit_gen_ai_rate_limit_remaining',
      'obskit_gen_ai_rate_limit_quota',
      'obskit_gen_ai_unpriced_tokens_total',
    ]);
    expect(LABELS.error_type.bound).toMatchObject({
      values: expect.arrayContaining([
        'rate_limited',
        'timeout',
        'server_error',
        'invalid_request',
        'content_filter',
        'cancelled',
        '_OTHER',
      ]),
    });
  });

  it('uses the OTel GenAI names and bucket advice', () => {
    expect(METRICS.genai.clientOperationDuration).toMatchObject({
      name: 'gen_ai_client_operation_duration_seconds',
      buckets: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
      otel: { name: 'gen_ai.client.operation.duration', unit: 's' },
    });
    expect(METRICS.genai.clientTokenUsage.buckets).toEqual(BUCKETS.genAiTokens);
    expect(METRICS.genai.clientTokenUsage.labels).toContain('gen_ai_token_type');
    expect(ALL_METRICS.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'gen_ai_client_operation_time_to_first_chunk_seconds',
        'gen_ai_invoke_agent_duration_seconds',
        'gen_ai_execute_tool_duration_seconds',
        'gen_ai_workflow_duration_seconds',
        'obskit_gen_ai_cost_usd_total',
        'obskit_task_queue_depth',
        'obskit_task_transitions_total',
        'obskit_agent_decision_confidence',
        'http_server_request_duration_seconds',
        'db_client_operation_duration_seconds',
        'obskit_metric_series_overflow_total',
        'obskit_instrumentation_errors_total',
      ]),
    );
  });

  it('defines every label it uses, with a bound', () => {
    for (const metric of ALL_METRICS) {
      for (const label of metric.labels) expect(LABELS).toHaveProperty([label, 'bound', 'kind']);
    }
  });

  it('finds metrics and resolves histogram child series', () => {
    expect(findMetric('obskit_task_queue_depth')?.type).toBe('gauge');
    expect(findMetric('nope')).toBeUndefined();
    expect(resolveSeriesName('http_server_request_duration_seconds_bucket')).toMatchObject({
      metric: { name: 'http_server_request_duration_seconds' },
      suffix: '_bucket',
    });
    expect(resolveSeriesName('obskit_gen_ai_cost_usd_total')?.suffix).toBe('');
    expect(resolveSeriesName('obskit_task_queue_depth_count')).toBeUndefined();
  });

  it('reports every problem of a bad catalog at once, with a stable code', () => {
    const bad = [
      defineMetric({
        name: 'obskit_bad_requests',
        type: 'counter',
        help: 'Requests.',
        unit: 'count',
        family: 'self',
        labels: [],
      }),
      defineMetric({
        name: 'obskit_bad_latency_ms',
        type: 'gauge',
        help: 'Latency.',
        unit: 'seconds',
        family: 'self',
        labels: [],
      }),
    ];
    let error: unknown;
    try {
      assertCatalogValid(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'OBSKIT_INVALID_CATALOG', name: 'ObskitValidationError' });
    const message = (error as Error).message;
    expect(message).toContain('Invalid metric catalog: 4 problems');
    expect(message).toContain('Invalid counter name "obskit_bad_requests": counters must end in "_total"');
    expect(message).toContain('Invalid unit "ms" in metric name "obskit_bad_latency_ms"');
    expect(message).toContain('a metric in seconds must end in "_seconds"');
    expect(message).toContain('Invalid help "Latency.": must state the unit (seconds)');
  });
});
