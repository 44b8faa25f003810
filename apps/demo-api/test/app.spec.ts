import { makeTempDir, promtoolCheckMetrics, type TempDir } from '@obskit/testing';
import { join } from 'node:path';
import { startDemo, type RunningDemo } from '../src/index';

/** Sum of the samples of `series` (a name plus optional label matchers in exposition form). */
function sumOf(exposition: string, name: string, ...matchers: string[]): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    if (matchers.every((m) => line.includes(m))) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

jest.setTimeout(20_000);

describe('demo-api over real HTTP', () => {
  let tmp: TempDir;
  let demo: RunningDemo;
  const scrape = async () => (await fetch(`${demo.url}/metrics`)).text();
  const post = (path: string, body?: unknown) =>
    fetch(demo.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  /** Runs an agent `times` times; every run answers 200 and the run's own status says how it went. */
  const runAgent = async (agent: string, times: number) => {
    const statuses: string[] = [];
    for (let i = 0; i < times; i++) {
      const res = await post(`/agents/${agent}/run`, { prompt: 'Plan a release', maxHandoffs: 0 });
      expect(res.status).toBe(200);
      statuses.push(((await res.json()) as { status: string }).status);
    }
    return statuses;
  };

  beforeAll(async () => {
    tmp = await makeTempDir('demo-api-app-');
    demo = await startDemo({
      port: 0,
      timeScale: 0,
      // In-process draws: with no simulated time the loopback round trip would be the only latency.
      llmProviders: 'simulated',
      seed: 1234,
      databasePath: join(tmp.path, 'demo.sqlite'),
    });
  });
  afterAll(async () => {
    await demo?.stop();
    await tmp?.cleanup();
  });

  it('answers /healthz and lists no active scenario', async () => {
    const res = await fetch(`${demo.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', scenarios: [] });
  });

  it('runs an agent and reports steps, usage and cost', async () => {
    const res = await post('/agents/planner/run', { prompt: 'Add rate limiting to the API', maxHandoffs: 0 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      agent: string;
      workflow: string;
      steps: { model: string }[];
      usage: { costUsd: number };
    };
    expect(body.agent).toBe('planner');
    expect(body.workflow).toBe('feature_delivery');
    expect(body.steps[0].model).toBe('gpt-4o');
    if ((body as { status?: string }).status === 'success') expect(body.usage.costUsd).toBeGreaterThan(0);
    const text = await scrape();
    expect(
      sumOf(text, 'gen_ai_client_operation_duration_seconds_count', 'gen_ai_request_model="gpt-4o"'),
    ).toBeGreaterThan(0);
    expect(sumOf(text, 'obskit_feature_usage_total', 'feature="planning"')).toBe(1);
    expect(
      sumOf(text, 'gen_ai_workflow_duration_seconds_count', 'gen_ai_workflow_name="feature_delivery"'),
    ).toBe(1);
  });

  it.each([
    ['/agents/planner/run', '{"prompt": ', 400, 'DEMO_INVALID_JSON', /^Invalid JSON in request body/],
    [
      '/agents/planner/run',
      { prompt: '' },
      400,
      'DEMO_BAD_REQUEST',
      /^Invalid "prompt" of 0 characters: expected a non-empty string/,
    ],
    [
      '/agents/planner/run',
      { prompt: 'x', colour: 'red' },
      400,
      'DEMO_BAD_REQUEST',
      /^Unknown field "colour" in request body/,
    ],
    ['/agents/planner/run', [1, 2], 400, 'DEMO_BAD_REQUEST', /expects a JSON object .* got an array/],
    [
      '/agents/nobody/run',
      { prompt: 'x' },
      404,
      'DEMO_UNKNOWN_AGENT',
      /^Unknown agent "nobody": expected one of planner, researcher, coder, reviewer$/,
    ],
    [
      '/tasks',
      { type: 'deploy' },
      400,
      'DEMO_BAD_REQUEST',
      /^Invalid "type" "deploy": expected one of plan, research, code, review, sync$/,
    ],
    ['/tasks', { type: 'plan', dependsOn: ['1'] }, 400, 'DEMO_BAD_REQUEST', /^Invalid "dependsOn" \["1"\]/],
    [
      '/tasks',
      { type: 'plan', dependsOn: [987654] },
      400,
      'DEMO_UNKNOWN_DEPENDENCY',
      /^Unknown task id in "dependsOn": 987654$/,
    ],
    [
      '/scenarios/meteor-strike',
      undefined,
      404,
      'DEMO_UNKNOWN_SCENARIO',
      /^Unknown scenario "meteor-strike": expected one of provider-outage/,
    ],
  ])('POST %s with %j answers %i %s', async (path, body, status, code, message) => {
    const res = await post(path, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message).toMatch(message);
  });

  it('creates, lists and reads tasks; unknown ids answer 404 and bad ids 400', async () => {
    const created = await post('/tasks', { type: 'sync', payload: { source: 'crm' }, maxAttempts: 1 });
    expect(created.status).toBe(201);
    const task = (await created.json()) as { id: number; queue: string; state: string };
    expect(created.headers.get('location')).toBe(`/tasks/${task.id}`);
    expect(task).toMatchObject({ queue: 'integrations', state: 'pending' });
    const one = await fetch(`${demo.url}/tasks/${task.id}`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { id: number }).id).toBe(task.id);
    const list = (await (await fetch(`${demo.url}/tasks?limit=5`)).json()) as { tasks: { id: number }[] };
    expect(list.tasks.map((t) => t.id)).toContain(task.id);
    expect((await fetch(`${demo.url}/tasks/999999`)).status).toBe(404);
    const bad = await fetch(`${demo.url}/tasks/abc`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid task id "abc": expected a positive integer',
    );
    expect((await fetch(`${demo.url}/tasks?state=lost`)).status).toBe(400);
  });

  it('answers unknown routes 404 and counts them under one __unmatched__ route', async () => {
    for (const path of ['/wp-login.php', '/.env', '/admin/x/y']) {
      const res = await fetch(demo.url + path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        error: { code: 'DEMO_NOT_FOUND', message: `No route for GET ${path}` },
      });
    }
    const text = await scrape();
    expect(
      sumOf(
        text,
        'http_server_request_duration_seconds_count',
        'http_route="__unmatched__"',
        'http_response_status_code="404"',
      ),
    ).toBe(3);
    expect(text).not.toContain('wp-login');
    expect(
      sumOf(text, 'http_server_request_duration_seconds_count', 'http_route="/tasks/:id"'),
    ).toBeGreaterThan(0);
    // Malformed and invalid bodies are refused after routing, so they count under their route.
    expect(
      sumOf(
        text,
        'http_server_request_duration_seconds_count',
        'http_request_method="POST"',
        'http_route="/agents/:agent/run"',
        'http_response_status_code="400"',
      ),
    ).toBe(4);
  });

  it('starts and ends sessions, counted in the business metrics', async () => {
    const res = await post('/sessions');
    expect(res.status).toBe(201);
    const session = (await res.json()) as { id: string; variant: string };
    expect(['control', 'treatment']).toContain(session.variant);
    expect(
      (await post('/agents/reviewer/run', { prompt: 'Review it', sessionId: session.id })).status,
    ).not.toBe(404);
    expect((await fetch(`${demo.url}/sessions/${session.id}`, { method: 'DELETE' })).status).toBe(200);
    const ended = await post('/agents/reviewer/run', { prompt: 'Review it', sessionId: session.id });
    expect(ended.status).toBe(404);
    const text = await scrape();
    expect(sumOf(text, 'obskit_user_sessions_started_total')).toBe(1);
    expect(sumOf(text, 'obskit_user_session_duration_seconds_count')).toBe(1);
    expect(sumOf(text, 'obskit_experiment_exposures_total', `variant="${session.variant}"`)).toBe(1);
  });

  describe('scenarios', () => {
    afterEach(async () => {
      for (const name of ['provider-outage', 'latency-spike', 'cost-spike', 'queue-backlog', 'error-burst']) {
        await fetch(`${demo.url}/scenarios/${name}`, { method: 'DELETE' });
      }
    });

    it('turns on and off, shown by /scenarios and /healthz', async () => {
      expect((await post('/scenarios/latency-spike')).status).toBe(201);
      expect((await post('/scenarios/latency-spike')).status).toBe(200);
      const list = (await (await fetch(`${demo.url}/scenarios`)).json()) as { active: { name: string }[] };
      expect(list.active.map((s) => s.name)).toEqual(['latency-spike']);
      expect(await (await fetch(`${demo.url}/healthz`)).json()).toEqual({
        status: 'ok',
        scenarios: ['latency-spike'],
      });
      const off = await fetch(`${demo.url}/scenarios/latency-spike`, { method: 'DELETE' });
      expect(await off.json()).toEqual({ name: 'latency-spike', active: false, changed: true });
    });

    it('provider-outage makes every anthropic call fail with server_error and the run report an error', async () => {
      const failedBefore = sumOf(
        await scrape(),
        'obskit_agent_operations_total',
        'gen_ai_provider_name="anthropic"',
        'status="error"',
      );
      await post('/scenarios/provider-outage');
      const statuses = await runAgent('researcher', 5);
      expect(statuses).toEqual(['error', 'error', 'error', 'error', 'error']);
      const text = await scrape();
      expect(
        sumOf(
          text,
          'gen_ai_client_operation_duration_seconds_count',
          'gen_ai_provider_name="anthropic"',
          'error_type="server_error"',
        ),
      ).toBeGreaterThanOrEqual(5);
      expect(
        sumOf(text, 'obskit_agent_operations_total', 'gen_ai_provider_name="anthropic"', 'status="error"') -
          failedBefore,
      ).toBeGreaterThanOrEqual(5);
      await fetch(`${demo.url}/scenarios/provider-outage`, { method: 'DELETE' });
      expect((await runAgent('researcher', 5)).filter((s) => s === 'success').length).toBeGreaterThanOrEqual(
        4,
      );
    });

    it('latency-spike raises the mean GenAI operation duration about tenfold', async () => {
      const mean = (text: string) =>
        sumOf(
          text,
          'gen_ai_client_operation_duration_seconds_sum',
          'gen_ai_request_model="claude-3-5-haiku"',
          'gen_ai_response_model',
        ) /
        sumOf(
          text,
          'gen_ai_client_operation_duration_seconds_count',
          'gen_ai_request_model="claude-3-5-haiku"',
          'gen_ai_response_model',
        );
      const sumCount = (text: string) => [
        sumOf(
          text,
          'gen_ai_client_operation_duration_seconds_sum',
          'gen_ai_request_model="claude-3-5-haiku"',
          'gen_ai_response_model',
        ),
        sumOf(
          text,
          'gen_ai_client_operation_duration_seconds_count',
          'gen_ai_request_model="claude-3-5-haiku"',
          'gen_ai_response_model',
        ),
      ];
      await runAgent('reviewer', 10);
      const before = sumCount(await scrape());
      const baseline = mean(await scrape());
      await post('/scenarios/latency-spike');
      await runAgent('reviewer', 10);
      const after = sumCount(await scrape());
      const spiked = (after[0] - before[0]) / (after[1] - before[1]);
      expect(spiked / baseline).toBeGreaterThan(5);
    });

    it('cost-spike raises the cost per call of the expensive model', async () => {
      const cost = async () =>
        sumOf(
          await scrape(),
          'obskit_gen_ai_cost_usd_total',
          'gen_ai_request_model="gpt-4o"',
          'gen_ai_agent_name="coder"',
        );
      const c0 = await cost();
      await runAgent('coder', 6);
      const c1 = await cost();
      await post('/scenarios/cost-spike');
      await runAgent('coder', 6);
      const c2 = await cost();
      expect((c2 - c1) / (c1 - c0)).toBeGreaterThan(8);
    });

    it('error-burst fails a share of task reads with 503 and raises agent errors', async () => {
      await post('/scenarios/error-burst');
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await fetch(`${demo.url}/tasks?limit=1`)).status);
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(3);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(3);
      expect(
        sumOf(
          await scrape(),
          'http_server_request_duration_seconds_count',
          'http_route="/tasks"',
          'http_response_status_code="503"',
        ),
      ).toBe(statuses.filter((s) => s === 503).length);
      // The flaky integration fails every attempt: the task ends dead-lettered.
      let res = await post('/tasks', { type: 'sync', maxAttempts: 2 });
      while (res.status === 503) res = await post('/tasks', { type: 'sync', maxAttempts: 2 });
      const created = (await res.json()) as { id: number };
      const deadline = Date.now() + 10_000;
      let state = '';
      while (state !== 'dead_lettered' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        state = ((await (await fetch(`${demo.url}/tasks/${created.id}`)).json()) as { state: string }).state;
      }
      expect(state).toBe('dead_lettered');
      expect(
        sumOf(await scrape(), 'obskit_task_dead_letters_total', 'task_type="sync"'),
      ).toBeGreaterThanOrEqual(1);
      const agentStatuses = await runAgent('planner', 10);
      expect(agentStatuses.filter((s) => s === 'error').length).toBeGreaterThan(1);
      expect(
        sumOf(await scrape(), 'obskit_agent_errors_total', 'error_type="invalid_request"'),
      ).toBeGreaterThan(1);
    });

    it('queue-backlog grows the queue depth while it is on and stops enqueueing when off', async () => {
      const depth = async () => sumOf(await scrape(), 'obskit_task_queue_depth');
      await post('/scenarios/queue-backlog');
      await new Promise((r) => setTimeout(r, 1500));
      const grown = await depth();
      expect(grown).toBeGreaterThan(15);
      await fetch(`${demo.url}/scenarios/queue-backlog`, { method: 'DELETE' });
      const created = () => demo.tasks.list({ limit: 1 })[0]?.id ?? 0;
      const lastId = created();
      await new Promise((r) => setTimeout(r, 400));
      expect(created()).toBe(lastId);
    });
  });

  it('serves a scrape that `promtool check metrics` accepts without a word', async () => {
    await runAgent('planner', 3);
    const result = await promtoolCheckMetrics(await scrape());
    expect(result).toEqual({ code: 0, output: '' });
  });
});

describe('demo-api /metrics auth', () => {
  it('asks for the bearer token when one is configured', async () => {
    const tmp = await makeTempDir('demo-api-auth-');
    const demo = await startDemo({
      port: 0,
      timeScale: 0,
      // In-process draws: with no simulated time the loopback round trip would be the only latency.
      llmProviders: 'simulated',
      databasePath: join(tmp.path, 'demo.sqlite'),
      metricsAuth: { bearerToken: 's3cret-token' },
      backgroundWork: false,
    });
    try {
      const anonymous = await fetch(`${demo.url}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(
        (await fetch(`${demo.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
      ).toBe(401);
      const ok = await fetch(`${demo.url}/metrics`, { headers: { authorization: 'Bearer s3cret-token' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE gen_ai_client_operation_duration_seconds histogram');
    } finally {
      await demo.stop();
      await tmp.cleanup();
    }
  });
});
