/** Minimal logger shape (the same as `ObskitLogger` of @obskit/metrics-core). */
export interface LoggerLike {
  debug?(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const silentLogger: LoggerLike = {
  warn: () => undefined,
  error: () => undefined,
};

const MAX_KEYS = 1000;

/**
 * Returns a function that logs a warning the first time it sees a key and stays silent afterwards,
 * so that a problem repeated on every request is logged once. A logger that throws is ignored.
 */
export function createWarnOnce(
  logger: LoggerLike,
): (key: string, message: string, meta?: Record<string, unknown>) => void {
  const seen = new Set<string>();
  return (key, message, meta) => {
    if (seen.has(key)) return;
    if (seen.size < MAX_KEYS) seen.add(key);
    try {
      logger.warn(message, meta);
    } catch {
      // a broken logger must not break the request path
    }
  };
}
