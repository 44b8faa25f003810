import { createMetrics } from '@obskit/metrics-core';
import { Registry } from 'prom-client';
import { createSimClock } from './clock';
import { startMcpTools } from './mcp-tools';
import { createScenarioState } from './scenarios';

describe('startMcpTools: the agents tools on a real MCP server and client', () => {
  it('answers drawn failures and, during error-burst, the search tools with isError; both sides measured', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    const scenarios = createScenarioState();
    const tools = await startMcpTools({
      tools: ['web_search', 'lint'],
      clock: createSimClock(0),
      scenarios,
      metrics,
    });
    try {
      expect(await tools.call({ tool: 'lint', seconds: 0.3, fail: false })).toEqual({ ok: true });
      expect(await tools.call({ tool: 'lint', seconds: 0.3, fail: true })).toEqual({ ok: false });
      expect(await tools.call({ tool: 'web_search', seconds: 1, fail: false })).toEqual({ ok: true });
      scenarios.activate('error-burst');
      expect(await tools.call({ tool: 'web_search', seconds: 1, fail: false })).toEqual({ ok: false });
      expect(await tools.call({ tool: 'lint', seconds: 0.3, fail: false })).toEqual({ ok: true });
    } finally {
      await tools.close();
    }
    const counts = (await registry.metrics())
      .split('\n')
      .filter((line) => /^mcp_(client|server)_(operation|session)_duration_seconds_count/.test(line));
    const client =
      'mcp_client_operation_duration_seconds_count{mcp_method_name="tools/call",gen_ai_tool_name=';
    expect(counts).toEqual(
      expect.arrayContaining([
        `${client}"lint"} 2`,
        `${client}"lint",error_type="tool_error"} 1`,
        `${client}"web_search"} 1`,
        `${client}"web_search",error_type="tool_error"} 1`,
        'mcp_client_session_duration_seconds_count 1',
        'mcp_server_session_duration_seconds_count 1',
      ]),
    );
    expect(
      counts.filter((line) => line.startsWith('mcp_server_operation_duration_seconds_count')),
    ).toHaveLength(
      counts.filter((line) => line.startsWith('mcp_client_operation_duration_seconds_count')).length,
    );
  });
});
