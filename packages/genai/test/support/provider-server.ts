import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as wait } from 'node:timers/promises';

/** What one request to the loopback provider looks like to a handler. */
export interface ProviderRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

/** How the server answers one request: JSON after a delay, an SSE stream, or never. */
export type Reply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  | {
      kind: 'sse';
      /** `[event name or undefined, data]`; data objects are JSON-encoded, strings sent as they are. */
      events: ReadonlyArray<readonly [string | undefined, unknown]>;
      headers?: Record<string, string>;
      /** Before the first event; the headers go out at once. */
      firstDelayMs?: number;
      /** Between events. */
      gapMs?: number;
      /** Stop after this many events and keep the connection open (a stalled stream). */
      stallAfter?: number;
    }
  | { kind: 'hang' };

/** A loopback HTTP server speaking a provider's wire format, scripted per request by `reply`. */
export interface ProviderServer {
  readonly baseURL: string;
  /** Requests seen, in order. */
  readonly requests: ProviderRequest[];
  reply: (req: ProviderRequest) => Reply;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function answer(
  reply: Reply,
  res: ServerResponse,
  closed: () => boolean,
  signal: AbortSignal,
): Promise<void> {
  // Delays end early when the client goes away, so no timer outlives a test.
  const sleep = (ms: number) => wait(ms, undefined, { signal }).catch(() => undefined);
  if (reply.kind === 'hang') return;
  if (reply.kind === 'json') {
    if (reply.delayMs) await sleep(reply.delayMs);
    if (closed()) return;
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    ...reply.headers,
  });
  res.flushHeaders();
  if (reply.firstDelayMs) await sleep(reply.firstDelayMs);
  let sent = 0;
  for (const [event, data] of reply.events) {
    if (closed()) return;
    if (reply.stallAfter !== undefined && sent >= reply.stallAfter) return;
    if (sent > 0 && reply.gapMs) await sleep(reply.gapMs);
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
    sent++;
  }
  res.end();
}

/** Starts the server on 127.0.0.1 and a free port; `basePath` is prefixed to the SDK's paths (`/v1`). */
export async function startProviderServer(basePath = ''): Promise<ProviderServer> {
  const requests: ProviderRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const state: { reply: ProviderServer['reply'] } = {
    reply: () => ({ kind: 'json', status: 404, body: { error: { message: 'no reply scripted' } } }),
  };
  const server = createServer((req, res) => {
    let isClosed = false;
    const gone = new AbortController();
    res.on('close', () => {
      isClosed = true;
      gone.abort();
    });
    void readBody(req).then(async (body) => {
      const request: ProviderRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0],
        headers: req.headers,
        body,
      };
      requests.push(request);
      await answer(state.reply(request), res, () => isClosed, gone.signal);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}${basePath}`,
    requests,
    get reply() {
      return state.reply;
    },
    set reply(fn) {
      state.reply = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The exposition lines of `text` that start with `prefix`. */
export function linesOf(text: string, prefix: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(prefix));
}

/** The value of the one exposition line that starts with `prefix` (a full series selector). */
export function valueOf(text: string, prefix: string): number | undefined {
  const found = linesOf(text, prefix);
  if (found.length === 0) return undefined;
  if (found.length > 1) throw new Error(`"${prefix}" matches ${found.length} lines:\n${found.join('\n')}`);
  return Number(found[0].slice(found[0].lastIndexOf(' ') + 1));
}
