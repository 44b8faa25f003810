import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The servers the HTTP suite compares. */
export const HTTP_VARIANTS = ['bare', 'obskit', 'prom-bundle', 'otel'] as const;
export type HttpVariant = (typeof HTTP_VARIANTS)[number];

/** The route every variant serves; requests use changing ids. */
export const BENCH_ROUTE = '/orders/:id';
/** Where each variant serves its metrics (bare: a 404, as it has none). */
export const METRICS_PATH = '/metrics';

// Loaded with require at run time, not imported: the OpenTelemetry instrumentations patch `http` and
// `express` through require hooks, so express must be loaded after they are registered.
const load = createRequire(__filename);

type Express = typeof import('express');
type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

function setupOtel(): Handler {
  const { registerInstrumentations } = load(
    '@opentelemetry/instrumentation',
  ) as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = load(
    '@opentelemetry/instrumentation-http',
  ) as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = load(
    '@opentelemetry/instrumentation-express',
  ) as typeof import('@opentelemetry/instrumentation-express');
  const { MeterProvider } = load('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
  const { PrometheusExporter } = load(
    '@opentelemetry/exporter-prometheus',
  ) as typeof import('@opentelemetry/exporter-prometheus');
  const api = load('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  api.metrics.setGlobalMeterProvider(meterProvider);
  registerInstrumentations({
    meterProvider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === METRICS_PATH }),
      new ExpressInstrumentation(),
    ],
  });
  return (req, res) => exporter.getMetricsRequestHandler(req, res);
}

/** Builds the Express app of one variant: the instrumentation, `/metrics`, and the route. */
export async function createVariantApp(variant: HttpVariant): Promise<import('express').Express> {
  const otelMetrics = variant === 'otel' ? setupOtel() : undefined;
  const express = load('express') as Express;
  const app = express();
  if (variant === 'obskit') {
    const { Registry } = load('prom-client') as typeof import('prom-client');
    const { createMetrics } = load('@obskit/metrics-core') as typeof import('@obskit/metrics-core');
    const { createExpressMiddleware, createMetricsHandler } = load(
      '@obskit/middleware',
    ) as typeof import('@obskit/middleware');
    const metrics = createMetrics({ registry: new Registry() });
    app.use(createExpressMiddleware(metrics));
    app.get(METRICS_PATH, createMetricsHandler({ metrics, auth: false }));
  } else if (variant === 'prom-bundle') {
    const { Registry } = load('prom-client') as typeof import('prom-client');
    const promBundle = load('express-prom-bundle') as typeof import('express-prom-bundle');
    app.use(
      promBundle({
        includeMethod: true,
        includePath: true,
        includeStatusCode: true,
        promRegistry: new Registry(),
      }),
    );
  } else if (otelMetrics) {
    app.get(METRICS_PATH, otelMetrics);
  }
  app.get(BENCH_ROUTE, (req, res) => {
    res.json({ id: req.params.id, status: 'shipped' });
  });
  return app;
}

/**
 * Child-process entry of one variant: listens on a free loopback port and reports it to the parent
 * over IPC as `{ port }`.
 */
export async function serveVariant(variant: HttpVariant): Promise<void> {
  const app = await createVariantApp(variant);
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ port });
  });
  process.on('disconnect', () => process.exit(0));
}
