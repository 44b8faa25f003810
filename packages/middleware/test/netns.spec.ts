import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@obskit/testing';

// The development loopback rule, seen from a real remote client: the server listens on every
// address of a network namespace made for this test, a client in a second namespace reaches it
// over a veth pair (10.213.<n>.1 ↔ .2), and a client inside the server's namespace uses loopback.
const id = `${process.pid % 10000}`;
const SERVER_NS = `obskit-srv-${id}`;
const CLIENT_NS = `obskit-cli-${id}`;
const octet = (process.pid % 250) + 1;
const SERVER_IP = `10.213.${octet}.1`;
const CLIENT_IP = `10.213.${octet}.2`;
const PORT = 39464;

const canMakeNamespaces = process.getuid?.() === 0 && spawnSync('ip', ['-V']).status === 0;

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr}`);
}

/** Runs a fetch from inside `ns`; returns `status body` as the client saw it. */
function fetchFrom(ns: string, url: string, headers: Record<string, string> = {}): string {
  const script = `fetch(${JSON.stringify(url)}, { headers: ${JSON.stringify(headers)} }).then(async (r) => process.stdout.write(r.status + ' ' + (await r.text()).split('\\n')[0]), (e) => { process.stdout.write('error ' + e.message); })`;
  const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { encoding: 'utf8' });
  return r.stdout;
}

// In CI (root, iproute2 from Debian) this always runs; a developer without root sees it skipped by name.
const describeNs = canMakeNamespaces || process.env.CI ? describe : describe.skip;

describeNs(
  'development loopback rule against a client in another network namespace (needs root and iproute2)',
  () => {
    let dir: string;
    let server: ReturnType<typeof spawn> | undefined;
    let log = '';

    beforeAll(async () => {
      ip('netns', 'add', SERVER_NS);
      ip('netns', 'add', CLIENT_NS);
      ip('link', 'add', `obv${id}a`, 'type', 'veth', 'peer', 'name', `obv${id}b`);
      ip('link', 'set', `obv${id}a`, 'netns', SERVER_NS);
      ip('link', 'set', `obv${id}b`, 'netns', CLIENT_NS);
      ip('-n', SERVER_NS, 'addr', 'add', `${SERVER_IP}/30`, 'dev', `obv${id}a`);
      ip('-n', CLIENT_NS, 'addr', 'add', `${CLIENT_IP}/30`, 'dev', `obv${id}b`);
      for (const [ns, dev] of [
        [SERVER_NS, `obv${id}a`],
        [CLIENT_NS, `obv${id}b`],
      ]) {
        ip('-n', ns, 'link', 'set', dev, 'up');
        ip('-n', ns, 'link', 'set', 'lo', 'up');
      }
      dir = mkdtempSync(join(tmpdir(), 'obskit-netns-'));
      // the built package, as a user's server loads it (Nx builds it before the tests)
      const middleware = join(__dirname, '..', 'dist', 'index.js');
      const metricsCore = require.resolve('@obskit/metrics-core');
      const promClient = require.resolve('prom-client');
      const express = require.resolve('express');
      writeFileSync(
        join(dir, 'server.js'),
        `
const http = require('node:http');
const { Registry } = require(${JSON.stringify(promClient)});
const { createMetrics, noopLogger } = require(${JSON.stringify(metricsCore)});
const { createMetricsHandler, createFetchMetricsHandler, toNodeListener } = require(${JSON.stringify(middleware)});
const express = require(${JSON.stringify(express)});
const metrics = createMetrics({ registry: new Registry(), logger: noopLogger });
const env = { NODE_ENV: 'development' };
const node = createMetricsHandler({ metrics, env });
const fetchHandler = toNodeListener(createFetchMetricsHandler({ metrics, env }));
const app = express();
app.get('/express/metrics', createMetricsHandler({ metrics, env }));
http.createServer((req, res) => {
  if (req.url === '/node/metrics') return node(req, res);
  if (req.url === '/fetch/metrics') return fetchHandler(req, res);
  if (req.url === '/express/metrics') return app(req, res);
  res.writeHead(404).end();
}).listen(${PORT}, '0.0.0.0', () => process.stdout.write('listening\\n'));
`,
      );
      server = spawn('ip', ['netns', 'exec', SERVER_NS, process.execPath, join(dir, 'server.js')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stdout?.on('data', (c: Buffer) => (log += c));
      server.stderr?.on('data', (c: Buffer) => (log += c));
      await waitFor('the server in its namespace', async () => log.includes('listening'), 20_000);
    }, 60_000);

    afterAll(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((r) => server?.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      spawnSync('ip', ['netns', 'del', SERVER_NS]);
      spawnSync('ip', ['netns', 'del', CLIENT_NS]);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it.each(['node', 'express', 'fetch'])(
      '%s handler: a remote client is refused (also with forged Host and X-Forwarded-For), a loopback client served',
      (kind) => {
        const remoteUrl = `http://${SERVER_IP}:${PORT}/${kind}/metrics`;
        expect(fetchFrom(CLIENT_NS, remoteUrl)).toBe(
          '403 403 Forbidden: the client is not on loopback and no credentials are configured; set METRICS_TOKEN or METRICS_BASIC_AUTH to scrape from elsewhere',
        );
        expect(
          fetchFrom(CLIENT_NS, remoteUrl, { host: 'localhost', 'x-forwarded-for': '127.0.0.1' }),
        ).toMatch(/^403 403 Forbidden: the client is not on loopback/);
        expect(fetchFrom(SERVER_NS, `http://127.0.0.1:${PORT}/${kind}/metrics`)).toMatch(/^200 # HELP /);
      },
    );
  },
);
