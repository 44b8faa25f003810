/** OpenAI Chat Completions bodies the loopback server answers with, shared by the specs that speak it. */

/** A non-streamed chat completion of `model`: 1000 prompt tokens (400 cached), 200 completion (50 reasoning). */
export const chatCompletion = (model: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
  usage: {
    prompt_tokens: 1000,
    completion_tokens: 200,
    total_tokens: 1200,
    prompt_tokens_details: { cached_tokens: 400 },
    completion_tokens_details: { reasoning_tokens: 50 },
  },
});

/** One `chat.completion.chunk` of a stream; `content: null` gives a chunk without choices (the usage chunk). */
export const chunk = (model: string, content: string | null, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  created: 1,
  model,
  choices: content === null ? [] : [{ index: 0, delta: { content }, finish_reason: null }],
  ...extra,
});

/** The labels of a chat with gpt-4o answered by its dated snapshot, as the exposition writes them. */
export const SERIES =
  'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_response_model="gpt-4o-2024-08-06"';
