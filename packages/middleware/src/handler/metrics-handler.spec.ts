import { Histogram, Registry } from 'prom-client';
import { createFetchMetricsHandler } from './metrics-handler';

/** A registry whose exposition takes far longer to format than one time slice. */
function bigRegistry(): Registry {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'big_request_seconds',
    help: 'Big.',
    labelNames: ['route', 'method'],
    registers: [registry],
  });
  for (let i = 0; i < 4000; i++) histogram.observe({ route: `/r/${i}`, method: 'GET' }, (i % 10) / 10);
  return registry;
}

describe('the /metrics handler keeps the event loop running', () => {
  it('runs a timer set during a large scrape before the body ends, even for a reader that never waits', async () => {
    const registry = bigRegistry();
    const GET = createFetchMetricsHandler({ registries: [registry], auth: false });
    const res = await GET(new Request('http://localhost/api/metrics'));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    let chunksWhenTimerRan: number | undefined;
    const timer = setTimeout(() => (chunksWhenTimerRan = chunks), 0);
    const decoder = new TextDecoder();
    let body = '';
    try {
      // reading only ever waits on promises: without turns of the loop inside the render, the timer
      // could not run before the last chunk
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        chunks++;
        body += decoder.decode(next.value, { stream: true });
      }
    } finally {
      clearTimeout(timer);
    }
    expect(chunksWhenTimerRan).toBeDefined();
    expect(chunksWhenTimerRan).toBeLessThan(chunks);
    expect(body).toBe(await registry.metrics());
  });
});
