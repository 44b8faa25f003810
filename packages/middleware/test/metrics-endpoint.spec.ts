import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import express from 'express';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { request } from 'node:http';
import { createMetricsHandler, startMetricsServer } from '../src/handler/metrics-handler';
import type { MetricsHandlerOptions } from '../src/handler/scrape';
import { freshMetrics } from './helpers';
import { rawRequest } from './http-client';

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const OM = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

function appRegistry(): Registry {
  const registry = new Registry();
  new Counter({ name: 'demo_requests_total', help: 'Requests.', registers: [registry] }).inc(3);
  new Gauge({ name: 'demo_value', help: 'A value.', registers: [registry] }).set(1);
  return registry;
}

async function serve(options: MetricsHandlerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.get('/metrics', createMetricsHandler(options));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('/metrics through real HTTP (Express 5)', () => {
  let registry: Registry;
  let app: { url: string; close: () => Promise<void> };
  const env = { NODE_ENV: 'production', METRICS_TOKEN: 's3cret-token', METRICS_BASIC_AUTH: 'prom:pa55' };

  beforeAll(async () => {
    registry = appRegistry();
    app = await serve({ registries: [registry], env });
  });
  afterAll(() => app.close());

  it('answers 401 with challenges and no body when credentials are missing', async () => {
    const res = await rawRequest(app.url);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="metrics", Basic realm="metrics", charset="UTF-8"',
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.length).toBe(0);
  });

  it.each([
    ['a wrong token of the same length', 'Bearer s3cret-tokex'],
    ['a wrong token of another length', 'Bearer s3'],
    ['a much longer token', `Bearer s3cret-token${'x'.repeat(500)}`],
    ['the token as basic auth', basic('s3cret-token')],
    ['basic credentials sent as a bearer token', 'Bearer prom:pa55'],
    ['a wrong basic password', basic('prom:pa56')],
    ['an unknown scheme', 'Digest s3cret-token'],
    ['a scheme without a value', 'Bearer'],
  ])('answers 401 for %s', async (_what, authorization) => {
    const res = await rawRequest(app.url, { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.body.length).toBe(0);
  });

  it.each([
    ['the bearer token', 'Bearer s3cret-token'],
    ['the bearer token with a lower-case scheme', 'bearer s3cret-token'],
    ['basic credentials', basic('prom:pa55')],
  ])('serves the metrics for %s', async (_what, authorization) => {
    const res = await rawRequest(app.url, { headers: { authorization } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(TEXT);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.toString()).toBe(await registry.metrics());
  });

  it.each([
    ['no Accept header', undefined, TEXT],
    [
      'Prometheus 2 default',
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      OM,
    ],
    ['text only', 'text/plain;version=0.0.4;q=0.5,*/*;q=0.1', TEXT],
    ['OpenMetrics without a version', 'application/openmetrics-text', OM],
    [
      'protobuf first',
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3',
      TEXT,
    ],
    ['a browser', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', TEXT],
  ])('negotiates %s', async (_what, accept, contentType) => {
    const headers: Record<string, string> = { authorization: 'Bearer s3cret-token' };
    if (accept) headers.accept = accept;
    const res = await rawRequest(app.url, { headers });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(contentType);
    expect(res.headers.vary).toBe('Accept, Accept-Encoding');
    const body = res.body.toString();
    if (contentType === OM) {
      expect(body).toContain('# TYPE demo_requests counter\ndemo_requests_total 3\n');
      expect(body.endsWith('# EOF\n')).toBe(true);
    } else {
      expect(body).toContain('# TYPE demo_requests_total counter\ndemo_requests_total 3\n');
      expect(body).not.toContain('# EOF');
    }
  });

  it('compresses with gzip when accepted and not otherwise', async () => {
    const zipped = await rawRequest(app.url, {
      headers: { authorization: 'Bearer s3cret-token', 'accept-encoding': 'gzip, deflate' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    // the body is streamed as it is rendered: its length is not known when the headers go out
    expect(zipped.headers['content-length']).toBeUndefined();
    expect(zipped.headers['transfer-encoding']).toBe('chunked');
    expect(gunzipSync(zipped.body).toString()).toBe(await registry.metrics());

    const plain = await rawRequest(app.url, {
      headers: { authorization: 'Bearer s3cret-token', 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(await registry.metrics());
  });

  it('answers HEAD without a body', async () => {
    const res = await rawRequest(app.url, {
      method: 'HEAD',
      headers: { authorization: 'Bearer s3cret-token' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(TEXT);
    expect(res.body.length).toBe(0);
  });
});

describe('/metrics protection defaults', () => {
  it('refuses every scrape with 403 in production when no credentials are configured, and logs once', async () => {
    const warnings: string[] = [];
    const app = await serve({
      registries: [appRegistry()],
      env: { NODE_ENV: 'production' },
      logger: { warn: (m) => warnings.push(m), error: () => undefined },
    });
    try {
      const first = await rawRequest(app.url);
      const second = await rawRequest(app.url, { headers: { authorization: 'Bearer anything' } });
      expect([first.status, second.status]).toEqual([403, 403]);
      const why =
        'NODE_ENV=production and no credentials are configured; set METRICS_TOKEN or METRICS_BASIC_AUTH (or *_FILE), or pass auth: false to serve metrics openly';
      expect(first.body.toString()).toBe(`403 Forbidden: ${why}\n`);
      expect(warnings).toEqual([`obskit: /metrics refused: ${why}`]);
    } finally {
      await app.close();
    }
  });

  it('serves openly in production when auth is explicitly disabled', async () => {
    const app = await serve({ registries: [appRegistry()], env: { NODE_ENV: 'production' }, auth: false });
    try {
      expect((await rawRequest(app.url)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('serves loopback clients without credentials in development', async () => {
    const app = await serve({ registries: [appRegistry()], env: { NODE_ENV: 'development' } });
    try {
      const res = await rawRequest(app.url);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toContain('demo_value 1');
    } finally {
      await app.close();
    }
  });

  it('reads METRICS_TOKEN_FILE and METRICS_BASIC_AUTH_FILE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obskit-auth-'));
    try {
      writeFileSync(join(dir, 'token'), 'from-file\n');
      writeFileSync(join(dir, 'basic'), 'scraper:from-file-pass\n');
      const app = await serve({
        registries: [appRegistry()],
        env: { METRICS_TOKEN_FILE: join(dir, 'token'), METRICS_BASIC_AUTH_FILE: join(dir, 'basic') },
      });
      try {
        expect((await rawRequest(app.url)).status).toBe(401);
        expect((await rawRequest(app.url, { headers: { authorization: 'Bearer from-file' } })).status).toBe(
          200,
        );
        expect(
          (await rawRequest(app.url, { headers: { authorization: basic('scraper:from-file-pass') } })).status,
        ).toBe(200);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prefers credentials from options over the environment', async () => {
    const app = await serve({
      registries: [appRegistry()],
      env: { METRICS_TOKEN: 'env-token' },
      auth: { bearerToken: 'option-token' },
    });
    try {
      expect((await rawRequest(app.url, { headers: { authorization: 'Bearer env-token' } })).status).toBe(
        401,
      );
      expect((await rawRequest(app.url, { headers: { authorization: 'Bearer option-token' } })).status).toBe(
        200,
      );
    } finally {
      await app.close();
    }
  });

  it('refuses clients outside allowedIps even with the right token', async () => {
    const inside = await serve({
      registries: [appRegistry()],
      auth: { bearerToken: 't', allowedIps: ['127.0.0.0/8'] },
      env: {},
    });
    const outside = await serve({
      registries: [appRegistry()],
      auth: { bearerToken: 't', allowedIps: ['10.0.0.0/8', '192.168.1.10'] },
      env: {},
    });
    try {
      expect((await rawRequest(inside.url, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
      const res = await rawRequest(outside.url, { headers: { authorization: 'Bearer t' } });
      expect(res.status).toBe(403);
      expect(res.body.toString()).toBe('403 Forbidden: the client is not in allowedIps\n');
    } finally {
      await inside.close();
      await outside.close();
    }
  });

  it('rejects malformed configuration at creation with a stable code', () => {
    expect(() =>
      createMetricsHandler({ registries: [new Registry()], env: { METRICS_BASIC_AUTH: 'nocolon' } }),
    ).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_METRICS_AUTH_CONFIG',
        message: 'Invalid METRICS_BASIC_AUTH "nocolon": must be "user:password" with a non-empty user',
      }),
    );
    expect(() =>
      createMetricsHandler({
        registries: [new Registry()],
        env: { METRICS_TOKEN_FILE: '/nonexistent/token' },
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_METRICS_AUTH_CONFIG',
        message: 'Invalid METRICS_TOKEN_FILE "/nonexistent/token": must name a readable file',
      }),
    );
    expect(() =>
      createMetricsHandler({ registries: [new Registry()], auth: { allowedIps: ['10.0.0.0/33', 'nope'] } }),
    ).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_METRICS_AUTH_CONFIG',
        message:
          'Invalid allowedIps "10.0.0.0/33", "nope": must be IP addresses or CIDR ranges such as "10.0.0.0/8"',
      }),
    );
  });
});

describe('/metrics with failing collectors', () => {
  function registryWithBadCollectors(): Registry {
    const registry = appRegistry();
    new Gauge({
      name: 'throws_value',
      help: 'Throws.',
      registers: [registry],
      collect() {
        throw new Error('collector exploded');
      },
    });
    new Gauge({
      name: 'hangs_value',
      help: 'Hangs.',
      registers: [registry],
      collect: () => new Promise<void>(() => undefined),
    });
    return registry;
  }

  it('serves the others with 200, honours the scrape timeout header and logs each failure once', async () => {
    const warnings: Array<[string, unknown]> = [];
    const app = await serve({
      registries: [registryWithBadCollectors()],
      auth: false,
      logger: { warn: (m, meta) => warnings.push([m, meta]), error: () => undefined },
    });
    try {
      for (let i = 0; i < 2; i++) {
        const started = Date.now();
        const res = await rawRequest(app.url, { headers: { 'x-prometheus-scrape-timeout-seconds': '0.5' } });
        expect(Date.now() - started).toBeLessThan(5000);
        expect(res.status).toBe(200);
        const body = res.body.toString();
        expect(body).toContain('demo_requests_total 3');
        expect(body).toContain('demo_value 1');
        expect(body).not.toContain('throws_value');
        expect(body).not.toContain('hangs_value');
      }
      expect(warnings.map(([m]) => m)).toEqual([
        'obskit: collector of "throws_value" left out of the scrape (collector_failed)',
        'obskit: collector of "hangs_value" left out of the scrape (collector_timeout)',
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('/metrics with the app metrics of @obskit/metrics-core', () => {
  it('counts a left-out collector in the same scrape and in obskit_instrumentation_errors_total', async () => {
    const warnings: string[] = [];
    const metrics = freshMetrics(warnings);
    new Gauge({
      name: 'flaky_value',
      help: 'Flaky.',
      registers: [metrics.registry],
      collect() {
        throw new Error('flaky');
      },
    });
    const app = await serve({ metrics, auth: false });
    try {
      const first = (await rawRequest(app.url)).body.toString();
      expect(first).toContain(
        'obskit_scrape_collector_errors_total{metric="flaky_value",reason="collector_failed"} 1',
      );
      expect(first).toContain(
        'obskit_instrumentation_errors_total{component="exposition",reason="collector_failed"} 1',
      );
      const second = (await rawRequest(app.url)).body.toString();
      expect(second).toContain(
        'obskit_scrape_collector_errors_total{metric="flaky_value",reason="collector_failed"} 2',
      );
      expect(warnings.filter((w) => w.includes('flaky_value'))).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('refuses to be created without anything to serve', () => {
    expect(() => createMetricsHandler({})).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_INVALID_OPTIONS',
        message: 'Invalid metrics handler options "{}": must give `metrics` or a non-empty `registries`',
      }),
    );
  });
});

describe('/metrics with registries resolved per scrape', () => {
  it('resolves them only for authorised scrapes, once per scrape', async () => {
    let calls = 0;
    const registry = appRegistry();
    const app = await serve({
      env: { METRICS_TOKEN: 'tok' },
      registries: async () => {
        calls++;
        return [registry];
      },
    });
    try {
      expect((await rawRequest(app.url)).status).toBe(401);
      expect(calls).toBe(0);
      const res = await rawRequest(app.url, { headers: { authorization: 'Bearer tok' } });
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(await registry.metrics());
      expect(calls).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('answers 503 when they cannot be resolved, and counts it', async () => {
    const warnings: string[] = [];
    const metrics = freshMetrics(warnings);
    const app = await serve({
      metrics,
      auth: false,
      registries: () => Promise.reject(new Error('primary did not answer')),
    });
    try {
      const res = await rawRequest(app.url);
      expect(res.status).toBe(503);
      expect(res.body.length).toBe(0);
      expect(
        await metrics.registry.getSingleMetricAsString('obskit_scrape_collector_errors_total'),
      ).toContain('obskit_scrape_collector_errors_total{metric="registries",reason="collector_failed"} 1');
      expect(warnings.join('\n')).toContain('registries');
    } finally {
      await app.close();
    }
  });
});

describe('startMetricsServer', () => {
  it('serves /metrics on its own loopback port and 404 elsewhere', async () => {
    const registry = appRegistry();
    const server = await startMetricsServer({ registries: [registry], port: 0, env: {} });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
      const res = await rawRequest(server.url);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(await registry.metrics());
      expect((await rawRequest(server.url.replace('/metrics', '/other'))).status).toBe(404);
      expect((await rawRequest(server.url, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.close();
    }
  });
});

describe('/metrics streams large bodies', () => {
  function largeRegistry(series: number): Registry {
    const registry = appRegistry();
    const histogram = new Histogram({
      name: 'large_duration_seconds',
      help: 'Large.',
      labelNames: ['route'],
      buckets: [0.01, 0.1, 1, 10],
      registers: [registry],
    });
    for (let i = 0; i < series; i++) histogram.observe({ route: `/route/${i}` }, i / series);
    new Gauge({
      name: 'throws_value',
      help: 'Throws.',
      registers: [registry],
      collect() {
        throw new Error('collector exploded');
      },
    });
    new Counter({ name: 'tail_total', help: 'After the failure.', registers: [registry] }).inc(9);
    return registry;
  }

  it('sends several megabytes in chunks, plain and gzipped, equal to prom-client without the failed family', async () => {
    const registry = largeRegistry(20_000);
    const warnings: string[] = [];
    const app = await serve({
      registries: [registry],
      auth: false,
      logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    });
    try {
      const plain = await rawRequest(app.url);
      const zipped = await rawRequest(app.url, { headers: { 'accept-encoding': 'gzip' } });
      const om = await rawRequest(app.url, {
        headers: { accept: 'application/openmetrics-text; version=1.0.0', 'accept-encoding': 'gzip' },
      });
      for (const res of [plain, zipped, om]) {
        expect(res.status).toBe(200);
        expect(res.headers['transfer-encoding']).toBe('chunked');
        expect(res.headers['content-length']).toBeUndefined();
      }
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(warnings).toEqual([
        'obskit: collector of "throws_value" left out of the scrape (collector_failed)',
      ]);
      registry.removeSingleMetric('throws_value');
      const expected = await registry.metrics();
      expect(plain.body.length).toBeGreaterThan(5_000_000);
      expect(plain.body.toString()).toBe(expected);
      expect(gunzipSync(zipped.body).toString()).toBe(expected);
      const omBody = gunzipSync(om.body).toString();
      expect(omBody).toContain('# TYPE tail counter\ntail_total 9\n# EOF\n');
      expect(omBody.split('\n').filter((l) => l.startsWith('large_duration_seconds_count{'))).toHaveLength(
        20_000,
      );
    } finally {
      await app.close();
    }
  }, 30_000);

  it('stops quietly when the client goes away mid-body and serves the next scrape', async () => {
    const registry = largeRegistry(20_000);
    const warnings: string[] = [];
    const app = await serve({
      registries: [registry],
      auth: false,
      logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    });
    try {
      const received = await new Promise<number>((resolve, reject) => {
        const req = request(app.url, (res) => {
          res.once('data', (chunk: Buffer) => {
            req.destroy();
            resolve(chunk.length);
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ECONNRESET') reject(error);
        });
        req.end();
      });
      expect(received).toBeGreaterThan(0);
      const next = await rawRequest(app.url);
      expect(next.status).toBe(200);
      expect(next.body.toString()).toContain('tail_total 9\n');
      expect(warnings.filter((w) => !w.includes('throws_value'))).toEqual([]);
    } finally {
      await app.close();
    }
  }, 30_000);
});
