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

/** What a request of the mix got back: the status and the body parsed as JSON (`undefined` if it is not). */
interface CallResult {
  readonly status: number;
  readonly json: unknown;
}

/** What the request kinds share: the sampler, the HTTP call, the session pool and the recent task ids. */
interface LoadClient {
  readonly sampler: Sampler;
  /** The user sessions opened and not yet ended or found reaped. */
  readonly sessions: string[];
  /** The ids of the last 100 tasks created, oldest first. */
  readonly recentTasks: readonly number[];
  /** Requests sent so far. */
  readonly sent: () => number;
  /** One request to the demo; a string body is sent as is (to send malformed JSON). */
  call(method: string, path: string, body?: unknown): Promise<CallResult>;
  /** A session to send with, after opening one now and then (up to 30) and ending one now and then. */
  session(): Promise<string | undefined>;
  /** Keeps the id of a created task (from its JSON body) for later reads and dependencies. */
  rememberTask(json: unknown): number | undefined;
}

/** Creates the {@link LoadClient} of one generator; `signal` aborts its requests in flight. */
function createLoadClient(options: LoadGeneratorOptions, signal: AbortSignal): LoadClient {
  const { baseUrl, sampler } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  const sessions: string[] = [];
  const recentTasks: number[] = [];
  let sent = 0;

  const call = async (method: string, path: string, body?: unknown): Promise<CallResult> => {
    sent += 1;
    const res = await doFetch(baseUrl + path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal,
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

  return { sampler, sessions, recentTasks, sent: () => sent, call, session, rememberTask };
}

/** An agent run by a weighted agent, with a session most of the time and streamed 30% of the time. */
async function sendAgentRun(client: LoadClient): Promise<void> {
  const { sampler, sessions } = client;
  const agent = sampler.weighted<AgentName>({ planner: 35, researcher: 25, coder: 25, reviewer: 15 });
  const sessionId = await client.session();
  const r = await client.call('POST', `/agents/${agent}/run`, {
    prompt: sampler.pick(PROMPTS),
    ...(sessionId ? { sessionId } : {}),
    ...(sampler.chance(0.3) ? { stream: true } : {}),
  });
  // The session has been reaped or ended elsewhere: forget it (once: concurrent runs may both see the 404).
  const index = r.status === 404 && sessionId ? sessions.indexOf(sessionId) : -1;
  if (index >= 0) sessions.splice(index, 1);
}

/** One task of a weighted type, depending on a recent task 30% of the time. */
async function sendTask(client: LoadClient): Promise<void> {
  const { sampler, recentTasks } = client;
  const type = sampler.weighted({ sync: 45, plan: 15, research: 15, code: 15, review: 10 });
  const dependsOn = recentTasks.length > 0 && sampler.chance(0.3) ? [sampler.pick(recentTasks)] : undefined;
  client.rememberTask(
    (await client.call('POST', '/tasks', { type, payload: { prompt: sampler.pick(PROMPTS) }, dependsOn }))
      .json,
  );
}

/** A plan→research→code→review chain, each task depending on the one before; stops at the first refusal. */
async function sendWorkflow(client: LoadClient): Promise<void> {
  let previous: number | undefined;
  for (const type of ['plan', 'research', 'code', 'review']) {
    const r = await client.call('POST', '/tasks', {
      type,
      payload: { prompt: client.sampler.pick(PROMPTS) },
      ...(previous ? { dependsOn: [previous] } : {}),
    });
    previous = client.rememberTask(r.json);
    if (previous === undefined) return;
  }
}

/** One kind of request in the mix: how often it is drawn (relative weight) and how it is sent. */
interface RequestKind {
  readonly weight: number;
  send(client: LoadClient): Promise<unknown>;
}

/**
 * The request mix, in draw order: agent runs, task submissions and reads, health checks, user sessions,
 * and a few bad requests (malformed JSON, an empty prompt) and unknown routes, so every metric family has data.
 */
const REQUEST_KINDS = {
  agentRun: { weight: 40, send: sendAgentRun },
  submitTask: { weight: 8, send: sendTask },
  submitWorkflow: { weight: 4, send: sendWorkflow },
  listTasks: { weight: 18, send: (c) => c.call('GET', `/tasks?limit=${c.sampler.pick([10, 20, 50])}`) },
  getTask: {
    weight: 12,
    send: (c) =>
      c.call(
        'GET',
        `/tasks/${c.recentTasks.length > 0 && c.sampler.chance(0.9) ? c.sampler.pick(c.recentTasks) : 999999999}`,
      ),
  },
  health: { weight: 10, send: (c) => c.call('GET', '/healthz') },
  badRequest: {
    weight: 3,
    send: (c) =>
      c.call('POST', '/agents/planner/run', c.sampler.chance(0.5) ? '{"prompt": ' : { prompt: '' }),
  },
  unknownRoute: {
    weight: 2,
    send: (c) => c.call('GET', c.sampler.pick(['/wp-login.php', '/.env', '/admin'])),
  },
  session: { weight: 3, send: (c) => c.session() },
} as const satisfies Record<string, RequestKind>;

type RequestKindName = keyof typeof REQUEST_KINDS;

/** The weight of each request kind, in the order of {@link REQUEST_KINDS} (the order the draw walks). */
const REQUEST_WEIGHTS = Object.fromEntries(
  Object.entries(REQUEST_KINDS).map(([name, kind]) => [name, kind.weight]),
) as Record<RequestKindName, number>;

/** Draws one request kind from the mix and sends it. */
async function sendOne(client: LoadClient): Promise<void> {
  await REQUEST_KINDS[client.sampler.weighted(REQUEST_WEIGHTS)].send(client);
}

/**
 * Creates the load generator: a mix of agent runs (with user sessions), task submissions
 * (single tasks and plan→research→code→review chains), task reads, health checks, and a few bad
 * requests and unknown routes, so every metric family has data.
 */
export function createLoadGenerator(options: LoadGeneratorOptions): LoadGenerator {
  const { rps } = options;
  const maxInFlight = options.maxInFlight ?? 64;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let budget = 0;
  const controller = new AbortController();
  const client = createLoadClient(options, controller.signal);

  const tick = (): void => {
    budget += rps / 10;
    while (budget >= 1) {
      budget -= 1;
      if (inFlight.size >= maxInFlight) continue;
      const p = sendOne(client)
        .catch((error: unknown) => {
          if (!controller.signal.aborted) options.onError?.(error);
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };

  return {
    sent: client.sent,
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
