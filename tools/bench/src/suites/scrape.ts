import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { BUCKETS, METRICS } from '@obskit/catalog';
import { renderExposition } from '@obskit/middleware';
import { Histogram, Registry } from 'prom-client';
import { collectGarbage, startLoopProbe } from '../harness/loop-probe.js';
import { renderChunked, streamChunked } from '../prototypes/chunked-render.js';
import { runAlternating } from '../harness/rounds.js';
import { fmt, fmtRatio, median, ratio } from '../harness/stats.js';
import type { GoalCheck, SuiteResult } from '../harness/table.js';

/** Options of {@link runScrapeSuite}. */
export interface ScrapeSuiteOptions {
  /** Histogram series counts to render. */
  readonly sizes: readonly number[];
  readonly rounds: number;
}

/** The largest block of the event loop a `/metrics` render may cause (the goal), in ms. */
export const MAX_LOOP_BLOCK_MS = 50;

interface Sample {
  readonly ms: number;
  readonly blockMs: number;
  readonly body: string;
}

/** A registry with `series` children of the catalog's HTTP duration histogram. */
export function buildHistogramRegistry(series: number): Registry {
  const registry = new Registry();
  const def = METRICS.http.serverRequestDuration;
  const histogram = new Histogram({
    name: def.name,
    help: def.help,
    labelNames: def.labels,
    buckets: [...BUCKETS.httpDuration],
    registers: [registry],
  });
  const methods = ['GET', 'POST', 'PUT', 'DELETE'];
  for (let i = 0; i < series; i++) {
    histogram.observe(
      {
        http_request_method: methods[i % methods.length],
        http_route: `/api/v1/resource_${Math.floor(i / 4)}/:id`,
        http_response_status_code: 200,
      },
      (i % 100) / 100,
    );
  }
  return registry;
}

async function measure(render: () => Promise<string>): Promise<Sample> {
  collectGarbage();
  const probe = await startLoopProbe();
  const start = performance.now();
  const body = await render();
  const ms = performance.now() - start;
  const blockMs = await probe.stop();
  return { ms, blockMs, body };
}

/**
 * Scrape: obskit's `/metrics` renderer (`renderExposition` of @obskit/middleware) against prom-client's
 * `registry.metrics()` on the same registry: time, bytes (raw, gzip), longest event-loop block, and
 * whether both produce the same bytes.
 */
