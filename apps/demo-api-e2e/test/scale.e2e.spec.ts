import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from '@obskit/cli';
import { METRICS } from '@obskit/catalog';
import { buildDashboards, listPanelQueries, toLiveQuery } from '@obskit/dashboards';
import {
  buildMonitoringProfile,
  renderPrometheusConfig,
  SHARD_HASH_LABEL,
  type PrometheusConfig,
  type ScrapeConfig,
} from '@obskit/prometheus-config';
import {
  freePort,
  makeTempDir,
  promQuery,
  requireBinary,
  startAlertmanager,
  waitFor,
  type RunningServer,
  type TempDir,
} from '@obskit/testing';
import { e2eCostBudgetUsdPerDay } from './support/rules';
import { APP_JOB, DEMO_CONFIG } from './support/stack';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook';

// The scale profile live: two Prometheus 3 agents split four demo-api processes by hashmod and
// remote-write into VictoriaMetrics; vmalert evaluates the generated rules there and notifies a real
// Alertmanager.
jest.setTimeout(150_000);

const SHARDS = 2;
const TARGETS = 4;
const LOAD = 3;
const REPO = join(__dirname, '..', '..', '..');

/** Prometheus' hashmod: the last 8 bytes of the MD5 of the value, big-endian, modulo `modulus`. */
const hashmod = (value: string, modulus: number): number =>
  Number(createHash('md5').update(value).digest().readBigUInt64BE(8) % BigInt(modulus));

interface Proc {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, url: string, ready: string): Promise<Proc> {
  let log = '';
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (log += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (log += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return waitFor(
    `${bin} at ${url}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${bin} exited (${child.exitCode}):\n${log}`);
      return (await fetch(`${url}${ready}`).catch(() => undefined))?.ok === true;
    },
    30_000,
    250,
  ).then(
    () => ({ url, output: () => log, stop }),
    async (error: Error) => {
      await stop();
      throw new Error(`${error.message}\n${log}`, { cause: error });
    },
  );
}

/** An instant query at `time` (s): the series by their label set, NaN samples left out (see below). */
async function instant(url: string, expr: string, time: number): Promise<Map<string, number>> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}&time=${time}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data: {
      resultType: string;
      result: { metric: Record<string, string>; value: [number, string] }[] | [number, string];
    };
  };
  if (body.status !== 'success')
    throw new Error(`${url}: query "${expr}" failed: ${body.error ?? response.status}`);
  const rows =
    body.data.resultType === 'scalar'
      ? [{ metric: {}, value: body.data.result as [number, string] }]
      : (body.data.result as { metric: Record<string, string>; value: [number, string] }[]);
  const out = new Map<string, number>();
  for (const row of rows) {
    const value = Number(row.value[1]);
    // VictoriaMetrics leaves NaN out of its answers (MetricsQL); Prometheus returns it.
    if (Number.isNaN(value)) continue;
    // `cluster` is the external label the shards and vmalert add on the way to VictoriaMetrics; a
    // Prometheus server adds its external labels only on egress, never to its own query results.
    const labels = Object.entries(row.metric)
      .filter(([name]) => name !== 'cluster')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, v]) => `${name}=${JSON.stringify(v)}`)
      .join(',');
    out.set(`{${labels}}`, value);
  }
  return out;
}

const RELATIVE_TOLERANCE = 0.05;

/**
 * How VictoriaMetrics' answer differs from the reference's: `series` lists the label sets only one
 * side has, `values` those both have with values more than 5 % apart.
 */
