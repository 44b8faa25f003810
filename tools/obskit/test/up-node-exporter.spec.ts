import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@obskit/config';
import { freePort, makeTempDir, promQuery, requireBinary, type TempDir } from '@obskit/testing';
import { up } from '../src/commands/up';
import { runUpCommand, type StopSignalSource } from '../src/commands/up-command';
import type { CliIo } from '../src/io';
import { CURRENT_ENV } from './support';

// `obskit up` with host metrics on (alerts.packs.host): the real node_exporter beside the real
// Prometheus and Alertmanager, scraped as job `node`.
jest.setTimeout(180_000);

const APP = `
const { createServer } = require('node:http');
const server = createServer((req, res) => {
  if (req.url === '/metrics') res.writeHead(200, { 'content-type': 'text/plain' }).end('# TYPE probe gauge\\nprobe 1\\n');
  else res.writeHead(404).end();
});
server.listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

let temp: TempDir;
beforeAll(async () => {
  requireBinary('prometheus');
  requireBinary('prometheus-alertmanager');
  requireBinary('node_exporter');
  temp = await makeTempDir('obskit-up-node-');
});
afterAll(async () => {
  await temp?.cleanup();
});

describe('obskit up with host metrics (alerts.packs.host)', () => {
  it('starts node_exporter and Prometheus scrapes it as job node (target up, host series present)', async () => {
    const project = join(temp.path, 'project');
    mkdirSync(join(project, 'service'), { recursive: true });
    writeFileSync(join(project, 'service', 'app.js'), APP);
    const port = await freePort();
    writeFileSync(
      join(project, 'obskit.config.mjs'),
      `export default {
  services: [{ name: 'orders-api', targets: { static: ['127.0.0.1:${port}'] }, run: { command: 'node app.js', cwd: 'service' } }],
  alerts: { packs: { host: true } },
};
`,
    );
    const out: string[] = [];
    const err: string[] = [];
    let printed: () => void = () => undefined;
    const urlsPrinted = new Promise<void>((resolve) => (printed = resolve));
    const io: CliIo = {
      out: (line) => {
        out.push(line);
        if (line === 'Press Ctrl-C to stop.') printed();
      },
      err: (line) => err.push(line),
      cwd: project,
      env: CURRENT_ENV,
    };
    let sendSignal: (signal: string) => void = () => undefined;
    const signals: StopSignalSource = (onSignal) => {
      sendSignal = onSignal;
      return () => undefined;
    };
    const loadedConfig = await loadConfig({ cwd: project });
    const done = runUpCommand(
      { 'state-dir': 'state', 'no-grafana': true, timeout: '60', loadedConfig },
      io,
      signals,
    );
    try {
      await Promise.race([urlsPrinted, done.then(() => Promise.reject(new Error(err.join('\n'))))]);
      expect(out).toContainEqual(expect.stringMatching(/^ {2}node-exporter\s+http:\/\/127\.0\.0\.1:\d+$/));
      expect(err).toContainEqual(
        expect.stringMatching(/^obskit: Prometheus' first successful scrape of 127\.0\.0\.1:\d+: ok after/),
      );
      const prometheusUrl = out.map((l) => /^ {2}prometheus\s+(\S+)$/.exec(l)?.[1]).find(Boolean) ?? '';
      const nodeUp = await promQuery(prometheusUrl, 'up{job="node"}');
      expect(nodeUp.map((s) => s.value[1])).toEqual(['1']);
      const build = await promQuery(prometheusUrl, 'node_exporter_build_info{job="node"}');
      expect(build.map((s) => s.metric.version)).toEqual(['1.11.1']);
      const cpu = await promQuery(prometheusUrl, 'count(node_cpu_seconds_total{job="node"})');
      expect(Number(cpu[0]?.value[1])).toBeGreaterThan(0);
    } finally {
      sendSignal('SIGINT');
    }
    expect(await done).toBe(0);
  });

  it('names node_exporter, where it looked and how to install it when it is missing', async () => {
    const started = up({
      cwd: temp.path,
      stateDir: 'missing',
      env: { PATH: join(temp.path, 'empty-bin'), OBSKIT_CACHE_DIR: join(temp.path, 'no-cache') },
      services: [{ name: 'orders-api', target: '127.0.0.1:9' }],
      prometheus: false,
      alertmanager: false,
      grafana: false,
      nodeExporter: true,
    });
    await expect(started).rejects.toThrow(
      'Missing "node_exporter" (host metrics are on: alerts.packs.host): none of "node_exporter", "prometheus-node-exporter" is on PATH or in the obskit cache. Install it with: sudo apt-get install -y prometheus-node-exporter',
    );
  });
});
