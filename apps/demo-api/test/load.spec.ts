import { OBSKIT_METRICS, METRICS } from '@obskit/catalog';
import { makeTempDir, waitFor, type TempDir } from '@obskit/testing';
import { join } from 'node:path';
import { startDemo, type RunningDemo } from '../src/index';

jest.setTimeout(90_000);

/** Metric families with at least one sample in `exposition`. */
function familiesWithData(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    names.add(line.slice(0, line.search(/[{ ]/)).replace(/_(bucket|sum|count)$/, ''));
  }
  return names;
}

describe('DEMO_LOAD', () => {
  let tmp: TempDir;
  let demo: RunningDemo;

  beforeAll(async () => {
    tmp = await makeTempDir('demo-api-load-');
    demo = await startDemo({
      port: 0,
      load: 60,
      timeScale: 0,
      seed: 21,
      // The real SDKs against the loopback provider server, measured by @obskit/genai's adapters.
      llmProviders: 'sdk',
      databasePath: join(tmp.path, 'load.sqlite'),
      jobIntervalsMs: { session_reaper: 200, usage_rollup: 200, index_refresh: 200 },
    });
  });
  afterAll(async () => {
    await demo.stop();
    await tmp.cleanup();
  });

  it('gives every metric family the demo emits data through the real HTTP server', async () => {
    await new Promise((r) => setTimeout(r, 3000));
    // Errors and recovery need a failure: a short outage, then traffic again.
    demo.scenarios.activate('provider-outage');
    await new Promise((r) => setTimeout(r, 1000));
    demo.scenarios.deactivate('provider-outage');
    await new Promise((r) => setTimeout(r, 1500));

    // Only problems (self-metrics) and other modes (cluster) may be empty.
    const eventOnly = new Set<string>([
      METRICS.self.instrumentationErrors.name,
      METRICS.self.seriesOverflow.name,
      METRICS.self.collectorErrors.name,
      METRICS.self.unpricedTokens.name,
      METRICS.self.clusterWorkers.name,
      // The agents' MCP sessions last as long as the demo: recorded when it stops.
      METRICS.mcp.clientSessionDuration.name,
      METRICS.mcp.serverSessionDuration.name,
    ]);
    let text = '';
    let present = new Set<string>();
    let missing: string[] = [];
    // Some families need a whole task chain to finish (dependency waits); on a loaded machine that
    // takes longer than the fixed pauses above, so scrape until they have data (bounded).
    await waitFor(
      'every metric family to have data',
      async () => {
        text = await (await fetch(`${demo.url}/metrics`)).text();
        present = familiesWithData(text);
        missing = OBSKIT_METRICS.map((m) => m.name).filter(
          (name) => !eventOnly.has(name) && !present.has(name),
        );
        return missing.length === 0;
      },
      60_000,
      500,
    ).catch(() => undefined);
    expect(missing).toEqual([]);
    expect(text).toMatch(/^http_client_request_duration_seconds_count\{[^}]*server_address="127\.0\.0\.1"/m);
    expect(text).toContain(
      'db_client_connections{db_client_connection_pool_name="demo-api",db_client_connection_state="idle"} 1',
    );
    // Fed by @obskit/genai's adapters on the real SDK clients: token types apart, streams, headroom.
    for (const type of ['cache_read', 'cache_creation', 'reasoning'])
      expect(text).toMatch(
        new RegExp(`^gen_ai_client_token_usage_count\\{[^}]*gen_ai_token_type="${type}"`, 'm'),
      );
    for (const provider of ['openai', 'anthropic'])
      expect(text).toMatch(
        new RegExp(`^obskit_gen_ai_rate_limit_remaining\\{[^}]*gen_ai_provider_name="${provider}"`, 'm'),
      );
    // The agents' tools, called through the real MCP client and server, measured on both sides.
    for (const side of ['client', 'server'])
      expect(text).toMatch(
        new RegExp(
          `^mcp_${side}_operation_duration_seconds_count\\{mcp_method_name="tools/call",gen_ai_tool_name="`,
          'm',
        ),
      );
    // Every token type of the demo's models is priced.
    expect(present.has(METRICS.self.unpricedTokens.name)).toBe(false);
    // A healthy baseline has no instrumentation problems.
    expect(present.has(METRICS.self.instrumentationErrors.name)).toBe(false);
  });
});
