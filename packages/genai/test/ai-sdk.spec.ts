import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { createAiSdkMiddleware } from '../src';
import { headerRecordReader } from '../src/internal/wire';
import { linesOf, startProviderServer, valueOf, type ProviderServer } from './support/provider-server';
import { freshMetrics } from './support/registry';

const MODEL = 'gpt-4o';
const RESPONSE_MODEL = 'gpt-4o-2024-08-06';
const SERIES = `gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="${MODEL}",gen_ai_response_model="${RESPONSE_MODEL}"`;
const USAGE = {
  prompt_tokens: 500,
  completion_tokens: 80,
  total_tokens: 580,
  prompt_tokens_details: { cached_tokens: 300 },
  completion_tokens_details: { reasoning_tokens: 20 },
};
/** A chat completion answering "Hello" with {@link USAGE}. */
const COMPLETION = {
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: RESPONSE_MODEL,
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
  usage: USAGE,
};
const chunk = (content: string | null, extra: Record<string, unknown> = {}) => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: RESPONSE_MODEL,
  choices: content === null ? [] : [{ index: 0, delta: { content }, finish_reason: null }],
  ...extra,
});

describe('Vercel AI SDK: createAiSdkMiddleware in wrapLanguageModel, @ai-sdk/openai against a loopback OpenAI server', () => {
  let server: ProviderServer;
  beforeEach(async () => {
    server = await startProviderServer('/v1');
  });
  afterEach(() => server.close());

  const modelFor = (metrics: Parameters<typeof createAiSdkMiddleware>[0]) =>
    wrapLanguageModel({
      model: createOpenAI({ baseURL: server.baseURL, apiKey: 'k' }).chat(MODEL),
      middleware: createAiSdkMiddleware(metrics, { agent: 'writer' }),
    });

  it('generateText: duration, tokens by type, cost and headroom', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = () => ({
      kind: 'json',
      headers: { 'x-ratelimit-remaining-tokens': '100', 'x-ratelimit-limit-tokens': '1000' },
      body: COMPLETION,
    });
    const { text } = await generateText({ model: modelFor(metrics), prompt: 'Hi', maxRetries: 0 });
    expect(text).toBe('Hello');
    const exposition = await scrape();
    expect(linesOf(exposition, 'gen_ai_client_token_usage_sum')).toEqual([
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="input"} 500`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="output"} 80`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="cache_read"} 300`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="reasoning"} 20`,
    ]);
    const cost = `obskit_gen_ai_cost_usd_total{gen_ai_provider_name="openai",gen_ai_request_model="${MODEL}",gen_ai_agent_name="writer"`;
    // gpt-4o in @pydantic/genai-prices: $2.50 input, $1.25 cached input, $10 output per million tokens.
    expect(valueOf(exposition, `${cost},gen_ai_token_type="input"}`)).toBeCloseTo((200 * 2.5) / 1e6, 12);
    expect(valueOf(exposition, `${cost},gen_ai_token_type="cache_read"}`)).toBeCloseTo(
      (300 * 1.25) / 1e6,
      12,
    );
    expect(valueOf(exposition, `${cost},gen_ai_token_type="output"}`)).toBeCloseTo((80 * 10) / 1e6, 12);
    expect(linesOf(exposition, 'obskit_gen_ai_rate_limit_remaining')).toEqual([
      `obskit_gen_ai_rate_limit_remaining{gen_ai_provider_name="openai",gen_ai_request_model="${MODEL}",gen_ai_rate_limit_resource="tokens"} 100`,
    ]);
  });

  it('streamText: time to first chunk from the fixed delay, recorded when the stream ends; a 429 is rate_limited', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = (req) =>
      req.body['stream'] === true
        ? {
            kind: 'sse',
            firstDelayMs: 150,
            gapMs: 30,
            events: [
              [undefined, chunk('Hel')],
              [undefined, chunk('lo')],
              [undefined, chunk(null, { usage: USAGE })],
              [undefined, '[DONE]'],
            ],
          }
        : { kind: 'json', status: 429, body: { error: { message: 'slow down', type: 'rate_limit' } } };
    const model = modelFor(metrics);
    const result = streamText({ model, prompt: 'Hi', maxRetries: 0 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('Hello');
    const exposition = await scrape();
    expect(
      valueOf(exposition, `gen_ai_client_operation_time_to_first_chunk_seconds_sum{${SERIES}}`),
    ).toBeGreaterThanOrEqual(0.15);
    expect(
      valueOf(exposition, `gen_ai_client_operation_duration_seconds_sum{${SERIES}}`),
    ).toBeGreaterThanOrEqual(0.15 + 3 * 0.03);
    expect(
      valueOf(exposition, `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="cache_read"}`),
    ).toBe(300);

    await expect(generateText({ model, prompt: 'Hi', maxRetries: 0 })).rejects.toThrow();
    expect(
      valueOf(
        await scrape(),
        `gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="${MODEL}",error_type="rate_limited"}`,
      ),
    ).toBe(1);
  });

  it('reads durations from the `now` option: a scaled clock that advances 2.5 s per reading', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = () => ({
      kind: 'json',
      body: COMPLETION,
    });
    let clock = 0;
    const model = wrapLanguageModel({
      model: createOpenAI({ baseURL: server.baseURL, apiKey: 'k' }).chat(MODEL),
      middleware: createAiSdkMiddleware(metrics, { now: () => (clock += 2500) }),
    });
    await generateText({ model, prompt: 'Hi', maxRetries: 0 });
    const exposition = await scrape();
    expect(valueOf(exposition, `gen_ai_client_operation_duration_seconds_sum{${SERIES}}`)).toBe(2.5);
  });

  it('reads headroom at the scrape, as recording each call at once would show it', async () => {
    const { metrics, scrape } = freshMetrics();
    const remaining: Record<string, string>[] = [
      { 'x-ratelimit-remaining-tokens': '300', 'x-ratelimit-limit-tokens': '1000' },
      { 'x-ratelimit-remaining-requests': '9', 'x-ratelimit-limit-requests': '10' },
      { 'x-ratelimit-remaining-tokens': '100' },
      { 'x-ratelimit-remaining-tokens': '50', 'x-ratelimit-limit-tokens': '2000' },
    ];
    let call = 0;
    server.reply = () => ({
      kind: 'json',
      headers: remaining[call++],
      body: COMPLETION,
    });
    const model = modelFor(metrics);
    for (let i = 0; i < 3; i++) await generateText({ model, prompt: 'Hi', maxRetries: 0 });
    const gauge = (name: string, resource: string, text: string) =>
      valueOf(
        text,
        `${name}{gen_ai_provider_name="openai",gen_ai_request_model="${MODEL}",gen_ai_rate_limit_resource="${resource}"}`,
      );
    const first = await scrape();
    expect(gauge('obskit_gen_ai_rate_limit_remaining', 'tokens', first)).toBe(100);
    expect(gauge('obskit_gen_ai_rate_limit_quota', 'tokens', first)).toBe(1000);
    expect(gauge('obskit_gen_ai_rate_limit_remaining', 'requests', first)).toBe(9);
    expect(gauge('obskit_gen_ai_rate_limit_quota', 'requests', first)).toBe(10);
    await generateText({ model, prompt: 'Hi', maxRetries: 0 });
    const second = await scrape();
    expect(gauge('obskit_gen_ai_rate_limit_remaining', 'tokens', second)).toBe(50);
    expect(gauge('obskit_gen_ai_rate_limit_quota', 'tokens', second)).toBe(2000);
    expect(gauge('obskit_gen_ai_rate_limit_remaining', 'requests', second)).toBe(9);
  });
});

describe('headerRecordReader: a header record read as Headers.get reads', () => {
  it('finds a name as written, else without case, and null for a missing or unset one', () => {
    const h = headerRecordReader({
      'x-ratelimit-remaining-tokens': '5',
      'X-RateLimit-Limit-Tokens': '10',
      'x-empty': undefined,
    });
    expect(h.get('x-ratelimit-remaining-tokens')).toBe('5');
    expect(h.get('x-ratelimit-limit-tokens')).toBe('10');
    expect(h.get('x-empty')).toBeNull();
    expect(h.get('x-missing')).toBeNull();
  });
});
