import { ObskitError } from '@obskit/catalog';

// The same stand-in as @obskit/metrics-core's (src/edge/node-runtime-required.ts), kept here so the Edge
// entry of this package needs nothing but @obskit/catalog.

/** Code of the error a Node.js-only function throws when it is called on the Edge runtime. */
export const NODE_RUNTIME_REQUIRED = 'OBSKIT_NODE_RUNTIME_REQUIRED';

/**
 * The message of {@link NODE_RUNTIME_REQUIRED}: which function was called, why it cannot run here
 * and where to measure instead.
 */
export function nodeRuntimeRequiredMessage(pkg: string, name: string): string {
  return (
    `${name}() of ${pkg} needs the Node.js runtime (prom-client and Node built-ins), but it was called on ` +
    `the Edge runtime (a Next.js middleware.ts, or a route with \`export const runtime = 'edge'\`). ` +
    `Measure on the Node.js runtime instead: instrument route handlers and instrumentation.ts, set ` +
    `\`export const runtime = 'nodejs'\` on an Edge route, or rename middleware.ts to proxy.ts ` +
    `(Next.js 16 runs proxy.ts on Node.js).`
  );
}

/**
 * A stand-in for the Node.js-only function `name` of `pkg` in the Edge entry: importing it costs
 * nothing, calling it (or constructing with it) throws an {@link ObskitError} with code
 * {@link NODE_RUNTIME_REQUIRED} naming the function.
 */
export function nodeRuntimeRequired(pkg: string, name: string): (...args: never[]) => never {
  const stub = function (): never {
    throw new ObskitError(NODE_RUNTIME_REQUIRED, nodeRuntimeRequiredMessage(pkg, name));
  };
  Object.defineProperty(stub, 'name', { value: name });
  return stub;
}
