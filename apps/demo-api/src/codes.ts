/**
 * Every code the demo's errors carry and its HTTP error bodies (`{ error: { code, message } }`)
 * report: refused requests, unknown names, the app's own options and environment. {@link DemoError}
 * carries one of them; `readConfig` throws an `ObskitValidationError` of @obskit/catalog listing every
 * invalid variable.
 */
export const DEMO_CODES = {
  /** A request body or parameter the API refuses (400), or a body the JSON parser rejects with a status. */
  badRequest: 'DEMO_BAD_REQUEST',
  /** A request body that is not JSON (400). */
  invalidJson: 'DEMO_INVALID_JSON',
  /** `/agents/:agent/run`: an agent the demo does not have (404). */
  unknownAgent: 'DEMO_UNKNOWN_AGENT',
  /** A session id the demo does not know, or one that has ended (404). */
  unknownSession: 'DEMO_UNKNOWN_SESSION',
  /** A scenario name the demo does not have (404). */
  unknownScenario: 'DEMO_UNKNOWN_SCENARIO',
  /** `POST /tasks`: a task id in `dependsOn` that does not exist. */
  unknownDependency: 'DEMO_UNKNOWN_DEPENDENCY',
  /** A model the simulated providers do not list. */
  unknownModel: 'DEMO_UNKNOWN_MODEL',
  /** `GET /tasks/:id`: no such task (404). */
  taskNotFound: 'DEMO_TASK_NOT_FOUND',
  /** A route the demo does not serve (404). */
  notFound: 'DEMO_NOT_FOUND',
  /** The `error-burst` scenario refused the request (503). */
  unavailable: 'DEMO_UNAVAILABLE',
  /** Any other failure of a request (500). */
  internal: 'DEMO_INTERNAL',
  /** `createTelemetry`: options that do not fit together (`genAiVia: 'otel'` without a meter). */
  invalidOptions: 'DEMO_INVALID_OPTIONS',
  /** `readConfig`: an invalid environment variable, one problem each. */
  invalidEnv: 'OBSKIT_INVALID_ENV',
} as const;

/** One of {@link DEMO_CODES}. */
export type DemoCode = (typeof DEMO_CODES)[keyof typeof DEMO_CODES];
