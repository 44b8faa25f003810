import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScrapeHandler } from './scrape.js';
import type { MetricsHandlerOptions, ScrapeResponse } from './scrape.js';

/** A `/metrics` handler for Node's `http` server and Express 4/5 (`app.get('/metrics', handler)`). */
export type NodeMetricsHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (err?: unknown) => void,
) => void;

function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
}

function send(res: ServerResponse, response: ScrapeResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.status, response.headers as Record<string, string | string[]>);
  res.end(response.body);
}

/**
 * Creates the `/metrics` handler for Node `http` servers and Express 4/5: content negotiation
 * (OpenMetrics 1.0 or text 0.0.4), `Cache-Control: no-store`, gzip, bearer/basic auth, IP
 * allow-list, per-collector isolation under `X-Prometheus-Scrape-Timeout-Seconds`. The client IP is
 * the socket's peer address (not `X-Forwarded-For`, which a client can forge).
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
      clientIp: req.socket.remoteAddress,
      hostname: hostnameOf(req.headers.host),
    }).then(
      (response) => send(res, response),
      () => send(res, { status: 500, headers: { 'Cache-Control': 'no-store' } }),
    );
  };
}

/** Options of {@link createFetchMetricsHandler}. */
export interface FetchMetricsHandlerOptions extends MetricsHandlerOptions {
  /**
   * Returns the client's IP for the IP allow-list and the development loopback rule; Fetch
   * `Request` objects do not carry it. Without it, development mode checks the request URL's host.
   * @defaultValue `context.clientIp` when the context has one (as {@link toNodeListener} passes), else unknown
   */
  readonly clientIp?: (request: Request, context: unknown) => string | undefined;
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
  const scrape = createScrapeHandler(options);
  const ipOf = options.clientIp;
  return async (request, context) => {
    let clientIp: string | undefined;
    let hostname: string | undefined;
    try {
      clientIp = ipOf
        ? ipOf(request, context)
        : typeof (context as { clientIp?: unknown } | undefined)?.clientIp === 'string'
          ? (context as { clientIp: string }).clientIp
          : undefined;
      hostname = new URL(request.url).hostname;
    } catch {
      // an unknown IP or host is treated as not local
    }
    const response = await scrape({
      method: request.method,
      header: (name) => request.headers.get(name),
      clientIp,
      hostname,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else for (const v of value) headers.append(name, v);
    }
    return new Response(response.body ?? null, { status: response.status, headers });
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
