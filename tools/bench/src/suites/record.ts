import { performance } from 'node:perf_hooks';
import { BUCKETS, METRICS } from '@obskit/catalog';
import { createMetrics, type AgentOperation } from '@obskit/metrics-core';
import { Counter, Histogram, Registry } from 'prom-client';
import { runAlternating } from '../harness/rounds.js';
import { fmt, fmtRatio, median, pairedRatio } from '../harness/stats.js';
import type { GoalCheck, SuiteResult } from '../harness/table.js';
import { BENCH_COUNTER, BENCH_HISTOGRAM, BENCH_LABELS } from './names.js';

/** Options of {@link runRecordSuite}. */
export interface RecordSuiteOptions {
  /** Target length of one sample in ms: the call count of each case is calibrated to it. */
  readonly sampleMs: number;
  /** Alternating rounds per variant. */
  readonly rounds: number;
}

/** One measured case: the raw prom-client calls and the obskit call that records the same. */
interface RecordCase {
  readonly name: string;
  readonly raw: (i: number) => void;
  readonly obskit: (i: number) => void;
  /** A guarded handle against its raw call (the first goal), or a helper (the second). */
  readonly kind: 'handle' | 'helper';
}

/** How many distinct label sets each case cycles through (a power of two). */
const DISTINCT = 16;
const HTTP_BUCKETS = [...BUCKETS.httpDuration];

function labelSets(count: number): Array<Record<string, string>> {
  const names = BENCH_LABELS.slice(0, count);
  return Array.from({ length: DISTINCT }, (_, i) =>
    Object.fromEntries(names.map((n, j) => [n, `${n}_${(i + j) % DISTINCT}`])),
  );
}

function agentOps(): AgentOperation[] {
  return Array.from({ length: DISTINCT }, (_, i) => ({
    agent: `agent_${i % 4}`,
    operation: i % 2 === 0 ? 'chat' : 'invoke_agent',
    provider: i % 3 === 0 ? 'anthropic' : 'openai',
    requestModel: `model_${i % 4}`,
    responseModel: `model_${i % 4}-2025`,
    status: 'success',
    durationSeconds: 0.5 + i / 10,
    inputTokens: 100 + i,
    outputTokens: 20 + i,
  }));
}

