import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { METRICS } from '@obskit/catalog';
import { createDbInstrumentation, sqlOperation } from '../src/wrappers/db';
import { createInstrumentedFetch } from '../src/wrappers/outbound-fetch';
import { wrapAgentOperation, wrapJob } from '../src/wrappers/work';
import { freshMetrics, listen, valueOf } from './helpers';

describe('sqlOperation', () => {
  it.each([
    ['SELECT * FROM orders WHERE id = 1', 'SELECT'],
    ['  insert into orders values (?)', 'INSERT'],
    ['/* app */ -- comment\nUPDATE orders SET x = 1', 'UPDATE'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', '_OTHER'],
    ["DROP TABLE orders; SELECT 'secret'", 'DROP'],
    ['hello world', '_OTHER'],
    ['', '_OTHER'],
  ])('%p → %s', (sql, expected) => {
    expect(sqlOperation(sql)).toBe(expected);
  });
});

describe('createDbInstrumentation with a real SQLite database', () => {
  const series = (op: string, collection: string, errorType?: string) =>
    `${METRICS.db.operationDuration.name}_count{db_system_name="sqlite",db_operation_name="${op}",db_collection_name="${collection}"${
      errorType ? `,error_type="${errorType}"` : ''
    }}`;

  it('times synchronous and promise-returning queries and transactions, and records failures', async () => {
    const metrics = freshMetrics();
    const sqlite = new Database(':memory:');
    try {
      const db = createDbInstrumentation(metrics, { system: 'sqlite' });
      db.querySync(
        { sql: 'CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)', collection: 'orders' },
        () => sqlite.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)'),
      );
      const insert = sqlite.prepare('INSERT INTO orders (total) VALUES (?)');
      db.transactionSync(
        sqlite.transaction(() => {
          for (let i = 0; i < 3; i++)
            db.querySync({ sql: 'INSERT INTO orders', collection: 'orders' }, () => insert.run(i));
        }),
        'orders',
      );
      const rows = await db.query({ sql: 'SELECT * FROM orders', collection: 'orders' }, async () =>
        sqlite.prepare('SELECT * FROM orders').all(),
      );
      expect(rows).toHaveLength(3);
      const failure = new Error('no such table: missing');
      expect(() =>
        db.querySync({ sql: 'SELECT * FROM missing', collection: 'missing' }, () =>
          sqlite.prepare('SELECT * FROM missing'),
        ),
      ).toThrow('no such table: missing');
      await expect(db.transaction(() => Promise.reject(failure), 'orders')).rejects.toBe(failure);

      const text = await metrics.registry.metrics();
      expect(valueOf(text, series('CREATE', 'orders'))).toBe(1);
      expect(valueOf(text, series('INSERT', 'orders'))).toBe(3);
      expect(valueOf(text, series('TRANSACTION', 'orders'))).toBe(1);
      expect(valueOf(text, series('SELECT', 'orders'))).toBe(1);
      expect(valueOf(text, series('SELECT', 'missing', '_OTHER'))).toBe(1);
      expect(valueOf(text, series('TRANSACTION', 'orders', '_OTHER'))).toBe(1);
    } finally {
      sqlite.close();
    }
  });
});

describe('wrapJob', () => {
  it('records duration by outcome, last success and in-flight runs', async () => {
    const metrics = freshMetrics();
    let release: () => void = () => undefined;
    const job = wrapJob(metrics, 'cleanup', (fail: boolean) =>
      fail
        ? Promise.reject(new Error('job failed'))
        : new Promise<string>((r) => (release = () => r('done'))),
    );
    const running = job(false);
    const during = await metrics.registry.metrics();
    expect(valueOf(during, `${METRICS.job.inFlight.name}{job_name="cleanup"}`)).toBe(1);
    release();
    expect(await running).toBe('done');
    await expect(job(true)).rejects.toThrow('job failed');
    const text = await metrics.registry.metrics();
    expect(valueOf(text, `${METRICS.job.inFlight.name}{job_name="cleanup"}`)).toBe(0);
    expect(valueOf(text, `${METRICS.job.duration.name}_count{job_name="cleanup",outcome="success"}`)).toBe(1);
    expect(valueOf(text, `${METRICS.job.duration.name}_count{job_name="cleanup",outcome="failure"}`)).toBe(1);
    expect(valueOf(text, `${METRICS.job.lastSuccess.name}{job_name="cleanup"}`)).toBeGreaterThan(1.7e9);
  });
});

describe('wrapAgentOperation', () => {
  it('records the GenAI operation with tokens read from the result', async () => {
    const metrics = freshMetrics();
    const chat = wrapAgentOperation(
      metrics,
      { agent: 'planner', operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' },
      async (prompt: string) => ({
        text: prompt.toUpperCase(),
        usage: { inputTokens: 12, outputTokens: 30 },
      }),
      { usage: (r) => r.usage },
    );
    expect((await chat('hi')).text).toBe('HI');
    const text = await metrics.registry.metrics();
    const duration = text
      .split('\n')
      .find((l) => l.startsWith(`${METRICS.genai.clientOperationDuration.name}_count{`));
    expect(duration).toContain('gen_ai_operation_name="chat"');
    expect(duration).toMatch(/ 1$/);
    expect(text).toMatch(
      new RegExp(`${METRICS.genai.clientTokenUsage.name}_sum\\{[^}]*gen_ai_token_type="output"[^}]*\\} 30`),
    );
  });
});

describe('createInstrumentedFetch against a real HTTP server', () => {
  it('records method, host, status and error type, and passes responses and errors through', async () => {
    const metrics = freshMetrics();
    const server = await listen(
      createServer((req, res) => {
        res.writeHead(req.url === '/down' ? 503 : 200);
        res.end(req.url);
      }),
    );
    const closedPort = await listen(createServer());
    const deadUrl = `${closedPort.base}/x`;
    await closedPort.close();
    try {
      const instrumented = createInstrumentedFetch(metrics);
      const ok = await instrumented(`${server.base}/orders/1?token=secret`);
      expect([ok.status, await ok.text()]).toEqual([200, '/orders/1?token=secret']);
      const down = await instrumented(new Request(`${server.base}/down`, { method: 'POST', body: 'x' }));
      expect(down.status).toBe(503);
      await expect(instrumented(deadUrl)).rejects.toThrow('fetch failed');

      const onlyKnown = createInstrumentedFetch(metrics, { serverAddresses: ['api.example.com'] });
      await onlyKnown(`${server.base}/again`);

      const text = await metrics.registry.metrics();
      const name = `${METRICS.httpClient.requestDuration.name}_count`;
      expect(
        valueOf(
          text,
          `${name}{http_request_method="GET",server_address="127.0.0.1",http_response_status_code="200"}`,
        ),
      ).toBe(1);
      expect(
        valueOf(
          text,
          `${name}{http_request_method="POST",server_address="127.0.0.1",http_response_status_code="503",error_type="server_error"}`,
        ),
      ).toBe(1);
      expect(
        valueOf(
          text,
          `${name}{http_request_method="GET",server_address="127.0.0.1",error_type="connection_error"}`,
        ),
      ).toBe(1);
      expect(
        valueOf(
          text,
          `${name}{http_request_method="GET",server_address="_OTHER",http_response_status_code="200"}`,
        ),
      ).toBe(1);
      expect(text).not.toContain('secret');
    } finally {
      await server.close();
    }
  });
});
