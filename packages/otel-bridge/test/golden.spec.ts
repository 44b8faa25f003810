import { METRICS, type MetricDef } from '@obskit/catalog';
import { createMetrics, type ObskitMetrics } from '@obskit/metrics-core';
import type { Meter } from '@opentelemetry/api';
import { Registry } from 'prom-client';
import {
  createAgentMeter,
  createBusinessMeter,
  createOtelBridge,
  createTaskMeter,
  type OtelBridge,
} from '../src';
import { parseExposition, shapeOf, type ParsedFamily } from './exposition';

/** Bridge-only families that metrics-core does not serve and the self-metrics both have. */
const NOT_COMPARED = new Set<string>([
  METRICS.prometheus.targetInfo.name,
  METRICS.self.instrumentationErrors.name,
  METRICS.self.seriesOverflow.name,
]);

const chat = {
  operation: 'chat',
  provider: 'openai',
  requestModel: 'gpt-4o',
  responseModel: 'gpt-4o-2024-08-06',
} as const;

/**
 * One workload, as a GenAI instrumentation records it through the OTel API (semconv instrument names
 * and attribute keys) and as an app records it through metrics-core.
 */
const genAiWorkload: ReadonlyArray<{
  def: MetricDef;
  value: number;
  attributes: Record<string, string>;
}> = [
  {
    def: METRICS.genai.clientOperationDuration,
    value: 0.42,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
    },
  },
  {
    def: METRICS.genai.clientOperationDuration,
    value: 12.5,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet',
      'error.type': 'timeout',
    },
  },
  {
    def: METRICS.genai.clientTokenUsage,
    value: 812,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.token.type': 'input',
    },
  },
  {
    def: METRICS.genai.clientTokenUsage,
    value: 96,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.token.type': 'output',
    },
  },
  {
    def: METRICS.http.serverRequestDuration,
    value: 0.031,
    attributes: {
      'http.request.method': 'GET',
      'http.route': '/orders/:id',
      'http.response.status_code': '200',
    },
  },
  {
    def: METRICS.db.operationDuration,
    value: 0.002,
    attributes: { 'db.system.name': 'sqlite', 'db.operation.name': 'SELECT', 'db.collection.name': 'orders' },
  },
  {
    def: METRICS.db.connectionCount,
    value: 3,
    attributes: { 'db.client.connection.pool.name': 'main', 'db.client.connection.state': 'used' },
  },
];

const toLabels = (attributes: Record<string, string>) =>
  Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k.replace(/\./g, '_'), v]));

function recordViaMetricsCore(metrics: ObskitMetrics): void {
  for (const { def, value, attributes } of genAiWorkload) {
    const labels = toLabels(attributes);
    if (def.type === 'histogram') metrics.histogram(def).observe(labels, value);
    else if (def.type === 'counter') metrics.counter(def).inc(labels, value);
    else metrics.gauge(def).inc(labels, value);
  }
}

function recordViaOtel(meter: Meter): void {
  for (const { def, value, attributes } of genAiWorkload) {
    const otel = def.otel;
    if (!otel) throw new Error(`${def.name} has no semconv instrument`);
    // Instrumentations bring their own advice; the catalog's buckets must win.
    if (otel.kind === 'histogram')
      meter
        .createHistogram(otel.name, { unit: otel.unit, advice: { explicitBucketBoundaries: [1, 10] } })
        .record(value, attributes);
    else if (otel.kind === 'counter')
      meter.createCounter(otel.name, { unit: otel.unit }).add(value, attributes);
    else meter.createUpDownCounter(otel.name, { unit: otel.unit }).add(value, attributes);
  }
}

/** The same domain workload through metrics-core's helpers and through the bridge's ready-made meters. */
function domainWorkload(api: {
  agents: Pick<
    ReturnType<typeof createAgentMeter>,
    'recordOperation' | 'recordDecision' | 'recordHandoff' | 'recordToolCall' | 'recordWorkflow'
  >;
  tasks: {
    enqueued(info: { queue: string; taskType?: string }): {
      started(): void;
      finished(): void;
      failed(o?: { retry?: boolean }): void;
    };
  };
  business: Pick<
    ReturnType<typeof createBusinessMeter>,
    'sessionStarted' | 'sessionEnded' | 'featureUsed' | 'exposure' | 'conversion' | 'operation'
  >;
}): void {
  api.agents.recordOperation({
    agent: 'planner',
    ...chat,
    status: 'success',
    durationSeconds: 1.4,
    inputTokens: 812,
    outputTokens: 96,
    timeToFirstChunkSeconds: 0.2,
  });
  api.agents.recordOperation({
    agent: 'researcher',
    operation: 'invoke_agent',
    provider: 'anthropic',
    requestModel: 'claude-sonnet',
    status: 'error',
    errorType: 'rate_limited',
    durationSeconds: 3,
  });
  api.agents.recordDecision('planner', 0.87);
  api.agents.recordHandoff({ from: 'planner', to: 'researcher', durationSeconds: 0.4 });
  api.agents.recordToolCall({ tool: 'web_search', agent: 'researcher', durationSeconds: 0.9 });
  api.agents.recordWorkflow({ workflow: 'answer_question', durationSeconds: 6.2 });
  const first = api.tasks.enqueued({ queue: 'research', taskType: 'summarise' });
  first.started();
  first.finished();
  const second = api.tasks.enqueued({ queue: 'research', taskType: 'summarise' });
  second.started();
  second.failed({ retry: true });
  api.business.sessionStarted();
  api.business.sessionEnded(120);
  api.business.featureUsed('deep_research');
  api.business.exposure('prompt_v2', 'b');
  api.business.conversion('prompt_v2', 'b');
  api.business.operation('answer', 'success');
}

