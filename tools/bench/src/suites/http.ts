import { fork, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import autocannon from 'autocannon';
import { cpuPlan, pin, processCpuMs, type CpuPlan } from '../harness/cpu.js';
import { roundOrder, runAlternating } from '../harness/rounds.js';
import { fmt, fmtRatio, median, pairedRatio } from '../harness/stats.js';
import type { GoalCheck, SuiteResult, Table } from '../harness/table.js';
import { BENCH_ROUTE, HTTP_VARIANTS, METRICS_PATH, type HttpVariant } from './http-server.js';

/** Options of {@link runHttpSuite}. */
export interface HttpSuiteOptions {
  /** Seconds of load per round. */
  readonly seconds: number;
  readonly rounds: number;
  readonly connections: number;
  /** The built child entry (dist/child.js). */
  readonly childScript: string;
  /** Also run the pass with a scrape of /metrics every second. @defaultValue true */
  readonly withScrape?: boolean;
}

interface LoadSample {
  readonly rps: number;
  /** Requests served per second of the server's CPU time (all its threads): its throughput on a core of its own. */
  readonly perCpuSecond: number;
  /** The server's CPU time per request, in µs. */
  readonly cpuUs: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly scrapes: number;
}

interface RunningVariant {
  readonly variant: HttpVariant;
  readonly port: number;
  readonly child: ChildProcess;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;
function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

function startVariant(
  childScript: string,
  variant: HttpVariant,
  cores: CpuPlan | undefined,
): Promise<RunningVariant> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAll);
  }
  return new Promise((resolve, reject) => {
    const child = fork(childScript, ['http', variant], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(child);
    const timer = setTimeout(() => reject(new Error(`${variant} server did not start in 20 s`)), 20_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      // every thread of the server, and those it starts later, on the server core
      if (cores && child.pid !== undefined) pin(child.pid, cores.server, true);
      resolve({ variant, port: (m as { port: number }).port, child });
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${variant} server exited with code ${code}`));
    });
  });
}

function scrapeOnce(port: number): Promise<void> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: METRICS_PATH }, (res) => {
      res.resume();
      res.on('end', resolve);
      res.on('error', () => resolve());
    });
    req.on('error', () => resolve());
  });
}

async function load(target: RunningVariant, options: HttpSuiteOptions, scrape: boolean): Promise<LoadSample> {
  let n = 0;
  let scrapes = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const scraper = scrape
    ? setInterval(() => {
        scrapes++;
        inFlight = scrapeOnce(target.port);
      }, 1000)
    : undefined;
  const pid = target.child.pid ?? -1;
  const cpuBefore = processCpuMs(pid);
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${target.port}`,
      connections: options.connections,
      pipelining: 1,
      duration: options.seconds,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: BENCH_ROUTE.replace(':id', String(n++ % 10_000)) }),
        },
      ],
    });
    const cpuMs = processCpuMs(pid) - cpuBefore;
    const requests = result.requests.total;
    return {
      rps: requests / (result.duration || options.seconds),
      perCpuSecond: cpuMs > 0 ? requests / (cpuMs / 1000) : Number.NaN,
      cpuUs: requests > 0 ? (cpuMs * 1000) / requests : Number.NaN,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      scrapes,
    };
  } finally {
    if (scraper) clearInterval(scraper);
    await inFlight;
  }
}

const LABEL: Record<HttpVariant, string> = {
  bare: 'bare Express 5',
  obskit: 'obskit middleware + /metrics',
  'prom-bundle': 'express-prom-bundle 8 (includePath)',
  otel: 'OTel instrumentation-http + -express, exporter-prometheus',
};

/** The goal: the middleware keeps at least this share of bare Express's throughput. */
export const MIN_MIDDLEWARE_RATIO = 0.97;

const PEERS = ['prom-bundle', 'otel'] as const;
const INSTRUMENTED = ['obskit', ...PEERS] as const;
type Instrumented = (typeof INSTRUMENTED)[number];

/**
 * Where the middleware's CPU per request goes, from side-by-side ablations on this kind of machine
 * (2026-11-27, each ±2 %); a run does not re-measure it.
 */
const WHERE_IT_GOES =
  'Where it goes (side-by-side ablations on this machine, 2026-11-27, each ±2 %, not re-measured by this run): Express dispatching to one more middleware layer ≈ 2 %, a listener for the end of the response ≈ 2 %, following the route template through the routers and the recording ≈ 3–4 %. Tried and dropped: request state in a symbol property on `req` or in a WeakMap with a patched `res.end`, and `diagnostics_channel` in place of the listener, each ≈ 4 % (Express 5 re-prototypes every request, so any property added to it is slow); body-size histograms are now opt-in (≈ 2 %).';

