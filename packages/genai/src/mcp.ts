import type { ErrorType, ObskitMetrics } from '@obskit/metrics-core';
import { safely, type Reporter } from './internal/safely.js';

/** The MCP SDK's `Transport` interface, as far as measuring needs it; nothing is imported from the SDK. */
export interface McpTransportLike {
  start(): Promise<void>;
  send(message: unknown, options?: unknown): Promise<void>;
  close(): Promise<void>;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: never, extra?: never) => void) | undefined;
  readonly sessionId?: string | undefined;
  setProtocolVersion?: ((version: string) => void) | undefined;
}

/** Options of {@link measureMcpTransport}. */
export interface McpTransportOptions {
  /** Which end this transport is: the client's (requests out) or the server's (requests in). */
  readonly side: 'client' | 'server';
  /**
   * Milliseconds of a monotonic clock the durations are read from, e.g. a simulation's scaled
   * clock. @defaultValue `performance.now`
   */
  readonly now?: () => number;
}

interface JsonRpc {
  readonly id?: string | number;
  readonly method?: string;
  readonly params?: { readonly name?: unknown };
  readonly error?: { readonly code?: unknown };
  readonly result?: { readonly isError?: unknown };
}

/** JSON-RPC / MCP error codes to the bounded `error_type`. */
function errorTypeOf(error: JsonRpc['error']): ErrorType | undefined {
  if (error === undefined) return undefined;
  switch (error.code) {
    case -32600: // invalid request
    case -32601: // method not found
    case -32602: // invalid params
      return 'invalid_request';
    case -32603: // internal error
      return 'server_error';
    case -32001: // the MCP SDK's request timeout
      return 'timeout';
    default:
      return '_OTHER';
  }
}

/** What the wrappers of one transport share: side, clock, requests awaiting a reply, session start. */
interface Session extends Reporter {
  readonly side: McpTransportOptions['side'];
  readonly now: () => number;
  readonly pending: Map<string | number, { method: string; tool?: string; start: number }>;
  /** When `start()` was called; `undefined` before it and once the session's close is recorded. */
  sessionStart: number | undefined;
}

/** Notes when a request (a message with an id and a method) was seen, with its tool for `tools/call`. */
function requestSeen(session: Session, message: JsonRpc): void {
  const { now, pending } = session;
  if (message.id === undefined || typeof message.method !== 'string') return;
  const tool =
    message.method === 'tools/call' && typeof message.params?.name === 'string'
      ? message.params.name
      : undefined;
  pending.set(message.id, { method: message.method, tool, start: now() });
}

/** Records the request a reply (a message with an id and no method) answers, with its error type. */
function replySeen(session: Session, message: JsonRpc): void {
  const { side, metrics, now, pending } = session;
  if (message.id === undefined || message.method !== undefined) return;
  const request = pending.get(message.id);
  if (!request) return;
  pending.delete(message.id);
  metrics.agents.recordMcpOperation({
    side,
    method: request.method,
    tool: request.tool,
    durationSeconds: (now() - request.start) / 1000,
    errorType:
      errorTypeOf(message.error) ??
      // MCP semconv: a tool result with `isError: true` is an error of the tool, not of the protocol.
      (request.method === 'tools/call' && message.result?.isError === true ? 'tool_error' : undefined),
  });
}

/** Records a closed session: its requests still open as `cancelled`, then its duration once. */
function sessionClosed(session: Session): void {
  const { side, metrics, now, pending } = session;
  const at = now();
  for (const request of pending.values()) {
    metrics.agents.recordMcpOperation({
      side,
      method: request.method,
      tool: request.tool,
      durationSeconds: (at - request.start) / 1000,
      errorType: 'cancelled',
    });
  }
  pending.clear();
  if (session.sessionStart !== undefined) {
    metrics.agents.recordMcpSession({ side, durationSeconds: (at - session.sessionStart) / 1000 });
    session.sessionStart = undefined;
  }
}

/**
 * Wraps an MCP SDK transport (stdio, Streamable HTTP, in-memory) so that every request it carries is
 * measured as `mcp_{client,server}_operation_duration_seconds{mcp_method_name, gen_ai_tool_name,
 * error_type}` and the session, from `start()` to close, as `mcp_{client,server}_session_duration_seconds`,
 * per the MCP semantic conventions. Pass the result to `client.connect()` / `server.connect()`.
 * A `tools/call` answered with `isError: true` counts as `tool_error`. Requests still open when the
 * session closes count as `cancelled`. Notifications have no reply and
 * are not timed.
 *
 * @example
 * await client.connect(measureMcpTransport(new StdioClientTransport({ command: 'server' }), metrics, { side: 'client' }));
 */
export function measureMcpTransport<T extends McpTransportLike>(
  transport: T,
  metrics: Pick<ObskitMetrics, 'agents' | 'reportError'>,
  options: McpTransportOptions,
): T {
  const { side } = options;
  const now = options.now ?? (() => performance.now());
  const session: Session = {
    side,
    metrics,
    who: `MCP ${side} transport`,
    now,
    pending: new Map(),
    sessionStart: undefined,
  };
  const outgoing = side === 'client' ? requestSeen : replySeen;
  const incoming = side === 'client' ? replySeen : requestSeen;

  const measured = {
    start() {
      session.sessionStart = now();
      return transport.start();
    },
    send(message: unknown, sendOptions?: unknown) {
      safely(session, 'record', () => outgoing(session, message as JsonRpc));
      return transport.send(message, sendOptions);
    },
    close() {
      return transport.close();
    },
    get sessionId() {
      return transport.sessionId;
    },
    setProtocolVersion(version: string) {
      transport.setProtocolVersion?.(version);
    },
  } as unknown as T;

  transport.onmessage = ((message: JsonRpc, extra?: unknown) => {
    safely(session, 'record', () => incoming(session, message));
    (measured.onmessage as ((m: unknown, e?: unknown) => void) | undefined)?.(message, extra);
  }) as T['onmessage'];
  transport.onerror = (error: Error) => measured.onerror?.(error);
  transport.onclose = () => {
    safely(session, 'record', () => sessionClosed(session));
    measured.onclose?.();
  };
  return measured;
}
