import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { measureMcpTransport } from '../src';
import { linesOf, valueOf } from './support/provider-server';
import { freshMetrics } from './support/registry';

describe('MCP: measureMcpTransport on the real MCP SDK client and server', () => {
  it('records client and server operations by method and tool, errors and both sessions', async () => {
    const { metrics, scrape } = freshMetrics();
    const server = new McpServer({ name: 'calc', version: '1.0.0' });
    server.registerTool('add', { inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
      content: [{ type: 'text', text: String(a + b) }],
    }));
    server.registerTool('divide', { inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) =>
      b === 0
        ? { content: [{ type: 'text', text: 'division by zero' }], isError: true }
        : { content: [{ type: 'text', text: String(a / b) }] },
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(measureMcpTransport(serverSide, metrics, { side: 'server' }));
    const client = new Client({ name: 'agent', version: '1.0.0' });
    await client.connect(measureMcpTransport(clientSide, metrics, { side: 'client' }));

    const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
    expect(result.content).toEqual([{ type: 'text', text: '5' }]);
    const failed = await client.callTool({ name: 'divide', arguments: { a: 1, b: 0 } });
    expect(failed.isError).toBe(true);
    await client.listTools();
    await expect(client.readResource({ uri: 'file:///nope' })).rejects.toThrow();
    await client.close();

    const text = await scrape();
    expect(linesOf(text, 'mcp_client_operation_duration_seconds_count')).toEqual([
      'mcp_client_operation_duration_seconds_count{mcp_method_name="initialize"} 1',
      'mcp_client_operation_duration_seconds_count{mcp_method_name="tools/call",gen_ai_tool_name="add"} 1',
      'mcp_client_operation_duration_seconds_count{mcp_method_name="tools/call",gen_ai_tool_name="divide",error_type="tool_error"} 1',
      'mcp_client_operation_duration_seconds_count{mcp_method_name="tools/list"} 1',
      'mcp_client_operation_duration_seconds_count{mcp_method_name="resources/read",error_type="invalid_request"} 1',
    ]);
    expect(
      valueOf(
        text,
        'mcp_server_operation_duration_seconds_count{mcp_method_name="tools/call",gen_ai_tool_name="add"}',
      ),
    ).toBe(1);
    expect(
      valueOf(
        text,
        'mcp_server_operation_duration_seconds_count{mcp_method_name="tools/call",gen_ai_tool_name="divide",error_type="tool_error"}',
      ),
    ).toBe(1);
    expect(valueOf(text, 'mcp_client_session_duration_seconds_count')).toBe(1);
    expect(valueOf(text, 'mcp_server_session_duration_seconds_count')).toBe(1);
  });
});