/** Per-variant ratios to bare Express: of req/s and of requests per CPU-second. */
interface Ratios {
  readonly rps: Record<HttpVariant, number>;
  readonly perCpu: Record<HttpVariant, number>;
}

function row(label: string, s: readonly LoadSample[], ratios: Ratios, v: HttpVariant): string[] {
  return [
    label,
    fmt(median(s.map((x) => x.rps)), 0),
    fmtRatio(ratios.rps[v]),
    fmt(median(s.map((x) => x.cpuUs)), 0),
    fmtRatio(ratios.perCpu[v]),
    fmt(median(s.map((x) => x.p50)), 1),
    fmt(median(s.map((x) => x.p99)), 1),
    String(s.reduce((a, x) => a + x.errors, 0)),
  ];
}

const COLUMNS = [
  'req/s (median)',
  'req/s vs bare',
  'server CPU µs/req',
  'req per CPU-s vs bare',
  'p50 ms',
  'p99 ms',
  'errors',
];

/** One server at a time, in alternating rounds: absolute req/s and latency. */
async function sequentialPass(
  byName: Record<HttpVariant, RunningVariant>,
  options: HttpSuiteOptions,
  scrape: boolean,
): Promise<string[][]> {
  const samples = await runAlternating(HTTP_VARIANTS, options.rounds, (v) =>
    load(byName[v], options, scrape),
  );
  const of = (pick: (s: LoadSample) => number) =>
    Object.fromEntries(
      HTTP_VARIANTS.map((v) => [v, pairedRatio(samples[v].map(pick), samples.bare.map(pick))]),
    ) as Record<HttpVariant, number>;
  const ratios = { rps: of((s) => s.rps), perCpu: of((s) => s.perCpuSecond) };
  return HTTP_VARIANTS.map((v) => row(LABEL[v], samples[v], ratios, v));
}

/**
 * Each instrumented server side by side with bare Express: both loaded at once, by two autocannon
 * instances, on the same core, so that both see the same machine at the same moment; the one that
 * costs more CPU per request serves fewer of them. Rounds swap which load starts first.
 */
async function sideBySidePass(
  byName: Record<HttpVariant, RunningVariant>,
  options: HttpSuiteOptions,
  scrape: boolean,
): Promise<{
  rows: string[][];
  ratios: Ratios;
  cpuUs: Record<Instrumented, { ours: number; bare: number }>;
}> {
  const rps = { bare: 1 } as Record<HttpVariant, number>;
  const perCpu = { bare: 1 } as Record<HttpVariant, number>;
  const rows: string[][] = [];
  const bareSamples: LoadSample[] = [];
  const pairs: Array<{ v: Instrumented; samples: LoadSample[] }> = [];
  const cpuUs = {} as Record<Instrumented, { ours: number; bare: number }>;
  for (const v of INSTRUMENTED) {
    const ours: LoadSample[] = [];
    const bare: LoadSample[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = roundOrder<HttpVariant>(['bare', v], round);
      const [first, second] = await Promise.all(order.map((name) => load(byName[name], options, scrape)));
      const [b, o] = order[0] === 'bare' ? [first, second] : [second, first];
      bare.push(b);
      ours.push(o);
    }
    rps[v] = pairedRatio(
      ours.map((s) => s.rps),
      bare.map((s) => s.rps),
    );
    perCpu[v] = pairedRatio(
      ours.map((s) => s.perCpuSecond),
      bare.map((s) => s.perCpuSecond),
    );
    cpuUs[v] = { ours: median(ours.map((s) => s.cpuUs)), bare: median(bare.map((s) => s.cpuUs)) };
    bareSamples.push(...bare);
    pairs.push({ v, samples: ours });
  }
  const ratios = { rps, perCpu };
  rows.push(row(`${LABEL.bare} (every pair)`, bareSamples, ratios, 'bare'));
  for (const { v, samples } of pairs) rows.push(row(LABEL[v], samples, ratios, v));
  return { rows, ratios, cpuUs };
}

/**
 * HTTP throughput: bare Express against the obskit middleware, express-prom-bundle and the
 * OpenTelemetry instrumentations, each in its own child process on a core of its own, loaded by
 * autocannon on loopback from the other cores; one server at a time in alternating rounds, then each
 * instrumented server side by side with bare Express; without and with a scrape of /metrics every
 * second.
 */
