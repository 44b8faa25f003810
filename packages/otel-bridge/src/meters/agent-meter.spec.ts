import { METRICS } from '@obskit/catalog';
import { Registry } from 'prom-client';
import { createOtelBridge } from '../bridge/create-otel-bridge';
import type { OtelBridge } from '../bridge/types';
import { createAgentMeter } from './agent-meter';

describe('createAgentMeter', () => {
  let bridge: OtelBridge | undefined;
  afterEach(async () => {
    await bridge?.shutdown();
    bridge = undefined;
  });

  it("records metrics-core's helpers' cost and recovery time, and keeps its own operationStarted", async () => {
    const registry = new Registry();
    bridge = createOtelBridge({ registry });
    let now = 0;
    const agents = createAgentMeter(bridge.getMeter('app'), {
      prices: { openai: { 'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01 } } },
      clock: () => now,
      report: () => undefined,
    });
    const op = { agent: 'planner', operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' } as const;
    const ended = agents.operationStarted('planner');
    // Any error.type string is taken; one outside the catalog's set is served as _OTHER.
    agents.recordOperation({ ...op, status: 'error', errorType: 'TeapotError', durationSeconds: 1 });
    now += 4000;
    agents.recordOperation({ ...op, status: 'success', durationSeconds: 1, inputTokens: 1000 });
    ended();
    ended();

    const text = await registry.metrics();
    expect(text).toContain(`${METRICS.agent.active.name}{gen_ai_agent_name="planner"} 0\n`);
    expect(text).toContain(
      `${METRICS.agent.errors.name}{gen_ai_agent_name="planner",error_type="_OTHER"} 1\n`,
    );
    expect(text).toContain(`${METRICS.agent.recoveryDuration.name}_sum{gen_ai_agent_name="planner"} 4\n`);
    expect(text).toContain(
      `${METRICS.agent.cost.name}{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_agent_name="planner",gen_ai_token_type="input"} 0.0025\n`,
    );
  });
});