describe('golden: the same workload via metrics-core and via OpenTelemetry through the bridge', () => {
  let bridge: OtelBridge | undefined;
  afterEach(async () => {
    await bridge?.shutdown();
    bridge = undefined;
  });

  /** Families the bridge served with samples, and the same families from metrics-core. */
  async function comparable(viaCore: Registry, viaOtel: Registry) {
    const core = parseExposition(await viaCore.metrics());
    const otel = parseExposition(await viaOtel.metrics());
    const bridged = [...otel].filter(([name, f]) => !NOT_COMPARED.has(name) && f.samples.length > 0);
    return { core, bridged };
  }

  function expectSameShapes(core: Map<string, ParsedFamily>, bridged: [string, ParsedFamily][]) {
    for (const [name, family] of bridged) {
      const expected = core.get(name);
      expect({ name, ...(expected ? shapeOf(expected) : { missing: true }) }).toEqual({
        name,
        ...shapeOf(family),
      });
      // Same workload, same numbers: every sample line is identical too.
      expect({ name, samples: expected?.samples }).toEqual({ name, samples: family.samples });
    }
  }

  it('semantic-convention instruments recorded by a GenAI instrumentation', async () => {
    const viaCore = new Registry();
    recordViaMetricsCore(createMetrics({ registry: viaCore, defaultMetrics: false }));
    const viaOtel = new Registry();
    bridge = createOtelBridge({ registry: viaOtel });
    recordViaOtel(bridge.getMeter('@example/genai-instrumentation', '0.1.0'));

    const { core, bridged } = await comparable(viaCore, viaOtel);
    expect(bridged.map(([name]) => name).sort()).toEqual(
      [...new Set(genAiWorkload.map((w) => w.def.name))].sort(),
    );
    expectSameShapes(core, bridged);
  });

  it('the ready-made agent, task and business meters', async () => {
    let now = 1_700_000_000_000;
    const clock = () => (now += 250);
    const viaCore = new Registry();
    const metrics = createMetrics({ registry: viaCore, defaultMetrics: false, clock });
    domainWorkload({
      agents: metrics.agents,
      tasks: metrics.tasks,
      business: metrics.business,
    });
    now = 1_700_000_000_000;
    const viaOtel = new Registry();
    bridge = createOtelBridge({ registry: viaOtel });
    const meter = bridge.getMeter('app');
    domainWorkload({
      agents: createAgentMeter(meter),
      tasks: createTaskMeter(meter, { clock }),
      business: createBusinessMeter(meter),
    });

    const { core, bridged } = await comparable(viaCore, viaOtel);
    expect(bridged.map(([name]) => name)).toEqual([
      METRICS.genai.clientOperationDuration.name,
      METRICS.genai.clientTokenUsage.name,
      METRICS.genai.clientTimeToFirstChunk.name,
      METRICS.genai.invokeAgentDuration.name,
      METRICS.genai.executeToolDuration.name,
      METRICS.genai.workflowDuration.name,
      METRICS.agent.operations.name,
      // No price table: the tokens are counted as unpriced, on both sides.
      METRICS.self.unpricedTokens.name,
      METRICS.agent.decisionConfidence.name,
      METRICS.agent.handoffs.name,
      METRICS.agent.handoffDuration.name,
      METRICS.agent.errors.name,
      METRICS.task.queueDepth.name,
      METRICS.task.running.name,
      METRICS.task.transitions.name,
      METRICS.task.duration.name,
      METRICS.task.waitDuration.name,
      METRICS.task.retries.name,
      METRICS.business.sessionsActive.name,
      METRICS.business.sessionsStarted.name,
      METRICS.business.sessionDuration.name,
      METRICS.business.featureUsage.name,
      METRICS.business.experimentExposures.name,
      METRICS.business.experimentConversions.name,
      METRICS.business.operations.name,
    ]);
    expectSameShapes(core, bridged);
  });
});
