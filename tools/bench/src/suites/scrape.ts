import { createServer, type RequestListener, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { gzip } from 'node:zlib';
import { BUCKETS, METRICS } from '@obskit/catalog';
import { seriesKey, seriesStoreOf } from '@obskit/metrics-core';
import { createMetricsHandler, renderExposition } from '@obskit/middleware';
import { Histogram, Registry } from 'prom-client';
import { cpuPlan, pin } from '../harness/cpu.js';
import { collectGarbage, startLoopProbe } from '../harness/loop-probe.js';
import { runAlternating } from '../harness/rounds.js';
import { fmt, fmtRatio, median, pairedRatio } from '../harness/stats.js';
import type { GoalCheck, SuiteResult } from '../harness/table.js';

/** Options of {@link runScrapeSuite}. */
export interface ScrapeSuiteOptions {
  /** Histogram series counts to serve. */
  readonly sizes: readonly number[];
  readonly rounds: number;
}

/** The largest block of the event loop a `/metrics` scrape may cause (the goal), in ms. */
export const MAX_LOOP_BLOCK_MS = 50;

/** One observation of the catalog's HTTP duration histogram. */
interface Observation {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One observation per series, the same for both registries of a size. */
function observations(series: number): Observation[] {
  const methods = ['GET', 'POST', 'PUT', 'DELETE'];
  return Array.from({ length: series }, (_, i) => ({
    labels: {
      http_request_method: methods[i % methods.length],
      http_route: `/api/v1/resource_${Math.floor(i / 4)}/:id`,
      http_response_status_code: '200',
    },
    value: (i % 100) / 100,
  }));
}

/**
 * prom-client's side: a registry with a plain prom-client `Histogram` of the catalog's HTTP
 * duration metric holding `series` series, what an application without obskit has.
 */
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
  for (const { labels, value } of observations(series)) histogram.observe(labels, value);
  return registry;
}

/**
 * obskit's side: the same metric as a histogram family of metrics-core's series store on its own
 * registry (what obskit's metrics are), filled with the same observations as
 * {@link buildHistogramRegistry}. The series are filled directly rather than through
 * `createMetrics`, whose self-metric families would add to the body.
 */
export function buildStoreRegistry(series: number): Registry {
  const registry = new Registry();
  const def = METRICS.http.serverRequestDuration;
  const family = seriesStoreOf(registry).histogram({
    name: def.name,
    help: def.help,
    labelNames: def.labels,
    buckets: [...BUCKETS.httpDuration],
  });
  for (const { labels, value } of observations(series)) {
    const s = family.seriesOf(Object.freeze({ ...labels }), seriesKey(labels));
    // as a histogram observation: the first bucket whose bound is at least the value; past every
    // bound only the count (the +Inf bucket) and the sum
    const bucket = family.buckets.findIndex((bound) => value <= bound);
    if (bucket >= 0) s.counts[bucket] += 1;
    s.sum += value;
    s.count += 1;
  }
  return registry;
}

/** What the scraping client saw of one response. */
interface Received {
  /** From the request to the last byte on the wire. */
  readonly ms: number;
  readonly status: number;
  /** Bytes on the wire (the gzip stream when compressed). */
  readonly wireBytes: number;
  /** The body checked once the response is complete, outside the measured window. */
  readonly checked: Promise<{ readonly bytes: number; readonly identical: boolean }>;
}

/**
 * The scraping client, in a worker thread so that receiving, gunzipping and checking 130 MB does not
 * run on the serving thread's event loop (where the probe measures): like Prometheus, another
 * program. It is given the expected body once per registry, times each GET from the request to the
 * last byte, reports that, and only then gunzips the body (when compressed) and compares it with
 * the expected bytes, so that the check does not compete with the server for the CPU meanwhile.
 */
const CLIENT_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { get } = require('node:http');
const { gunzipSync } = require('node:zlib');
let expected = Buffer.alloc(0);
let tid = 0;
try {
  // '<pid>/task/<tid>': the thread id, so that the bench can pin this thread to a core of its own
  tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()) || 0;
} catch {}
parentPort.postMessage({ tid });
parentPort.on('message', (message) => {
  if (message.expected) {
    expected = Buffer.from(message.expected.buffer, message.expected.byteOffset, message.expected.byteLength);
    parentPort.postMessage({ ready: true });
    return;
  }
  const { port, path, gzip } = message;
  const started = performance.now();
  const fail = (error) => parentPort.postMessage({ error: String(error) });
  const headers = gzip ? { 'accept-encoding': 'gzip' } : {};
  const req = get({ host: '127.0.0.1', port, path, headers }, (res) => {
    const chunks = [];
    res.on('data', (chunk) => chunks.push(chunk));
    res.on('error', fail);
    res.on('end', () => {
      const wire = Buffer.concat(chunks);
      parentPort.postMessage({ ms: performance.now() - started, status: res.statusCode, wireBytes: wire.length });
      try {
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
        parentPort.postMessage({ bytes: body.length, identical: body.equals(expected) });
      } catch (error) {
        fail(error);
      }
    });
  });
  req.on('error', fail);
});
`;

interface ScrapeClient {
  /** The client thread's id (Linux), 0 where unknown. */
  readonly tid: Promise<number>;
  /** Hands the client the body every scrape must return. */
  expect(body: string): Promise<void>;
  get(port: number, gzip: boolean): Promise<Received>;
  close(): Promise<void>;
}

function startClient(): ScrapeClient {
  const worker = new Worker(CLIENT_SOURCE, { eval: true });
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      worker.once('message', (m: T | { error: string }) =>
        typeof m === 'object' && m !== null && 'error' in m
          ? reject(new Error(`scrape failed: ${m.error}`))
          : resolve(m as T),
      );
    });
  const tid = next<{ tid: number }>().then((m) => m.tid);
  return {
    tid,
    expect: async (body) => {
      const expected = new TextEncoder().encode(body);
      const ready = next<unknown>();
      worker.postMessage({ expected }, [expected.buffer]);
      await ready;
    },
    get: async (port, gzip) => {
      const done = next<Omit<Received, 'checked'>>();
      worker.postMessage({ port, path: '/metrics', gzip });
      const timing = await done;
      const checked = next<{ bytes: number; identical: boolean }>();
      // a failed check surfaces when it is awaited
      checked.catch(() => undefined);
      return { ...timing, checked };
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

function listen(handler: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const gzipAsync = promisify(gzip);

/** prom-client's way: the whole body from `registry.metrics()`, gzipped in one go when accepted. */
function promClientHandler(registry: Registry): RequestListener {
  return (req, res) => {
    void (async () => {
      const body = await registry.metrics();
      const zipped = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      res.writeHead(200, {
        'Content-Type': registry.contentType,
        ...(zipped ? { 'Content-Encoding': 'gzip' } : {}),
      });
      res.end(zipped ? await gzipAsync(body) : body);
    })();
  };
}

/** Longest garbage-collection pauses, from the `gc` performance entries. */
function startGcWatch(): { longestSince(start: number): Promise<number>; stop(): void } {
  const pauses: Array<{ start: number; ms: number }> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, ms: entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    async longestSince(start) {
      // entries are delivered asynchronously
      await new Promise((resolve) => setImmediate(resolve));
      const longest = Math.max(0, ...pauses.filter((p) => p.start >= start).map((p) => p.ms));
      pauses.length = 0;
      return longest;
    },
    stop: () => observer.disconnect(),
  };
}

/** The serving thread's time during its longest gap between two 1 ms ticks. */
interface GapAccount {
  readonly gapMs: number;
  /** On the CPU (our code, GC, the kernel on our behalf). */
  readonly runMs: number;
  /** Ready to run but waiting for a CPU the machine gave to other processes. */
  readonly waitMs: number;
}

/**
 * Linux only: reads the serving thread's scheduler statistics (`/proc/thread-self/schedstat`: ns on
 * the CPU, ns runnable but waiting) at every tick of a 1 ms interval and keeps them for the longest
 * gap, so a block can be told apart from a machine too busy to run the process. `undefined` where
 * the file cannot be read.
 */
function startGapAccount(): { stop(): GapAccount | undefined } | undefined {
  const read = (): [number, number] => {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return [Number(run) / 1e6, Number(wait) / 1e6];
  };
  try {
    read();
  } catch {
    return undefined;
  }
  let last = performance.now();
  let [lastRun, lastWait] = read();
  let longest: GapAccount | undefined;
  const timer = setInterval(() => {
    const now = performance.now();
    const [run, wait] = read();
    if (!longest || now - last > longest.gapMs) {
      longest = { gapMs: now - last, runMs: run - lastRun, waitMs: wait - lastWait };
    }
    last = now;
    lastRun = run;
    lastWait = wait;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return longest;
    },
  };
}

interface Sample {
  readonly ms: number;
  readonly blockMs: number;
  readonly gcMs: number;
  readonly gap?: GapAccount;
  readonly identical: boolean;
  readonly bytes: number;
  readonly wireBytes: number;
}

const HANDLERS = ['prom-client', 'obskit'] as const;
type HandlerVariant = (typeof HANDLERS)[number];
const ENCODINGS = ['identity', 'gzip'] as const;

/**
 * Scrape: obskit's real `/metrics` handler (`createMetricsHandler` of @obskit/middleware) on a
 * registry whose series live in metrics-core's store against a prom-client handler
 * (`res.end(await registry.metrics())`, gzipped in one go when accepted) on a registry of a plain
 * prom-client `Histogram` with the same series, each served by a node:http server on 127.0.0.1 in
 * this process and scraped over HTTP from a worker thread, plain and with `Accept-Encoding: gzip`:
 * time to the last byte, longest event-loop block and longest GC pause in the serving process,
 * bytes, and whether the body is prom-client's. Then the render alone (`renderExposition` joined
 * into one string against `registry.metrics()`).
 */
export async function runScrapeSuite(options: ScrapeSuiteOptions): Promise<SuiteResult> {
  const report: ScrapeReport = { rows: [], renderRows: [], goals: [], notes: [] };
  const client = startClient();
  const gc = startGcWatch();
  const largest = Math.max(...options.sizes);
  const clientTid = await client.tid;
  const cores = clientTid > 0 ? cpuPlan() : undefined;
  if (cores) {
    // The server (every thread of this process: the serving thread, V8's GC helpers, libuv's pool)
    // on one core, the scraping client's thread on the others, as Prometheus would scrape from
    // another machine.
    pin(process.pid, cores.server, true);
    pin(clientTid, cores.rest);
  }
  try {
    for (const size of options.sizes) {
      const prom = buildHistogramRegistry(size);
      const store = buildStoreRegistry(size);
      const expectedBody = await prom.metrics();
      // the store registry's own registry.metrics() (prom-client formatting the families' get())
      // must give the same bytes as well
      const storeOwnIdentical = (await store.metrics()) === expectedBody;
      if (!storeOwnIdentical) {
        report.notes.push(
          `At ${size} series the store registry's own registry.metrics() differs from the prom-client registry's.`,
        );
      }
      await client.expect(expectedBody);
      const registries: SizeRegistries = { size, prom, store, expectedBody, storeOwnIdentical };
      await measureScrapes(registries, { client, gc }, size === largest, options.rounds, report);
      await measureRenders(registries, options.rounds, report);
    }
  } finally {
    if (cores) pin(process.pid, cores.all, true);
    gc.stop();
    await client.close();
  }
  return scrapeResult(options, report, cores);
}

/** The rows, goals and notes the suite collects, size by size. */
interface ScrapeReport {
  readonly rows: string[][];
  readonly renderRows: string[][];
  readonly goals: GoalCheck[];
  readonly notes: string[];
}

/** The two registries of one size, the body both must give, and whether the store's own does. */
interface SizeRegistries {
  readonly size: number;
  readonly prom: Registry;
  readonly store: Registry;
  readonly expectedBody: string;
  readonly storeOwnIdentical: boolean;
}

interface ScrapeTools {
  readonly client: ScrapeClient;
  readonly gc: ReturnType<typeof startGcWatch>;
}

/** Serves both registries over HTTP and scrapes them alternately, plain and gzipped. */
async function measureScrapes(
  registries: SizeRegistries,
  { client, gc }: ScrapeTools,
  largest: boolean,
  rounds: number,
  report: ScrapeReport,
): Promise<void> {
  const servers = {
    'prom-client': await listen(promClientHandler(registries.prom)),
    obskit: await listen(createMetricsHandler({ registries: [registries.store], auth: false })),
  };
  const scrape = async (variant: HandlerVariant, zipped: boolean): Promise<Sample> => {
    collectGarbage();
    const probe = await startLoopProbe();
    const account = startGapAccount();
    const start = performance.now();
    const received = await client.get(servers[variant].port, zipped);
    const gap = account?.stop();
    const blockMs = await probe.stop();
    const gcMs = await gc.longestSince(start);
    const { bytes, identical } = await received.checked;
    return {
      ms: received.ms,
      blockMs,
      gap,
      gcMs,
      identical: received.status === 200 && identical,
      bytes,
      wireBytes: received.wireBytes,
    };
  };
  try {
    for (const encoding of ENCODINGS) {
      const zipped = encoding === 'gzip';
      for (const variant of HANDLERS) await scrape(variant, zipped);
      const samples = await runAlternating(HANDLERS, rounds, (v) => scrape(v, zipped));
      reportScrapes(registries, encoding, samples, largest, report);
    }
  } finally {
    await Promise.all([close(servers['prom-client'].server), close(servers.obskit.server)]);
  }
}

/** The row, goals and note of one size and encoding. */
function reportScrapes(
  { size, storeOwnIdentical }: SizeRegistries,
  encoding: (typeof ENCODINGS)[number],
  samples: Record<HandlerVariant, Sample[]>,
  largest: boolean,
  { rows, goals, notes }: ScrapeReport,
): void {
  const theirs = samples['prom-client'];
  const ours = samples.obskit;
  const identical = storeOwnIdentical && [...theirs, ...ours].every((s) => s.identical);
  const timeRatio = pairedRatio(
    ours.map((s) => s.ms),
    theirs.map((s) => s.ms),
  );
  const worstBlock = Math.max(...ours.map((s) => s.blockMs));
  const worstGap = ours
    .map((s) => s.gap)
    .reduce<GapAccount | undefined>((a, b) => (b && (!a || b.gapMs > a.gapMs) ? b : a), undefined);
  rows.push([
    String(size),
    encoding,
    fmt(median(theirs.map((s) => s.ms)), 1),
    fmt(median(ours.map((s) => s.ms)), 1),
    fmtRatio(timeRatio),
    fmt(median(theirs.map((s) => s.blockMs)), 1),
    fmt(median(ours.map((s) => s.blockMs)), 1),
    fmt(worstBlock, 1),
    worstGap ? `${fmt(worstGap.runMs, 1)} / ${fmt(worstGap.waitMs, 1)}` : 'n/a',
    fmt(Math.max(...ours.map((s) => s.gcMs)), 1),
    String(ours[0].bytes),
    String(ours[0].wireBytes),
    identical ? 'yes' : '**NO**',
  ]);
  goals.push({
    goal: `/metrics (${encoding}) time to last byte ≤ 1.0× prom-client's handler at ${size} series`,
    measured: fmtRatio(timeRatio),
    met: timeRatio <= 1,
  });
  goals.push({
    goal: `/metrics (${encoding}) body byte-identical to registry.metrics() at ${size} series`,
    measured: identical ? 'identical' : 'differs',
    met: identical,
  });
  if (largest) {
    goals.push({
      goal: `/metrics (${encoding}) blocks the event loop ≤ ${MAX_LOOP_BLOCK_MS} ms in every round while serving ${size} series`,
      measured: `${fmt(worstBlock, 1)} ms (worst of ${ours.length} rounds)`,
      met: worstBlock <= MAX_LOOP_BLOCK_MS,
      why: worstGap
        ? `Over by ${fmt(worstBlock - MAX_LOOP_BLOCK_MS, 1)} ms. During the worst gap (${fmt(worstGap.gapMs, 1)} ms) the serving thread ran on the CPU for ${fmt(worstGap.runMs, 1)} ms, waited ${fmt(worstGap.waitMs, 1)} ms for its core (taken by the server's other threads: GC, compiler) and slept the rest (waiting for those threads); the median round blocked ${fmt(median(ours.map((s) => s.blockMs)), 1)} ms and prom-client's handler ${fmt(median(theirs.map((s) => s.blockMs)), 1)} ms. The handler yields every 5 ms; what it cannot split is the copy of a family's list of series (one array) and a GC pause (longest ${fmt(Math.max(...ours.map((s) => s.gcMs)), 1)} ms).`
        : undefined,
    });
  }
  if (!identical) notes.push(`At ${size} series (${encoding}) a body differs from registry.metrics().`);
}

