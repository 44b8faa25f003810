import { createServer } from 'node:http';
import { promtoolCheckMetrics, requireBinary, runBinary } from './binaries';
import { freePort } from './net';
import { promQuery, startAlertmanager, startPrometheus } from './servers';

jest.setTimeout(60_000);

describe('real binaries', () => {
  it('finds promtool and runs it', async () => {
    expect(requireBinary('promtool')).toMatch(/promtool$/);
    const result = await runBinary('promtool', ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/promtool, version \d+\.\d+/);
  });

  it('reports lint problems of an exposition, and nothing for a clean one', async () => {
    const bad = await promtoolCheckMetrics('# HELP x_total Things.\n# TYPE x_total gauge\nx_total 1\n');
    expect(bad.output).toContain('non-counter metrics should not have "_total" suffix');
    const clean = await promtoolCheckMetrics('# HELP x_total Things.\n# TYPE x_total counter\nx_total 1\n');
    expect(clean).toEqual({ code: 0, output: '' });
  });

  it('fails with the install command when a binary is missing', () => {
    expect(() => requireBinary('amtool', { searchPath: ['/nonexistent'] })).toThrow(
      /^Missing binary "amtool".*\n {2}Debian\/Ubuntu: sudo apt-get update && sudo apt-get install -y prometheus prometheus-alertmanager\n {2}macOS: +brew install prometheus alertmanager/s,
    );
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
});
