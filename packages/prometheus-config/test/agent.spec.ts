import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort, makeTempDir, requireBinary, waitFor, type TempDir } from '@obskit/testing';
import { buildMonitoringProfile, buildRemoteWrite, renderPrometheusConfig } from '../src/index';
import { put } from './support';

jest.setTimeout(60_000);

/**
 * The agent profile on the real Prometheus in agent mode (Prometheus 3.5.3 with the profile's `--agent`): it scrapes itself
 * and remote-writes to a receiver served here, with the password read from its file.
 */
describe('the agent profile on the real Prometheus', () => {
  let temp: TempDir;
  let receiver: Server;
  let agent: ChildProcess | undefined;
  let log = '';
  const pushes: { url?: string; headers: IncomingHttpHeaders; bytes: number }[] = [];

  beforeAll(async () => {
    temp = await makeTempDir('obskit-agent-');
    receiver = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        pushes.push({ url: req.url, headers: req.headers, bytes });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    if (agent && agent.exitCode === null) {
      const exited = new Promise((resolve) => agent?.once('exit', resolve));
      agent.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => receiver.close(resolve));
    await temp.cleanup();
  });

  it('remote-writes to the configured URL with the basic-auth password read from its file', async () => {
    const port = await freePort();
    const receiverPort = (receiver.address() as AddressInfo).port;
    const passwordFile = await put(temp.path, 'secrets/remote-write-password', 's3cret-from-file\n');
    const profile = buildMonitoringProfile('agent', {
      scrapeInterval: '1s',
      scrapeTimeout: '1s',
      prometheusTarget: `127.0.0.1:${port}`,
      remoteWrite: [
        buildRemoteWrite(`http://127.0.0.1:${receiverPort}/api/v1/push`, {
          style: 'mimir',
          tenant: 'obskit-test',
          basicAuth: { username: 'obskit', passwordFile },
          queue: { batch_send_deadline: '1s' },
        }),
      ],
    });
    const config = await put(
      temp.path,
      'prometheus.yml',
      renderPrometheusConfig(profile.prometheus[0].config, { mode: 'agent' }),
    );
    agent = spawn(
      requireBinary('prometheus'),
      [
        `--config.file=${config}`,
        `--storage.agent.path=${join(temp.path, 'wal')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        ...profile.prometheus[0].args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    agent.stdout?.setEncoding('utf8').on('data', (c: string) => (log += c));
    agent.stderr?.setEncoding('utf8').on('data', (c: string) => (log += c));

    const push = await waitFor(
      'the agent to remote-write',
      async () => {
        if (agent?.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
        return pushes.find((p) => p.bytes > 0);
      },
      40_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- prometheus output ---\n${log}`);
    });
    expect(log).toMatch(/msg="Starting Prometheus Agent" mode=agent version="\(version=3\.5\.3/);
    expect(push.url).toBe('/api/v1/push');
    // Debian's Prometheus 2.42.0+ds did not send remote_write `headers` at all
    // (https://github.com/prometheus/prometheus/issues/13030); 3.5.3 sends the tenant header.
    expect(push.headers['x-scope-orgid']).toBe('obskit-test');
    expect(push.headers['content-encoding']).toBe('snappy');
    expect(push.headers.authorization).toBe(
      `Basic ${Buffer.from('obskit:s3cret-from-file').toString('base64')}`,
    );
  });
});