/** The render alone, joined into one string as renderExposition returns it, against registry.metrics(). */
async function measureRenders(
  { size, prom, store, expectedBody, storeOwnIdentical }: SizeRegistries,
  rounds: number,
  { renderRows, goals, notes }: ScrapeReport,
): Promise<void> {
  const renders = {
    'prom-client': () => prom.metrics(),
    obskit: async () => (await renderExposition([store])).body,
  } as const;
  const render = async (variant: HandlerVariant) => {
    collectGarbage();
    const probe = await startLoopProbe();
    const start = performance.now();
    const body = await renders[variant]();
    const ms = performance.now() - start;
    return { ms, blockMs: await probe.stop(), identical: body === expectedBody };
  };
  for (const variant of HANDLERS) await render(variant);
  const samples = await runAlternating(HANDLERS, rounds, render);
  const theirs = samples['prom-client'];
  const ours = samples.obskit;
  const identical = storeOwnIdentical && ours.every((s) => s.identical);
  const renderRatio = pairedRatio(
    ours.map((s) => s.ms),
    theirs.map((s) => s.ms),
  );
  renderRows.push([
    String(size),
    fmt(median(theirs.map((s) => s.ms)), 1),
    fmt(median(ours.map((s) => s.ms)), 1),
    fmtRatio(renderRatio),
    fmt(median(theirs.map((s) => s.blockMs)), 1),
    fmt(median(ours.map((s) => s.blockMs)), 1),
    fmt(Math.max(...ours.map((s) => s.blockMs)), 1),
    identical ? 'yes' : '**NO**',
  ]);
  goals.push({
    goal: `renderExposition ≤ 1.0× registry.metrics() at ${size} series`,
    measured: fmtRatio(renderRatio),
    met: renderRatio <= 1,
  });
  if (!identical) notes.push(`At ${size} series renderExposition differs from registry.metrics().`);
}

