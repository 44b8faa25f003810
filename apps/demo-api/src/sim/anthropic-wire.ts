import type { ServerResponse } from 'node:http';
import { writeSse, type StreamTiming, type Usage, type WireReply } from './provider-wire.js';

/** The `usage` block of Anthropic messages: `input_tokens` excludes the cache parts. */
export function anthropicUsage(u: Usage) {
  return {
    input_tokens: u.input - u.cacheRead - u.cacheWrite,
    output_tokens: u.output,
    cache_read_input_tokens: u.cacheRead,
    cache_creation_input_tokens: u.cacheWrite,
  };
}

/** A `message` object (the JSON answer of `POST /v1/messages`). */
export function anthropicMessage(reply: WireReply) {
  return {
    id: reply.id,
    type: 'message',
    role: 'assistant',
    model: reply.responseModel,
    content: reply.refused ? [] : [{ type: 'text', text: reply.text }],
    stop_reason: reply.refused ? 'refusal' : 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(reply.usage),
  };
}

/** An Anthropic error body. */
export function anthropicError(message: string, type: string) {
  return { type: 'error', error: { type, message } };
}

/**
 * Writes the events of a messages stream after its headers: `message_start`, one text block whose
 * deltas follow the stream's timing, `message_delta` with the stop reason and output tokens, then
 * `message_stop`.
 */
export async function writeAnthropicStream(
  res: ServerResponse,
  reply: WireReply,
  timing: StreamTiming,
): Promise<void> {
  const u = anthropicUsage(reply.usage);
  writeSse(res, 'message_start', {
    type: 'message_start',
    message: {
      id: reply.id,
      type: 'message',
      role: 'assistant',
      model: reply.responseModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...u, output_tokens: 1 },
    },
  });
  writeSse(res, 'content_block_start', {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'text', text: '' },
  });
  for (let i = 0; i < timing.chunks && !reply.refused; i++) {
    if (i > 0) await timing.until(timing.first + i * timing.gap);
    writeSse(res, 'content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: `${reply.text} ` },
    });
  }
  writeSse(res, 'content_block_stop', { type: 'content_block_stop', index: 0 });
  writeSse(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: reply.refused ? 'refusal' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: u.output_tokens },
  });
  writeSse(res, 'message_stop', { type: 'message_stop' });
}
