import type { ServerResponse } from 'node:http';
import type { CompletionResult, ModelProfile } from './providers.js';
import type { Sampler } from './random.js';

/** Token counts of one simulated reply, split the way the providers report them. */
export interface Usage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  readonly reasoning: number;
}

/** The usage of a refused call: nothing counted. */
export const NO_USAGE: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };

/** One answer (or refusal) of the provider server, before it is written in a wire format. */
export interface WireReply {
  /** `chatcmpl-demo-<n>` or `msg-demo-<n>`. */
  readonly id: string;
  readonly responseModel: string;
  /** The simulated content filter refused: no content, a refusal stop reason. */
  readonly refused: boolean;
  readonly usage: Usage;
  readonly text: string;
}

/** When a stream's chunks are written, in simulated seconds from the request's arrival. */
export interface StreamTiming {
  /** The first content chunk. */
  readonly first: number;
  /** Between two content chunks. */
  readonly gap: number;
  /** Content chunks of the stream. */
  readonly chunks: number;
  /** Waits until `simulatedSeconds` after the request arrived. */
  until(simulatedSeconds: number): Promise<void>;
}

/** Splits the plan's input into plain, cache-read and cache-write parts; reasoning out of output. */
export function drawUsage(
  sampler: Sampler,
  model: ModelProfile,
  result: Extract<CompletionResult, { ok: true }>,
): Usage {
  // System prompts and tool definitions repeat: about half the calls hit the prompt cache.
  const cacheRead = sampler.chance(0.5) ? Math.round(result.inputTokens * sampler.uniform(0.3, 0.8)) : 0;
  const cacheWrite =
    model.provider === 'anthropic' && cacheRead === 0 && sampler.chance(0.3)
      ? Math.round(result.inputTokens * sampler.uniform(0.2, 0.5))
      : 0;
  const reasoning =
    model.provider === 'openai' && model.expensive && sampler.chance(0.3)
      ? Math.round(result.outputTokens * sampler.uniform(0.1, 0.4))
      : 0;
  return { input: result.inputTokens, output: result.outputTokens, cacheRead, cacheWrite, reasoning };
}

/** Output chunks of a stream: about 8 tokens each, at most 24. */
export function chunkCount(outputTokens: number): number {
  return Math.max(1, Math.min(24, Math.ceil(outputTokens / 8)));
}

/** Writes one server-sent event; a string is sent as is, anything else as JSON. */
export function writeSse(res: ServerResponse, event: string | undefined, data: unknown): void {
  res.write(
    `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
  );
}
