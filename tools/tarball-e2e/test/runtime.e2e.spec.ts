import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { makeTempDir, waitFor, type TempDir } from '@obskit/testing';
import { insideWorkspace, pack, withObskitDependencies, type Packed } from './support/packages';
import { describeRun, sh, userEnv } from './support/run';

// @obskit/metrics-core from its tarball (with prom-client from the registry) in a CommonJS and an ES
// module project outside this repository: each serves its registry on a loopback port and is scraped.
jest.setTimeout(10 * 60_000);

const SERVER = {
  cjs: `const { createServer } = require('node:http');
const { Registry } = require('prom-client');
const { createMetrics } = require('@obskit/metrics-core');
`,
  esm: `import { createServer } from 'node:http';
import { Registry } from 'prom-client';
import { createMetrics } from '@obskit/metrics-core';
`,
};
const BODY = `const registry = new Registry();
const metrics = createMetrics({ registry, allowLists: { gen_ai_request_model: ['gpt-4o'] } });
const op = { agent: 'planner', operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' };
metrics.agents.timeOperation(op, async () => 'the answer').then(() => {
  const server = createServer(async (req, res) => {
    res.setHeader('Content-Type', registry.contentType);
    res.end(await registry.metrics());
  });
  server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
});
`;

describe('@obskit/metrics-core installed from its tarball', () => {
  let temp: TempDir;
  let packed: Map<string, Packed>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    temp = await makeTempDir('obskit-tarball-runtime-');
    expect(insideWorkspace(temp.path)).toBe(false);
    packed = await pack(withObskitDependencies(['@obskit/metrics-core']), join(temp.path, 'tarballs'));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await temp?.cleanup();
  });

  it.each([
    ['CommonJS', 'cjs', 'commonjs', 'server.cjs'],
    ['ES module', 'esm', 'module', 'server.mjs'],
  ] as const)('is imported and scraped in a %s project', async (_kind, flavour, type, file) => {
    const app = join(temp.path, flavour);
    mkdirSync(app, { recursive: true });
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: `app-${flavour}`, version: '1.0.0', private: true, type }),
    );
    writeFileSync(join(app, file), SERVER[flavour] + BODY);
    const tarballs = [...packed.values()].map((p) => JSON.stringify(p.tarball)).join(' ');
    const installed = await sh(`npm install ${tarballs} prom-client@^15`, app);
    expect({ exit: installed.code, run: describeRun(installed) }).toEqual({
      exit: 0,
      run: expect.any(String),
    });

    const child = spawn(process.execPath, [file], {
      cwd: app,
      env: userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (output += c));
    const port = await waitFor(
      `${file} to listen (output so far: ${output})`,
      async () => /listening on (\d+)/.exec(output)?.[1],
      60_000,
    );

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^obskit_agent_operations_total\{[^}]*gen_ai_agent_name="planner"[^}]*\} 1$/m);
    expect(text).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    child.kill('SIGTERM');
  });
});
