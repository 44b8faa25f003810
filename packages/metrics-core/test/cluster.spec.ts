import cluster, { type Worker } from 'node:cluster';
import { join } from 'node:path';
import { promtoolCheckMetrics } from '@obskit/testing';
import { Registry } from 'prom-client';
import { createClusterAggregator, createMetrics, type ClusterAggregator } from '../src';

const fixture = join(__dirname, 'fixtures', 'cluster-worker.js');

function fork(mode: 'answer' | 'silent'): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = cluster.fork({ OBSKIT_WORKER_MODE: mode });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited early with code ${code}`)));
    worker.on('message', (m: { type?: string }) => {
      if (m?.type === 'fixture:ready') resolve(worker);
    });
  });
}

describe('cluster aggregation', () => {
  const workers: Worker[] = [];
  let aggregator: ClusterAggregator | undefined;

  beforeAll(async () => {
    cluster.setupPrimary({ exec: fixture, silent: true });
    workers.push(...(await Promise.all([fork('answer'), fork('answer'), fork('silent')])));
  }, 30_000);

  afterAll(async () => {
    aggregator?.close();
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            w.kill();
          }),
      ),
    );
  });

  it('returns the answering workers within the timeout and says one worker timed out', async () => {
    const registry = new Registry();
    const warnings: string[] = [];
    const primary = createMetrics({
      registry,
      defaultMetrics: false,
      logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    });
    aggregator = createClusterAggregator({ metrics: primary, timeoutMs: 1000 });
    const text = await aggregator.metrics();

    expect(text).toContain('obskit_cluster_scrape_workers{worker_outcome="answered"} 2');
    expect(text).toContain('obskit_cluster_scrape_workers{worker_outcome="timeout"} 1');
    expect(text).toContain('obskit_cluster_scrape_workers{worker_outcome="error"} 0');
    expect(text).toContain('obskit_feature_usage_total{feature="search"} 2');
    expect(text).toContain(
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/orders/:id",http_response_status_code="200"} 2',
    );
    // build info is the same everywhere: not summed
    expect(text).toMatch(/^obskit_build_info\{version="1\.0\.0",revision="r1",node_version="v[\d.]+"\} 1$/m);
    expect(text).toContain(
      'obskit_instrumentation_errors_total{component="cluster",reason="collector_timeout"} 1',
    );
    expect(warnings).toEqual([
      `obskit cluster: collector_timeout: worker ${workers[2].id} did not answer within 1000 ms (logged once; counted in obskit_instrumentation_errors_total)`,
    ]);
    // the aggregation is a valid exposition, checked by the real promtool
    expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  }, 15_000);

  it('keeps its own gauge when no primary metrics are given', async () => {
    const own = createClusterAggregator({ timeoutMs: 300 });
    try {
      const text = await own.metrics();
      expect(text).toContain('obskit_cluster_scrape_workers{worker_outcome="answered"} 2');
      expect(text).toContain('obskit_cluster_scrape_workers{worker_outcome="timeout"} 1');
      // the same aggregation as a registry, for a /metrics handler
      const aggregated = await own.aggregate();
      expect(await aggregated.getSingleMetricAsString('obskit_feature_usage_total')).toContain(
        'obskit_feature_usage_total{feature="search"} 2',
      );
    } finally {
      own.close();
    }
  }, 15_000);
});
