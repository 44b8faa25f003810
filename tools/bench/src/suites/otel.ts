import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { BUCKETS } from '@obskit/catalog';
import { renderExposition } from '@obskit/middleware';
import { createOtelBridge } from '@obskit/otel-bridge';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { AggregationType, MeterProvider, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { Registry } from 'prom-client';
import { collectGarbage, startLoopProbe } from '../harness/loop-probe.js';
import { runAlternating } from '../harness/rounds.js';
import { fmt, fmtRatio, median, ratio } from '../harness/stats.js';
import type { GoalCheck, SuiteResult } from '../harness/table.js';
import { BENCH_OTEL_ATTRIBUTE, BENCH_OTEL_INSTRUMENT } from './names.js';

/** Options of {@link runOtelSuite}. */
export interface OtelSuiteOptions {
  readonly sizes: readonly number[];
  readonly rounds: number;
}

interface Variant {
  render(): Promise<string>;
  shutdown(): Promise<void>;
}

function views(series: number): ViewOptions[] {
  return [
    {
      instrumentName: BENCH_OTEL_INSTRUMENT,
      aggregation: {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: { boundaries: [...BUCKETS.httpDuration] },
      },
      aggregationCardinalityLimit: series + 10,
    },
  ];
}

function record(
  meterProvider: { getMeter(name: string): import('@opentelemetry/api').Meter },
  series: number,
) {
  const histogram = meterProvider.getMeter('bench').createHistogram(BENCH_OTEL_INSTRUMENT, { unit: 's' });
  for (let i = 0; i < series; i++) histogram.record((i % 100) / 100, { [BENCH_OTEL_ATTRIBUTE]: `key_${i}` });
}

/** obskit: the bridge on a prom-client registry, served by the obskit renderer. */
function bridgeVariant(series: number): Variant {
  const registry = new Registry();
  const bridge = createOtelBridge({ registry, maxSeriesPerMetric: series + 10, views: views(series) });
  record(bridge.meterProvider, series);
  return {
    render: async () => (await renderExposition([registry])).body,
    shutdown: () => bridge.shutdown(),
  };
}

/** The stock exporter, collected and serialised the way its own HTTP handler does. */
function stockVariant(series: number): Variant {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter], views: views(series) });
  record(provider, series);
  const serializer = new PrometheusSerializer();
  return {
    render: async () => serializer.serialize((await exporter.collect()).resourceMetrics),
    shutdown: () => provider.shutdown(),
  };
}

interface Sample {
  readonly ms: number;
  readonly blockMs: number;
  readonly body: string;
}

/**
 * OTel exposition: the obskit bridge (served by the obskit renderer) against
 * `@opentelemetry/exporter-prometheus` alone, at the same series count and buckets.
 */
export async function runOtelSuite(options: OtelSuiteOptions): Promise<SuiteResult> {
  const rows: string[][] = [];
  const goals: GoalCheck[] = [];
  for (const size of options.sizes) {
    const variants = { 'exporter-prometheus': stockVariant(size), 'obskit bridge': bridgeVariant(size) };
    try {
      for (const v of Object.values(variants)) await v.render();
      const samples = await runAlternating(
        ['exporter-prometheus', 'obskit bridge'] as const,
        options.rounds,
        async (name): Promise<Sample> => {
          collectGarbage();
          const probe = await startLoopProbe();
          const start = performance.now();
          const body = await variants[name].render();
          const ms = performance.now() - start;
          return { ms, blockMs: await probe.stop(), body };
        },
      );
      const stock = samples['exporter-prometheus'];
      const ours = samples['obskit bridge'];
      const stockMs = median(stock.map((s) => s.ms));
      const ourMs = median(ours.map((s) => s.ms));
      const ourBody = ours[0].body;
      const stockBody = stock[0].body;
      const lines = (body: string) => body.split('\n').filter((l) => l.includes('_bucket{')).length;
      rows.push([
        String(size),
        fmt(stockMs, 1),
        fmt(ourMs, 1),
        fmtRatio(ratio(ourMs, stockMs)),
        fmt(median(stock.map((s) => s.blockMs)), 1),
        fmt(median(ours.map((s) => s.blockMs)), 1),
        `${Buffer.byteLength(stockBody)} / ${gzipSync(stockBody).length}`,
        `${Buffer.byteLength(ourBody)} / ${gzipSync(ourBody).length}`,
        `${lines(stockBody)} / ${lines(ourBody)}`,
      ]);
      goals.push({
        goal: `OTel bridge exposition ≤ 1.0× exporter-prometheus at ${size} series`,
        measured: fmtRatio(ratio(ourMs, stockMs)),
        met: ourMs <= stockMs,
      });
    } finally {
      for (const v of Object.values(variants)) await v.shutdown();
    }
  }
  return {
    id: 'otel',
    title: 'OpenTelemetry exposition',
    method: `One histogram \`${BENCH_OTEL_INSTRUMENT}\` (unit s) with N attribute sets and the same explicit buckets on both sides. exporter-prometheus: \`collect()\` + \`PrometheusSerializer.serialize\` (what its handler does), default options (otel_scope labels, target_info). obskit: createOtelBridge on a prom-client Registry rendered by renderExposition (what the obskit /metrics serves). ${options.rounds} alternating rounds per variant after a warm-up; medians.`,
    tables: [
      {
        columns: [
          'series',
          'exporter-prometheus ms',
          'obskit bridge ms',
          'bridge / exporter',
          'exporter max block ms',
          'bridge max block ms',
          'exporter bytes / gzip',
          'bridge bytes / gzip',
          'bucket lines (exporter / bridge)',
        ],
        rows,
      },
    ],
    goals,
    notes: [
      'How the bridge keeps ahead: after the shared OTel `collect()` (the same SDK work on both sides), bridged histograms hand the formatter one label object per series with `le` from one frozen object per bound (no label object per bucket), a name with a single data stream is not de-duplicated, and `formatMetricFamily` formats a label set once per run of samples sharing it and joins lines in batches, so garbage collection no longer dominates (CPU profile at 10k series: GC 30 %, formatting 17 %). The exporter builds one string per scrape with `PrometheusSerializer`.',
      'The bridge keeps unit suffixes and drops otel_scope_* labels, so its body is ≈ 20 % smaller for the same series.',
    ],
  };
}
