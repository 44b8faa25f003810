import { readFileSync } from 'node:fs';
import { request } from 'node:https';

/** How a client trusts a test server's HTTPS endpoint (a throwaway certificate, not the system's CAs). */
export interface TlsClientOptions {
  /** PEM file of the CA that signed the server's certificate (a self-signed certificate is its own CA). */
  readonly caFile: string;
  /** Name the certificate must carry (the URL's host is an IP address). @defaultValue `'localhost'` */
  readonly serverName?: string;
}

/** What {@link fetchTls} sends. */
export interface TlsRequestInit {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * `fetch` for an `https://` URL, trusting only `tls.caFile` and checking the certificate names
 * `tls.serverName`. Node's global fetch cannot take a CA without undici's dispatcher; this uses
 * node:https, one connection per request (no keep-alive socket outlives a test), and answers with a
 * standard `Response`.
 */
export function fetchTls(url: string, tls: TlsClientOptions, init: TlsRequestInit = {}): Promise<Response> {
  const ca = readFileSync(tls.caFile);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        headers: init.headers,
        ca,
        servername: tls.serverName ?? 'localhost',
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
              headers.append(name, v);
          }
          const nullBody = status === 204 || status === 304 || init.method === 'HEAD';
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers }));
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
