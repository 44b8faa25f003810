import { createSimClock } from './clock';
import { createProviderSimulator, type CompletionResult } from './providers';
import { createSampler, createSeededRandom } from './random';
import { COST_SPIKE_FACTOR, createScenarioState, LATENCY_SPIKE_FACTOR, type ScenarioName } from './scenarios';

const clock = createSimClock(0);
const request = (model: string) => ({ model, promptChars: 400, stream: true, outputTokensMedian: 300 });

/** Runs the same seeded calls with and without a scenario. */
async function compare(scenario: ScenarioName, model: string, n = 50) {
  const run = async (on: boolean) => {
    const scenarios = createScenarioState();
    if (on) scenarios.activate(scenario);
    const sim = createProviderSimulator({
      sampler: createSampler(createSeededRandom(11)),
      clock,
      scenarios,
      baseErrorRate: 0,
    });
    const results: CompletionResult[] = [];
    for (let i = 0; i < n; i++) results.push(await sim.complete(request(model)));
    return results;
  };
  return { off: await run(false), on: await run(true) };
}

describe('createProviderSimulator', () => {
  it('reports tokens, cost from the list price, a dated response model and time to first chunk when streaming', async () => {
    const sim = createProviderSimulator({
      sampler: createSampler(createSeededRandom(1)),
      clock,
      scenarios: createScenarioState(),
      baseErrorRate: 0,
    });
    const r = await sim.complete(request('gpt-4o'));
    if (!r.ok) throw new Error('expected success');
    expect(r.responseModel).toBe('gpt-4o-2024-08-06');
    expect(r.inputTokens).toBeGreaterThan(100);
    expect(r.outputTokens).toBeGreaterThan(0);
    expect(r.costUsd).toBeCloseTo((r.inputTokens / 1000) * 0.0025 + (r.outputTokens / 1000) * 0.01, 10);
    expect(r.timeToFirstChunkSeconds).toBeGreaterThan(0);
    expect(r.durationSeconds).toBeGreaterThan(r.timeToFirstChunkSeconds ?? 0);
  });

  it('fails with a small base error rate of known error types', async () => {
    const sim = createProviderSimulator({
      sampler: createSampler(createSeededRandom(3)),
      clock,
      scenarios: createScenarioState(),
      baseErrorRate: 0.2,
    });
    const results = await Promise.all(
      Array.from({ length: 300 }, () => sim.complete(request('gpt-4o-mini'))),
    );
    const failures = results.filter((r) => !r.ok);
    expect(failures.length).toBeGreaterThan(30);
    expect(failures.length).toBeLessThan(90);
    for (const f of failures) {
      if (f.ok) continue;
      expect(['rate_limited', 'server_error', 'timeout', 'content_filter']).toContain(f.errorType);
    }
  });

  it('provider-outage fails every call to anthropic with server_error and leaves openai alone', async () => {
    const a = await compare('provider-outage', 'claude-sonnet-4');
    expect(a.off.every((r) => r.ok)).toBe(true);
    expect(a.on.every((r) => !r.ok && r.errorType === 'server_error')).toBe(true);
    const o = await compare('provider-outage', 'gpt-4o');
    expect(o.on).toEqual(o.off);
  });

  it('latency-spike multiplies durations by the spike factor', async () => {
    const { off, on } = await compare('latency-spike', 'gpt-4o');
    on.forEach((r, i) =>
      expect(r.durationSeconds).toBeCloseTo(off[i].durationSeconds * LATENCY_SPIKE_FACTOR, 6),
    );
  });

  it('cost-spike multiplies token usage on expensive models only', async () => {
    const expensive = await compare('cost-spike', 'claude-sonnet-4');
    const ratio = (key: 'inputTokens' | 'outputTokens') =>
      expensive.on.reduce((s, r) => s + (r.ok ? r[key] : 0), 0) /
      expensive.off.reduce((s, r) => s + (r.ok ? r[key] : 0), 0);
    expect(ratio('inputTokens')).toBeCloseTo(COST_SPIKE_FACTOR, 0);
    expect(ratio('outputTokens')).toBeCloseTo(COST_SPIKE_FACTOR, 0);
    const cheap = await compare('cost-spike', 'gpt-4o-mini');
    expect(cheap.on).toEqual(cheap.off);
  });

  it('rejects an unknown model with the list of known ones', async () => {
    const sim = createProviderSimulator({
      sampler: createSampler(createSeededRandom(1)),
      clock,
      scenarios: createScenarioState(),
    });
    await expect(sim.complete(request('gpt-5'))).rejects.toThrow(
      /Unknown model "gpt-5": expected one of gpt-4o, gpt-4o-mini/,
    );
  });
});