export async function runScrapeSuite(options: ScrapeSuiteOptions): Promise<SuiteResult> {
  const rows: string[][] = [];
  const protoRows: string[][] = [];
  const goals: GoalCheck[] = [];
  const notes: string[] = [];
  for (const size of options.sizes) {
    const registry = buildHistogramRegistry(size);
    const variants = {
      'prom-client': () => registry.metrics(),
      obskit: async () => (await renderExposition([registry])).body,
      // the pieces are encoded as a socket write would, and not kept
      prototype: async () => {
        let bytes = 0;
        await streamChunked([registry], (piece) => {
          bytes += Buffer.byteLength(piece);
        });
        return String(bytes);
      },
    } as const;
    await variants['prom-client']();
    await variants.obskit();
    await variants.prototype();
    const samples = await runAlternating(
      ['prom-client', 'obskit', 'prototype'] as const,
      options.rounds,
      (v) => measure(variants[v]),
    );
    const raw = samples['prom-client'];
    const ours = samples.obskit;
    const proto = samples.prototype;
    const identical = raw.every((s, i) => s.body === ours[i].body);
    const protoIdentical = (await renderChunked([registry])) === raw[0].body;
    const protoMs = median(proto.map((s) => s.ms));
    const protoMaxBlock = Math.max(...proto.map((s) => s.blockMs));
    const bytes = Buffer.byteLength(raw[0].body);
    const gzipBytes = gzipSync(raw[0].body).length;
    const rawMs = median(raw.map((s) => s.ms));
    const ourMs = median(ours.map((s) => s.ms));
    const rawBlock = median(raw.map((s) => s.blockMs));
    const ourBlock = median(ours.map((s) => s.blockMs));
    const ourMaxBlock = Math.max(...ours.map((s) => s.blockMs));
    rows.push([
      String(size),
      fmt(rawMs, 1),
      fmt(ourMs, 1),
      fmtRatio(ratio(ourMs, rawMs)),
      fmt(rawBlock, 1),
      fmt(ourBlock, 1),
      String(bytes),
      String(gzipBytes),
      identical ? 'yes' : '**NO**',
    ]);
    protoRows.push([
      String(size),
      fmt(protoMs, 1),
      fmtRatio(ratio(protoMs, rawMs)),
      fmt(median(proto.map((s) => s.blockMs)), 1),
      fmt(protoMaxBlock, 1),
      protoIdentical ? 'yes' : '**NO**',
    ]);
    goals.push({
      goal: `scrape render ≤ 1.0× prom-client at ${size} series`,
      measured: fmtRatio(ratio(ourMs, rawMs)),
      met: ourMs <= rawMs,
    });
    goals.push({
      goal: `byte-identical to prom-client at ${size} series`,
      measured: identical ? 'identical' : 'differs',
      met: identical,
    });
    if (size === Math.max(...options.sizes)) {
      goals.push({
        goal: `/metrics blocks the event loop ≤ ${MAX_LOOP_BLOCK_MS} ms while serving ${size} series`,
        measured: `${fmt(ourMaxBlock, 1)} ms (worst round)`,
        met: ourMaxBlock <= MAX_LOOP_BLOCK_MS,
      });
      goals.push({
        goal: `(chunked prototype; @obskit/middleware adopted the approach) blocks ≤ ${MAX_LOOP_BLOCK_MS} ms at ${size} series, ≤ 1.0× prom-client`,
        measured: `${fmt(protoMaxBlock, 1)} ms (worst round), ${fmtRatio(ratio(protoMs, rawMs))}`,
        met: protoMaxBlock <= MAX_LOOP_BLOCK_MS && protoMs <= rawMs && protoIdentical,
      });
    }
    if (!identical) notes.push(`At ${size} series the two bodies differ.`);
  }
  return {
    id: 'scrape',
    title: 'Scrape render',
    method: `One Registry per size holding that many children of \`${METRICS.http.serverRequestDuration.name}\` (${BUCKETS.httpDuration.length} buckets + +Inf, sum, count). ${options.rounds} alternating rounds per variant after a warm-up; medians. Longest event-loop block = longest gap between ticks of a 1 ms setInterval during the render, minus 1 ms. With --expose-gc (the Nx target) garbage is collected before each sample, outside the timed window, so no variant pays for another's garbage.`,
    tables: [
      {
        columns: [
          'series',
          'prom-client ms',
          'obskit ms',
          'obskit / prom-client',
          'prom-client max block ms',
          'obskit max block ms',
          'bytes',
          'gzip bytes',
          'byte-identical',
        ],
        rows,
      },
      {
        columns: [
          'series',
          'chunked prototype ms',
          'prototype / prom-client',
          'prototype max block ms (median)',
          'prototype max block ms (worst)',
          'byte-identical',
        ],
        rows: protoRows,
      },
    ],
    goals,
    notes: [
      ...notes,
      'obskit = `renderExposition` of @obskit/middleware: collects every family first, then reads prom-client counters/gauges/histograms series by series (128 per chunk) and yields between chunks; here the pieces are joined into one string, whereas the `/metrics` handler streams them to the socket or gzip stream.',
      'chunked prototype = tools/bench/src/prototypes/chunked-render.ts (bench-only; the approach @obskit/middleware adopted): reads prom-client counters/gauges/histograms series by series, yields every 128 series and hands pieces to a sink (a socket or gzip stream) instead of joining one body; its output concatenated is checked byte-identical to `registry.metrics()` (last column).',
    ],
  };
}
