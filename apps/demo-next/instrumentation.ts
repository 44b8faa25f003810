/**
 * Runs once when the Next.js server starts. A tracer provider makes Next.js emit one span per
 * request; obskit's span processor turns each into the HTTP server metrics (route template, status,
 * duration) — pages, route handlers, server actions, 404s and errors alike.
 */
export async function register(): Promise<void> {
  // A block, not an early return: Next's webpack build drops it from the Edge bundle (an app with any
  // Edge route or middleware.ts builds instrumentation.ts for Edge too), so prom-client never reaches it.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
    const { createNextSpanProcessor } = await import('@obskit/otel-bridge');
    const { metrics } = await import('@/lib/metrics');
    new NodeTracerProvider({ spanProcessors: [createNextSpanProcessor(metrics)] }).register();
  }
}
