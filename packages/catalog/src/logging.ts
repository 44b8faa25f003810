/**
 * Where obskit reports problems it handled (dropped observations, failed collectors, refused scrapes).
 * Structurally compatible with pino, winston and `console`; obskit itself never calls `console.*`.
 */
export interface ObskitLogger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** Logs a warning for `key` the first time it is seen; see {@link createLogOnce}. */
export type LogOnce = (key: string, message: string, meta?: Record<string, unknown>) => void;

/**
 * Returns a function that warns through `logger` the first time it sees a key and stays silent for that
 * key afterwards, so that a problem repeated on every request is logged once. At most `maxDistinct`
 * keys are remembered, so a flood of distinct problems cannot grow memory: past that, new keys are not
 * logged (the caller's self-metric still counts them). A logger that throws is ignored. Never throws.
 *
 * @param logger - where the warning goes.
 * @param maxDistinct - how many distinct keys are logged at most. @defaultValue `1000`
 * @example
 * const warnOnce = createLogOnce(logger);
 * warnOnce(`timeout:${metric}`, `collector of "${metric}" timed out`, { metric });
 */
export function createLogOnce(logger: ObskitLogger, maxDistinct = 1000): LogOnce {
  const logged = new Set<string>();
  return (key, message, meta) => {
    if (logged.has(key) || logged.size >= maxDistinct) return;
    logged.add(key);
    try {
      logger.warn(message, meta);
    } catch {
      // A throwing logger must not break the caller.
    }
  };
}