function compareResults(
  want: Map<string, number>,
  got: Map<string, number>,
): { series: string[]; values: string[] } {
  const series: string[] = [];
  const values: string[] = [];
  for (const key of want.keys())
    if (!got.has(key)) series.push(`missing at VictoriaMetrics: ${key} ${want.get(key)}`);
  for (const key of got.keys())
    if (!want.has(key)) series.push(`only at VictoriaMetrics: ${key} ${got.get(key)}`);
  for (const [key, a] of want) {
    const b = got.get(key);
    if (b === undefined) continue;
    const scale = Math.max(Math.abs(a), Math.abs(b));
    if (scale > 0 && Math.abs(a - b) / scale > RELATIVE_TOLERANCE) values.push(`${key}: ${a} vs ${b}`);
  }
  return { series, values };
}

let temp: TempDir;
let webhook: WebhookReceiver;
let alertmanager: RunningServer;
const procs: Proc[] = [];
let vm: Proc;
let vmalert: Proc;
let shards: Proc[];
let demos: Proc[];
let reference: Proc;
let scrapeStarted = 0;
let started = 0;

beforeAll(async () => {
  started = Date.now();
  temp = await makeTempDir('obskit-scale-');
  webhook = await startWebhookReceiver();
  const amPort = await freePort();
  // The rule files and alertmanager.yml exactly as `obskit generate --profile e2e` writes them.
  const tree = join(temp.path, 'tree');
  await generate({
    config: DEMO_CONFIG,
    profile: 'e2e',
    out: tree,
    target: '127.0.0.1:1',
    prometheus: '127.0.0.1:2',
    alertmanager: `127.0.0.1:${amPort}`,
    webhookUrl: webhook.url,
    costBudgetUsdPerDay: e2eCostBudgetUsdPerDay(LOAD * TARGETS),
  });
  alertmanager = await startAlertmanager({
    config: readFileSync(join(tree, 'alertmanager', 'alertmanager.yml'), 'utf8'),
    port: amPort,
  });

  // Four demo processes on ports chosen so that hashmod puts two on each shard.
  const ports: number[] = [];
  const perShard = new Array<number>(SHARDS).fill(0);
  while (ports.length < TARGETS) {
    const port = await freePort();
    const shard = hashmod(`127.0.0.1:${port}`, SHARDS);
    if (perShard[shard] < TARGETS / SHARDS && !ports.includes(port)) {
      perShard[shard] += 1;
      ports.push(port);
    }
  }
  // Settled, not Promise.all: when one demo is not ready in time, the others that are must still be
  // stopped in afterAll (a demo left running keeps jest from exiting, and the CI run hangs).
  const launched = await Promise.allSettled(
    ports.map((port, i) =>
      run(
        process.execPath,
        [join(REPO, 'apps', 'demo-api', 'dist', 'main.js')],
        {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          DEMO_LOAD: String(LOAD),
          DEMO_SEED: String(20_260_101 + i),
          DATABASE_PATH: join(temp.path, `demo-${i}.sqlite`),
          OBSKIT_LOG: 'silent',
        },
        `http://127.0.0.1:${port}`,
        '/metrics',
      ),
    ),
  );
  demos = launched.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  procs.push(...demos);
  const failed = launched.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const targets = ports.map((p) => `127.0.0.1:${p}`);
  const services = [{ name: APP_JOB, targets: { static: targets } }];

  const vmPort = await freePort();
  vm = await run(
    requireBinary('victoria-metrics'),
    [
      `-httpListenAddr=127.0.0.1:${vmPort}`,
      `-storageDataPath=${join(temp.path, 'vm')}`,
      '-search.latencyOffset=1s',
    ],
    process.env,
    `http://127.0.0.1:${vmPort}`,
    '/health',
  );
  procs.push(vm);

  const shardPorts = [await freePort(), await freePort()];
  const profile = buildMonitoringProfile('scale', {
    services,
    shards: SHARDS,
    scrapeInterval: '1s',
    scrapeTimeout: '1s',
    evaluationInterval: '1s',
    victoriaMetricsUrl: vm.url,
    alertmanagerTargets: [`127.0.0.1:${amPort}`],
    shardTargets: shardPorts.map((p) => `127.0.0.1:${p}`),
    ruleFiles: [join(tree, 'prometheus', 'rules', '*.yml')],
  });
  // The reference: one Prometheus 3.5.3 server scraping exactly the shards' targets (their scrape
  // configs without the hashmod `keep` step, the shards' self targets together) and evaluating the same
  // rule files. Same external labels and same target labels (the hash label included) give it the
  // shards' scrape offsets, so both sides sample the targets within milliseconds of each other.
  const [first] = profile.prometheus;
  const unsharded = (job: ScrapeConfig): ScrapeConfig => ({
    ...job,
    relabel_configs: job.relabel_configs?.filter(
      (r) => !(r.action === 'keep' && r.source_labels?.includes(SHARD_HASH_LABEL)),
    ),
  });
  const selfTargets = profile.prometheus.flatMap(
    (p) =>
      p.config.scrape_configs
        ?.filter((j) => j.job_name === 'prometheus')
        .flatMap((j) => j.static_configs?.flatMap((c) => c.targets) ?? []) ?? [],
  );
  const referenceConfig: PrometheusConfig = {
    global: { ...first.config.global, evaluation_interval: '1s' },
    rule_files: [join(tree, 'prometheus', 'rules', '*.yml')],
    scrape_configs: first.config.scrape_configs?.map((job) =>
      job.job_name === 'prometheus' ? { ...job, static_configs: [{ targets: selfTargets }] } : unsharded(job),
    ),
  };
  const referenceFile = join(temp.path, 'reference.yml');
  await writeFile(referenceFile, renderPrometheusConfig(referenceConfig));
  const referencePort = await freePort();

  shards = await Promise.all(
    profile.prometheus.map(async (instance, i) => {
      const file = join(temp.path, `${instance.name}.yml`);
      // A 1 s batch deadline so the test need not wait 5 s per batch.
      const config = {
        ...instance.config,
        remote_write: instance.config.remote_write?.map((w) => ({
          ...w,
          queue_config: { ...w.queue_config, batch_send_deadline: '1s' as const },
        })),
      };
      await writeFile(file, renderPrometheusConfig(config, { mode: 'agent' }));
      return run(
        requireBinary('prometheus'),
        [
          `--config.file=${file}`,
          `--storage.agent.path=${join(temp.path, instance.name)}`,
          `--web.listen-address=127.0.0.1:${shardPorts[i]}`,
          ...instance.args,
        ],
        process.env,
        `http://127.0.0.1:${shardPorts[i]}`,
        '/-/ready',
      );
    }),
  );
  procs.push(...shards);
  reference = await run(
    requireBinary('prometheus'),
    [
      `--config.file=${referenceFile}`,
      `--storage.tsdb.path=${join(temp.path, 'reference')}`,
      `--web.listen-address=127.0.0.1:${referencePort}`,
    ],
    process.env,
    `http://127.0.0.1:${referencePort}`,
    '/-/ready',
  );
  procs.push(reference);
  scrapeStarted = Date.now();

  const vmalertPort = await freePort();
  vmalert = await run(
    requireBinary('vmalert'),
    [
      ...(profile.victoriaMetrics?.vmalertArgs ?? []),
      `-httpListenAddr=127.0.0.1:${vmalertPort}`,
      // VictoriaMetrics answers up to -search.latencyOffset (1 s here) ago; evaluate that far back.
      '-rule.evalDelay=1s',
      '-remoteWrite.flushInterval=1s',
    ],
    process.env,
    `http://127.0.0.1:${vmalertPort}`,
    '/health',
  );
  procs.push(vmalert);
}, 120_000);

