import { METRICS } from '@obskit/catalog';
import { Registry } from 'prom-client';
import { createMetrics } from '../create-metrics';
import type { PriceTable } from '../pricing';
import { metricsWithClock } from '../../test/support/metrics-with-clock';

function setup(prices: PriceTable = { openai: { 'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01 } } }) {
  const { registry, metrics, advance, lines } = metricsWithClock(1_700_000_000_000, { prices });
  return { registry, metrics, clock: { advance }, lines };
}

describe('agents', () => {
  it('records duration, tokens, time to first chunk, status and cost of one operation', async () => {
    const { metrics, lines } = setup();
    metrics.agents.recordOperation({
      agent: 'planner',
      operation: 'chat',
      provider: 'openai',
      requestModel: 'gpt-4o',
      responseModel: 'gpt-4o-2024-08-06',
      status: 'success',
      durationSeconds: 1.5,
      inputTokens: 1000,
      outputTokens: 200,
      timeToFirstChunkSeconds: 0.3,
    });
    const labels =
      'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_response_model="gpt-4o-2024-08-06"';
    expect(await lines('gen_ai_client_operation_duration_seconds_count')).toEqual([
      `gen_ai_client_operation_duration_seconds_count{${labels}} 1`,
    ]);
    expect(await lines('gen_ai_client_operation_duration_seconds_bucket{')).toContain(
      `gen_ai_client_operation_duration_seconds_bucket{le="2.56",${labels}} 1`,
    );
    expect(await lines('gen_ai_client_token_usage_sum')).toEqual([
      `gen_ai_client_token_usage_sum{${labels},gen_ai_token_type="input"} 1000`,
      `gen_ai_client_token_usage_sum{${labels},gen_ai_token_type="output"} 200`,
    ]);
    expect(await lines('gen_ai_client_operation_time_to_first_chunk_seconds_sum')).toEqual([
      `gen_ai_client_operation_time_to_first_chunk_seconds_sum{${labels}} 0.3`,
    ]);
    expect(await lines('obskit_agent_operations_total')).toEqual([
      'obskit_agent_operations_total{gen_ai_agent_name="planner",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="success"} 1',
    ]);
    expect(await lines('obskit_gen_ai_cost_usd_total')).toEqual([
      'obskit_gen_ai_cost_usd_total{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_agent_name="planner",gen_ai_token_type="input"} 0.0025',
      'obskit_gen_ai_cost_usd_total{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_agent_name="planner",gen_ai_token_type="output"} 0.002',
    ]);
    expect(await lines('obskit_gen_ai_unpriced_tokens_total')).toEqual([]);
    expect(await lines('gen_ai_invoke_agent_duration_seconds_count')).toEqual([]);
  });

  it('does not invent a cost for a model missing from the price table: counts its tokens', async () => {
    const { metrics, lines } = setup();
    metrics.agents.recordOperation({
      agent: 'planner',
      operation: 'chat',
      provider: 'anthropic',
      requestModel: 'claude-x',
      status: 'success',
      durationSeconds: 1,
      inputTokens: 300,
      outputTokens: 0,
    });
    expect(await lines('obskit_gen_ai_cost_usd_total')).toEqual([]);
    expect(await lines('obskit_gen_ai_unpriced_tokens_total')).toEqual([
      'obskit_gen_ai_unpriced_tokens_total{gen_ai_provider_name="anthropic",gen_ai_request_model="claude-x",gen_ai_token_type="input"} 300',
    ]);
  });

  it('records cache and reasoning tokens apart and prices each part once', async () => {
    const { metrics, lines } = setup({
      openai: {
        'gpt-4o': { inputPer1k: 0.002, outputPer1k: 0.01, cacheReadPer1k: 0.001, cacheWritePer1k: 0.004 },
      },
    });
    metrics.agents.recordOperation({
      agent: 'planner',
      operation: 'chat',
      provider: 'openai',
      requestModel: 'gpt-4o',
      status: 'success',
      durationSeconds: 1,
      inputTokens: 1000,
      cacheReadInputTokens: 600,
      cacheCreationInputTokens: 100,
      outputTokens: 500,
      reasoningOutputTokens: 300,
      timePerOutputChunkSeconds: [0.02, 0.2],
    });
    const labels = 'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"';
    expect(await lines('gen_ai_client_token_usage_sum')).toEqual([
      `gen_ai_client_token_usage_sum{${labels},gen_ai_token_type="input"} 1000`,
      `gen_ai_client_token_usage_sum{${labels},gen_ai_token_type="output"} 500`,
      `gen_ai_client_token_usage_sum{${labels},gen_ai_token_type="cache_read"} 600`,
      `gen_ai_client_token_usage_sum{${labels},gen_ai_token_type="cache_creation"} 100`,
      `gen_ai_client_token_usage_sum{${labels},gen_ai_token_type="reasoning"} 300`,
    ]);
    const cost = 'gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_agent_name="planner"';
    expect(await lines('obskit_gen_ai_cost_usd_total')).toEqual([
      `obskit_gen_ai_cost_usd_total{${cost},gen_ai_token_type="input"} 0.0006`,
      `obskit_gen_ai_cost_usd_total{${cost},gen_ai_token_type="cache_read"} 0.0006`,
      `obskit_gen_ai_cost_usd_total{${cost},gen_ai_token_type="cache_creation"} 0.0004`,
      `obskit_gen_ai_cost_usd_total{${cost},gen_ai_token_type="output"} 0.005`,
    ]);
    expect(await lines('gen_ai_client_operation_time_per_output_chunk_seconds_count')).toEqual([
      `gen_ai_client_operation_time_per_output_chunk_seconds_count{${labels}} 2`,
    ]);
    expect(await lines('gen_ai_client_operation_time_per_output_chunk_seconds_bucket{le="0.025"')).toEqual([
      `gen_ai_client_operation_time_per_output_chunk_seconds_bucket{le="0.025",${labels}} 1`,
    ]);
  });

  it('uses the operation price when the table has none, and counts unpriced cache parts', async () => {
    const { metrics, lines } = setup({ openai: {} });
    metrics.agents.recordOperation({
      agent: 'a',
      operation: 'chat',
      provider: 'anthropic',
      requestModel: 'claude-x',
      status: 'success',
      durationSeconds: 1,
      inputTokens: 100,
      cacheReadInputTokens: 50,
      outputTokens: 10,
      price: { inputPer1k: 0.004, outputPer1k: 0.015 },
    });
    expect(await lines('obskit_gen_ai_cost_usd_total')).toEqual([
      'obskit_gen_ai_cost_usd_total{gen_ai_provider_name="anthropic",gen_ai_request_model="claude-x",gen_ai_agent_name="a",gen_ai_token_type="input"} 0.0002',
      'obskit_gen_ai_cost_usd_total{gen_ai_provider_name="anthropic",gen_ai_request_model="claude-x",gen_ai_agent_name="a",gen_ai_token_type="output"} 0.00015',
    ]);
    expect(await lines('obskit_gen_ai_unpriced_tokens_total')).toEqual([
      'obskit_gen_ai_unpriced_tokens_total{gen_ai_provider_name="anthropic",gen_ai_request_model="claude-x",gen_ai_token_type="cache_read"} 50',
    ]);
  });

  it('onRateLimitCollect: headroom recorded by the callback shows in the same scrape; removed, it no longer runs', async () => {
    const { metrics, lines } = setup();
    let runs = 0;
    const remove = metrics.agents.onRateLimitCollect(() => {
      runs++;
      metrics.agents.recordRateLimit({
        provider: 'openai',
        requestModel: 'gpt-4o',
        resource: 'tokens',
        remaining: 59,
        limit: 60,
      });
    });
    expect(runs).toBe(0);
    const series =
      'gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource="tokens"';
    expect(await lines('obskit_gen_ai_rate_limit_')).toEqual([
      `obskit_gen_ai_rate_limit_remaining{${series}} 59`,
      `obskit_gen_ai_rate_limit_quota{${series}} 60`,
    ]);
    expect(runs).toBeGreaterThan(0);
    remove?.();
    const before = runs;
    await lines('obskit_gen_ai_rate_limit_');
    expect(runs).toBe(before);
  });

  it('sets rate-limit headroom gauges and records MCP operations and sessions', async () => {
    const { metrics, lines } = setup();
    metrics.agents.recordRateLimit({
      provider: 'openai',
      requestModel: 'gpt-4o',
      resource: 'requests',
      remaining: 59,
      limit: 60,
    });
    metrics.agents.recordRateLimit({
      provider: 'openai',
      requestModel: 'gpt-4o',
      resource: 'requests',
      remaining: 58,
    });
    expect(await lines('obskit_gen_ai_rate_limit_')).toEqual([
      'obskit_gen_ai_rate_limit_remaining{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource="requests"} 58',
      'obskit_gen_ai_rate_limit_quota{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource="requests"} 60',
    ]);
    metrics.agents.recordMcpOperation({
      side: 'client',
      method: 'tools/call',
      tool: 'search',
      durationSeconds: 0.15,
    });
    metrics.agents.recordMcpOperation({
      side: 'server',
      method: 'x/unknown',
      durationSeconds: 0.01,
      errorType: 'invalid_request',
    });
    metrics.agents.recordMcpSession({ side: 'client', durationSeconds: 3 });
    expect(await lines('mcp_client_operation_duration_seconds_count')).toEqual([
      'mcp_client_operation_duration_seconds_count{mcp_method_name="tools/call",gen_ai_tool_name="search"} 1',
    ]);
    expect(await lines('mcp_server_operation_duration_seconds_count')).toEqual([
      'mcp_server_operation_duration_seconds_count{mcp_method_name="_OTHER",error_type="invalid_request"} 1',
    ]);
    expect(await lines('mcp_client_session_duration_seconds_sum')).toEqual([
      'mcp_client_session_duration_seconds_sum 3',
    ]);
  });

  it('refuses a price table with bad prices, listing each', () => {
    expect(() =>
      createMetrics({
        registry: new Registry(),
        prices: { openai: { 'gpt-4o': { inputPer1k: -1, outputPer1k: Number.NaN } } },
      }),
    ).toThrow(
      'Invalid price table: 2 problems\n' +
        '  - price of "openai/gpt-4o": Invalid price inputPer1k "-1": must be a finite number of USD >= 0 [OBSKIT_INVALID_PRICE]\n' +
        '  - price of "openai/gpt-4o": Invalid price outputPer1k "NaN": must be a finite number of USD >= 0 [OBSKIT_INVALID_PRICE]',
    );
  });

  it('times an operation, keeps the active gauge right and records a throw with its error type', async () => {
    const { metrics, clock, lines } = setup();
    const op = {
      agent: 'coder',
      operation: 'invoke_agent',
      provider: 'openai',
      requestModel: 'gpt-4o',
    } as const;
    const result = await metrics.agents.timeOperation(
      op,
      async () => {
        expect(await lines('obskit_agents_active{')).toEqual([
          'obskit_agents_active{gen_ai_agent_name="coder"} 1',
        ]);
        clock.advance(2000);
        return { text: 'ok', usage: { in: 10, out: 5 } };
      },
      { usage: (r) => ({ inputTokens: r.usage.in, outputTokens: r.usage.out }) },
    );
    expect(result.text).toBe('ok');
    const rateLimited = Object.assign(new Error('slow down'), { status: 429 });
    await expect(
      metrics.agents.timeOperation(op, () => {
        clock.advance(500);
        throw rateLimited;
      }),
    ).rejects.toBe(rateLimited);
    const aborted = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await expect(metrics.agents.timeOperation(op, () => Promise.reject(aborted))).rejects.toBe(aborted);

    expect(await lines('obskit_agents_active{')).toEqual([
      'obskit_agents_active{gen_ai_agent_name="coder"} 0',
    ]);
    expect(await lines('obskit_agent_operations_total')).toEqual([
      'obskit_agent_operations_total{gen_ai_agent_name="coder",gen_ai_operation_name="invoke_agent",gen_ai_provider_name="openai",status="success"} 1',
      'obskit_agent_operations_total{gen_ai_agent_name="coder",gen_ai_operation_name="invoke_agent",gen_ai_provider_name="openai",status="error"} 1',
      'obskit_agent_operations_total{gen_ai_agent_name="coder",gen_ai_operation_name="invoke_agent",gen_ai_provider_name="openai",status="cancelled"} 1',
    ]);
    expect(await lines('gen_ai_invoke_agent_duration_seconds_sum')).toEqual([
      'gen_ai_invoke_agent_duration_seconds_sum{gen_ai_agent_name="coder",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"} 2',
      'gen_ai_invoke_agent_duration_seconds_sum{gen_ai_agent_name="coder",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",error_type="rate_limited"} 0.5',
      'gen_ai_invoke_agent_duration_seconds_sum{gen_ai_agent_name="coder",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",error_type="cancelled"} 0',
    ]);
    expect(await lines('gen_ai_client_token_usage_sum')).toHaveLength(2);
    expect(await lines('obskit_agent_errors_total')).toEqual([
      'obskit_agent_errors_total{gen_ai_agent_name="coder",error_type="rate_limited"} 1',
      'obskit_agent_errors_total{gen_ai_agent_name="coder",error_type="cancelled"} 1',
    ]);
  });

  it('measures recovery from the first error to the next success', async () => {
    const { metrics, clock, lines } = setup();
    metrics.agents.recordError('coder', 'timeout');
    clock.advance(3000);
    metrics.agents.recordError('coder', 'server_error');
    clock.advance(4000);
    metrics.agents.recordOperation({
      agent: 'coder',
      operation: 'chat',
      provider: 'openai',
      requestModel: 'gpt-4o',
      status: 'success',
      durationSeconds: 1,
    });
    expect(await lines('obskit_agent_recovery_duration_seconds_sum')).toEqual([
      'obskit_agent_recovery_duration_seconds_sum{gen_ai_agent_name="coder"} 7',
    ]);
  });

  it('records decisions (0 to 1 only), hand-offs, tool calls and workflows', async () => {
    const { metrics, clock, lines } = setup();
    metrics.agents.recordDecision('router', 0.85);
    metrics.agents.recordDecision('router', 1.5);
    metrics.agents.recordHandoff({ from: 'router', to: 'coder', durationSeconds: 0.2 });
    metrics.agents.recordHandoff({ from: 'coder', to: 'reviewer', outcome: 'failure' });
    metrics.agents.recordToolCall({ tool: 'web_search', agent: 'coder', durationSeconds: 0.7 });
    await expect(
      metrics.agents.timeToolCall({ tool: 'sql', agent: 'coder' }, () => {
        clock.advance(100);
        throw Object.assign(new Error('boom'), { code: 'ECONNREFUSED' });
      }),
    ).rejects.toThrow('boom');
    await metrics.agents.timeWorkflow({ workflow: 'triage' }, () => clock.advance(9000));
    metrics.agents.recordWorkflow({ workflow: 'triage', durationSeconds: 1, errorType: 'timeout' });

    expect(await lines('obskit_agent_decision_confidence_sum')).toEqual([
      'obskit_agent_decision_confidence_sum{gen_ai_agent_name="router"} 0.85',
    ]);
    expect(await lines('obskit_instrumentation_errors_total')).toEqual([
      'obskit_instrumentation_errors_total{component="metrics-core",reason="invalid_value"} 1',
    ]);
    expect(await lines('obskit_agent_handoffs_total')).toEqual([
      'obskit_agent_handoffs_total{from_agent="router",to_agent="coder",outcome="success"} 1',
      'obskit_agent_handoffs_total{from_agent="coder",to_agent="reviewer",outcome="failure"} 1',
    ]);
    expect(await lines('obskit_agent_handoff_duration_seconds_sum')).toEqual([
      'obskit_agent_handoff_duration_seconds_sum{from_agent="router",to_agent="coder"} 0.2',
    ]);
    expect(await lines('gen_ai_execute_tool_duration_seconds_sum')).toEqual([
      'gen_ai_execute_tool_duration_seconds_sum{gen_ai_tool_name="web_search",gen_ai_agent_name="coder"} 0.7',
      'gen_ai_execute_tool_duration_seconds_sum{gen_ai_tool_name="sql",gen_ai_agent_name="coder",error_type="connection_error"} 0.1',
    ]);
    expect(await lines('gen_ai_workflow_duration_seconds_sum')).toEqual([
      'gen_ai_workflow_duration_seconds_sum{gen_ai_workflow_name="triage"} 9',
      'gen_ai_workflow_duration_seconds_sum{gen_ai_workflow_name="triage",error_type="timeout"} 1',
    ]);
  });

  it('reads the metric handle once and exposes the catalog name', () => {
    const { metrics } = setup();
    expect(metrics.histogram(METRICS.genai.clientOperationDuration).name).toBe(
      'gen_ai_client_operation_duration_seconds',
    );
  });
});
