import type { ObskitLogger } from '@obskit/catalog';

// The logger shape every obskit package accepts is defined in @obskit/catalog.
export type { ObskitLogger };

/** A logger that drops everything: pass it as `logger` to silence obskit. */
export const noopLogger: ObskitLogger = Object.freeze({
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

const MAX_REMEMBERED = 1000;

/**
 * The default logger: writes each distinct problem once to stderr as one line (`message` and its
 * details as JSON), so that a refused scrape or a dropped observation is seen without setup.
 * Silence it with `logger: noopLogger`, or with `OBSKIT_LOG=silent` in the environment. Writes
 * nothing where there is no `process.stderr` (Edge runtimes).
 *
 * @param env - where `OBSKIT_LOG` is read. @defaultValue `process.env`
 */
export function createStderrLogger(env?: Readonly<Record<string, string | undefined>>): ObskitLogger {
  const proc = (
    globalThis as {
      process?: { env?: Record<string, string | undefined>; stderr?: { write(s: string): unknown } };
    }
  ).process;
  const settings = env ?? proc?.env ?? {};
  if (settings.OBSKIT_LOG === 'silent') return noopLogger;
  const seen = new Set<string>();
  const write = (level: string, message: string, meta?: Record<string, unknown>): void => {
    if (seen.has(message)) return;
    if (seen.size < MAX_REMEMBERED) seen.add(message);
    try {
      let details = '';
      if (meta && Object.keys(meta).length > 0) {
        details = ` ${JSON.stringify(meta, (_k, v: unknown) => (v instanceof Error ? v.message : v))}`;
      }
      proc?.stderr?.write(`[obskit] ${level}: ${message}${details}\n`);
    } catch {
      // a log line must never break the host
    }
  };
  return {
    warn: (message, meta) => write('warn', message, meta),
    error: (message, meta) => write('error', message, meta),
  };
}
