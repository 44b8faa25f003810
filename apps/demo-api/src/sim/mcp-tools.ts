import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { measureMcpTransport } from '@obskit/genai';
import type { ObskitMetrics } from '@obskit/metrics-core';
import type { SimClock } from './clock.js';
import type { ScenarioState } from './scenarios.js';

/** The tools whose upstream `error-burst` takes down: their MCP server answers them with `isError`. */
export const ERROR_BURST_TOOLS: readonly string[] = ['web_search', 'fetch_url'];

/** One tool call as the agent drew it: how long the tool takes and whether it fails. */
export interface McpToolCall {
  readonly tool: string;
  /** Simulated seconds the server takes to answer. */
  readonly seconds: number;
  /** The tool fails (the server answers `isError: true`). */
  readonly fail: boolean;
}

/** The demo's MCP tools: a real MCP server and client, linked in-process. */
export interface McpTools {
  /** Calls a tool through the MCP client; `ok` is false when the server answered `isError: true`. */
  call(call: McpToolCall): Promise<{ ok: boolean }>;
  /** Closes the client and the server (ends both sessions). */
  close(): Promise<void>;
}

/** Options of {@link startMcpTools}. */
export interface McpToolsOptions {
  /** The tool names the server lists and answers. */
  readonly tools: readonly string[];
  readonly clock: SimClock;
  readonly scenarios: ScenarioState;
  /** Wraps both transports with @obskit/genai's measureMcpTransport recording here; none: unmeasured. */
  readonly metrics?: Pick<ObskitMetrics, 'agents' | 'reportError'>;
}

/**
 * Starts the agents' MCP tool server (the MCP SDK's `Server`, one tool per name, each waiting the
 * simulated seconds the agent drew) and connects an MCP `Client` to it over the SDK's in-memory
 * transport pair. Both transports are wrapped by @obskit/genai's `measureMcpTransport`, so the MCP
 * client and server operation and session durations come from the real protocol exchange; durations
 * are read from the simulation's clock (wall time ÷ time scale), so they are simulated seconds.
 * During `error-burst` the server answers {@link ERROR_BURST_TOOLS} with `isError: true`.
 */
export async function startMcpTools(options: McpToolsOptions): Promise<McpTools> {
  const { clock, scenarios, metrics } = options;
  const names = new Set(options.tools);
  const scale = clock.timeScale > 0 ? clock.timeScale : 1;
  const now = () => performance.now() / scale;

  const server = new Server({ name: 'demo-tools', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [...names].map((name) => ({
      name,
      inputSchema: {
        type: 'object' as const,
        properties: { seconds: { type: 'number' }, fail: { type: 'boolean' } },
      },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name } = request.params;
    const args = request.params.arguments ?? {};
    if (!names.has(name)) {
      return { content: [{ type: 'text' as const, text: `Unknown tool "${name}"` }], isError: true };
    }
    const seconds = typeof args['seconds'] === 'number' ? args['seconds'] : 0;
    await clock.sleep(seconds);
    const upstreamDown = scenarios.isActive('error-burst') && ERROR_BURST_TOOLS.includes(name);
    if (args['fail'] === true || upstreamDown) {
      return { content: [{ type: 'text' as const, text: `${name} failed` }], isError: true };
    }
    return { content: [{ type: 'text' as const, text: `${name} done` }] };
  });

  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const measure = <T extends InMemoryTransport>(transport: T, side: 'client' | 'server'): T =>
    metrics ? measureMcpTransport(transport, metrics, { side, now }) : transport;
  await server.connect(measure(serverSide, 'server'));
  const client = new Client({ name: 'demo-agents', version: '1.0.0' });
  await client.connect(measure(clientSide, 'client'));

  return {
    async call({ tool, seconds, fail }) {
      const result = await client.callTool({ name: tool, arguments: { seconds, fail } });
      return { ok: result.isError !== true };
    },
    async close() {
      await client.close();
      await server.close();
    },
  };
}
