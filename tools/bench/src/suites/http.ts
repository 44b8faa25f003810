import { fork, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import autocannon from 'autocannon';
import { runAlternating } from '../harness/rounds.js';
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

function startVariant(childScript: string, variant: HttpVariant): Promise<RunningVariant> {
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
    return {
      rps: result.requests.total / (result.duration || options.seconds),
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

function pass(
  running: RunningVariant[],
  samples: Record<HttpVariant, LoadSample[]>,
): { table: string[][]; ratios: Record<HttpVariant, number> } {
  const ratios = {} as Record<HttpVariant, number>;
  const bare = samples.bare.map((s) => s.rps);
  for (const r of running)
    ratios[r.variant] = pairedRatio(
      samples[r.variant].map((s) => s.rps),
      bare,
    );
  const table = running.map((r) => {
    const s = samples[r.variant];
    return [
      LABEL[r.variant],
      fmt(median(s.map((x) => x.rps)), 0),
      fmtRatio(ratios[r.variant]),
      fmt(median(s.map((x) => x.p50)), 1),
      fmt(median(s.map((x) => x.p99)), 1),
      String(s.reduce((a, x) => a + x.errors, 0)),
    ];
  });
  return { table, ratios };
}

/**
 * HTTP throughput: bare Express against the obskit middleware, express-prom-bundle and the
 * OpenTelemetry instrumentations, each in its own child process, loaded in alternating rounds by
 * autocannon on loopback; once without and once with a scrape of /metrics every second.
 */
export async function runHttpSuite(options: HttpSuiteOptions): Promise<SuiteResult> {
  const running: RunningVariant[] = [];
  const tables: Table[] = [];
  const goals: GoalCheck[] = [];
  const notes: string[] = [];
  const columns = ['server', 'req/s (median)', 'vs bare', 'p50 ms', 'p99 ms', 'errors'];
  try {
    for (const variant of HTTP_VARIANTS) running.push(await startVariant(options.childScript, variant));
    const byName = Object.fromEntries(running.map((r) => [r.variant, r])) as Record<
      HttpVariant,
      RunningVariant
    >;
    // warm-up: JIT and connection set-up of every server before anything counts
    for (const r of running) await load(r, { ...options, seconds: Math.min(1, options.seconds) }, false);

    const passes: Array<{ scrape: boolean; title: string }> = [{ scrape: false, title: 'no scrape' }];
    if (options.withScrape ?? true) passes.push({ scrape: true, title: 'scrape of /metrics every second' });
    for (const p of passes) {
      const samples = await runAlternating(HTTP_VARIANTS, options.rounds, (v) =>
        load(byName[v], options, p.scrape),
      );
      const { table, ratios } = pass(running, samples);
      tables.push({ columns: [`${columns[0]} (${p.title})`, ...columns.slice(1)], rows: table });
      const obskit = ratios.obskit;
      const suffix = p.scrape ? ' (with scrapes)' : '';
      goals.push({
        goal: `middleware ≥ 0.97× bare Express${suffix}`,
        measured: fmtRatio(obskit),
        met: obskit >= 0.97,
      });
      const peers = (['prom-bundle', 'otel'] as const).map((v) => ratios[v]);
      goals.push({
        goal: `middleware ahead of every peer${suffix}`,
        measured: `obskit ${fmtRatio(obskit)}, prom-bundle ${fmtRatio(peers[0])}, OTel ${fmtRatio(peers[1])}`,
        met: peers.every((peer) => obskit > peer),
      });
    }
  } finally {
    killAll();
  }
  notes.push(
    `Each server runs in its own child process (the OTel instrumentations patch http/express globally); autocannon runs in the parent, ${options.connections} connections, no pipelining, GET ${BENCH_ROUTE} with ids cycling over 10 000 values. The load generator shares the 2 cores with the server, so absolute req/s is low and the ratios are what to read.`,
    'Bare Express has no /metrics: in the scrape pass it answers those requests with 404. The obskit server also serves prom-client default Node.js metrics (createMetrics default); express-prom-bundle and OTel serve only their HTTP metrics.',
    "What the obskit middleware does per request: one `close` listener and one small object; the route template is followed by accessors on the Express request prototype that keep their state in the slot of `req.baseUrl`, so neither `req` nor `res` gets a property (Express 5 re-prototypes every request, after which each added property is a new hidden class and each read misses V8's inline caches); in-flight requests are counted in integers and applied to the gauge when it is collected; the duration and response-size histograms are observed on series bound once per (route, status, method). Counted in instructions per request (valgrind, these servers driven in-process, default metrics off), an empty middleware plus the /metrics route adds ≈ 3 % to bare Express 5, the obskit middleware plus /metrics ≈ 4 %, express-prom-bundle ≈ 19 % and the OTel instrumentations ≈ 15 %; a few per cent of req/s between rounds is within the noise of this machine.",
  );
  return {
    id: 'http',
    title: 'HTTP throughput',
    method: `${options.rounds} alternating rounds of ${options.seconds} s per server and pass (order rotated and reversed between rounds), after a 1 s warm-up each; median req/s; "vs bare" is the median over rounds of req/s ÷ bare Express's req/s in the same round (the load of the shared machine drifts between rounds); median of the rounds' p50/p99 latency.`,
    tables,
    goals,
    notes,
  };
}