export async function runHttpSuite(options: HttpSuiteOptions): Promise<SuiteResult> {
  const running: RunningVariant[] = [];
  const tables: Table[] = [];
  const goals: GoalCheck[] = [];
  const notes: string[] = [];
  const cores = cpuPlan();
  if (cores) pin(process.pid, cores.rest, true);
  try {
    for (const variant of HTTP_VARIANTS)
      running.push(await startVariant(options.childScript, variant, cores));
    const byName = Object.fromEntries(running.map((r) => [r.variant, r])) as Record<
      HttpVariant,
      RunningVariant
    >;
    // warm-up: JIT and connection set-up of every server before anything counts
    for (const r of running) await load(r, { ...options, seconds: Math.min(1, options.seconds) }, false);

    const passes: Array<{ scrape: boolean; title: string }> = [{ scrape: false, title: 'no scrape' }];
    if (options.withScrape ?? true) passes.push({ scrape: true, title: 'scrape of /metrics every second' });
    for (const p of passes) {
      const rows = await sequentialPass(byName, options, p.scrape);
      tables.push({ columns: [`server, one at a time (${p.title})`, ...COLUMNS], rows });
    }
    for (const p of passes) {
      const { rows, ratios, cpuUs } = await sideBySidePass(byName, options, p.scrape);
      tables.push({ columns: [`server, side by side with bare Express (${p.title})`, ...COLUMNS], rows });
      const suffix = p.scrape ? ', with scrapes' : '';
      const obskit = ratios.perCpu.obskit;
      goals.push({
        goal: `middleware ≥ ${MIN_MIDDLEWARE_RATIO}× bare Express (side by side, req per CPU-second${suffix})`,
        measured: `${fmtRatio(obskit)} (req/s ${fmtRatio(ratios.rps.obskit)})`,
        met: obskit >= MIN_MIDDLEWARE_RATIO,
        why: `Short by ${fmt((MIN_MIDDLEWARE_RATIO - obskit) * 100, 0)} points: side by side, the obskit server needed ${fmt((1 / obskit - 1) * 100, 0)} % more CPU per request than bare Express in the median round (medians over the rounds: ${fmt(cpuUs.obskit.ours, 0)} µs against ${fmt(cpuUs.obskit.bare, 0)} µs). ${WHERE_IT_GOES}`,
      });
      goals.push({
        goal: `middleware ahead of every peer (side by side${suffix})`,
        measured: `obskit ${fmtRatio(obskit)}, prom-bundle ${fmtRatio(ratios.perCpu['prom-bundle'])}, OTel ${fmtRatio(ratios.perCpu.otel)}`,
        met: PEERS.every((peer) => obskit > ratios.perCpu[peer]),
      });
    }
  } finally {
    killAll();
    if (cores) pin(process.pid, cores.all, true);
  }
  const where = cores
    ? `Each server runs in its own child process (the OTel instrumentations patch http/express globally), pinned with all its threads to core ${cores.server}; autocannon runs in the parent, pinned to core${cores.rest.length > 1 ? 's' : ''} ${cores.rest}`
    : 'Each server runs in its own child process (the OTel instrumentations patch http/express globally); autocannon runs in the parent, sharing the cores with the server (threads could not be pinned: needs Linux, 2+ cores and taskset)';
  notes.push(
    `${where}; ${options.connections} connections per server, no pipelining, GET ${BENCH_ROUTE} with ids cycling over 10 000 values.`,
    'One at a time: absolute req/s and latency; the ratios compare rounds taken seconds apart, and the speed of this virtual machine drifts by ±15 % between them. Side by side: bare Express and one instrumented server loaded at once on the same core, so both see the same machine at the same moment, and the goals are read there. "req per CPU-second" is requests served per second of the server\'s CPU time (all threads, from /proc): its throughput on a core of its own, which does not depend on how the scheduler split the shared core (req/s does).',
    'Bare Express has no /metrics: in the scrape passes it answers those requests with 404. The obskit server also serves prom-client default Node.js metrics (createMetrics default); express-prom-bundle and OTel serve only their HTTP metrics.',
    "What the obskit middleware does per request: one `close` listener and one small object; the route template is followed by accessors on the Express request prototype that keep their state in the slot of `req.baseUrl`, so neither `req` nor `res` gets a property (Express 5 re-prototypes every request, after which each added property is a new hidden class and each read misses V8's inline caches); in-flight requests are counted in integers and applied to the gauge when it is collected; the duration histogram is observed on a series bound once per (route, status, method) (body sizes are opt-in and off here, as by default).",
  );
  return {
    id: 'http',
    title: 'HTTP throughput',
    method: `${options.rounds} rounds of ${options.seconds} s per server or pair and pass (order rotated and reversed between rounds), after a 1 s warm-up each; medians; "vs bare" is the median over rounds of the ratio to bare Express in the same round; median of the rounds' p50/p99 latency.`,
    tables,
    goals,
    notes,
  };
}
