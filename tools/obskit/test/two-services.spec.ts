import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { renderDeploymentTree, type DeploymentService } from '@obskit/provisioning';
import {
  freePort,
  makeTempDir,
  promQuery,
  startAlertmanager,
  startPrometheus,
  waitFor,
  type RunningServer,
  type TempDir,
} from '@obskit/testing';

jest.setTimeout(240_000);

const SERVER = join(__dirname, 'fixtures/two-services/server.mjs');

interface Service {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
}

async function startService(env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  let log = '';
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (log += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (log += c));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `the fixture service on ${url}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`the fixture service exited: ${log}`);
      return (await fetch(`${url}/work`)).status === 200;
    },
    30_000,
  );
  return { url, child, output: () => log };
}

async function stopService(service: Service | undefined): Promise<void> {
  if (!service || service.child.exitCode !== null || service.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => service.child.once('exit', () => resolve()));
  service.child.kill('SIGTERM');
  await exited;
}

/** What Alertmanager POSTed to the webhook, by path. */
interface Received {
  readonly path: string;
  readonly alerts: { labels: Record<string, string> }[];
}

async function startWebhook(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { alerts: { labels: Record<string, string> }[] };
      received.push({ path: req.url ?? '', alerts: parsed.alerts });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/**
 * Two services of a project that is not the demo: orders-api serves its metrics at /api/metrics behind a
 * bearer token, agent-worker at /metrics. The Prometheus config and the (e2e-scaled) rules come from
 * renderDeploymentTree with these services; the servers, Prometheus and the rules are all real.
 */
describe('two services on one real Prometheus', () => {
  let temp: TempDir;
  let orders: Service | undefined;
  let worker: Service | undefined;
  let prometheus: RunningServer | undefined;
  let alertmanager: RunningServer | undefined;
  let webhook: Awaited<ReturnType<typeof startWebhook>> | undefined;
  let load: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    temp = await makeTempDir('obskit-two-services-');
    const tokenFile = join(temp.path, 'orders-metrics-token');
    await writeFile(tokenFile, `${randomBytes(16).toString('hex')}\n`);
    orders = await startService({ METRICS_PATH: '/api/metrics', TOKEN_FILE: tokenFile });
    worker = await startService({});
    const services: DeploymentService[] = [
      {
        name: 'orders-api',
        team: 'payments',
        targets: { static: [orders.url.replace('http://', '')] },
        metricsPath: '/api/metrics',
        auth: { bearerTokenFile: tokenFile },
      },
      { name: 'agent-worker', targets: { static: [worker.url.replace('http://', '')] } },
    ];
    webhook = await startWebhook();
    const [promPort, amPort] = [await freePort(), await freePort()];
    const tree = renderDeploymentTree({
      profile: 'e2e',
      services,
      prometheus: `127.0.0.1:${promPort}`,
      alertmanager: `127.0.0.1:${amPort}`,
      webhookUrl: `${webhook.url}/unused`,
      // orders-api's alerts go to its team's receiver, everything else to the default one.
      notifications: {
        receivers: [
          { name: 'payments', webhook: { url: `${webhook.url}/payments` } },
          { name: 'everyone', webhook: { url: `${webhook.url}/everyone` } },
        ],
        routes: [{ receiver: 'payments', service: 'orders-api' }],
        defaultReceiver: 'everyone',
        groupWait: '1s',
        groupInterval: '1s',
        repeatInterval: '1h',
      },
    });
    alertmanager = await startAlertmanager({ port: amPort, config: tree['alertmanager/alertmanager.yml'] });
    const rules = Object.fromEntries(
      Object.entries(tree)
        .filter(([path]) => path.startsWith('prometheus/rules/'))
        .map(([path, content]) => [path.slice('prometheus/'.length), content]),
    );
    prometheus = await startPrometheus({
      port: promPort,
      config: tree['prometheus/prometheus.yml'],
      files: rules,
    });
    // Steady traffic on both services, so each has a request rate to take an error ratio of.
    const targets = [orders, worker];
    load = setInterval(() => {
      for (const service of targets) void fetch(`${service.url}/work`).catch(() => undefined);
    }, 50);
  });

  afterAll(async () => {
    if (load) clearInterval(load);
    await prometheus?.stop();
    await alertmanager?.stop();
    if (webhook) await new Promise((resolve) => webhook?.server.close(resolve));
    await stopService(orders);
    await stopService(worker);
    await temp?.cleanup();
  });

  it('scrapes both targets, the one behind the bearer token with the token read from its file', async () => {
    if (!prometheus || !orders) throw new Error('the stack did not start');
    // Without the token, orders-api refuses its metrics: an up of 1 proves Prometheus sent it.
    expect((await fetch(`${orders.url}/api/metrics`)).status).toBe(401);
    const url = prometheus.url;
    const up = await waitFor(
      'both services to be up',
      async () => {
        const samples = await promQuery(url, 'up{job=~"orders-api|agent-worker"} == 1');
        return samples.length === 2 ? samples : undefined;
      },
      60_000,
    );
    expect(up.map((s) => s.metric.job).sort()).toEqual(['agent-worker', 'orders-api']);
  });

  it("fires the error-rate alert with the failing service's job, and not the other's", async () => {
    if (!prometheus || !orders) throw new Error('the stack did not start');
    // One request in two to orders-api's /work now fails.
    expect((await fetch(`${orders.url}/fail-ratio?value=0.5`, { method: 'POST' })).status).toBe(204);
    const url = prometheus.url;
    const firing = await waitFor(
      'ObskitHttpHighErrorRate to fire',
      async () => {
        const samples = await promQuery(
          url,
          'ALERTS{alertname="ObskitHttpHighErrorRate", alertstate="firing"}',
        );
        return samples.length > 0 ? samples : undefined;
      },
      150_000,
    );
    expect(firing.map((s) => s.metric.job)).toEqual(['orders-api']);
    // agent-worker has traffic too (so the rule has its ratio) and no alert of its own.
    expect(
      await promQuery(
        url,
        'sum by (job) (rate(http_server_request_duration_seconds_count{job="agent-worker"}[20s])) > 0',
      ),
    ).toHaveLength(1);
    expect(await promQuery(url, 'ALERTS{alertname="ObskitHttpHighErrorRate", job="agent-worker"}')).toEqual(
      [],
    );
  });

  it("routes the alert to orders-api's receiver through the real Alertmanager", async () => {
    if (!webhook) throw new Error('the stack did not start');
    const received = webhook.received;
    const isErrorRate = (a: { labels: Record<string, string> }) =>
      a.labels.alertname === 'ObskitHttpHighErrorRate';
    const delivered = await waitFor(
      'Alertmanager to notify the payments receiver',
      async () => {
        const hit = received.filter((r) => r.path === '/payments' && r.alerts.some(isErrorRate));
        return hit.length > 0 ? hit : undefined;
      },
      60_000,
    );
    expect(delivered[0].alerts.filter(isErrorRate).map((a) => a.labels.job)).toEqual(['orders-api']);
    // The default receiver gets other alerts (if any), never orders-api's.
    const toEveryone = received.filter((r) => r.path === '/everyone').flatMap((r) => r.alerts);
    expect(toEveryone.map((a) => a.labels.job)).not.toContain('orders-api');
  });
});
