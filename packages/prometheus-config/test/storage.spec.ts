import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  freePort,
  makeTempDir,
  requireBinary,
  startPrometheus,
  waitFor,
  type RunningServer,
  type TempDir,
} from '@obskit/testing';
import {
  buildDevProfile,
  buildRetentionArgs,
  buildStorageRemoteWrite,
  renderPrometheusConfig,
  type RemoteWriteTarget,
} from '../src/index';
import { check, put, STUB_RULES } from './support';

jest.setTimeout(180_000);

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    return (error as { problems: { message: string }[] }).problems.map((p) => p.message);
  }
  throw new Error('expected a validation error');
};

describe('storage.remoteWrite', () => {
  it('completes a base URL with the write path of each kind and sends its tenant the way it expects', () => {
    const written = buildStorageRemoteWrite([
      { kind: 'mimir', url: 'http://mimir:9009', tenant: 'payments' },
      { kind: 'thanos', url: 'https://receive.acme:19291/', tenant: 'payments' },
      { kind: 'victoriametrics', url: 'http://vminsert:8480', tenant: '42' },
      { kind: 'victoriametrics', url: 'http://victoria:8428' },
      { kind: 'generic', url: 'https://metrics.acme/push/v1' },
    ]);
    expect(written.map((w) => [w.name, w.url, w.headers])).toEqual([
      ['mimir', 'http://mimir:9009/api/v1/push', { 'X-Scope-OrgID': 'payments' }],
      ['thanos', 'https://receive.acme:19291/api/v1/receive', { 'THANOS-TENANT': 'payments' }],
      // A VictoriaMetrics cluster takes the tenant (accountID) in the path, not in a header.
      ['victoriametrics', 'http://vminsert:8480/insert/42/prometheus/api/v1/write', undefined],
      ['victoriametrics-2', 'http://victoria:8428/api/v1/write', undefined],
      ['generic', 'https://metrics.acme/push/v1', undefined],
    ]);
  });

  it('reads credentials only from files', () => {
    const [bearer, basic] = buildStorageRemoteWrite([
      { kind: 'mimir', url: 'http://mimir:9009', auth: { bearerTokenFile: '/s/token' } },
      { kind: 'generic', url: 'http://x:1/w', auth: { basicAuth: { username: 'u', passwordFile: '/s/pw' } } },
    ]);
    expect(bearer.authorization).toEqual({ type: 'Bearer', credentials_file: '/s/token' });
    expect(basic.basic_auth).toEqual({ username: 'u', password_file: '/s/pw' });
  });

  it('names every bad target at once', () => {
    const bad: RemoteWriteTarget[] = [
      { kind: 'generic', url: 'http://x:1/w', tenant: 'a' },
      { kind: 'victoriametrics', url: 'http://vm:8480', tenant: 'payments' },
      { kind: 'victoriametrics', url: 'http://vm:8480/insert/7/prometheus/api/v1/write', tenant: '42' },
      { kind: 'mimir', url: 'mimir:9009' },
    ];
    expect(problemsOf(() => buildStorageRemoteWrite(bad))).toEqual([
      'Invalid tenant "a": a generic target has no tenant header (use kind mimir, thanos or victoriametrics)',
      'Invalid tenant "payments": a VictoriaMetrics accountID is a number, optionally "accountID:projectID"',
      'Invalid url "http://vm:8480/insert/7/prometheus/api/v1/write": with tenant "42" a VictoriaMetrics cluster URL is /insert/42/prometheus/api/v1/write (give the base URL and obskit adds it)',
      'Invalid url "mimir:9009": expected an http(s) URL',
    ]);
  });
});

describe('storage.retention', () => {
  it('becomes the launch flags of every server profile', () => {
    expect(buildRetentionArgs({ time: '30d', size: '50GB' })).toEqual([
      '--storage.tsdb.retention.time=30d',
      '--storage.tsdb.retention.size=50GB',
    ]);
    expect(buildDevProfile({ storage: { retention: { time: '90d' } } }).prometheus[0].args).toEqual([
      '--storage.tsdb.retention.time=90d',
    ]);
    expect(buildRetentionArgs(undefined)).toEqual([]);
  });

  it('refuses a malformed time or size', () => {
    expect(problemsOf(() => buildRetentionArgs({ time: '30 days', size: '50G' }))).toEqual([
      'Invalid retention time "30 days": expected a Prometheus duration such as "15d"',
      'Invalid retention size "50G": expected a number and a unit B, KB, MB, GB, TB, PB or EB, e.g. "50GB"',
    ]);
  });
});

