import { createServer, type Server } from 'node:http';
import { bucketBound, selector } from '@obskit/promql';
import { LINES, freePort, promQuery, startPrometheus, waitFor, type RunningServer } from '@obskit/testing';

jest.setTimeout(120_000);

// What Prometheus 3 changed under the rules obskit generates, shown on the real servers of both lines:
// classic histogram `le` and summary `quantile` labels are normalised to float form when scraped.
const EXPOSITION = [
  '# HELP wait_seconds Waits.',
  '# TYPE wait_seconds histogram',
  'wait_seconds_bucket{le="1"} 3',
  'wait_seconds_bucket{le="10.24"} 5',
  'wait_seconds_bucket{le="+Inf"} 6',
  'wait_seconds_sum 20',
  'wait_seconds_count 6',
  '# HELP latency_seconds Latency.',
  '# TYPE latency_seconds summary',
  'latency_seconds{quantile="1"} 2',
  'latency_seconds_sum 4',
  'latency_seconds_count 2',
  '',
].join('\n');

let target: Server;
let targetPort: number;

beforeAll(async () => {
  targetPort = await freePort();
  target = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(EXPOSITION);
  });
  await new Promise<void>((resolve) => target.listen(targetPort, '127.0.0.1', resolve));
});
afterAll(() => {
  target.closeAllConnections();
  target.close();
});

describe.each(LINES)('bucket bounds on the real Prometheus (%s line)', (line) => {
  let prometheus: RunningServer;
  beforeAll(async () => {
    prometheus = await startPrometheus({
      line,
      config: {
        global: { scrape_interval: '1s' },
        scrape_configs: [{ job_name: 't', static_configs: [{ targets: [`127.0.0.1:${targetPort}`] }] }],
      },
    });
    await waitFor(
      'the first scrape',
      async () => (await promQuery(prometheus.url, 'wait_seconds_count')).length > 0,
      30_000,
    );
  });
  afterAll(() => prometheus?.stop());

  it('bucketBound(1) selects the whole-number bucket, and 10.24 is spelled the same by both lines', async () => {
    const source = { name: 'wait_seconds', labels: [], type: 'histogram' };
    const one = await promQuery(
      prometheus.url,
      selector(source, { suffix: '_bucket', matchers: { le: bucketBound(1) } }),
    );
    expect(one.map((s) => s.value[1])).toEqual(['3']);
    const fraction = await promQuery(
      prometheus.url,
      selector(source, { suffix: '_bucket', matchers: { le: bucketBound(10.24) } }),
    );
    expect(fraction.map((s) => [s.metric.le, s.value[1]])).toEqual([['10.24', '5']]);
  });

  it('stores the whole-number bound as the line spells it (a plain le="1" misses on Prometheus 3)', async () => {
    const stored = (await promQuery(prometheus.url, 'wait_seconds_bucket')).map((s) => s.metric.le).sort();
    const quantiles = (await promQuery(prometheus.url, 'latency_seconds')).map((s) => s.metric.quantile);
    if (line === 'oldest') {
      expect(stored).toEqual(['+Inf', '1', '10.24']);
      expect(quantiles).toEqual(['1']);
    } else {
      expect(stored).toEqual(['+Inf', '1.0', '10.24']);
      expect(quantiles).toEqual(['1.0']);
      expect(await promQuery(prometheus.url, 'wait_seconds_bucket{le="1"}')).toEqual([]);
    }
  });
});
