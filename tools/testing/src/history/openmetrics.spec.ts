import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runBinary } from '../binaries.js';
import { makeTempDir } from '../net.js';
import {
  historySeriesPerInstance,
  writeOpenMetricsHistory,
  writeOpenMetricsHistoryFile,
} from './openmetrics.js';

const END = Date.UTC(2026, 10, 30, 12, 0, 0);

// This package imports no library; the specs that use the history pass @obskit/catalog's METRICS.
const seconds = [0.01, 0.04, 0.16, 0.64, 1.28, 2.56, 5.12, 10.24, 40.96];
const metrics = {
  operationDuration: {
    name: 'gen_ai_client_operation_duration_seconds',
    type: 'histogram',
    help: 'Duration.',
    buckets: seconds,
  },
  tokenUsage: {
    name: 'gen_ai_client_token_usage',
    type: 'histogram',
    help: 'Tokens.',
    buckets: [1, 16, 256, 4096, 65536],
  },
  agentOperations: { name: 'obskit_agent_operations_total', type: 'counter', help: 'Operations.' },
  cost: { name: 'obskit_gen_ai_cost_usd_total', type: 'counter', help: 'Cost.' },
  businessOperations: {
    name: 'obskit_business_operations_total',
    type: 'counter',
    help: 'Business operations.',
  },
  queueDepth: { name: 'obskit_task_queue_depth', type: 'gauge', help: 'Queue depth.' },
  httpDuration: {
    name: 'http_server_request_duration_seconds',
    type: 'histogram',
    help: 'HTTP.',
    buckets: seconds,
  },
  up: { name: 'up', type: 'gauge', help: 'Target up.' },
} as const;

async function text(
  options: Omit<Parameters<typeof writeOpenMetricsHistory>[1], 'metrics'>,
): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeOpenMetricsHistory(stream, { metrics, ...options });
  stream.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe('writeOpenMetricsHistory', () => {
  it('is deterministic for a seed and differs for another', async () => {
    const options = { end: END, durationSeconds: 3600, seed: 7 };
    const a = await text(options);
    expect(await text(options)).toBe(a);
    expect(await text({ ...options, seed: 8 })).not.toBe(a);
    expect(a.endsWith('# EOF\n')).toBe(true);
  });

  it('follows the daily load curve: more operations at 15:00 UTC than at 03:00 UTC', async () => {
    const hourly = async (hour: number) => {
      const out = await text({ end: Date.UTC(2026, 10, 30, hour, 0, 0), durationSeconds: 3600 });
      const counts = [...out.matchAll(/^obskit_business_operations_total\{[^}]*\} (\d+) /gm)].map((m) =>
        Number(m[1]),
      );
      return counts.reduce((a, b) => a + b, 0);
    };
    expect(await hourly(15)).toBeGreaterThan(2 * (await hourly(3)));
  });

  it('injects the anomaly window: latency sums jump inside it', async () => {
    const sumIncrease = (out: string) => {
      const values = [
        ...out.matchAll(
          /^gen_ai_client_operation_duration_seconds_sum\{[^}]*gpt-4o-mini[^}]*\} ([\d.e+]+) /gm,
        ),
      ].map((m) => Number(m[1]));
      return values[values.length - 1] - values[values.length - 2];
    };
    const normal = await text({ end: END, durationSeconds: 600 });
    const anomalous = await text({
      end: END,
      durationSeconds: 600,
      anomaly: { from: END - 300_000, to: END + 1, factor: 5 },
    });
    expect(sumIncrease(anomalous) / sumIncrease(normal)).toBeGreaterThan(4);
  });

  it('adds instances to reach minSeries', async () => {
    const stream = new PassThrough().resume();
    const summary = await writeOpenMetricsHistory(stream, {
      metrics,
      end: END,
      durationSeconds: 60,
      minSeries: historySeriesPerInstance(metrics) * 3 + 1,
    });
    expect(summary.instances).toBe(4);
    expect(summary.series).toBe(historySeriesPerInstance(metrics) * 4);
  });

  it('writes extra metrics: one series per label value, counters rising, gauges and histograms', async () => {
    const extra = [
      {
        metric: { name: 'obskit_task_dead_letters_total', type: 'counter', help: 'Dead letters.' },
        labels: { queue: ['default', 'priority'] },
        base: 0.5,
      },
      { metric: { name: 'obskit_db_pool_in_use', type: 'gauge', help: 'In use.' }, labels: {} },
      {
        metric: { name: 'obskit_task_duration_seconds', type: 'histogram', help: 'Tasks.', buckets: [1, 2] },
        labels: { queue: ['default'], outcome: ['success', 'failure'] },
      },
    ] as const;
    const out = await text({ end: END, durationSeconds: 120, extra });
    const last = (series: string) =>
      out
        .split('\n')
        .filter((l) => l.startsWith(`${series} `))
        .map((l) => Number(l.split(' ')[1]));
    const dead = last(
      'obskit_task_dead_letters_total{job="demo-api",instance="demo-api-0:3000",queue="priority"}',
    );
    expect(dead).toHaveLength(3);
    expect(dead[2]).toBeGreaterThan(dead[0]);
    expect(last('obskit_db_pool_in_use{job="demo-api",instance="demo-api-0:3000"}')).toHaveLength(3);
    expect(out).toContain(
      'obskit_task_duration_seconds_bucket{job="demo-api",instance="demo-api-0:3000",queue="default",outcome="failure",le="+Inf"}',
    );
    expect(out).toContain('# TYPE obskit_task_dead_letters counter\n');
    expect(historySeriesPerInstance(metrics, extra)).toBe(historySeriesPerInstance(metrics) + 2 + 1 + 2 * 5);
  });

  it('is accepted by the real promtool tsdb create-blocks-from openmetrics', async () => {
    const dir = await makeTempDir('obskit-history-');
    try {
      const input = join(dir.path, 'history.om');
      const summary = await writeOpenMetricsHistoryFile(input, {
        metrics,
        end: END,
        durationSeconds: 6 * 3600,
        extra: [{ metric: { name: 'obskit_db_pool_in_use', type: 'gauge', help: 'In use.' }, labels: {} }],
      });
      const result = await runBinary('promtool', [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        input,
        join(dir.path, 'data'),
      ]);
      expect(result.stderr).not.toMatch(/error/i);
      expect(result.code).toBe(0);
      expect((await readdir(join(dir.path, 'data'))).length).toBeGreaterThan(0);
      expect(summary.samples).toBe(summary.series * (6 * 60 + 1));
    } finally {
      await dir.cleanup();
    }
  }, 120_000);
});
