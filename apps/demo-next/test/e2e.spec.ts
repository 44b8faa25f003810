import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_EXCLUDED_PATHS } from '@obskit/middleware';
import { promQuery, startPrometheus, waitFor, type RunningServer } from '@obskit/testing';
import {
  APP_DIR,
  BUILD_TIMEOUT_MS,
  DIST_DIR,
  ensureBuilt,
  rawRequest,
  startNext,
  type NextServer,
} from './next-server';

const TOKEN = 'e2e-scrape-token';

/** The id Next.js gave the page's server action (what a browser sends as `Next-Action`). */
function serverActionId(): string {
  const manifest = JSON.parse(
    readFileSync(join(APP_DIR, DIST_DIR.turbopack, 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { exportedName: string }> };
  const id = Object.entries(manifest.node).find(([, a]) => a.exportedName === 'askPlanner')?.[0];
  if (!id) throw new Error('askPlanner is not in the server reference manifest');
  return id;
}

/** `http_server_request_duration_seconds_count` by (method, route, status), as Prometheus stored it. */
async function requestCounts(prometheus: RunningServer): Promise<Record<string, number>> {
  const samples = await promQuery(
    prometheus.url,
    'http_server_request_duration_seconds_count{job="demo-next"}',
  );
  const counts: Record<string, number> = {};
  for (const s of samples) {
    const m = s.metric;
    counts[`${m.http_request_method} ${m.http_route} ${m.http_response_status_code}`] = Number(s.value[1]);
  }
  return counts;
}

describe('demo-next under next start, scraped by a real Prometheus with a bearer token', () => {
  let next: NextServer;
  let prometheus: RunningServer;

  beforeAll(async () => {
    await ensureBuilt('turbopack');
    next = await startNext('turbopack', { METRICS_TOKEN: TOKEN });
    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', scrape_timeout: '1s' },
        scrape_configs: [
          {
            job_name: 'demo-next',
            metrics_path: '/api/metrics',
            authorization: { type: 'Bearer', credentials_file: 'token' },
            static_configs: [{ targets: [new URL(next.url).host] }],
          },
        ],
      },
      files: { token: TOKEN },
    });
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await prometheus?.stop();
    await next?.stop();
  });

  it('is up, and every request is counted once under its route template', async () => {
    const get = (path: string) => rawRequest(`${next.url}${path}`);
    expect((await get('/')).status).toBe(200);
    expect((await get('/api/orders/1')).status).toBe(200);
    expect((await get('/api/orders/2')).status).toBe(200);
    expect((await get('/api/orders/not-a-number')).status).toBe(400);
    expect((await get('/no/such/page')).status).toBe(404);
    expect((await get('/api/fail')).status).toBe(500);
    const chat = await rawRequest(`${next.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'where is order 42' }),
    });
    expect([chat.status, JSON.parse(chat.body.toString()).reply]).toEqual([
      200,
      expect.stringMatching(/^Plan for/),
    ]);
    const stream = await get('/api/stream?prompt=hello');
    expect([stream.status, stream.body.toString()]).toEqual([
      200,
      expect.stringMatching(/answer the customer\n$/),
    ]);
    const action = await rawRequest(`${next.url}/`, {
      method: 'POST',
      headers: {
        'next-action': serverActionId(),
        'content-type': 'text/plain;charset=UTF-8',
        accept: 'text/x-component',
      },
      body: '["",null]',
    });
    expect(action.status).toBe(200);
    expect(action.body.toString()).toContain('Ask something first.');

    const expected = {
      'GET / 200': 1,
      'POST / 200': 1,
      'GET /api/orders/[id] 200': 2,
      'GET /api/orders/[id] 400': 1,
      'GET __unmatched__ 404': 1,
      'GET /api/fail 500': 1,
      'POST /api/chat 200': 1,
      'GET /api/stream 200': 1,
    };
    const counts = await waitFor(
      'Prometheus to store every request of demo-next',
      async () => {
        const c = await requestCounts(prometheus);
        return Object.entries(expected).every(([k, v]) => c[k] === v) ? c : undefined;
      },
      60_000,
    ).catch(async (error: Error) => {
      throw new Error(
        `${error.message}\nstored: ${JSON.stringify(await requestCounts(prometheus))}\n${next.output()}`,
      );
    });
    // nothing else: the scrapes of /api/metrics are not measured, and no request is counted twice
    expect(counts).toEqual(expected);
    const up = await promQuery(prometheus.url, 'up{job="demo-next"}');
    expect(up.map((s) => s.value[1])).toEqual(['1']);
    const tokens = await promQuery(prometheus.url, 'sum(gen_ai_client_token_usage_count{job="demo-next"})');
    expect(Number(tokens[0]?.value[1])).toBeGreaterThan(0);
  });

  it('serves an Edge route that imports obskit: constants work, measuring there names the Node.js runtime', async () => {
    const ok = await rawRequest(`${next.url}/api/edge`);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString())).toEqual({ excludedPaths: DEFAULT_EXCLUDED_PATHS });
    const measured = await rawRequest(`${next.url}/api/edge?measure`);
    expect(measured.status).toBe(500);
    expect(JSON.parse(measured.body.toString())).toEqual({
      code: 'OBSKIT_NODE_RUNTIME_REQUIRED',
      message: expect.stringContaining(
        'createFetchMetricsHandler() of @obskit/middleware needs the Node.js runtime',
      ),
    });
  });

  it('refuses a scrape without the token (401), and a production server without one says why (403)', async () => {
    const anonymous = await rawRequest(`${next.url}/api/metrics`);
    expect([anonymous.status, anonymous.headers['www-authenticate']]).toEqual([
      401,
      'Bearer realm="metrics"',
    ]);
    const open = await startNext('turbopack', {});
    try {
      const refused = await rawRequest(`${open.url}/api/metrics`);
      expect(refused.status).toBe(403);
      expect(refused.body.toString()).toMatch(
        /^403 Forbidden: NODE_ENV=production and no credentials are configured; set METRICS_TOKEN/,
      );
      await waitFor('the refusal in the server log', async () =>
        /obskit: \/metrics refused: NODE_ENV=production/.test(open.output()),
      );
    } finally {
      await open.stop();
    }
  });
});
