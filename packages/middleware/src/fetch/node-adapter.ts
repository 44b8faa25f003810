import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { drainOrClose } from '../internal/drain.js';

/** The context {@link toNodeListener} passes to the Fetch handler. */
export interface NodeFetchContext {
  /** The socket's peer address. */
  readonly clientIp?: string;
}

/**
 * Serves a Fetch-API handler from Node's `http` server: builds a `Request` (streaming body, an
 * `AbortSignal` that fires when the client goes away) and writes the `Response` back. Passes
 * `{ clientIp }` as the handler's context, which {@link createFetchMetricsHandler} reads.
 *
 * @param handler - a Fetch-API handler.
 * @example
 * http.createServer(toNodeListener(createFetchMetricsHandler({ metrics }))).listen(9464, '127.0.0.1');
 */
export function toNodeListener(
  handler: (request: Request, context: NodeFetchContext) => Response | Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else headers.set(name, value);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      signal: controller.signal,
      ...(hasBody ? { duplex: 'half' } : {}),
    } as RequestInit);
    Promise.resolve()
      .then(() => handler(request, { clientIp: req.socket.remoteAddress }))
      .then(async (response) => {
        const out: Record<string, string | string[]> = {};
        response.headers.forEach((value, name) => {
          const prev = out[name];
          out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
        });
        res.writeHead(response.status, out);
        if (response.body && req.method !== 'HEAD') {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            // leaving the loop cancels the body, which stops a streamed /metrics render
            if (res.destroyed) break;
            if (!res.write(chunk)) await drainOrClose(res);
          }
        }
        res.end();
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
}
