import type { CatalogCode } from './codes.js';

/**
 * The one error family of obskit. Every error carries a stable `code` that callers (and the CLI's
 * exit statuses) can rely on; messages name the offending value in quotes and what was expected.
 * Each package family throws its own subclass whose `code` is a typed union of the codes it may
 * carry (e.g. `CatalogError` with {@link CatalogCode}); `ObskitError` itself is the base to catch.
 */
export class ObskitError<C extends string = string> extends Error {
  /** Stable, machine-readable code, e.g. `OBSKIT_INVALID_METRIC_NAME`. */
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An error of @obskit/catalog (a duration that does not parse, …); its code is a {@link CatalogCode}. */
export class CatalogError extends ObskitError<CatalogCode> {}

/** One problem found while validating a definition. */
export interface ValidationProblem<C extends string = string> {
  /** Stable code of this problem, e.g. `OBSKIT_INVALID_LABEL_NAME`. */
  readonly code: C;
  /** What is wrong, naming the value in quotes and what was expected. */
  readonly message: string;
  /** Where: a metric name, rule name, file or path into a definition. */
  readonly subject: string;
}

/**
 * Definition-time validation failed. Carries every problem found, not just the first, so that a
 * user fixes them all in one go.
 */
export class ObskitValidationError<C extends string = string> extends ObskitError<C> {
  readonly problems: readonly ValidationProblem<C>[];

  constructor(code: C, what: string, problems: readonly ValidationProblem<C>[]) {
    const lines = problems.map((p) => `  - ${p.subject}: ${p.message} [${p.code}]`);
    super(
      problems.length === 1 ? problems[0].code : code,
      `${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines.join('\n')}`,
    );
    this.problems = problems;
  }
}

/**
 * Throws one {@link ObskitValidationError} listing every problem, when there is any: an instance of
 * `ErrorClass`, a package's own subclass (e.g. `AlertsError`), else of `ObskitValidationError`.
 */
export function throwIfProblems<C extends string>(
  code: C,
  what: string,
  problems: readonly ValidationProblem<C>[],
  ErrorClass: new (
    code: C,
    what: string,
    problems: readonly ValidationProblem<C>[],
  ) => ObskitValidationError<C> = ObskitValidationError,
): void {
  if (problems.length > 0) throw new ErrorClass(code, what, problems);
}

/**
 * A function that needs the Node.js runtime (prom-client, Node built-ins) was called on the Edge
 * runtime: the message names the function, its package and where to measure instead. Thrown by the
 * Edge entries of @obskit/metrics-core and @obskit/middleware (package.json `exports` condition
 * `edge-light`), which import nothing Node.js-only.
 */
export class NodeRuntimeRequiredError extends ObskitError<'OBSKIT_NODE_RUNTIME_REQUIRED'> {
  /** The code of every {@link NodeRuntimeRequiredError}. */
  static readonly CODE = 'OBSKIT_NODE_RUNTIME_REQUIRED' as const;

  /**
   * @param pkg - the package, e.g. `@obskit/metrics-core`
   * @param name - the function that was called, e.g. `getOrCreateMetrics`
   */
  constructor(pkg: string, name: string) {
    super(
      NodeRuntimeRequiredError.CODE,
      `${name}() of ${pkg} needs the Node.js runtime (prom-client and Node built-ins), but it was called on ` +
        `the Edge runtime (a Next.js middleware.ts, or a route with \`export const runtime = 'edge'\`). ` +
        `Measure on the Node.js runtime instead: instrument route handlers and instrumentation.ts, set ` +
        `\`export const runtime = 'nodejs'\` on an Edge route, or rename middleware.ts to proxy.ts ` +
        `(Next.js 16 runs proxy.ts on Node.js).`,
    );
  }
}

/**
 * A stand-in for the Node.js-only function `name` of `pkg` in an Edge entry: free to import, throws
 * {@link NodeRuntimeRequiredError} when called. Its `name` is the function's.
 *
 * @param pkg - the package, e.g. `@obskit/metrics-core`
 * @param name - the function it stands for, e.g. `createMetrics`
 */
export function nodeRuntimeRequired(pkg: string, name: string): (...args: never[]) => never {
  const stub = (): never => {
    throw new NodeRuntimeRequiredError(pkg, name);
  };
  Object.defineProperty(stub, 'name', { value: name });
  return stub;
}
