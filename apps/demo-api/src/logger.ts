import type { ObskitLogger } from '@obskit/metrics-core';

/** A logger that writes one JSON line per message to `stream` (stderr by default). */
export function createJsonLogger(
  stream: NodeJS.WritableStream = process.stderr,
  debug = false,
): ObskitLogger {
  const write = (level: string, message: string, meta?: Record<string, unknown>) => {
    const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg: message, ...meta };
    if (meta && meta['error'] instanceof Error) line['error'] = (meta['error'] as Error).message;
    stream.write(JSON.stringify(line) + '\n');
  };
  return {
    debug: debug ? (m, meta) => write('debug', m, meta) : undefined,
    warn: (m, meta) => write('warn', m, meta),
    error: (m, meta) => write('error', m, meta),
  };
}
