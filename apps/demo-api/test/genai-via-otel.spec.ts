import { makeTempDir, promtoolCheckMetrics, type TempDir } from '@obskit/testing';
import { join } from 'node:path';
import { startDemo, type GenAiVia } from '../src/index';

const FAMILIES =
  /^(gen_ai_\w+_count|obskit_gen_ai_cost_usd_total|obskit_gen_ai_unpriced_tokens_total|obskit_agent_operations_total|obskit_agent_errors_total|obskit_agent_recovery_duration_seconds_count)\{/;

/** The GenAI and agent series of a scrape, labels sorted so that both exporters compare equal. */
function genAiSeries(exposition: string): string[] {
  return exposition
    .split('\n')
    .filter((line) => FAMILIES.test(line))
    .map((line) => {
      const open = line.indexOf('{');
      const close = line.lastIndexOf('}');
      const labels = line
        .slice(open + 1, close)
        .split(/,(?=\w+=")/)
        .sort()
        .join(',');
      const value = Number(line.slice(close + 2));
      return `${line.slice(0, open)}{${labels}} ${Number.isInteger(value) ? value : value.toFixed(9)}`;
    })
    .sort();
}

async function runWorkload(via: GenAiVia, tmp: TempDir): Promise<string> {
  const demo = await startDemo({
    port: 0,
    timeScale: 0,
    // In-process draws: with no simulated time the loopback round trip would be the only latency.
    llmProviders: 'simulated',
    seed: 99,
    genAiVia: via,
    databasePath: join(tmp.path, `${via}.sqlite`),
    backgroundWork: false,
  });
  try {
    for (const agent of ['planner', 'researcher', 'coder', 'reviewer', 'coder', 'researcher']) {
      await fetch(`${demo.url}/agents/${agent}/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'Ship the feature', stream: true }),
      });
    }
    return await (await fetch(`${demo.url}/metrics`)).text();
  } finally {
    await demo.stop();
  }
}

describe('OBSKIT_GENAI_VIA=otel', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await makeTempDir('demo-api-otel-');
  });
  afterAll(() => tmp.cleanup());

  it('puts the same GenAI and agent series on /metrics as metrics-core, through the OTel API', async () => {
    const core = await runWorkload('metrics-core', tmp);
    const otel = await runWorkload('otel', tmp);
    const coreSeries = genAiSeries(core);
    expect(coreSeries.length).toBeGreaterThan(20);
    for (const family of [
      'gen_ai_client_operation_duration_seconds_count',
      'gen_ai_client_token_usage_count',
      'gen_ai_client_operation_time_to_first_chunk_seconds_count',
      'gen_ai_invoke_agent_duration_seconds_count',
      'gen_ai_execute_tool_duration_seconds_count',
      'gen_ai_workflow_duration_seconds_count',
      'obskit_gen_ai_cost_usd_total',
    ]) {
      expect(coreSeries.some((s) => s.startsWith(family + '{'))).toBe(true);
    }
    expect(genAiSeries(otel)).toEqual(coreSeries);
    // The OTel path adds the resource as target_info and stays promtool-clean.
    expect(otel).toMatch(/^target_info\{/m);
    expect(await promtoolCheckMetrics(otel)).toEqual({ code: 0, output: '' });
  });
});
