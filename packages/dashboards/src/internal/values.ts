import { AGENT_STATUSES, GEN_AI_TOKEN_TYPES, MCP_METHODS, OUTCOMES, TASK_STATES } from '@obskit/catalog';

/** A value of a closed label set, checked by the compiler against the catalog's set. */
const pick = <const T extends readonly string[]>(_set: T, value: T[number]): T[number] => value;

/** Label values the dashboards match on, taken from the catalog's closed sets. */
export const VALUES = {
  success: pick(AGENT_STATUSES, 'success'),
  outcomeSuccess: pick(OUTCOMES, 'success'),
  outcomeFailure: pick(OUTCOMES, 'failure'),
  running: pick(TASK_STATES, 'running'),
  succeeded: pick(TASK_STATES, 'succeeded'),
  failed: pick(TASK_STATES, 'failed'),
  deadLettered: pick(TASK_STATES, 'dead_lettered'),
  retrying: pick(TASK_STATES, 'retrying'),
  tokenInput: pick(GEN_AI_TOKEN_TYPES, 'input'),
  tokenCacheRead: pick(GEN_AI_TOKEN_TYPES, 'cache_read'),
  tokenCacheCreation: pick(GEN_AI_TOKEN_TYPES, 'cache_creation'),
  mcpToolsCall: pick(MCP_METHODS, 'tools/call'),
} as const;