/** Builds every case on fresh registries: one for raw prom-client, one for obskit. */
function buildCases(): RecordCase[] {
  const rawRegistry = new Registry();
  const metrics = createMetrics({ registry: new Registry(), defaultMetrics: false });
  const cases: RecordCase[] = [];

  for (const count of [0, 1, 3, 6]) {
    const labelNames = BENCH_LABELS.slice(0, count);
    const sets = labelSets(count);
    const suffix = `_l${count}`;
    const counterName = BENCH_COUNTER.name.replace(/_total$/, `${suffix}_total`);
    const histogramName = BENCH_HISTOGRAM.name.replace(/_seconds$/, `${suffix}_seconds`);
    const rawCounter = new Counter({
      name: counterName,
      help: BENCH_COUNTER.help,
      labelNames,
      registers: [rawRegistry],
    });
    const guardedCounter = metrics.createCounter<string>({
      name: counterName,
      help: BENCH_COUNTER.help,
      labelNames,
    });
    const rawHistogram = new Histogram({
      name: histogramName,
      help: BENCH_HISTOGRAM.help,
      labelNames,
      buckets: HTTP_BUCKETS,
      registers: [rawRegistry],
    });
    const guardedHistogram = metrics.createHistogram<string>({
      name: histogramName,
      help: BENCH_HISTOGRAM.help,
      unit: 'seconds',
      labelNames,
      buckets: HTTP_BUCKETS,
    });
    if (count === 0) {
      cases.push({
        name: 'counter.inc, 0 labels',
        raw: () => rawCounter.inc(),
        obskit: () => guardedCounter.inc(),
        kind: 'handle',
      });
      cases.push({
        name: 'histogram.observe, 0 labels',
        raw: (i) => rawHistogram.observe((i & 63) / 100),
        obskit: (i) => guardedHistogram.observe({}, (i & 63) / 100),
        kind: 'handle',
      });
    } else {
      cases.push({
        name: `counter.inc, ${count} labels`,
        raw: (i) => rawCounter.inc(sets[i & (DISTINCT - 1)]),
        obskit: (i) => guardedCounter.inc(sets[i & (DISTINCT - 1)]),
        kind: 'handle',
      });
      cases.push({
        name: `histogram.observe, ${count} labels`,
        raw: (i) => rawHistogram.observe(sets[i & (DISTINCT - 1)], (i & 63) / 100),
        obskit: (i) => guardedHistogram.observe(sets[i & (DISTINCT - 1)], (i & 63) / 100),
        kind: 'handle',
      });
    }
  }

  // The agent-operation helper against the prom-client calls it stands for (no price table:
  // tokens go to the unpriced counter).
  const g = METRICS.genai;
  const raw = {
    duration: new Histogram({
      name: g.clientOperationDuration.name,
      help: g.clientOperationDuration.help,
      labelNames: g.clientOperationDuration.labels,
      buckets: [...(g.clientOperationDuration.buckets ?? [])],
      registers: [rawRegistry],
    }),
    invokeAgent: new Histogram({
      name: g.invokeAgentDuration.name,
      help: g.invokeAgentDuration.help,
      labelNames: g.invokeAgentDuration.labels,
      buckets: [...(g.invokeAgentDuration.buckets ?? [])],
      registers: [rawRegistry],
    }),
    tokens: new Histogram({
      name: g.clientTokenUsage.name,
      help: g.clientTokenUsage.help,
      labelNames: g.clientTokenUsage.labels,
      buckets: [...(g.clientTokenUsage.buckets ?? [])],
      registers: [rawRegistry],
    }),
    unpriced: new Counter({
      name: METRICS.self.unpricedTokens.name,
      help: METRICS.self.unpricedTokens.help,
      labelNames: METRICS.self.unpricedTokens.labels,
      registers: [rawRegistry],
    }),
    operations: new Counter({
      name: METRICS.agent.operations.name,
      help: METRICS.agent.operations.help,
      labelNames: METRICS.agent.operations.labels,
      registers: [rawRegistry],
    }),
  };
  const ops = agentOps();
  cases.push({
    name: 'agents.recordOperation (6 series updates)',
    raw: (i) => {
      const op = ops[i & (DISTINCT - 1)];
      raw.duration.observe(
        {
          gen_ai_operation_name: op.operation,
          gen_ai_provider_name: op.provider,
          gen_ai_request_model: op.requestModel,
          gen_ai_response_model: op.responseModel as string,
        },
        op.durationSeconds,
      );
      if (op.operation === 'invoke_agent') {
        raw.invokeAgent.observe(
          {
            gen_ai_agent_name: op.agent,
            gen_ai_provider_name: op.provider,
            gen_ai_request_model: op.requestModel,
          },
          op.durationSeconds,
        );
      }
      for (const [type, count] of [
        ['input', op.inputTokens],
        ['output', op.outputTokens],
      ] as const) {
        raw.tokens.observe(
          {
            gen_ai_operation_name: op.operation,
            gen_ai_provider_name: op.provider,
            gen_ai_request_model: op.requestModel,
            gen_ai_response_model: op.responseModel as string,
            gen_ai_token_type: type,
          },
          count as number,
        );
        raw.unpriced.inc(
          {
            gen_ai_provider_name: op.provider,
            gen_ai_request_model: op.requestModel,
            gen_ai_token_type: type,
          },
          count,
        );
      }
      raw.operations.inc({
        gen_ai_agent_name: op.agent,
        gen_ai_operation_name: op.operation,
        gen_ai_provider_name: op.provider,
        status: op.status,
      });
    },
    obskit: (i) => metrics.agents.recordOperation(ops[i & (DISTINCT - 1)]),
    kind: 'helper',
  });

  // The HTTP record path: what the middleware records when a response ends.
  const h = METRICS.http;
  const rawHttp = {
    duration: new Histogram({
      name: h.serverRequestDuration.name,
      help: h.serverRequestDuration.help,
      labelNames: h.serverRequestDuration.labels,
      buckets: HTTP_BUCKETS,
      registers: [rawRegistry],
    }),
    responseSize: new Histogram({
      name: h.serverResponseBodySize.name,
      help: h.serverResponseBodySize.help,
      labelNames: h.serverResponseBodySize.labels,
      buckets: [...(h.serverResponseBodySize.buckets ?? [])],
      registers: [rawRegistry],
    }),
  };
  const routes = Array.from(
    { length: DISTINCT },
    (_, i) => `/orders/${i % 4 === 0 ? ':id' : `v${i % 4}/:id`}`,
  );
  cases.push({
    name: 'http.recordServerRequest (2 series updates)',
    raw: (i) => {
      const labels = {
        http_request_method: i % 8 === 0 ? 'POST' : 'GET',
        http_route: routes[i & (DISTINCT - 1)],
        http_response_status_code: i % 16 === 0 ? 500 : 200,
      };
      rawHttp.duration.observe(labels, (i & 63) / 1000);
      rawHttp.responseSize.observe(labels, 200 + (i & 63));
    },
    obskit: (i) =>
      metrics.http.recordServerRequest({
        method: i % 8 === 0 ? 'POST' : 'GET',
        route: routes[i & (DISTINCT - 1)],
        statusCode: i % 16 === 0 ? 500 : 200,
        durationSeconds: (i & 63) / 1000,
        responseBytes: 200 + (i & 63),
      }),
    kind: 'helper',
  });
  return cases;
}

