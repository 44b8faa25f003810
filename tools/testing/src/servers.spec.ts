import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { delimiter, dirname, join } from 'node:path';
import {
  LINES,
  VERSIONS,
  findBinary,
  pathForLine,
  promtoolCheckMetrics,
  requireBinary,
  runBinary,
  versionOf,
  type BinaryName,
} from './binaries';
import { freePort, makeTempDir, type TempDir } from './net';
import { promQuery, startAlertmanager, startNodeExporter, startPrometheus } from './servers';
import { fetchTls } from './tls-fetch';

jest.setTimeout(60_000);

/** A throwaway self-signed certificate for localhost (its own CA), made with the real openssl. */
function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=DNS:localhost'],
    ],
    { stdio: 'pipe' },
  );
  return { cert, key };
}

let certDir: TempDir;
let certificate: { cert: string; key: string };
let webConfig: string;
beforeAll(async () => {
  certDir = await makeTempDir('obskit-testing-tls-');
  certificate = makeCertificate(certDir.path);
  webConfig = `tls_server_config:\n  cert_file: ${certificate.cert}\n  key_file: ${certificate.key}\n`;
});
afterAll(() => certDir.cleanup());

describe('real binaries', () => {
  it('finds promtool and runs it', async () => {
    expect(requireBinary('promtool')).toMatch(/promtool$/);
    const result = await runBinary('promtool', ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/promtool, version \d+\.\d+/);
  });

  it.each(LINES)('finds every binary of the %s line in its version', (line) => {
    for (const [name, version] of Object.entries(VERSIONS[line]) as [BinaryName, string][]) {
      const file = requireBinary(name, { line });
      // VictoriaMetrics' Debian build prints no version: its cache folder names it.
      if (['victoria-metrics', 'vmagent', 'vmalert'].includes(name)) expect(file).toContain(`-${version}/`);
      else expect(versionOf(file)).toMatch(new RegExp(`^${version.replace(/\./g, '\\.')}(\\.|$)`));
    }
  });

  it('defaults to the current line and finds a version by prefix', () => {
    expect(versionOf(requireBinary('prometheus'))).toBe(VERSIONS.current.prometheus);
    expect(versionOf(requireBinary('amtool', { version: '0.25' }))).toMatch(/^0\.25\./);
    expect(findBinary('prometheus', { version: '1.0.0' })).toBeUndefined();
  });

  it('puts a line first on PATH for processes that look binaries up there', () => {
    const dirs = pathForLine('current', '/usr/bin').split(delimiter);
    expect(dirs[0]).toBe(dirname(requireBinary('prometheus')));
    expect(dirs.at(-1)).toBe('/usr/bin');
  });

  it('reports lint problems of an exposition, and nothing for a clean one', async () => {
    const bad = await promtoolCheckMetrics('# HELP x_total Things.\n# TYPE x_total gauge\nx_total 1\n');
    expect(bad.output).toContain('non-counter metrics should not have "_total" suffix');
    const clean = await promtoolCheckMetrics('# HELP x_total Things.\n# TYPE x_total counter\nx_total 1\n');
    expect(clean).toEqual({ code: 0, output: '' });
  });

  it('fails naming the version and the install command when a binary is missing', () => {
    expect(() => requireBinary('amtool', { version: '9.9.9', searchPath: ['/nonexistent'] })).toThrow(
      /^Missing binary "amtool" 9\.9\.9.*Run `bash tools\/scripts\/ensure-prometheus`/s,
    );
    expect(() => requireBinary('vmagent', { line: 'oldest' })).toThrow(
      /^Missing binary "vmagent": no version of it on the "oldest" line/,
    );
  });
});

/** A request expecting a name the certificate does not carry. */
const fetchWrongName = (url: string, caFile: string) =>
  fetchTls(`${url}/-/ready`, { caFile, serverName: 'prometheus.example' });

