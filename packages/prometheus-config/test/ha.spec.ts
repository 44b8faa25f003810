import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
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
import {
  buildAlertmanagerClusterArgs,
  buildMonitoringProfile,
  renderAlertmanagerConfig,
  renderClusterTlsConfig,
  renderPrometheusConfig,
  renderWebConfig,
  type MonitoringProfile,
} from '../src/index';
import { makeCertificate } from './support';

// The production profile's HA pair on loopback, as deployed: two Prometheus replicas (identical configs
// but for the replica label, which is dropped from alerts) and a two-peer Alertmanager cluster, every
// web endpoint served over HTTPS by the profile's generated web.yml files, alerts sent to the peers
// over TLS with the profile's CA and server name, gossip over the profile's mutual TLS file; one
// throwaway certificate (its own CA, naming localhost) stands in for the deployment's. One scenario
// alert per phase must reach the webhook exactly once, and resolve exactly once, whichever replica or
// peer is down.
jest.setTimeout(240_000);

const RULES = `groups:
  - name: ha-scenario
    rules:
      - alert: HaScenario
        expr: ha_scenario_active > 0
        labels:
          severity: critical
        annotations:
          summary: scenario {{ $labels.phase }} is on
`;

interface Notification {
  readonly status: string;
  readonly phase: string;
}

/** The scrape target: `ha_scenario_active{phase}` switched by the test. */
function startTarget(): Promise<{ server: Server; target: string; set(phase: string, on: boolean): void }> {
  const phases = new Map<string, number>();
  const server = createServer((_req, res) => {
    const lines = ['# TYPE ha_scenario_active gauge'];
    for (const [phase, value] of phases) lines.push(`ha_scenario_active{phase="${phase}"} ${value}`);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        target: `127.0.0.1:${port}`,
        set: (phase, on) => phases.set(phase, on ? 1 : 0),
      });
    }),
  );
}