afterAll(async () => {
  for (const p of procs.reverse()) await p.stop().catch(() => undefined);
  await alertmanager?.stop().catch(() => undefined);
  await webhook?.close();
  await temp?.cleanup();
  console.log(`scale spec: ${Math.round((Date.now() - started) / 1000)} s`);
}, 60_000);

describe('the scale profile: hashmod agent shards → VictoriaMetrics, vmalert → Alertmanager', () => {
  it('splits the four targets two and two across the shards, and VictoriaMetrics holds the series of all four', async () => {
    let active: string[][] = [];
    await waitFor(
      'each shard to list its targets',
      async () => {
        active = await Promise.all(
          shards.map(async (s) => {
            const body = (await (await fetch(`${s.url}/api/v1/targets`)).json()) as {
              data: { activeTargets: { labels: Record<string, string> }[] };
            };
            return body.data.activeTargets
              .filter((t) => t.labels['job'] === APP_JOB)
              .map((t) => t.labels['instance']);
          }),
        );
        return active.every((a) => a.length > 0);
      },
      30_000,
      500,
    ).catch(() => undefined);
    expect(active.map((a) => a.length)).toEqual([2, 2]);
    // VictoriaMetrics holds the series of every target, whichever shard scraped it.
    const seriesPerInstance = async () =>
      new Map(
        (await promQuery(vm.url, `count by (instance) ({job="${APP_JOB}"})`)).map((x) => [
          x.metric['instance'],
          Number(x.value[1]),
        ]),
      );
    let perInstance = new Map<string, number>();
    await waitFor(
      'VictoriaMetrics to hold the series of the four targets',
      async () => {
        perInstance = await seriesPerInstance();
        return active.flat().every((i) => (perInstance.get(i) ?? 0) > 100);
      },
      60_000,
      1_000,
    ).catch(() => undefined);
    expect(active.flat().map((i) => [i, (perInstance.get(i) ?? 0) > 100])).toEqual(
      active.flat().map((i) => [i, true]),
    );
    console.log(`series per target at VictoriaMetrics: ${JSON.stringify(Object.fromEntries(perInstance))}`);
  });

  it('writes the recording rules into VictoriaMetrics through vmalert, and answers the GenAI p95 there', async () => {
    // A rate needs two samples of a bucket that moved: on a loaded machine the first GenAI calls of
    // the demos may land in VictoriaMetrics only a few scrapes after their series did (test above).
    const expr = `histogram_quantile(0.95, sum by (le) (rate(${METRICS.genai.clientOperationDuration.name}_bucket[1m])))`;
    let p95: Awaited<ReturnType<typeof promQuery>> = [];
    await waitFor(
      'VictoriaMetrics to answer the GenAI p95',
      async () => {
        p95 = await promQuery(vm.url, expr);
        return p95.length === 1 && Number(p95[0].value[1]) > 0;
      },
      30_000,
      1_000,
    ).catch(() => undefined);
    expect(p95.length).toBe(1);
    expect(Number(p95[0].value[1])).toBeGreaterThan(0);
    // Recording rules (names with a `:`) evaluated by vmalert and written back into VictoriaMetrics.
    let recorded = 0;
    await waitFor(
      'vmalert to write recording rules into VictoriaMetrics',
      async () => {
        recorded = (await promQuery(vm.url, 'count by (__name__) ({__name__=~".+:.+"})')).length;
        return recorded > 10;
      },
      45_000,
      1_000,
    ).catch(() => undefined);
    console.log(`recording rules written by vmalert: ${recorded}`);
    expect(recorded).toBeGreaterThan(10);
  }, 90_000);

  it('answers with data through VictoriaMetrics every dashboard query and recording rule the reference Prometheus answers', async () => {
    // Every series name the reference's recording rules write (as its /api/v1/rules lists them).
    const groups = (
      (await (await fetch(`${reference.url}/api/v1/rules?type=record`)).json()) as {
        data: { groups: { rules: { name: string }[] }[] };
      }
    ).data.groups;
    const records = [...new Set(groups.flatMap((g) => g.rules.map((r) => r.name)))];
    expect(records.length).toBeGreaterThan(10);
    const queries = [
      ...listPanelQueries(buildDashboards()).map((q) => ({
        name: `${q.dashboardUid} / ${q.panelTitle} / ${q.refId}`,
        expr: toLiveQuery(q.expr, { rateInterval: '30s', interval: '15s', range: '30s', dropOffsets: true }),
      })),
      ...records.map((r) => ({ name: `record ${r}`, expr: r })),
    ];
    // Both sides settled: a few seconds back (VictoriaMetrics' 1 s latency offset, the 1 s remote-write
    // and vmalert flush deadlines), with more history than the 30 s dashboard windows.
    await waitFor('45 s of shared history', async () => Date.now() - scrapeStarted > 45_000, 60_000, 500);
    // Each query at one instant a few seconds back, on the reference and on VictoriaMetrics.
    const askBoth = (asked: typeof queries) => {
      const at = Math.floor(Date.now() / 1000) - 5;
      return Promise.all(
        asked.map(async (q) => {
          const [want, got] = await Promise.all([
            instant(reference.url, q.expr, at),
            instant(vm.url, q.expr, at),
          ]);
          return { ...q, want, got };
        }),
      );
    };
    const results = await askBoth(queries);
    const report = results.map((r) => compareResults(r.want, r.got));
    const sameValues = report.filter((r) => r.series.length === 0 && r.values.length === 0).length;
    console.log(`queries answered alike (same series, values within 5 %): ${sameValues}/${results.length}`);
    console.log(
      results
        .map((r, i) => {
          const problems = [...report[i].series, ...report[i].values];
          return problems.length ? `${r.name}: ${r.expr}\n  ${problems.join('\n  ')}` : '';
        })
        .filter(Boolean)
        .join('\n'),
    );
    // What a Grafana on VictoriaMetrics needs: every query the reference answers with data is answered
    // with data there too, and every recording rule vmalert writes back exists. The values are not held
    // to the reference's: MetricsQL's rate/increase do not extrapolate to the window's edges as
    // Prometheus does, the reference scrapes the targets at its own moments (scrape_duration_seconds,
    // counters a few samples apart) and vmalert evaluates the rules at other instants, all over 45 s of
    // history read through 30 s windows. The log above lists each difference (#17: left open).
    // On a loaded machine a query can find VictoriaMetrics a scrape or a vmalert evaluation behind at
    // that instant; such a query is asked again (both sides, a later instant) a few times before it
    // counts as unanswered.
    let empty = results.filter((r) => r.want.size > 0 && r.got.size === 0);
    for (let round = 1; empty.length > 0 && round <= 4; round++) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const again = await askBoth(empty);
      console.log(
        `round ${round}: ${empty.length} queries asked again, ${again.filter((r) => r.got.size > 0).length} answered`,
      );
      empty = again.filter((r) => r.want.size > 0 && r.got.size === 0);
    }
    expect(empty.map((r) => `${r.name}: ${r.expr}`)).toEqual([]);
  }, 120_000);

  it('fires a scenario alert through vmalert into the Alertmanager, which reaches the webhook', async () => {
    for (const d of demos)
      expect((await fetch(`${d.url}/scenarios/error-burst`, { method: 'POST' })).status).toBe(201);
    try {
      await waitFor(
        'ObskitHttpHighErrorRate to reach the webhook from vmalert',
        async () => webhook.received('ObskitHttpHighErrorRate', 'firing'),
        // ≈ 40 s on an idle machine (the rule's `for`, vmalert's and Alertmanager's group waits).
        100_000,
        1_000,
      );
    } finally {
      for (const d of demos) await fetch(`${d.url}/scenarios/error-burst`, { method: 'DELETE' });
    }
    const fired = webhook.alerts().find((a) => a.labels['alertname'] === 'ObskitHttpHighErrorRate');
    // vmalert's external label says who evaluated it.
    expect(fired?.labels['cluster']).toBe('scale');
    expect(fired?.labels['job']).toBe(APP_JOB);
  }, 130_000);
});
