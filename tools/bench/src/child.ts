import { serveVariant, HTTP_VARIANTS, type HttpVariant } from './suites/http-server.js';
import { DEFAULT_MAX_SERIES_PER_METRIC } from '@obskit/metrics-core';
import { measureMemory } from './suites/memory-child.js';

/** Entry of the benchmark's child processes: `child.js http <variant>` or `child.js memory <n,n,…> [cap]`. */
async function main(argv: readonly string[]): Promise<void> {
  const [kind, arg, extra] = argv;
  if (kind === 'http') {
    if (!(HTTP_VARIANTS as readonly string[]).includes(arg)) throw new Error(`Unknown variant "${arg}"`);
    await serveVariant(arg as HttpVariant);
    return;
  }
  if (kind === 'memory') {
    const checkpoints = arg.split(',').map(Number);
    const report = await measureMemory(checkpoints, extra ? Number(extra) : DEFAULT_MAX_SERIES_PER_METRIC);
    process.send?.(report, () => process.exit(0));
    return;
  }
  throw new Error(`Unknown child kind "${kind}"`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
