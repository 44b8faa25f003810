import { DEMO_CODES, type DemoCode } from '../codes.js';
import { DemoError } from '../errors.js';
import { AGENT_NAMES } from '../domain/agents.js';
import { TASK_TYPES, type NewTask, type TaskType } from '../domain/task-queue.js';
import type { TaskStateName } from '../instrumentation/telemetry.js';
import { TASK_STATES } from '@obskit/catalog';

/** A request the API refuses with 400; the message says what, the value, and what was expected. */
export class BadRequestError extends DemoError {
  readonly status: number;
  constructor(message: string, status = 400, code: DemoCode = DEMO_CODES.badRequest) {
    super(code, message);
    this.status = status;
  }
}

/** Largest prompt the demo accepts, in characters. */
export const MAX_PROMPT_CHARS = 8000;

const describe = (value: unknown): string =>
  value === undefined
    ? 'undefined'
    : value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : typeof value;

const asObject = (body: unknown, what: string): Record<string, unknown> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError(
      `Invalid request body: ${what} expects a JSON object with Content-Type: application/json, got ${describe(body)}`,
    );
  }
  return body as Record<string, unknown>;
};

const rejectUnknown = (body: Record<string, unknown>, allowed: readonly string[]): void => {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new BadRequestError(
      `Unknown field "${unknown[0]}" in request body: expected only ${allowed.map((a) => `"${a}"`).join(', ')}`,
    );
  }
};

/** Body of `POST /agents/:agent/run`. */
export interface AgentRunBody {
  readonly prompt: string;
  readonly stream?: boolean;
  readonly sessionId?: string;
  readonly maxHandoffs?: number;
}

/** Parses the body of `POST /agents/:agent/run`. */
export function parseAgentRunBody(body: unknown): AgentRunBody {
  const b = asObject(body, 'POST /agents/:agent/run');
  rejectUnknown(b, ['prompt', 'stream', 'sessionId', 'maxHandoffs']);
  const { prompt, stream, sessionId, maxHandoffs } = b;
  if (typeof prompt !== 'string' || prompt.trim().length === 0 || prompt.length > MAX_PROMPT_CHARS) {
    throw new BadRequestError(
      `Invalid "prompt" ${typeof prompt === 'string' ? `of ${prompt.length} characters` : `(${describe(prompt)})`}: expected a non-empty string of at most ${MAX_PROMPT_CHARS} characters`,
    );
  }
  if (stream !== undefined && typeof stream !== 'boolean') {
    throw new BadRequestError(`Invalid "stream" (${describe(stream)}): expected true or false`);
  }
  if (sessionId !== undefined && (typeof sessionId !== 'string' || !/^[0-9a-f-]{36}$/.test(sessionId))) {
    throw new BadRequestError(
      `Invalid "sessionId" "${String(sessionId)}": expected a session id from POST /sessions`,
    );
  }
  if (
    maxHandoffs !== undefined &&
    !(Number.isInteger(maxHandoffs) && (maxHandoffs as number) >= 0 && (maxHandoffs as number) <= 5)
  ) {
    throw new BadRequestError(
      `Invalid "maxHandoffs" "${String(maxHandoffs)}": expected an integer from 0 to 5`,
    );
  }
  return {
    prompt,
    stream: stream as boolean | undefined,
    sessionId: sessionId as string | undefined,
    maxHandoffs: maxHandoffs as number | undefined,
  };
}

/** Parses the `:agent` route parameter. */
export function parseAgentName(value: string): (typeof AGENT_NAMES)[number] {
  if (!(AGENT_NAMES as readonly string[]).includes(value)) {
    throw new BadRequestError(
      `Unknown agent "${value}": expected one of ${AGENT_NAMES.join(', ')}`,
      404,
      DEMO_CODES.unknownAgent,
    );
  }
  return value as (typeof AGENT_NAMES)[number];
}

const TASK_TYPE_NAMES = Object.keys(TASK_TYPES) as TaskType[];

/** Parses the body of `POST /tasks`. */
export function parseNewTaskBody(body: unknown): NewTask {
  const b = asObject(body, 'POST /tasks');
  rejectUnknown(b, ['type', 'payload', 'dependsOn', 'maxAttempts']);
  const { type, payload, dependsOn, maxAttempts } = b;
  if (typeof type !== 'string' || !(TASK_TYPE_NAMES as string[]).includes(type)) {
    throw new BadRequestError(
      `Invalid "type" "${String(type)}": expected one of ${TASK_TYPE_NAMES.join(', ')}`,
    );
  }
  if (payload !== undefined && (typeof payload !== 'object' || payload === null || Array.isArray(payload))) {
    throw new BadRequestError(`Invalid "payload" (${describe(payload)}): expected a JSON object`);
  }
  if (payload !== undefined && JSON.stringify(payload).length > 16_384) {
    throw new BadRequestError('Invalid "payload": expected at most 16384 characters of JSON');
  }
  if (
    dependsOn !== undefined &&
    !(
      Array.isArray(dependsOn) &&
      dependsOn.length <= 20 &&
      dependsOn.every((id) => Number.isInteger(id) && (id as number) > 0)
    )
  ) {
    throw new BadRequestError(
      `Invalid "dependsOn" ${JSON.stringify(dependsOn)}: expected an array of at most 20 positive integer task ids`,
    );
  }
  if (
    maxAttempts !== undefined &&
    !(Number.isInteger(maxAttempts) && (maxAttempts as number) >= 1 && (maxAttempts as number) <= 10)
  ) {
    throw new BadRequestError(
      `Invalid "maxAttempts" "${String(maxAttempts)}": expected an integer from 1 to 10`,
    );
  }
  return {
    type: type as TaskType,
    payload: payload as Record<string, unknown> | undefined,
    dependsOn: dependsOn as number[] | undefined,
    maxAttempts: maxAttempts as number | undefined,
  };
}

/** Parses a positive integer id route parameter. */
export function parseTaskId(value: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) {
    throw new BadRequestError(`Invalid task id "${value}": expected a positive integer`);
  }
  return Number(value);
}

/** Parses the query of `GET /tasks`. */
export function parseTaskListQuery(query: Record<string, unknown>): {
  state?: TaskStateName;
  limit?: number;
} {
  const { state, limit } = query;
  if (
    state !== undefined &&
    (typeof state !== 'string' || !(TASK_STATES as readonly string[]).includes(state))
  ) {
    throw new BadRequestError(
      `Invalid "state" "${String(state)}": expected one of ${TASK_STATES.join(', ')}`,
    );
  }
  if (
    limit !== undefined &&
    (typeof limit !== 'string' || !/^[1-9][0-9]{0,2}$/.test(limit) || Number(limit) > 500)
  ) {
    throw new BadRequestError(`Invalid "limit" "${String(limit)}": expected an integer from 1 to 500`);
  }
  return {
    state: state as TaskStateName | undefined,
    limit: limit === undefined ? undefined : Number(limit),
  };
}