/** The suite's method (with how threads were pinned), its two tables, goals and notes. */
function scrapeResult(
  options: ScrapeSuiteOptions,
  { rows, renderRows, goals, notes }: ScrapeReport,
  cores: ReturnType<typeof cpuPlan>,
): SuiteResult {
  const pool = process.execArgv.find((a) => a.startsWith('--v8-pool-size'));
  const v8Pool = pool
    ? ` V8's background pool is sized to the server's one core (\`${pool}\`, the Nx target's flag; Node's default is 4 threads, which on one core take turns with the serving thread in 4 ms slices and stretched the worst gap at 50k series to 43–58 ms on this machine).`
    : " V8's background pool has Node's default size (4 threads; the Nx target runs with `--v8-pool-size=1`), which on the server's one core take turns with the serving thread.";
  const pinning = cores
    ? `${v8Pool} The server (every thread of the bench process: the serving thread, V8's GC helpers, libuv's pool) runs on core ${cores.server}, the client's worker thread on core${cores.rest.length > 1 ? 's' : ''} ${cores.rest} (taskset), as Prometheus would scrape from another machine.`
    : ' Threads were not pinned to cores (needs Linux, 2+ cores and taskset).';
  return {
    id: 'scrape',
    title: 'Scrape: /metrics over HTTP',
    method: `Two Registries per size, each holding that many series of \`${METRICS.http.serverRequestDuration.name}\` (${BUCKETS.httpDuration.length} buckets + +Inf, sum, count) filled with the same observations: obskit's holds a histogram family of metrics-core's series store (what obskit's metrics are: \`seriesStoreOf(registry).histogram\`, series filled as its guarded handles fill them), prom-client's a plain prom-client \`Histogram\`. Each handler is served by a node:http server on 127.0.0.1 in the bench process and scraped with http.get from a worker thread (which, once the last byte is in, gunzips the body and compares it with the prom-client registry's \`registry.metrics()\`, off the serving thread; the store registry's own \`registry.metrics()\` must give the same bytes too, checked once per size), without and with \`Accept-Encoding: gzip\`. ${options.rounds} alternating rounds per variant after a warm-up; medians, ratios are medians of per-round ratios. Longest event-loop block = longest gap between ticks of a 1 ms setInterval in the serving process from the request to the last byte received, minus 1 ms; longest GC pause from the \`gc\` performance entries of the same window. With --expose-gc (the Nx target) garbage is collected before each sample, outside the timed window, so no variant pays for another's garbage.${pinning}`,
    tables: [
      {
        columns: [
          'series',
          'encoding',
          'prom-client ms',
          'obskit ms',
          'obskit / prom-client',
          'prom-client max block ms',
          'obskit max block ms (median)',
          'obskit max block ms (worst)',
          'obskit worst gap: on CPU / waiting for CPU ms',
          'obskit longest GC pause ms',
          'body bytes',
          'wire bytes',
          'byte-identical',
        ],
        rows,
      },
      {
        columns: [
          'series',
          'registry.metrics() ms',
          'renderExposition ms',
          'renderExposition / registry.metrics()',
          'registry.metrics() max block ms',
          'renderExposition max block ms (median)',
          'renderExposition max block ms (worst)',
          'byte-identical',
        ],
        rows: renderRows,
      },
    ],
    goals,
    notes: [
      ...notes,
      "obskit = `createMetricsHandler` of @obskit/middleware (auth off) on the store registry: collects every family, then formats the store's families series by series, reading their series straight from the store, and writes pieces of at most 64 KiB to the socket (or a gzip stream) as they come, waiting for 'drain'; it lets the event loop run whenever 5 ms have passed. prom-client = `res.end(await registry.metrics())` on the registry of the plain prom-client Histogram, gzipped with zlib.gzip when accepted. An application's own prom-client metrics on the obskit registry are not measured here: obskit has prom-client format each of them whole (`registry.getSingleMetricAsString`) and writes that text in pieces.",
      'ms = time from the request to the last byte at the client, so it includes the transfer and, with gzip, the compression.',
      "worst gap: on CPU / waiting for CPU = the serving thread's time during the longest gap between ticks of a second 1 ms interval in the worst round, from /proc/thread-self/schedstat: time on the CPU is what the process did (handler, GC, socket writes), time waiting is the machine running other processes; the rest of the gap the thread slept (e.g. waiting for GC helper threads).",
      "The second table is the render alone: `renderExposition` of the store registry joins the pieces into one string (what the handler never does), against the prom-client registry's `registry.metrics()`.",
    ],
  };
}
