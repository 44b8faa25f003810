import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  freePort,
  promQuery,
  startAlertmanager,
  startPrometheus,
  waitFor,
  type RunningServer,
} from '@obskit/testing';
import {
  DEFAULT_JOB_NAMES,
  buildMonitoringProfile,
  renderAlertmanagerConfig,
  renderPrometheusConfig,
} from '../src/index';
import { STUB_RULES } from './support';

jest.setTimeout(90_000);

interface Notification {
  status: string;
  alerts: { status: string; labels: Record<string, string> }[];
}

/** A real HTTP server standing in for the app (/metrics) and the Alertmanager webhook (/alerts). */
function startFakes(): Promise<{ server: Server; url: string; notifications: Notification[] }> {
  const notifications: Notification[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/alerts') {
        notifications.push(JSON.parse(body) as Notification);
        res.writeHead(200).end();
      } else if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end('# HELP obskit_fake_up A fake app.\n# TYPE obskit_fake_up gauge\nobskit_fake_up 1\n');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, notifications });
    }),
  );
}

describe('the e2e profile on the real Prometheus and Alertmanager', () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let alertmanager: RunningServer;
  let prometheus: RunningServer;

  beforeAll(async () => {
    fakes = await startFakes();
    const [amPort, promPort] = [await freePort(), await freePort()];
    const appTarget = fakes.url.replace('http://', '');
    const profile = buildMonitoringProfile('e2e', {
      services: [{ name: 'app', targets: { static: [appTarget] } }],
      alertmanagerTargets: [`127.0.0.1:${amPort}`],
      prometheusTarget: `127.0.0.1:${promPort}`,
      alertmanager: { webhookUrl: `${fakes.url}/alerts` },
    });
    const amConfig = profile.alertmanager?.config;
    if (!amConfig) throw new Error('the e2e profile has an Alertmanager');
    alertmanager = await startAlertmanager({
      port: amPort,
      config: renderAlertmanagerConfig(amConfig),
    });
    prometheus = await startPrometheus({
      port: promPort,
      config: renderPrometheusConfig(profile.prometheus[0].config),
      files: { 'rules/stub.yml': STUB_RULES },
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await new Promise((resolve) => fakes?.server.close(resolve));
  });

  it('scrapes the app, itself and the Alertmanager under the catalogued job names and loads the rules', async () => {
    const url = prometheus.url;
    const up = await waitFor('three targets up', async () => {
      const samples = await promQuery(url, 'up == 1');
      return samples.length === 3 ? samples : undefined;
    });
    expect(up.map((s) => s.metric.job).sort()).toEqual(
      [DEFAULT_JOB_NAMES.alertmanager, 'app', DEFAULT_JOB_NAMES.prometheus].sort(),
    );
    expect(up.every((s) => s.metric.cluster === undefined)).toBe(true); // external labels are not on local queries
    const stub = await waitFor('the stub recording rule', async () => {
      const samples = await promQuery(url, 'obskit:stub');
      return samples.length > 0 ? samples : undefined;
    });
    expect(stub[0].value).toEqual([expect.any(Number), '1']);
    const amSeen = await waitFor('Prometheus to discover the Alertmanager', async () => {
      const response = await fetch(`${url}/api/v1/alertmanagers`);
      const body = (await response.json()) as { data: { activeAlertmanagers: { url: string }[] } };
      return body.data.activeAlertmanagers.length > 0 ? body.data.activeAlertmanagers : undefined;
    });
    expect(amSeen[0].url).toBe(`${alertmanager.url}/api/v2/alerts`);
  });

  it('inhibits warning by critical of the same alert and a slow burn tier by a fast one', async () => {
    const alerts = [
      { alertname: 'AgentErrors', severity: 'critical', job: 'demo-api' },
      { alertname: 'AgentErrors', severity: 'warning', job: 'demo-api' },
      { alertname: 'SloBurnFast', severity: 'critical', slo: 'availability', burn_window: 'fast' },
      { alertname: 'SloBurnSlow', severity: 'warning', slo: 'availability', burn_window: 'slow' },
      { alertname: 'SloBurnSlow', severity: 'warning', slo: 'latency', burn_window: 'slow' },
      { alertname: 'QueueBacklog', severity: 'warning', job: 'demo-api' },
    ];
    const post = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((labels) => ({ labels }))),
    });
    expect(post.status).toBe(200);

    const key = (l: Record<string, string>) => `${l.alertname}/${l.severity}/${l.slo ?? '-'}`;
    const states = await waitFor('all six alerts in Alertmanager', async () => {
      const response = await fetch(`${alertmanager.url}/api/v2/alerts`);
      const body = (await response.json()) as { labels: Record<string, string>; status: { state: string } }[];
      return body.length === 6
        ? Object.fromEntries(body.map((a) => [key(a.labels), a.status.state]))
        : undefined;
    });
    expect(states).toEqual({
      'AgentErrors/critical/-': 'active',
      'AgentErrors/warning/-': 'suppressed',
      'SloBurnFast/critical/availability': 'active',
      'SloBurnSlow/warning/availability': 'suppressed',
      'SloBurnSlow/warning/latency': 'active',
      'QueueBacklog/warning/-': 'active',
    });

    // The webhook (group_wait 1s) gets the active alerts and never the inhibited ones.
    const notified = await waitFor('the webhook to receive the four active alerts', async () => {
      const seen = new Set(fakes.notifications.flatMap((n) => n.alerts.map((a) => key(a.labels))));
      return seen.size >= 4 ? seen : undefined;
    });
    expect([...notified].sort()).toEqual([
      'AgentErrors/critical/-',
      'QueueBacklog/warning/-',
      'SloBurnFast/critical/availability',
      'SloBurnSlow/warning/latency',
    ]);
  });
});
