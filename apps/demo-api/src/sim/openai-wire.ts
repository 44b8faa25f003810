import type { ServerResponse } from 'node:http';
import { writeSse, type StreamTiming, type Usage, type WireReply } from './provider-wire.js';

/** The `usage` block of OpenAI chat completions. */
export function openAiUsage(u: Usage) {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead },
    completion_tokens_details: { reasoning_tokens: u.reasoning },
  };
}

/** A `chat.completion` object (the JSON answer of `POST /v1/chat/completions`). */
export function openAiCompletion(reply: WireReply) {
  return {
    id: reply.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.responseModel,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.refused ? null : reply.text, refusal: null },
        finish_reason: reply.refused ? 'content_filter' : 'stop',
        logprobs: null,
      },
    ],
    usage: openAiUsage(reply.usage),
  };
}

/** An OpenAI error body. */
export function openAiError(message: string, type: string) {
  return { error: { message, type, code: type, param: null } };
}

/**
 * Writes the `chat.completion.chunk` events of a stream after its headers: the role, the content
 * chunks on the stream's timing, the finish reason, the usage chunk if asked for, then `[DONE]`.
 */
export async function writeOpenAiStream(
  res: ServerResponse,
  reply: WireReply,
  timing: StreamTiming,
  includeUsage: boolean,
): Promise<void> {
  const chunk = (delta: unknown, finish: string | null) => ({
    id: reply.id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: reply.responseModel,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  });
  writeSse(res, undefined, chunk({ role: 'assistant', content: '' }, null));
  for (let i = 0; i < timing.chunks && !reply.refused; i++) {
    if (i > 0) await timing.until(timing.first + i * timing.gap);
    writeSse(res, undefined, chunk({ content: `${reply.text} ` }, null));
  }
  writeSse(res, undefined, chunk({}, reply.refused ? 'content_filter' : 'stop'));
  if (includeUsage) {
    writeSse(res, undefined, {
      id: reply.id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: reply.responseModel,
      choices: [],
      usage: openAiUsage(reply.usage),
    });
  }
  writeSse(res, undefined, '[DONE]');
}
