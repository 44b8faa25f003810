/**
 * The constants of the public API whose modules load Node built-ins, given one home that loads none,
 * so that the Edge entry (`edge.ts`) exports the very same values.
 */

/** Paths left out of the HTTP metrics by default: the metrics endpoint and common health checks. */
export const DEFAULT_EXCLUDED_PATHS: readonly string[] = [
  '/metrics',
  '/health',
  '/healthz',
  '/livez',
  '/readyz',
  '/ready',
  '/favicon.ico',
];

/** The status recorded for requests whose client went away before the response ended. */
export const CLIENT_CLOSED_STATUS = 499;