const WARM_UP_CALLS = 20_000;
const MAX_CALLS = 2_000_000;

function timeLoop(fn: (i: number) => void, ops: number): number {
  const start = performance.now();
  for (let i = 0; i < ops; i++) fn(i);
  return ((performance.now() - start) * 1e6) / ops;
}

/**
 * Record cost: ns per call of raw prom-client `inc`/`observe` against metrics-core's guarded handles
 * with the same labels, and of the agent and HTTP helpers against the raw calls they stand for.
 */
export async function runRecordSuite(options: RecordSuiteOptions): Promise<SuiteResult> {
  const cases = buildCases();
  const rows: string[][] = [];
  const goals: GoalCheck[] = [];
  const handleRatios: Array<[string, number]> = [];
  const helperRatios: Array<[string, number]> = [];
  for (const c of cases) {
    // warm-up: let the JIT optimise both variants before anything is measured, then size the samples
    timeLoop(c.raw, WARM_UP_CALLS);
    timeLoop(c.obskit, WARM_UP_CALLS);
    const ns = Math.max(timeLoop(c.raw, WARM_UP_CALLS), timeLoop(c.obskit, WARM_UP_CALLS));
    const ops = Math.max(1_000, Math.min(MAX_CALLS, Math.round((options.sampleMs * 1e6) / ns)));
    const samples = await runAlternating(['raw', 'obskit'] as const, options.rounds, (v) =>
      timeLoop(v === 'raw' ? c.raw : c.obskit, ops),
    );
    const raw = median(samples.raw);
    const obskit = median(samples.obskit);
    const r = pairedRatio(samples.obskit, samples.raw);
    (c.kind === 'handle' ? handleRatios : helperRatios).push([c.name, r]);
    rows.push([c.name, fmt(raw, 0), fmt(obskit, 0), fmtRatio(r)]);
  }
  for (const [goal, picked] of [
    ['obskit guarded inc/observe ≤ 1.2× raw prom-client (worst of 0/1/3/6 labels)', handleRatios],
    ['obskit agent-operation and HTTP record helpers ≤ 1.2× the raw prom-client calls', helperRatios],
  ] as const) {
    const worstOf = picked.reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0] as [string, number]);
    goals.push({
      goal,
      measured: `${fmtRatio(worstOf[1])} (${worstOf[0]})`,
      met: worstOf[1] <= 1.2,
    });
  }
  return {
    id: 'record',
    title: 'Record cost (ns/op)',
    method: `Samples of about ${options.sampleMs} ms (call count calibrated per case after a ${WARM_UP_CALLS}-call warm-up of each variant) over ${DISTINCT} distinct label sets, ${options.rounds} alternating rounds per variant, median ns per call; ratios are medians of the per-round ratios.`,
    tables: [
      {
        columns: ['case', 'prom-client ns/op', 'obskit ns/op', 'obskit / prom-client'],
        rows,
      },
    ],
    goals,
    notes: [
      "obskit = metrics-core guarded handles (label guard with series cap, value checks, never throws) recording into metrics-core's series store on their own Registry; prom-client = plain prom-client metrics with the same names, labels and values on another Registry.",
      "How obskit keeps up: the guarded handle resolves the series once per raw label set — its label guard caches, per raw label values, the bounded labels and the series of metrics-core's own store (registered on the app's Registry) — so an observation is a cache lookup and a few additions to that series (`value`, or `counts[i]`, `sum` and `count`); no prom-client call on the hot path. A series dropped by a reset is fetched again from its family.",
    ],
  };
}
