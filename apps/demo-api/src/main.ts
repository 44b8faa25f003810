#!/usr/bin/env node
import cluster from 'node:cluster';
import { ObskitError } from '@obskit/catalog';
import { joinCluster, runPrimary } from './cluster.js';
import { readConfig, type DemoConfig } from './config.js';
import { configPrices } from './config-prices.js';
import { createJsonLogger } from './logger.js';
import { startDemo } from './server.js';

/**
 * Entry point (`node dist/main.js`): reads the environment, starts the demo (or a cluster of
 * `DEMO_WORKERS` workers), prints `demo-api listening on http://HOST:PORT` as one line on stdout,
 * and on SIGTERM/SIGINT drains in-flight requests, closes the database and exits 0.
 */
async function main(): Promise<void> {
  let config: DemoConfig;
  try {
    config = readConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = createJsonLogger();

  if (config.workers > 0 && cluster.isPrimary) {
    runPrimary({
      workers: config.workers,
      onListening: (url) => process.stdout.write(`demo-api listening on ${url}\n`),
      onExit: (code) => {
        process.stdout.write('demo-api stopped\n');
        process.exit(code);
      },
      log: (message) => logger.warn(message),
    });
    return;
  }

  const worker = config.workers > 0 ? joinCluster() : undefined;
  // The cost counter's prices come from the demo's obskit.config.ts (its `prices`).
  const prices = await configPrices(logger);
  const demo = await startDemo({
    ...(prices ? { prices } : {}),
    port: config.port,
    host: config.host,
    load: config.load,
    databasePath: config.databasePath,
    metricsAuth: { bearerToken: config.metricsToken, basicAuth: config.metricsBasicAuth },
    genAiVia: config.genAiVia,
    seed: config.seed === undefined ? undefined : config.seed + (worker?.index ?? 0),
    timeScale: config.timeScale,
    llmProviders: config.llmProviders,
    // Cluster workers each run their own provider server; only the first takes a configured port.
    providerPort: (worker?.index ?? 0) === 0 ? config.providerPort : 0,
    logger,
    cluster: worker,
  });
  if (worker) worker.announce(demo.url);
  else process.stdout.write(`demo-api listening on ${demo.url}\n`);

  let signalled = false;
  const shutdown = (signal: string): void => {
    if (signalled) return;
    signalled = true;
    logger.warn(`received ${signal}: draining`);
    demo.stop().then(
      () => {
        if (!worker) process.stdout.write('demo-api stopped\n');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message =
    error instanceof ObskitError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.stack
        : String(error);
  process.stderr.write(`demo-api failed to start: ${message}\n`);
  process.exit(1);
});