/** The webhook: every alert of every notification, in arrival order. */
function startWebhook(): Promise<{ server: Server; url: string; received: Notification[] }> {
  const received: Notification[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const payload = JSON.parse(body) as { alerts: { status: string; labels: Record<string, string> }[] };
      for (const a of payload.alerts) received.push({ status: a.status, phase: a.labels.phase });
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/alerts`, received });
    }),
  );
}

let temp: TempDir;
let target: Awaited<ReturnType<typeof startTarget>>;
let webhook: Awaited<ReturnType<typeof startWebhook>>;
let profile: MonitoringProfile;
const replicas: (RunningServer | undefined)[] = [undefined, undefined];
const peers: (RunningServer | undefined)[] = [undefined, undefined];
let promPorts: number[];
let amPorts: number[];
let clusterPorts: number[];
let caFile: string;

function startReplica(i: number): Promise<RunningServer> {
  if (!profile.web) throw new Error('the production profile has a web.yml');
  return startPrometheus({
    port: promPorts[i],
    config: renderPrometheusConfig(profile.prometheus[i].config),
    files: { 'rules/ha.rules.yml': RULES },
    args: profile.prometheus[i].args,
    webConfig: renderWebConfig(profile.web),
    tls: { caFile },
  });
}

function startPeer(i: number): Promise<RunningServer> {
  const am = profile.alertmanager;
  if (!am?.web || !am.clusterTls)
    throw new Error('the production profile has an Alertmanager with a web.yml and a gossip TLS file');
  return startAlertmanager({
    port: amPorts[i],
    config: renderAlertmanagerConfig(am.config),
    webConfig: renderWebConfig(am.web),
    tls: { caFile },
    files: { 'cluster-tls.yml': renderClusterTlsConfig(am.clusterTls) },
    args: [
      ...buildAlertmanagerClusterArgs({
        listenAddress: `127.0.0.1:${clusterPorts[i]}`,
        peers: clusterPorts.filter((_, j) => j !== i).map((p) => `127.0.0.1:${p}`),
      }),
      '--cluster.tls-config=cluster-tls.yml',
      // loopback gossip settles in well under a second; keep the test's waits short
      '--cluster.gossip-interval=100ms',
      '--cluster.pushpull-interval=2s',
      '--cluster.peer-timeout=2s',
    ],
  });
}

const count = (phase: string, status: string) =>
  webhook.received.filter((n) => n.phase === phase && n.status === status).length;

/** Waits until `phase` arrived in `status`, then long enough for a duplicate from the other side to show. */
async function expectExactlyOnce(phase: string, status: 'firing' | 'resolved'): Promise<void> {
  await waitFor(`${phase} ${status} at the webhook`, async () => count(phase, status) > 0, 60_000);
  // a second peer would send after its position × peer timeout (2 s); replicas re-send every evaluation
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  expect({ phase, status, count: count(phase, status) }).toEqual({ phase, status, count: 1 });
}

/** A TLS connection to a gossip port without a client certificate: how the peer ends it. */
function gossipWithoutClientCertificate(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: readFileSync(caFile), servername: 'localhost' });
    const done = (how: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(how);
    };
    const timer = setTimeout(() => done('still open after 5 s'), 5_000);
    socket.on('secureConnect', () => socket.write('\0'));
    socket.on('error', (error) => done(error.message));
    socket.on('close', () => done('closed'));
  });
}

async function clusterSize(peer: RunningServer | undefined): Promise<number> {
  if (!peer) return 0;
  const response = await peer.fetch('/api/v2/status');
  const body = (await response.json()) as { cluster: { status: string; peers: unknown[] } };
  return body.cluster.status === 'ready' ? body.cluster.peers.length : 0;
}

beforeAll(async () => {
  temp = await makeTempDir('obskit-ha-');
  const { cert, key } = await makeCertificate(join(temp.path, 'tls'));
  caFile = cert;
  target = await startTarget();
  webhook = await startWebhook();
  promPorts = [await freePort(), await freePort()];
  amPorts = [await freePort(), await freePort()];
  clusterPorts = [await freePort(), await freePort()];
  profile = buildMonitoringProfile('production', {
    services: [{ name: 'scenario', targets: { static: [target.target] } }],
    alertmanagerTargets: amPorts.map((p) => `127.0.0.1:${p}`),
    prometheusTarget: `127.0.0.1:${promPorts[0]}`,
    // the deployment's certificates, here one throwaway certificate for every server
    web: { tls: { certFile: cert, keyFile: key } },
    alertmanagerWeb: { tls: { certFile: cert, keyFile: key } },
    webCaFile: cert,
    // the peers are addressed by IP; the certificate names localhost
    alertmanagerServerName: 'localhost',
    scrapeInterval: '1s',
    scrapeTimeout: '1s',
    evaluationInterval: '1s',
    notifications: {
      receivers: [{ name: 'hook', webhook: { url: webhook.url } }],
      groupBy: ['alertname', 'phase'],
      groupWait: '1s',
      groupInterval: '1s',
      repeatInterval: '1h',
    },
  });
  peers[0] = await startPeer(0);
  peers[1] = await startPeer(1);
  await waitFor(
    'the Alertmanager peers to see each other',
    async () => (await clusterSize(peers[0])) === 2,
    30_000,
  );
  replicas[0] = await startReplica(0);
  replicas[1] = await startReplica(1);
});

afterAll(async () => {
  for (const server of [...replicas, ...peers]) await server?.stop();
  await new Promise((resolve) => target?.server.close(resolve));
  webhook?.server.closeAllConnections();
  await new Promise((resolve) => webhook?.server.close(resolve));
  await temp?.cleanup();
});

describe('the production HA pair on the real Prometheus 3 and Alertmanager cluster', () => {
  it('renders two replica configs that differ only in the replica label, dropped from alerts', () => {
    const [a, b] = profile.prometheus.map((p) => p.config);
    expect(a.global?.external_labels?.replica).toBe('prometheus-0');
    expect(b.global?.external_labels?.replica).toBe('prometheus-1');
    expect(JSON.stringify(a.alerting)).toContain('replica');
    expect(a.alerting?.alertmanagers[0]).toMatchObject({
      scheme: 'https',
      tls_config: { ca_file: caFile, server_name: 'localhost' },
    });
  });

  it('serves every web endpoint over HTTPS only, gossips over mutual TLS, and Prometheus reaches itself and the peers over TLS', async () => {
    for (const server of [...replicas, ...peers]) {
      if (!server) throw new Error('every server is up');
      expect(server.url).toMatch(/^https:/);
      expect((await server.fetch('/-/ready')).status).toBe(200);
      const plain = await fetch(`http://127.0.0.1:${server.port}/-/ready`);
      expect([plain.status, await plain.text()]).toEqual([
        400,
        'Client sent an HTTP request to an HTTPS server.\n',
      ]);
    }
    // the peers gossip over mutual TLS: a client without a certificate signed by the CA is turned away
    for (const port of clusterPorts)
      expect(await gossipWithoutClientCertificate(port)).toMatch(/certificate required/);
    for (const replica of replicas) {
      if (!replica) throw new Error('both replicas are up');
      // discovered a moment after start: wait for both
      const urls = await waitFor(
        'both Alertmanagers among the active ones',
        async () => {
          const response = await replica.fetch('/api/v1/alertmanagers');
          const body = (await response.json()) as { data: { activeAlertmanagers: { url: string }[] } };
          const active = body.data.activeAlertmanagers.map((a) => a.url);
          return active.length === 2 && active.sort();
        },
        30_000,
      );
      expect(urls).toEqual(amPorts.map((p) => `https://127.0.0.1:${p}/api/v2/alerts`).sort());
      // the self-scrape and both Alertmanager scrapes go over TLS with the CA
      const up = await waitFor(
        'the TLS scrapes of Prometheus and both Alertmanagers',
        async () => {
          const samples = await promQuery(replica, 'up{job=~"prometheus|alertmanager"}');
          return samples.length === 3 && samples;
        },
        30_000,
      );
      expect(up.map((s) => [s.metric.job, s.value[1]]).sort()).toEqual([
        ['alertmanager', '1'],
        ['alertmanager', '1'],
        ['prometheus', '1'],
      ]);
    }
  });

  it('delivers a scenario alert exactly once with both replicas and both peers up', async () => {
    target.set('both-up', true);
    await expectExactlyOnce('both-up', 'firing');
  });

  it('delivers it exactly once with one replica down', async () => {
    await replicas[0]?.stop();
    replicas[0] = undefined;
    target.set('replica-down', true);
    await expectExactlyOnce('replica-down', 'firing');
  });

  it('delivers it exactly once with one Alertmanager peer down', async () => {
    replicas[0] = await startReplica(0);
    await peers[0]?.stop();
    peers[0] = undefined;
    target.set('peer-down', true);
    await expectExactlyOnce('peer-down', 'firing');
  });

  it('after the restarts: no duplicate, and every scenario resolves exactly once', async () => {
    peers[0] = await startPeer(0);
    await waitFor('the restarted peer to rejoin', async () => (await clusterSize(peers[0])) === 2, 30_000);
    // the restarted peer learned the notification log by gossip: nothing is sent again
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    for (const phase of ['both-up', 'replica-down', 'peer-down'])
      expect([phase, count(phase, 'firing')]).toEqual([phase, 1]);
    for (const phase of ['both-up', 'replica-down', 'peer-down']) target.set(phase, false);
    for (const phase of ['both-up', 'replica-down', 'peer-down']) await expectExactlyOnce(phase, 'resolved');
  });
});
