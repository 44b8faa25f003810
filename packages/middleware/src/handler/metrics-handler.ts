import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScrapeHandler } from './scrape.js';
import type { MetricsHandlerOptions, ScrapeBodyStream, ScrapeResponse } from './scrape.js';
import { drainOrClose } from '../internal/drain.js';

/** A `/metrics` handler for Node's `http` server and Express 4/5 (`app.get('/metrics', handler)`). */
export type NodeMetricsHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (err?: unknown) => void,
) => void;

async function send(res: ServerResponse, response: ScrapeResponse): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.status, response.headers as Record<string, string | string[]>);
  const stream = response.stream;
  if (!stream) {
    res.end(response.body);
    return;
  }
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  res.once('close', abort);
  try {
    await stream(async (chunk) => {
      if (res.destroyed) return abort();
      if (!res.write(chunk)) await drainOrClose(res);
    }, controller.signal);
    res.end();
  } catch {
    // a body that cannot be finished must not look complete: cut the connection (already reported)
    res.destroy();
  } finally {
    res.off('close', abort);
  }
}

/**
 * A `ReadableStream` over a streamed scrape body: pieces are produced as the reader pulls them, and
 * cancelling the stream stops the render.
 */
function readableOf(stream: ScrapeBodyStream): ReadableStream<Uint8Array> {
  const controller = new AbortController();
  const encoder = new TextEncoder();
  let wake: (() => void) | undefined;
  const resume = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(readable) {
        stream(async (chunk) => {
          if (controller.signal.aborted) return;
          readable.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
          if ((readable.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wake = resolve));
        }, controller.signal).then(
          () => {
            if (!controller.signal.aborted) readable.close();
          },
          (error: unknown) => {
            if (!controller.signal.aborted) readable.error(error);
          },
        );
      },
      pull: resume,
      cancel() {
        controller.abort();
        resume();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * Creates the `/metrics` handler for Node `http` servers and Express 4/5: content negotiation
 * (OpenMetrics 1.0 or text 0.0.4), `Cache-Control: no-store`, gzip, bearer/basic auth, IP
 * allow-list, per-collector isolation under `X-Prometheus-Scrape-Timeout-Seconds`. The client IP is
 * Express's `req.ip` when present (which follows the app's `trust proxy` setting), else the
 * socket's peer address — never a raw `X-Forwarded-For`, which a client can forge.
 *
 * @param options - what to serve and how to protect it.
 * @example
 * app.get('/metrics', createMetricsHandler({ metrics }));
 */
export function createMetricsHandler(options: MetricsHandlerOptions): NodeMetricsHandler {
  const scrape = createScrapeHandler(options);
  return (req, res) => {
    scrape({
      method: req.method ?? 'GET',
      header: (name) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      },
      clientIp: clientIpOf(req),
    })
      .then(
        (response) => send(res, response),
        () => send(res, { status: 500, headers: { 'Cache-Control': 'no-store' } }),
      )
      .catch(() => res.destroy());
  };
}

/** Express's `req.ip` (it applies the app's `trust proxy` setting), else the socket's peer address. */
function clientIpOf(req: IncomingMessage): string | undefined {
  const ip = (req as IncomingMessage & { ip?: unknown }).ip;
  return typeof ip === 'string' && ip ? ip : req.socket.remoteAddress;
}

/** Options of {@link createFetchMetricsHandler}. */
export interface FetchMetricsHandlerOptions extends MetricsHandlerOptions {
  /**
   * Returns the client's IP for the IP allow-list and the development loopback rule; Fetch
   * `Request` objects do not carry it. Return only an address the platform vouches for (not a
   * header the client can send). When it is unknown, development mode refuses the scrape unless
   * credentials are configured.
   * @defaultValue `context.clientIp` when the context has one (as {@link toNodeListener} passes), else unknown
   */
  readonly clientIp?: (request: Request, context: unknown) => string | undefined;
  /**
   * Gzip the body when the client accepts it. Off by default: a Fetch host owns the encoding of
   * the responses it sends. Next.js drops a route handler's `Content-Encoding` header and gzips
   * `text/plain` itself (`compress` in next.config), so a body gzipped here would reach Prometheus
   * gzipped twice or undeclared. Turn it on only for a host that sends `Content-Encoding` through
   * untouched and does not compress, such as {@link toNodeListener}.
   * @defaultValue `false`
   */
  readonly compress?: boolean;
}

/** A `/metrics` handler for Fetch-API servers and Next.js App Router route handlers. */
export type FetchMetricsHandler = (request: Request, context?: unknown) => Promise<Response>;

/**
 * Creates the `/metrics` handler for Fetch-API servers (Next.js App Router `export const GET`,
 * Deno, Bun, Hono); same behaviour as {@link createMetricsHandler}.
 *
 * @param options - what to serve and how to protect it.
 * @example
 * export const GET = createFetchMetricsHandler({ metrics });
 */
export function createFetchMetricsHandler(options: FetchMetricsHandlerOptions): FetchMetricsHandler {
  const scrape = createScrapeHandler({ ...options, compress: options.compress ?? false });
  const ipOf = options.clientIp;
  return async (request, context) => {
    let clientIp: string | undefined;
    try {
      clientIp = ipOf
        ? ipOf(request, context)
        : typeof (context as { clientIp?: unknown } | undefined)?.clientIp === 'string'
          ? (context as { clientIp: string }).clientIp
          : undefined;
    } catch {
      // an address that cannot be read is unknown, hence not local
    }
    const response = await scrape({
      method: request.method,
      header: (name) => request.headers.get(name),
      clientIp,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else for (const v of value) headers.append(name, v);
    }
    const body = response.stream ? readableOf(response.stream) : (response.body ?? null);
    return new Response(body, { status: response.status, headers });
  };
}

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions extends MetricsHandlerOptions {
  /** Port; `0` picks a free one. @defaultValue `9464` */
  readonly port?: number;
  /** Interface to listen on. @defaultValue `'127.0.0.1'` */
  readonly host?: string;
  /** Path the metrics are served on; other paths answer 404. @defaultValue `'/metrics'` */
  readonly path?: string;
}

/** A running metrics server. */
export interface MetricsServer {
  readonly server: Server;
  readonly port: number;
  /** `http://host:port/metrics` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a separate HTTP server that serves only `/metrics`, on its own port and host (loopback by
 * default), so that metrics never share the public listener.
 *
 * @param options - handler options plus `port`, `host` and `path`.
 */
export function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const handler = createMetricsHandler(options);
  const path = options.path ?? '/metrics';
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if ((q === -1 ? url : url.slice(0, q)) !== path) {
      res.writeHead(404, { 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    handler(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9464, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        port,
        url: `http://${shownHost}:${port}${path}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
