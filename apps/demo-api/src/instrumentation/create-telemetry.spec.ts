import { METRICS } from '@obskit/catalog';
import { createMetrics } from '@obskit/metrics-core';
import { createOtelBridge, type OtelBridge } from '@obskit/otel-bridge';
import { Registry } from 'prom-client';
import { modelPriceTable } from '../sim/providers';
import { createTelemetry, type GenAiVia } from './create-telemetry';

const RECORDED = [
  METRICS.agent.cost.name,
  `${METRICS.agent.recoveryDuration.name}_sum`,
  METRICS.agent.errors.name,
];

describe('createTelemetry: GenAI calls on both paths', () => {
  const bridges: OtelBridge[] = [];
  afterEach(async () => {
    await Promise.all(bridges.splice(0).map((b) => b.shutdown()));
  });

  /** One failing then one succeeding call of `coder`, 3 s apart; the cost and recovery lines served. */
  async function record(genAiVia: GenAiVia): Promise<string[]> {
    const registry = new Registry();
    const prices = modelPriceTable();
    let now = 1_700_000_000_000;
    const clock = () => now;
    const metrics = createMetrics({ registry, defaultMetrics: false, prices, clock });
    const bridge = genAiVia === 'otel' ? createOtelBridge({ registry, metrics }) : undefined;
    if (bridge) bridges.push(bridge);
    const telemetry = createTelemetry({
      metrics,
      genAiVia,
      meter: bridge?.getMeter('demo'),
      prices,
      now: () => now,
    });
    const call = { agent: 'coder', operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' } as const;
    telemetry.genAiCall({ ...call, durationSeconds: 1, errorType: 'rate_limited' });
    now += 3000;
    telemetry.genAiCall({ ...call, durationSeconds: 2, inputTokens: 1000, outputTokens: 200 });
    const text = await registry.metrics();
    return text.split('\n').filter((line) => RECORDED.some((name) => line.startsWith(`${name}{`)));
  }

  it('records cost, errors and recovery time through the OTel adapter as through metrics-core', async () => {
    const core = await record('metrics-core');
    expect(core).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^obskit_gen_ai_cost_usd_total\{.*gen_ai_token_type="input"\} 0\.\d+$/),
        `${METRICS.agent.recoveryDuration.name}_sum{gen_ai_agent_name="coder"} 3`,
        `${METRICS.agent.errors.name}{gen_ai_agent_name="coder",error_type="rate_limited"} 1`,
      ]),
    );
    expect(await record('otel')).toEqual(core);
  });
});
