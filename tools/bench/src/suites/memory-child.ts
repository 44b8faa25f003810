import { renderExposition } from '@obskit/middleware';
import { createMetrics } from '@obskit/metrics-core';
import { Counter, Registry } from 'prom-client';
import { BENCH_MEMORY_COUNTER } from './names.js';

/** What the memory child reports. */
export interface MemoryReport {
  readonly gcExposed: boolean;
  readonly cap: number;
  /** Heap after offering `offers` distinct values, guarded counter. */
  readonly guarded: ReadonlyArray<{ offers: number; heapMb: number; series: number }>;
  /** Unguarded prom-client counter for contrast. */
  readonly raw: { offers: number; heapMb: number; series: number };
}

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function seriesIn(registry: Registry, name: string): Promise<number> {
  const { body } = await renderExposition([registry]);
  return body.split('\n').filter((l) => l.startsWith(`${name}{`)).length;
}

/**
 * Offers distinct label values to a guarded counter and reads the heap after each checkpoint (after
 * a forced GC when `--expose-gc` is on), then does the same to a bare prom-client counter at the
 * first checkpoint for contrast.
 */
export async function measureMemory(checkpoints: readonly number[], cap: number): Promise<MemoryReport> {
  const registry = new Registry();
  const metrics = createMetrics({ registry, defaultMetrics: false, maxSeriesPerMetric: cap });
  const counter = metrics.createCounter<'user_key'>({
    name: BENCH_MEMORY_COUNTER.name,
    help: BENCH_MEMORY_COUNTER.help,
    labelNames: ['user_key'],
  });
  const guarded: Array<{ offers: number; heapMb: number; series: number }> = [];
  guarded.push({ offers: 0, heapMb: heapMb(), series: await seriesIn(registry, BENCH_MEMORY_COUNTER.name) });
  let offered = 0;
  for (const target of checkpoints) {
    for (; offered < target; offered++) counter.inc({ user_key: `user_${offered}` });
    guarded.push({
      offers: target,
      heapMb: heapMb(),
      series: await seriesIn(registry, BENCH_MEMORY_COUNTER.name),
    });
  }

  const rawRegistry = new Registry();
  const raw = new Counter({
    name: BENCH_MEMORY_COUNTER.name,
    help: BENCH_MEMORY_COUNTER.help,
    labelNames: ['user_key'],
    registers: [rawRegistry],
  });
  const rawOffers = checkpoints[0] ?? 0;
  const before = heapMb();
  for (let i = 0; i < rawOffers; i++) raw.inc({ user_key: `user_${i}` });
  const after = heapMb();
  const rawSeries = await seriesIn(rawRegistry, BENCH_MEMORY_COUNTER.name);
  return {
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    cap,
    guarded,
    raw: { offers: rawOffers, heapMb: after - before, series: rawSeries },
  };
}
