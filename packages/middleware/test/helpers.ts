import type { Server } from 'node:http';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetrics } from '@obskit/metrics-core';
import type { ObskitMetrics } from '@obskit/metrics-core';
import { Registry } from 'prom-client';

/** Fresh metrics on a fresh registry, without prom-client's default metrics. */
export function freshMetrics(warnings: string[] = []): ObskitMetrics {
  return createMetrics({
    registry: new Registry(),
    defaultMetrics: false,
    logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
  });
}

/** Sample lines of one metric (any suffix) in an exposition. */
export function samples(exposition: string, name: string): string[] {
  return exposition
    .split('\n')
    .filter((line) => line.startsWith(name) && /^[a-zA-Z_:][a-zA-Z0-9_:]*[{ ]/.test(line))
    .filter((line) => {
      const series = line.slice(0, line.search(/[{ ]/));
      return (
        series === name ||
        series === `${name}_bucket` ||
        series === `${name}_sum` ||
        series === `${name}_count`
      );
    });
}

/** Value of one sample line, by exact series text (`name{labels}`). */
export function valueOf(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Listens on a free loopback port. */
export function listen(target: { listen(port: number, host: string, cb: () => void): Server }): Promise<{
  server: Server;
  base: string;
  close: () => Promise<void>;
}> {
  return new Promise((resolve) => {
    const server: Server = target.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        base: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Sends `count` GET requests to `paths(i)` over keep-alive connections, `concurrency` at a time. */
export async function hammer(
  base: string,
  count: number,
  paths: (i: number) => string,
  concurrency = 32,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      statuses.push(
        await new Promise<number>((resolve, reject) => {
          const req = request(`${base}${paths(i)}`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end();
        }),
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return statuses;
}
