import { METRICS, OBSKIT_METRICS, ObskitError, ObskitValidationError, type MetricDef } from '@obskit/catalog';
import { Counter, Registry } from 'prom-client';
import { DROPPED_DEFAULT_METRICS, METRICS_DOMAINS } from './constants';
import { createMetrics } from './create-metrics';

describe('createMetrics', () => {
  it('creates every OBSKIT_METRICS entry eagerly on the injected registry when every domain is on', async () => {
    const registry = new Registry();
    createMetrics({ registry, domains: [...METRICS_DOMAINS] });
    const text = await registry.metrics();
    for (const def of OBSKIT_METRICS) {
      expect(text).toContain(`# TYPE ${def.name} ${def.type}\n`);
      expect(text).toContain(`# HELP ${def.name} ${def.help}\n`);
    }
  });

  const families = async (registry: Registry) =>
    (await registry.getMetricsAsJSON())
      .map((m) => m.name)
      .filter((n) => !n.startsWith('process_') && !n.startsWith('nodejs_'));
  const namesOf = (...groups: (keyof typeof METRICS)[]) =>
    groups.flatMap((g) =>
      (Object.values(METRICS[g]) as MetricDef[])
        .filter((d) => d.source === 'obskit' && !d.name.startsWith('nodejs_'))
        .map((d) => d.name),
    );

  it('registers only the HTTP and self families by default', async () => {
    const registry = new Registry();
    createMetrics({ registry });
    expect((await families(registry)).sort()).toEqual(namesOf('http', 'httpClient', 'self').sort());
  });

  it('registers a domain on first use: helper access or a catalog metric of it', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    metrics.jobs.record('nightly', 1, 'success');
    metrics.counter(METRICS.business.sessionsStarted);
    const names = await families(registry);
    for (const name of namesOf('job', 'business')) expect(names).toContain(name);
    for (const name of namesOf('genai', 'mcp', 'agent', 'task', 'db')) expect(names).not.toContain(name);
    expect(await registry.metrics()).toMatch(
      /^obskit_job_last_success_timestamp_seconds\{job_name="nightly"\} \d+/m,
    );
  });

  it('registers the domains of options.domains at creation, HTTP only if listed', async () => {
    const registry = new Registry();
    createMetrics({ registry, defaultMetrics: false, domains: ['genai', 'tasks'] });
    const names = await families(registry);
    for (const name of namesOf('genai', 'mcp', 'agent', 'task', 'self')) expect(names).toContain(name);
    for (const name of namesOf('http', 'job', 'business', 'db')) expect(names).not.toContain(name);
  });

  it('refuses an unknown domain, naming it', () => {
    expect(() => createMetrics({ registry: new Registry(), domains: ['genai', 'gpu' as never] })).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_INVALID_OPTIONS',
        problems: [
          expect.objectContaining({
            subject: 'domains',
            message: expect.stringContaining('Unknown domain "gpu"'),
          }),
        ],
      }),
    );
  });

  it('adds the Node.js default metrics without the _total gauges, and event-loop utilisation', async () => {
    const registry = new Registry();
    createMetrics({ registry });
    const text = await registry.metrics();
    expect(text).toContain('# TYPE process_cpu_seconds_total counter');
    expect(text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    expect(text).toMatch(/^nodejs_eventloop_utilization_ratio (0|0\.\d+|1)$/m);
    for (const name of DROPPED_DEFAULT_METRICS) expect(text).not.toContain(`${name} `);
    for (const m of Object.values(METRICS.runtime).filter((d) => d.source === 'prom-client')) {
      expect(text).toContain(`# TYPE ${m.name} ${m.type}`);
    }
  });

  it('measures event-loop utilisation between scrapes', async () => {
    const registry = new Registry();
    createMetrics({ registry });
    await registry.metrics();
    const until = Date.now() + 30;
    while (Date.now() < until) {
      // keep the loop busy so the ratio is above zero
    }
    const text = await registry.metrics();
    const value = Number(/^nodejs_eventloop_utilization_ratio (\S+)$/m.exec(text)?.[1]);
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThanOrEqual(1);
  });

  it('leaves the global registry alone', async () => {
    const { register } = await import('prom-client');
    const before = register.getMetricsAsArray().length;
    createMetrics({ registry: new Registry() });
    expect(register.getMetricsAsArray().length).toBe(before);
  });

  it('writes build info and default labels', async () => {
    const registry = new Registry();
    createMetrics({
      registry,
      defaultMetrics: false,
      defaultLabels: { service: 'api' },
      build: { version: '1.2.3', revision: 'abc123' },
    });
    const text = await registry.metrics();
    expect(text).toContain(
      `obskit_build_info{version="1.2.3",revision="abc123",node_version="${process.version}",service="api"} 1`,
    );
  });

  it('refuses a registry that already holds its metrics, naming the first one', () => {
    const registry = new Registry();
    createMetrics({ registry, defaultMetrics: false, domains: [...METRICS_DOMAINS] });
    expect(() => createMetrics({ registry, defaultMetrics: false })).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_METRIC_ALREADY_REGISTERED',
        message: expect.stringMatching(
          /^Metric "gen_ai_client_operation_duration_seconds" is already registered on this registry \(and \d+ more\): create the metrics once per registry, or use getOrCreateMetrics\(\) to share one instance$/,
        ),
      }),
    );
  });

  it('refuses a registry where the app registered one of the names itself', () => {
    const registry = new Registry();
    new Counter({ name: METRICS.task.retries.name, help: 'x', registers: [registry] });
    let error: unknown;
    try {
      createMetrics({ registry });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitError);
    expect((error as ObskitError).message).toBe(
      'Metric "obskit_task_retries_total" is already registered on this registry: create the metrics once per registry, or use getOrCreateMetrics() to share one instance',
    );
  });

  it('reports every bad option at once', () => {
    let error: unknown;
    try {
      createMetrics({
        registry: new Registry(),
        maxSeriesPerMetric: 0,
        allowLists: { nope: ['x'] } as never,
        defaultLabels: { 'status-code': 'x', le: '1' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitValidationError);
    const err = error as ObskitValidationError;
    expect(err.code).toBe('OBSKIT_INVALID_OPTIONS');
    expect(err.problems.map((p) => p.message)).toEqual([
      'Invalid maxSeriesPerMetric "0": must be an integer >= 1',
      `Unknown label name "nope": must be defined in the catalog's LABELS`,
      'Invalid label name "status-code": must match /^[a-zA-Z_][a-zA-Z0-9_]*$/',
      'Invalid label name "le": "le" and "quantile" are reserved',
    ]);
    expect(err.message.split('\n')[0]).toBe('Invalid createMetrics options: 4 problems');
  });

  it('reports malformed allow-lists and default label values', () => {
    expect(() =>
      createMetrics({
        registry: new Registry(),
        allowLists: { gen_ai_request_model: 'gpt-4o' as never, feature: [1] as never },
        defaultLabels: { service: 42 as never },
      }),
    ).toThrow(
      'Invalid createMetrics options: 3 problems\n' +
        '  - allowLists: Invalid allow-list of "gen_ai_request_model": must be an array of strings [OBSKIT_INVALID_OPTIONS]\n' +
        '  - allowLists: Invalid allow-list of "feature": must be an array of strings [OBSKIT_INVALID_OPTIONS]\n' +
        '  - defaultLabels: Invalid value of default label "service": must be a string [OBSKIT_INVALID_OPTIONS]',
    );
  });

  it('refuses something that is not a registry', () => {
    expect(() => createMetrics({ registry: {} as Registry })).toThrow(
      'Invalid registry "[object Object]": must be a prom-client Registry',
    );
  });

  it('hands out typed handles for catalog metrics and refuses the wrong kind', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, defaultMetrics: false });
    metrics.gauge(METRICS.task.queueDepth).set({ queue: 'emails' }, 7);
    expect(await registry.getSingleMetricAsString(METRICS.task.queueDepth.name)).toContain(
      'obskit_task_queue_depth{queue="emails"} 7',
    );
    expect(() => metrics.counter(METRICS.task.queueDepth)).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_METRIC_TYPE_MISMATCH',
        message:
          'Metric "obskit_task_queue_depth" is a gauge: use metrics.gauge() for it, not metrics.counter()',
      }),
    );
    expect(() => metrics.gauge(METRICS.runtime.processOpenFds)).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_UNKNOWN_METRIC',
        message:
          'Unknown metric "process_open_fds": expected a catalog metric that createMetrics created (OBSKIT_METRICS)',
      }),
    );
  });
});
