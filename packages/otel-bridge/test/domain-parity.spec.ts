import { METRICS } from '@obskit/catalog';
import {
  createMetrics,
  type AgentHelpers,
  type BusinessHelpers,
  type JobHelpers,
  type PriceTable,
  type TaskHelpers,
} from '@obskit/metrics-core';
import { Registry } from 'prom-client';
import { createOtelBridge, createOtelDomain, type OtelBridge } from '../src';
import { parseExposition } from './exposition';

const prices: PriceTable = {
  openai: { 'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01, cacheReadPer1k: 0.00125 } },
  anthropic: {
    'claude-sonnet': {
      inputPer1k: 0.003,
      outputPer1k: 0.015,
      cacheReadPer1k: 0.0003,
      cacheWritePer1k: 0.00375,
    },
  },
};

/** The bridge's and metrics-core's own health metrics: each side has its own, not the workload's. */
const SELF_METRICS = new Set<string>([
  METRICS.prometheus.targetInfo.name,
  METRICS.self.instrumentationErrors.name,
  METRICS.self.seriesOverflow.name,
]);

interface Domain {
  readonly agents: AgentHelpers;
  readonly tasks: TaskHelpers;
  readonly business: BusinessHelpers;
  readonly jobs: JobHelpers;
}

/** A clock that moves 250 ms each time it is read, from the same start on both sides. */
function steppingClock(): () => number {
  let now = 1_700_000_000_000;
  return () => (now += 250);
}

async function agentWorkload({ agents }: Domain): Promise<void> {
  const chat = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' } as const;
  agents.recordOperation({
    agent: 'planner',
    ...chat,
    responseModel: 'gpt-4o-2024-08-06',
    status: 'success',
    durationSeconds: 1.4,
    inputTokens: 1200,
    outputTokens: 300,
    cacheReadInputTokens: 800,
    reasoningOutputTokens: 120,
    timeToFirstChunkSeconds: 0.25,
    timePerOutputChunkSeconds: [0.02, 0.03, 0.05],
  });
  const sonnet = { provider: 'anthropic', requestModel: 'claude-sonnet' } as const;
  // Errors, then a success: the recovery time of `researcher`.
  agents.recordOperation({
    agent: 'researcher',
    operation: 'invoke_agent',
    ...sonnet,
    status: 'error',
    errorType: 'rate_limited',
    durationSeconds: 3,
  });
  agents.recordOperation({
    agent: 'researcher',
    operation: 'invoke_agent',
    ...sonnet,
    status: 'timeout',
    durationSeconds: 30,
  });
  agents.recordOperation({
    agent: 'researcher',
    operation: 'invoke_agent',
    ...sonnet,
    status: 'success',
    durationSeconds: 4.5,
    inputTokens: 5000,
    outputTokens: 700,
    cacheReadInputTokens: 3000,
    cacheCreationInputTokens: 1000,
  });
  // A model without a price: its tokens are counted as unpriced.
  agents.recordOperation({
    agent: 'planner',
    operation: 'chat',
    provider: 'openai',
    requestModel: 'gpt-unlisted',
    status: 'success',
    durationSeconds: 0.8,
    inputTokens: 90,
    outputTokens: 10,
  });
  agents.recordError('critic', 'server_error');
  await agents.timeOperation({ agent: 'critic', ...chat }, () => ({ usage: { prompt: 40, completion: 8 } }), {
    usage: (r) => ({ inputTokens: r.usage.prompt, outputTokens: r.usage.completion }),
  });
  await expect(
    agents.timeOperation({ agent: 'critic', ...chat }, () => Promise.reject(new Error('boom'))),
  ).rejects.toThrow('boom');
  agents.recordDecision('planner', 0.87);
  agents.recordDecision('planner', 1.5); // dropped and reported on both sides
  agents.recordHandoff({ from: 'planner', to: 'researcher', durationSeconds: 0.4 });
  agents.recordHandoff({ from: 'researcher', to: 'critic', outcome: 'failure' });
  agents.recordToolCall({ tool: 'web_search', agent: 'researcher', durationSeconds: 0.9 });
  agents.recordToolCall({
    tool: 'web_search',
    agent: 'researcher',
    durationSeconds: 2,
    errorType: 'timeout',
  });
  await agents.timeToolCall({ tool: 'calculator', agent: 'planner' }, () => 42);
  await expect(
    agents.timeToolCall({ tool: 'calculator', agent: 'planner' }, () => {
      throw new Error('division by zero');
    }),
  ).rejects.toThrow('division by zero');
  agents.recordWorkflow({ workflow: 'answer_question', durationSeconds: 6.2 });
  await agents.timeWorkflow({ workflow: 'answer_question' }, async () => 'done');
  agents.recordRateLimit({
    provider: 'openai',
    requestModel: 'gpt-4o',
    resource: 'requests',
    remaining: 480,
    limit: 500,
  });
  agents.recordRateLimit({
    provider: 'openai',
    requestModel: 'gpt-4o',
    resource: 'requests',
    remaining: 470,
  });
  agents.recordMcpOperation({
    side: 'client',
    method: 'tools/call',
    tool: 'web_search',
    durationSeconds: 0.3,
  });
  agents.recordMcpOperation({
    side: 'server',
    method: 'tools/list',
    durationSeconds: 0.01,
    errorType: 'timeout',
  });
  agents.recordMcpSession({ side: 'client', durationSeconds: 12 });
}

async function taskWorkload({ tasks }: Domain): Promise<void> {
  const done = tasks.enqueued({ queue: 'research', taskType: 'summarise' });
  done.started();
  done.finished();
  const flaky = tasks.enqueued({ queue: 'research', taskType: 'summarise', waitingOnDependencies: true });
  flaky.dependenciesResolved();
  flaky.started();
  flaky.failed({ retry: true });
  flaky.started();
  flaky.failed({ deadLetter: true });
  flaky.finished(); // a misuse: reported, nothing recorded
  tasks.enqueued({ queue: 'ingest' }).cancelled();
  await tasks.run({ queue: 'ingest', taskType: 'fetch' }, () => 'ok');
  const retried = tasks.enqueued({ queue: 'ingest', taskType: 'fetch' });
  await expect(
    tasks.execute(retried, () => Promise.reject(new Error('503')), { retry: true }),
  ).rejects.toThrow('503');
  tasks.enqueued({ queue: 'ingest', taskType: 'fetch' }); // still queued at the scrape
}

async function businessWorkload({ business, jobs }: Domain): Promise<void> {
  business.sessionStarted();
  business.sessionStarted();
  business.sessionEnded(120);
  business.featureUsed('deep_research');
  business.featureUsed('deep_research');
  business.exposure('prompt_v2', 'b');
  business.conversion('prompt_v2', 'b', 3);
  business.operation('answer', 'success');
  business.operation('answer', 'failure');
  await jobs.run('reindex', () => undefined);
  await expect(jobs.run('reindex', () => Promise.reject(new Error('disk full')))).rejects.toThrow(
    'disk full',
  );
  jobs.record('compact', 2.5, 'success');
}

async function workload(domain: Domain): Promise<void> {
  await agentWorkload(domain);
  await taskWorkload(domain);
  await businessWorkload(domain);
}

/** The samples of each family that has any, without the self metrics. */
async function samplesOf(registry: Registry): Promise<Map<string, string[]>> {
  const families = parseExposition(await registry.metrics());
  return new Map(
    [...families]
      .filter(([name, family]) => !SELF_METRICS.has(name) && family.samples.length > 0)
      .map(([name, family]) => [name, family.samples]),
  );
}

describe('parity: the domain helpers through metrics-core and through the OTel adapter', () => {
  let bridge: OtelBridge | undefined;
  afterEach(async () => {
    await bridge?.shutdown();
    bridge = undefined;
  });

  it('give the same series and values on /metrics', async () => {
    const viaCore = new Registry();
    const metrics = createMetrics({
      registry: viaCore,
      defaultMetrics: false,
      prices,
      clock: steppingClock(),
      logger: { warn: () => undefined, error: () => undefined },
    });
    await workload(metrics);

    const viaOtel = new Registry();
    bridge = createOtelBridge({ registry: viaOtel });
    const reports: string[] = [];
    const domain = createOtelDomain(bridge.getMeter('app'), {
      prices,
      clock: steppingClock(),
      report: (component, reason, detail) => void reports.push(`${component} ${reason} ${detail}`),
    });
    await workload(domain);

    const core = await samplesOf(viaCore);
    const otel = await samplesOf(viaOtel);
    // createMetrics serves obskit_build_info itself; the OTel side has no such call, by design.
    core.delete(METRICS.self.buildInfo.name);
    expect([...otel.keys()].sort()).toEqual([...core.keys()].sort());
    for (const [name, samples] of core) expect({ name, samples: otel.get(name) }).toEqual({ name, samples });

    // The families the helpers write, the ones the hand-written copies lacked among them.
    expect([...otel.keys()]).toEqual(
      expect.arrayContaining([
        METRICS.agent.cost.name,
        METRICS.self.unpricedTokens.name,
        METRICS.agent.recoveryDuration.name,
        METRICS.genai.clientTimePerOutputChunk.name,
        METRICS.agent.rateLimitRemaining.name,
        METRICS.mcp.clientOperationDuration.name,
        METRICS.task.deadLetters.name,
        METRICS.job.lastSuccess.name,
      ]),
    );
    expect(otel.get(METRICS.genai.clientTokenUsage.name)?.filter((s) => s.includes('_count{'))).toEqual(
      expect.arrayContaining([expect.stringContaining('gen_ai_token_type="reasoning"')]),
    );
    // The helpers' own misuse reports, and none from the adapter: every gauge was used one way.
    expect(reports).toEqual([
      `metrics-core invalid_value ${METRICS.agent.decisionConfidence.name}: confidence must be from 0 to 1`,
      `metrics-core invalid_value ${METRICS.task.transitions.name}: finished() on a task in state "dead_lettered"`,
    ]);
  });
});
