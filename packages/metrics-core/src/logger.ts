/**
 * Where obskit reports problems it handled (dropped observations, failed collectors). Structurally
 * compatible with pino, winston and `console`; obskit itself never calls `console.*`.
 */
export interface ObskitLogger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** A logger that drops everything: the default when no logger is injected. */
export const noopLogger: ObskitLogger = Object.freeze({
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
