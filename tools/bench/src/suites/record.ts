import { performance } from 'node:perf_hooks';
import { BUCKETS, METRICS } from '@obskit/catalog';
import { createMetrics, DEFAULT_MAX_SERIES_PER_METRIC, type AgentOperation } from '@obskit/metrics-core';
import { Counter, Histogram, Registry } from 'prom-client';
import { runAlternating } from '../harness/rounds.js';
import { fmt, fmtRatio, median, pairedRatio } from '../harness/stats.js';
import type { GoalCheck, SuiteResult } from '../harness/table.js';
import { createSeriesCounter, createSeriesHistogram } from '../prototypes/series-handles.js';
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
  /** The series-handle prototype (counters and histograms only). */
  readonly prototype?: (i: number) => void;
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
  const protoRegistry = new Registry();
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
    const protoOptions = { labelNames, registry: protoRegistry, maxSeries: DEFAULT_MAX_SERIES_PER_METRIC };
    const protoCounter = createSeriesCounter({
      ...protoOptions,
      name: counterName,
      help: BENCH_COUNTER.help,
    });
    const protoHistogram = createSeriesHistogram({
      ...protoOptions,
      name: histogramName,
      help: BENCH_HISTOGRAM.help,
      buckets: HTTP_BUCKETS,
    });
    if (count === 0) {
      cases.push({
        name: 'counter.inc, 0 labels',
        raw: () => rawCounter.inc(),
        obskit: () => guardedCounter.inc(),
        prototype: () => protoCounter.inc(),
      });
      cases.push({
        name: 'histogram.observe, 0 labels',
        raw: (i) => rawHistogram.observe((i & 63) / 100),
        obskit: (i) => guardedHistogram.observe({}, (i & 63) / 100),
        prototype: (i) => protoHistogram.observe({}, (i & 63) / 100),
      });
    } else {
      cases.push({
        name: `counter.inc, ${count} labels`,
        raw: (i) => rawCounter.inc(sets[i & (DISTINCT - 1)]),
        obskit: (i) => guardedCounter.inc(sets[i & (DISTINCT - 1)]),
        prototype: (i) => protoCounter.inc(sets[i & (DISTINCT - 1)]),
      });
      cases.push({
        name: `histogram.observe, ${count} labels`,
        raw: (i) => rawHistogram.observe(sets[i & (DISTINCT - 1)], (i & 63) / 100),
        obskit: (i) => guardedHistogram.observe(sets[i & (DISTINCT - 1)], (i & 63) / 100),
        prototype: (i) => protoHistogram.observe(sets[i & (DISTINCT - 1)], (i & 63) / 100),
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
  });
  return cases;
}

/**
 * Whether the series-handle prototype renders exactly what prom-client renders for the same
 * observations (values past the last bucket and label-less metrics included).
 */
export async function prototypeMatchesPromClient(): Promise<boolean> {
  const raw = new Registry();
  const proto = new Registry();
  const labelNames = BENCH_LABELS.slice(0, 3);
  const counter = new Counter({
    name: BENCH_COUNTER.name,
    help: BENCH_COUNTER.help,
    labelNames,
    registers: [raw],
  });
  const histogram = new Histogram({
    name: BENCH_HISTOGRAM.name,
    help: BENCH_HISTOGRAM.help,
    labelNames,
    buckets: HTTP_BUCKETS,
    registers: [raw],
  });
  const options = { labelNames, registry: proto, maxSeries: DEFAULT_MAX_SERIES_PER_METRIC };
  const pCounter = createSeriesCounter({ ...options, ...BENCH_COUNTER });
  const pHistogram = createSeriesHistogram({ ...options, ...BENCH_HISTOGRAM, buckets: HTTP_BUCKETS });
  const sets = labelSets(3);
  for (let i = 0; i < 1000; i++) {
    const labels = sets[i % DISTINCT];
    const value = (i % 300) / 17;
    counter.inc(labels, value);
    pCounter.inc(labels, value);
    histogram.observe(labels, value);
    pHistogram.observe(labels, value);
  }
  return (await raw.metrics()) === (await proto.metrics());
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
  let protoWorst = 0;
  for (const c of cases) {
    // warm-up: let the JIT optimise both variants before anything is measured, then size the samples
    timeLoop(c.raw, WARM_UP_CALLS);
    timeLoop(c.obskit, WARM_UP_CALLS);
    const ns = Math.max(timeLoop(c.raw, WARM_UP_CALLS), timeLoop(c.obskit, WARM_UP_CALLS));
    const ops = Math.max(1_000, Math.min(MAX_CALLS, Math.round((options.sampleMs * 1e6) / ns)));
    const variants = c.prototype ? (['raw', 'obskit', 'prototype'] as const) : (['raw', 'obskit'] as const);
    if (c.prototype) timeLoop(c.prototype, WARM_UP_CALLS);
    const samples = await runAlternating<'raw' | 'obskit' | 'prototype', number>(
      variants,
      options.rounds,
      (v) =>
        timeLoop((v === 'raw' ? c.raw : v === 'obskit' ? c.obskit : c.prototype) as (i: number) => void, ops),
    );
    const raw = median(samples.raw);
    const obskit = median(samples.obskit);
    const r = pairedRatio(samples.obskit, samples.raw);
    (c.prototype ? handleRatios : helperRatios).push([c.name, r]);
    const proto = c.prototype ? median(samples.prototype) : Number.NaN;
    const protoRatio = c.prototype ? pairedRatio(samples.prototype, samples.raw) : Number.NaN;
    if (c.prototype) protoWorst = Math.max(protoWorst, protoRatio);
    rows.push([
      c.name,
      fmt(raw, 0),
      fmt(obskit, 0),
      fmtRatio(r),
      c.prototype ? fmt(proto, 0) : '—',
      c.prototype ? fmtRatio(protoRatio) : '—',
    ]);
  }
  const identical = await prototypeMatchesPromClient();
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
        columns: [
          'case',
          'prom-client ns/op',
          'obskit ns/op',
          'obskit / prom-client',
          'prototype ns/op',
          'prototype / prom-client',
        ],
        rows,
      },
    ],
    goals,
    notes: [
      'obskit = metrics-core guarded handles (label guard with series cap, value checks, never throws) on their own Registry; prom-client = the same metrics, labels and values on another Registry.',
      "How obskit keeps up: its label guard caches, per raw label values, the bounded labels and the prom-client series itself, so an observation is a cache lookup and a few additions to prom-client's own series (falling back to prom-client's methods whenever the series was reset or removed). prototype = tools/bench/src/prototypes/series-handles.ts, the bench-only proposal metrics-core adopted; it registers on the same Registry and renders byte-identically (checked every run). It is a reference column, not a goal: the shipped code is metrics-core's.",
      `This run: prototype worst ${fmtRatio(protoWorst)} of prom-client; its exposition ${identical ? 'byte-identical to' : 'DIFFERS from'} prom-client's.`,
    ],
  };
}
