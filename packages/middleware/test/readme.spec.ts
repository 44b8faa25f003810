import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, waitFor } from '@obskit/testing';
import ts from 'typescript';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The first ```ts block after `marker` in the README. */
function blockAfter(marker: string): string {
  const start = README.indexOf(marker);
  if (start === -1) throw new Error(`README has no "${marker}"`);
  const match = /```ts\n([\s\S]*?)```/.exec(README.slice(start));
  if (!match) throw new Error(`README has no ts block after "${marker}"`);
  return match[1];
}

const dir = join(__dirname, '..', 'test-output', `readme-${process.pid}`);
const files: Record<string, string> = {
  'express-app.ts': blockAfter('## Express'),
  'wrappers.ts': blockAfter('## Wrappers'),
  'instrumentation.ts': blockAfter('`instrumentation.ts`'),
  'lib/metrics.ts': blockAfter('`lib/metrics.ts`'),
  'app/api/metrics/route.ts': blockAfter('`app/api/metrics/route.ts`'),
  'app/api/orders/[id]/route.ts': blockAfter('`app/api/orders/[id]/route.ts`'),
  'drive-next.ts': `
import { GET as metricsRoute } from './app/api/metrics/route';
import { GET as orderRoute } from './app/api/orders/[id]/route';
(async () => {
  const order = await orderRoute(new Request('http://localhost:3000/api/orders/42'), { params: Promise.resolve({ id: '42' }) });
  const scrape = await metricsRoute(new Request('http://localhost:3000/api/metrics', { headers: { authorization: 'Bearer readme-token' } }));
  const anonymous = await metricsRoute(new Request('http://localhost:3000/api/metrics'));
  process.stdout.write(JSON.stringify({ order: await order.json(), status: scrape.status, type: scrape.headers.get('content-type'), body: await scrape.text(), anonymous: [anonymous.status, await anonymous.text()] }));
})();
`,
};

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    strict: true,
    skipLibCheck: true,
    types: ['node'],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    baseUrl: dir,
    paths: { '@/*': ['./*'] },
    outDir: dir,
  };
  for (const [name, code] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), code);
  }
  const program = ts.createProgram(
    Object.keys(files).map((f) => join(dir, f)),
    options,
  );
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (diagnostics.length > 0)
    throw new Error(`README examples do not type-check:\n${diagnostics.join('\n')}`);
  program.emit(undefined, (fileName, text) => {
    // resolve the Next.js path alias the way its bundler would
    const depth = fileName.slice(dir.length + 1).split('/').length - 1;
    const up = depth === 0 ? './' : '../'.repeat(depth);
    writeFileSync(fileName, text.replace(/require\("@\/lib\/metrics"\)/g, `require("${up}lib/metrics")`));
  });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, env: Record<string, string>): { done: Promise<string>; kill: () => void } {
  const child = spawn(process.execPath, [join(dir, script)], {
    // FORCE_COLOR=0: a runner that forces colour (nx does) would colour console.log's numbers
    env: { ...process.env, ...env, NODE_ENV: 'development', FORCE_COLOR: '0' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  child.stderr.on('data', (c: Buffer) => (err += c));
  const done = new Promise<string>((resolve, reject) =>
    child.on('exit', (code, signal) =>
      code === 0 || signal === 'SIGTERM' ? resolve(out) : reject(new Error(err)),
    ),
  );
  return { done, kill: () => child.kill('SIGTERM') };
}

describe('README examples run as written', () => {
  it('every TypeScript block of the README is type-checked here', () => {
    const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    const checked = new Set(Object.values(files));
    expect(blocks.filter((b) => !checked.has(b))).toEqual([]);
  });

  it('the Wrappers example records the query, the job and the agent call', async () => {
    const out = await run('wrappers.js', {}).done;
    expect(out).toMatch(/^0 /);
    expect(out).toContain(
      'db_client_operation_duration_seconds_count{db_system_name="sqlite",db_operation_name="SELECT",db_collection_name="orders"',
    );
    expect(out).toMatch(/obskit_job_duration_seconds_count\{job_name="cleanup",outcome="success"\} 1/);
    expect(out).toMatch(/gen_ai_client_token_usage_count\{[^}]*gen_ai_token_type="input"[^}]*\} 1/);
  }, 30_000);

  it('the Express example measures routes and serves /metrics', async () => {
    const port = await freePort();
    const app = run('express-app.js', { PORT: String(port) });
    try {
      const order = await waitFor('the example app', async () => {
        const res = await fetch(`http://127.0.0.1:${port}/orders/7`).catch(() => undefined);
        return res ? res.json() : undefined;
      });
      expect(order).toEqual({ id: '7' });
      const post = await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' });
      expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
      const scrape = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toContain(
        'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/orders/:id",http_response_status_code="200"} 1',
      );
    } finally {
      app.kill();
      await app.done;
    }
  }, 30_000);

  it('the Next.js route handlers answer real Requests', async () => {
    const result = JSON.parse(await run('drive-next.js', { METRICS_TOKEN: 'readme-token' }).done) as {
      order: unknown;
      status: number;
      type: string;
      body: string;
      anonymous: [number, string];
    };
    expect(result.anonymous).toEqual([401, '']);
    expect(result.order).toEqual({ id: '42' });
    expect(result.status).toBe(200);
    expect(result.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(result.body).toContain(
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/api/orders/[id]",http_response_status_code="200"} 1',
    );
  }, 30_000);
});
