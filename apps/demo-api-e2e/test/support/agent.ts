import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildMonitoringProfile, buildRemoteWrite, renderPrometheusConfig } from '@obskit/prometheus-config';
import { freePort, makeTempDir, requireBinary, waitFor } from '@obskit/testing';

/** A Prometheus in agent mode (scrape + remote_write only), as the `agent` profile renders it. */
export interface RunningAgent {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real Prometheus in agent mode with the `agent` profile: it scrapes `appTarget` every
 * second and remote-writes to `remoteWriteUrl` with the profile's defaults (queue tuning, the drop of
 * per-model histogram buckets), except a 1 s batch deadline so the test need not wait 5 s per batch.
 */
export async function startPrometheusAgent(appTarget: string, remoteWriteUrl: string): Promise<RunningAgent> {
  const temp = await makeTempDir('obskit-agent-');
  const port = await freePort();
  const profile = buildMonitoringProfile('agent', {
    scrapeInterval: '1s',
    scrapeTimeout: '1s',
    services: [{ name: 'demo-api', targets: { static: [appTarget] } }],
    prometheusTarget: `127.0.0.1:${port}`,
    remoteWrite: [buildRemoteWrite(remoteWriteUrl, { queue: { batch_send_deadline: '1s' } })],
  });
  const config = join(temp.path, 'prometheus.yml');
  await writeFile(config, renderPrometheusConfig(profile.prometheus[0].config, { mode: 'agent' }));
  let log = '';
  const child = spawn(
    requireBinary('prometheus'),
    [
      `--config.file=${config}`,
      `--storage.agent.path=${join(temp.path, 'wal')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...profile.prometheus[0].args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (log += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (log += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await temp.cleanup();
  };
  try {
    await waitFor(
      `the Prometheus agent to be ready at ${url}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited (code ${child.exitCode})`);
        return (await fetch(`${url}/-/ready`)).ok;
      },
      30_000,
      250,
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- prometheus agent output ---\n${log}`, { cause: error });
  }
  return { url, output: () => log, stop };
}