describe('startNodeExporter', () => {
  it('serves node_* metrics on loopback, then stops', async () => {
    const exporter = await startNodeExporter();
    try {
      const text = await (await fetch(`${exporter.url}/metrics`)).text();
      expect(text).toMatch(/^node_memory_MemAvailable_bytes \d/m);
      expect(text).toMatch(/node_exporter_build_info\{.*version="1\.11\.1"/);
    } finally {
      await exporter.stop();
    }
  });
});

describe('startPrometheus', () => {
  it('scrapes a target on loopback and answers queries, then stops', async () => {
    const targetPort = await freePort();
    const target = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      res.end('# HELP demo_things_total Things.\n# TYPE demo_things_total counter\ndemo_things_total 42\n');
    });
    await new Promise<void>((resolve) => target.listen(targetPort, '127.0.0.1', resolve));
    const prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ job_name: 'demo', static_configs: [{ targets: [`127.0.0.1:${targetPort}`] }] }],
      },
    });
    try {
      let samples: Awaited<ReturnType<typeof promQuery>> = [];
      for (let i = 0; i < 50 && samples.length === 0; i++) {
        samples = await promQuery(prometheus.url, 'demo_things_total');
        if (samples.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(samples).toEqual([
        {
          metric: { __name__: 'demo_things_total', instance: `127.0.0.1:${targetPort}`, job: 'demo' },
          value: [expect.any(Number), '42'],
        },
      ]);
      await expect(promQuery(prometheus.url, 'sum(')).rejects.toThrow(/Query "sum\(" failed: .*parse error/);
    } finally {
      await prometheus.stop();
      target.close();
    }
    await expect(fetch(`${prometheus.url}/-/ready`)).rejects.toThrow();
  });

  it('serves HTTPS per its web config: readiness, fetch and promQuery trust the CA, plain HTTP is refused', async () => {
    const prometheus = await startPrometheus({
      config: { scrape_configs: [] },
      webConfig,
      tls: { caFile: certificate.cert },
    });
    try {
      expect(prometheus.url).toBe(`https://127.0.0.1:${prometheus.port}`);
      expect(await promQuery(prometheus, 'vector(7)')).toEqual([
        { metric: {}, value: [expect.any(Number), '7'] },
      ]);
      const plain = await fetch(`http://127.0.0.1:${prometheus.port}/-/ready`);
      expect([plain.status, await plain.text()]).toEqual([
        400,
        'Client sent an HTTP request to an HTTPS server.\n',
      ]);
      // the system's CAs do not know the throwaway certificate
      await expect(fetch(`${prometheus.url}/-/ready`)).rejects.toThrow();
      expect((await prometheus.fetch('/-/ready')).status).toBe(200);
      await expect(fetchWrongName(prometheus.url, certificate.cert)).rejects.toThrow(/altnames/);
    } finally {
      await prometheus.stop();
    }
  });

  it('refuses tls without a web config', async () => {
    await expect(startPrometheus({ config: {}, tls: { caFile: '/nonexistent' } })).rejects.toThrow(
      'Missing "webConfig" for prometheus: "tls" needs a web config that serves HTTPS',
    );
  });

  it('fails with the process output when the config is invalid', async () => {
    await expect(startPrometheus({ config: 'global: [not, a, map' })).rejects.toThrow(
      /prometheus exited early/,
    );
  });
});

describe('startAlertmanager', () => {
  it('starts with a config and answers its API', async () => {
    const alertmanager = await startAlertmanager({
      config: { route: { receiver: 'null' }, receivers: [{ name: 'null' }] },
    });
    try {
      const status = (await (await fetch(`${alertmanager.url}/api/v2/status`)).json()) as {
        config: { original: string };
      };
      expect(status.config.original).toContain('receiver: "null"');
    } finally {
      await alertmanager.stop();
    }
  });

  it('serves its API over HTTPS per its web config', async () => {
    const alertmanager = await startAlertmanager({
      config: { route: { receiver: 'null' }, receivers: [{ name: 'null' }] },
      webConfig,
      tls: { caFile: certificate.cert, serverName: 'localhost' },
    });
    try {
      const status = (await (await alertmanager.fetch('/api/v2/status')).json()) as {
        cluster: { status: string };
      };
      expect(status.cluster.status).toBe('disabled');
      expect((await fetch(`http://127.0.0.1:${alertmanager.port}/api/v2/status`)).status).toBe(400);
    } finally {
      await alertmanager.stop();
    }
  });
});
