import express from 'express';
import { METRICS, type MetricDef } from '@obskit/catalog';
import {
  createMetrics,
  noopLogger,
  type CreateMetricsOptions,
  type ObskitMetrics,
} from '@obskit/metrics-core';
import { Registry } from 'prom-client';
import { createExpressMiddleware } from '../src/express/middleware';
import { createMetricsHandler } from '../src/handler/metrics-handler';
import { listen } from './helpers';
import { rawRequest } from './http-client';

/** The metric families a scrape lists (`# TYPE` lines). */
const familiesOf = (exposition: string) => [...exposition.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
const namesOf = (...groups: (keyof typeof METRICS)[]) =>
  groups.flatMap((g) => (Object.values(METRICS[g]) as MetricDef[]).map((d) => d.name));

async function plainExpressApp(options: Partial<CreateMetricsOptions> = {}) {
  const registry = new Registry();
  const metrics: ObskitMetrics = createMetrics({
    registry,
    logger: noopLogger,
    ...options,
  });
  const app = express();
  app.use(createExpressMiddleware(metrics));
  app.get('/metrics', createMetricsHandler({ registries: [registry] }));
  app.get('/orders/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.post('/chat', (_req, res) => {
    metrics.agents.recordOperation({
      agent: 'support',
      operation: 'chat',
      provider: 'openai',
      requestModel: 'gpt-4o',
      status: 'success',
      durationSeconds: 0.4,
      inputTokens: 12,
      outputTokens: 30,
    });
    res.send('hi');
  });
  const served = await listen(app);
  const scrape = async () => {
    const res = await rawRequest(`${served.base}/metrics`);
    expect(res.status).toBe(200);
    return res.body.toString('utf8');
  };
  return { ...served, scrape };
}

describe('a plain Express app exposes the families of the domains it uses', () => {
  const genAi = METRICS.genai.clientOperationDuration.name;

  it('lists only HTTP, obskit self and process/runtime families at the first scrape, GenAI after a GenAI call', async () => {
    const app = await plainExpressApp();
    try {
      await rawRequest(`${app.base}/orders/7`);
      const first = familiesOf(await app.scrape());
      const allowed = new Set(namesOf('http', 'httpClient', 'self', 'runtime'));
      expect(first.filter((name) => !allowed.has(name) && !name.startsWith('process_'))).toEqual([]);
      expect(first).toContain(METRICS.http.serverRequestDuration.name);
      expect(first).not.toContain(genAi);
      for (const name of namesOf('task', 'job', 'business', 'db', 'agent', 'mcp'))
        expect(first).not.toContain(name);

      expect((await rawRequest(`${app.base}/chat`, { method: 'POST' })).status).toBe(200);
      const after = await app.scrape();
      expect(familiesOf(after)).toContain(genAi);
      expect(after).toMatch(
        new RegExp(`^${genAi}_count\\{[^}]*gen_ai_request_model="gpt-4o"[^}]*\\} 1$`, 'm'),
      );
    } finally {
      await app.close();
    }
  });

  it('lists the domains of createMetrics({ domains }) from the first scrape', async () => {
    const app = await plainExpressApp({ domains: ['http', 'genai', 'jobs'] });
    try {
      const first = familiesOf(await app.scrape());
      for (const name of [genAi, METRICS.agent.cost.name, METRICS.job.duration.name])
        expect(first).toContain(name);
      expect(first).not.toContain(METRICS.task.retries.name);
    } finally {
      await app.close();
    }
  });
});