describe('storage on the real Prometheus and VictoriaMetrics', () => {
  let temp: TempDir;
  let prometheus: RunningServer | undefined;
  let stopVictoria: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    temp = await makeTempDir('obskit-storage-');
  });
  afterAll(async () => {
    await prometheus?.stop();
    await stopVictoria?.();
    await temp.cleanup();
  });

  it('passes promtool with every kind of target and auth file', async () => {
    const token = await put(temp.path, 'secrets/token', 'placeholder\n');
    const password = await put(temp.path, 'secrets/password', 'placeholder\n');
    const profile = buildDevProfile({
      storage: {
        remoteWrite: [
          { kind: 'mimir', url: 'http://mimir:9009', tenant: 'payments', auth: { bearerTokenFile: token } },
          {
            kind: 'thanos',
            url: 'http://receive:19291',
            tenant: 'payments',
            auth: { basicAuth: { username: 'obskit', passwordFile: password } },
          },
          { kind: 'victoriametrics', url: 'http://vminsert:8480', tenant: '3:1' },
          { kind: 'generic', url: 'http://collector:9999/write' },
        ],
      },
    });
    await put(temp.path, 'rules/stub.yml', STUB_RULES);
    const file = await put(temp.path, 'prometheus.yml', renderPrometheusConfig(profile.prometheus[0].config));
    const result = await check('promtool', ['check', 'config', file]);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('starts with the retention flags and remote-writes to VictoriaMetrics at its base URL', async () => {
    const vmPort = await freePort();
    const vmDir = join(temp.path, 'vm');
    let vmLog = '';
    const vm = spawn(
      requireBinary('victoria-metrics'),
      [`-httpListenAddr=127.0.0.1:${vmPort}`, `-storageDataPath=${vmDir}`, '-search.latencyOffset=1s'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    vm.stdout?.setEncoding('utf8').on('data', (c: string) => (vmLog += c));
    vm.stderr?.setEncoding('utf8').on('data', (c: string) => (vmLog += c));
    const vmExit = new Promise<void>((resolve) => vm.once('exit', () => resolve()));
    stopVictoria = async () => {
      if (vm.exitCode === null && vm.signalCode === null) {
        vm.kill('SIGTERM');
        await vmExit;
      }
    };
    const vmUrl = `http://127.0.0.1:${vmPort}`;
    await waitFor(
      `VictoriaMetrics at ${vmUrl}\n${vmLog}`,
      async () => (await fetch(`${vmUrl}/health`)).ok,
      30_000,
    );

    const port = await freePort();
    const profile = buildDevProfile({
      scrapeInterval: '1s',
      scrapeTimeout: '1s',
      prometheusTarget: `127.0.0.1:${port}`,
      storage: {
        retention: { time: '45d', size: '1GB' },
        remoteWrite: [{ kind: 'victoriametrics', url: vmUrl }],
      },
    });
    prometheus = await startPrometheus({
      port,
      config: renderPrometheusConfig(profile.prometheus[0].config),
      files: { 'rules/stub.yml': STUB_RULES },
      args: profile.prometheus[0].args,
    });
    const flags = (await (await fetch(`${prometheus.url}/api/v1/status/flags`)).json()) as {
      data: Record<string, string>;
    };
    expect(flags.data['storage.tsdb.retention.time']).toBe('45d');
    // Prometheus reads sizes in binary units and shows them so.
    expect(flags.data['storage.tsdb.retention.size']).toBe('1GiB');
    const samples = await waitFor(
      'Prometheus to remote-write its own up series into VictoriaMetrics',
      async () => {
        const response = await fetch(
          `${vmUrl}/api/v1/query?query=${encodeURIComponent('up{job="prometheus"}')}`,
        );
        const body = (await response.json()) as { data: { result: { metric: Record<string, string> }[] } };
        return body.data.result.length > 0 ? body.data.result : undefined;
      },
      60_000,
    );
    expect(samples[0].metric).toMatchObject({ job: 'prometheus', cluster: 'dev' });
  });
});
