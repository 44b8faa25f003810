import type { AgentName } from '../domain/agents.js';
import type { Sampler } from '../sim/random.js';

/** Options of {@link createLoadGenerator}. */
export interface LoadGeneratorOptions {
  /** Base URL of the running demo, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** Requests per second. */
  readonly rps: number;
  readonly sampler: Sampler;
  /** Requests in flight at most; further ticks skip. @defaultValue 64 */
  readonly maxInFlight?: number;
  /** The fetch to call with (e.g. instrumented for outbound HTTP metrics). @defaultValue `globalThis.fetch` */
  readonly fetch?: typeof fetch;
  /** Called once per failed request (network errors only; HTTP errors are part of the load). */
  readonly onError?: (error: unknown) => void;
}

/** Background traffic through the real HTTP server. */
export interface LoadGenerator {
  readonly sent: () => number;
  start(): void;
  /** Stops sending and aborts the requests in flight (the server still finishes them). */
  stop(): Promise<void>;
}

const PROMPTS = [
  'Add rate limiting to the public API',
  'Summarise the incident report from last night',
  'Research vector databases for semantic search',
  'Refactor the billing module to use the new tax service',
  'Write tests for the session reaper',
  'Review the pull request that adds OAuth login',
  'Plan the migration from REST to gRPC for internal services',
];

/**
 * Creates the load generator: a mix of agent runs (with user sessions), task submissions
 * (single tasks and plan→research→code→review chains), task reads, health checks, and a few bad
 * requests and unknown routes, so every metric family has data.
 */
export function createLoadGenerator(options: LoadGeneratorOptions): LoadGenerator {
  const { baseUrl, rps, sampler } = options;
  const maxInFlight = options.maxInFlight ?? 64;
  const doFetch = options.fetch ?? globalThis.fetch;
  const inFlight = new Set<Promise<void>>();
  const sessions: string[] = [];
  const recentTasks: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  let budget = 0;
  let sent = 0;
  const controller = new AbortController();

  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    sent += 1;
    const res = await doFetch(baseUrl + path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: controller.signal,
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  };

  const session = async (): Promise<string | undefined> => {
    if (sessions.length === 0 || (sessions.length < 30 && sampler.chance(0.05))) {
      const r = await call('POST', '/sessions');
      const id = (r.json as { id?: string } | undefined)?.id;
      if (r.status === 201 && id) sessions.push(id);
    }
    if (sessions.length > 0 && sampler.chance(0.02)) {
      const [ended] = sessions.splice(sampler.int(0, sessions.length - 1), 1);
      await call('DELETE', `/sessions/${ended}`);
    }
    return sessions.length > 0 ? sampler.pick(sessions) : undefined;
  };

  const rememberTask = (json: unknown): number | undefined => {
    const id = (json as { id?: number } | undefined)?.id;
    if (typeof id !== 'number') return undefined;
    recentTasks.push(id);
    if (recentTasks.length > 100) recentTasks.shift();
    return id;
  };

  const one = async (): Promise<void> => {
    const kind = sampler.weighted({
      agentRun: 40,
      submitTask: 8,
      submitWorkflow: 4,
      listTasks: 18,
      getTask: 12,
      health: 10,
      badRequest: 3,
      unknownRoute: 2,
      session: 3,
    });
    switch (kind) {
      case 'agentRun': {
        const agent = sampler.weighted<AgentName>({ planner: 35, researcher: 25, coder: 25, reviewer: 15 });
        const sessionId = await session();
        const r = await call('POST', `/agents/${agent}/run`, {
          prompt: sampler.pick(PROMPTS),
          ...(sessionId ? { sessionId } : {}),
          ...(sampler.chance(0.3) ? { stream: true } : {}),
        });
        // The session has been reaped or ended elsewhere: forget it.
        if (r.status === 404 && sessionId) sessions.splice(sessions.indexOf(sessionId), 1);
        return;
      }
      case 'submitTask': {
        const type = sampler.weighted({ sync: 45, plan: 15, research: 15, code: 15, review: 10 });
        const dependsOn =
          recentTasks.length > 0 && sampler.chance(0.3) ? [sampler.pick(recentTasks)] : undefined;
        rememberTask(
          (await call('POST', '/tasks', { type, payload: { prompt: sampler.pick(PROMPTS) }, dependsOn }))
            .json,
        );
        return;
      }
      case 'submitWorkflow': {
        let previous: number | undefined;
        for (const type of ['plan', 'research', 'code', 'review']) {
          const r = await call('POST', '/tasks', {
            type,
            payload: { prompt: sampler.pick(PROMPTS) },
            ...(previous ? { dependsOn: [previous] } : {}),
          });
          previous = rememberTask(r.json);
          if (previous === undefined) return;
        }
        return;
      }
      case 'listTasks':
        await call('GET', `/tasks?limit=${sampler.pick([10, 20, 50])}`);
        return;
      case 'getTask':
        await call(
          'GET',
          `/tasks/${recentTasks.length > 0 && sampler.chance(0.9) ? sampler.pick(recentTasks) : 999999999}`,
        );
        return;
      case 'health':
        await call('GET', '/healthz');
        return;
      case 'badRequest':
        await call('POST', '/agents/planner/run', sampler.chance(0.5) ? '{"prompt": ' : { prompt: '' });
        return;
      case 'unknownRoute':
        await call('GET', sampler.pick(['/wp-login.php', '/.env', '/admin']));
        return;
      case 'session':
        await session();
        return;
    }
  };

  const tick = (): void => {
    budget += rps / 10;
    while (budget >= 1) {
      budget -= 1;
      if (inFlight.size >= maxInFlight) continue;
      const p = one()
        .catch((error: unknown) => {
          if (!controller.signal.aborted) options.onError?.(error);
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };

  return {
    sent: () => sent,
    start() {
      if (timer || rps <= 0) return;
      timer = setInterval(tick, 100);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      // The server drains what it has started; the generator only stops asking.
      controller.abort();
      await Promise.all([...inFlight]);
    },
  };
}
