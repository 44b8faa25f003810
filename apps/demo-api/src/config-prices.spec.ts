import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetrics, noopLogger, type PriceTable } from '@obskit/metrics-core';
import { Registry } from 'prom-client';
import { DEMO_CONFIG_FILE, configPrices } from './config-prices';
import { modelPriceTable } from './sim/providers';

/** The cost counter's lines after one gpt-4o call of 1000 input and 200 output tokens at `prices`. */
async function costOfOneCall(prices: PriceTable | undefined): Promise<string[]> {
  const registry = new Registry();
  const metrics = createMetrics({ registry, ...(prices ? { prices } : {}) });
  metrics.agents.recordOperation({
    agent: 'planner',
    operation: 'chat',
    provider: 'openai',
    requestModel: 'gpt-4o',
    status: 'success',
    durationSeconds: 1,
    inputTokens: 1000,
    outputTokens: 200,
  });
  return (await registry.metrics()).split('\n').filter((l) => l.startsWith('obskit_gen_ai_cost_usd_total{'));
}

const LABELS = 'gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_agent_name="planner"';

describe('the cost counter takes its prices from obskit.config.ts', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-prices-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a price changed in the config changes the cost recorded', async () => {
    const file = join(dir, 'obskit.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        services: [{ name: 'demo-api', targets: { static: ['127.0.0.1:3000'] } }],
        prices: { openai: { 'gpt-4o': { input: 0.005, output: 0.02 } } },
      }),
    );
    expect(await costOfOneCall(await configPrices(noopLogger, file))).toEqual([
      `obskit_gen_ai_cost_usd_total{${LABELS},gen_ai_token_type="input"} 0.005`,
      `obskit_gen_ai_cost_usd_total{${LABELS},gen_ai_token_type="output"} 0.004`,
    ]);
  });

  it("the demo's config prices every simulated model as the simulation does", async () => {
    const prices = await configPrices(noopLogger, DEMO_CONFIG_FILE);
    const simulated = modelPriceTable();
    expect(Object.keys(prices ?? {}).sort()).toEqual(Object.keys(simulated).sort());
    for (const [provider, models] of Object.entries(simulated)) {
      expect(Object.keys(prices?.[provider] ?? {}).sort()).toEqual(Object.keys(models).sort());
      for (const [model, price] of Object.entries(models)) {
        for (const [key, value] of Object.entries(price)) {
          expect([provider, model, key, prices?.[provider]?.[model]?.[key as keyof typeof price]]).toEqual([
            provider,
            model,
            key,
            expect.closeTo(value, 12),
          ]);
        }
      }
    }
    expect(await costOfOneCall(prices)).toEqual([
      `obskit_gen_ai_cost_usd_total{${LABELS},gen_ai_token_type="input"} 0.0025`,
      `obskit_gen_ai_cost_usd_total{${LABELS},gen_ai_token_type="output"} 0.002`,
    ]);
  });

  it('without a config file (the container image) it says so and keeps the built-in table', async () => {
    const warned: string[] = [];
    const logger = { ...noopLogger, warn: (m: string) => warned.push(m) };
    expect(await configPrices(logger, join(dir, 'absent.ts'))).toBeUndefined();
    expect(warned).toEqual([`no ${join(dir, 'absent.ts')}: the cost counter uses the built-in price table`]);
  });
});
