import Anthropic from '@anthropic-ai/sdk';
import { createAnthropicFetch } from '../src';
import { linesOf, startProviderServer, valueOf, type ProviderServer } from './support/provider-server';
import { freshMetrics } from './support/registry';

const MODEL = 'claude-sonnet-4-5';
const RESPONSE_MODEL = 'claude-sonnet-4-5-20250929';
const RATE_HEADERS = {
  'anthropic-ratelimit-requests-limit': '50',
  'anthropic-ratelimit-requests-remaining': '4',
  'anthropic-ratelimit-input-tokens-limit': '30000',
  'anthropic-ratelimit-input-tokens-remaining': '29000',
  'anthropic-ratelimit-output-tokens-limit': '8000',
  'anthropic-ratelimit-output-tokens-remaining': '7700',
};
const SERIES = `gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="${MODEL}",gen_ai_response_model="${RESPONSE_MODEL}"`;

const messageStart = (usage: Record<string, number>, model = RESPONSE_MODEL) =>
  [
    'message_start',
    {
      type: 'message_start',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { output_tokens: 1, ...usage },
      },
    },
  ] as const;
const textDelta = (text: string) =>
  [
    'content_block_delta',
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
  ] as const;

describe('Anthropic SDK through createAnthropicFetch, against a loopback server speaking the Messages wire format', () => {
  let server: ProviderServer;
  beforeEach(async () => {
    server = await startProviderServer();
  });
  afterEach(() => server.close());

  const clientFor = (fetch: typeof globalThis.fetch) =>
    new Anthropic({ apiKey: 'test-key', baseURL: server.baseURL, fetch, maxRetries: 0 });

  it('tool use with cache reads and writes: tokens by type, cost from @pydantic/genai-prices, headroom', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = () => ({
      kind: 'json',
      headers: RATE_HEADERS,
      body: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: RESPONSE_MODEL,
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: 100,
          cache_creation_input_tokens: 2000,
          cache_read_input_tokens: 5000,
          output_tokens: 300,
        },
      },
    });
    const client = clientFor(createAnthropicFetch(metrics, { agent: 'researcher' }));
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      tools: [
        { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      ],
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    expect(message.content[0].type).toBe('tool_use');

    const text = await scrape('gen_ai_client_token_usage_sum');
    expect(linesOf(text, 'gen_ai_client_token_usage_sum')).toEqual([
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="input"} 7100`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="output"} 300`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="cache_read"} 5000`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="cache_creation"} 2000`,
    ]);
    // claude-sonnet-4-5 in @pydantic/genai-prices (below 200k input): $3 input, $0.30 cache read,
    // $3.75 cache write, $15 output per million tokens.
    const cost = `obskit_gen_ai_cost_usd_total{gen_ai_provider_name="anthropic",gen_ai_request_model="${MODEL}",gen_ai_agent_name="researcher"`;
    expect(valueOf(text, `${cost},gen_ai_token_type="input"}`)).toBeCloseTo((100 * 3) / 1e6, 12);
    expect(valueOf(text, `${cost},gen_ai_token_type="cache_read"}`)).toBeCloseTo((5000 * 0.3) / 1e6, 12);
    expect(valueOf(text, `${cost},gen_ai_token_type="cache_creation"}`)).toBeCloseTo((2000 * 3.75) / 1e6, 12);
    expect(valueOf(text, `${cost},gen_ai_token_type="output"}`)).toBeCloseTo((300 * 15) / 1e6, 12);
    const rate = `gen_ai_provider_name="anthropic",gen_ai_request_model="${MODEL}"`;
    expect(linesOf(text, 'obskit_gen_ai_rate_limit_')).toEqual([
      `obskit_gen_ai_rate_limit_remaining{${rate},gen_ai_rate_limit_resource="requests"} 4`,
      `obskit_gen_ai_rate_limit_remaining{${rate},gen_ai_rate_limit_resource="input_tokens"} 29000`,
      `obskit_gen_ai_rate_limit_remaining{${rate},gen_ai_rate_limit_resource="output_tokens"} 7700`,
      `obskit_gen_ai_rate_limit_quota{${rate},gen_ai_rate_limit_resource="requests"} 50`,
      `obskit_gen_ai_rate_limit_quota{${rate},gen_ai_rate_limit_resource="input_tokens"} 30000`,
      `obskit_gen_ai_rate_limit_quota{${rate},gen_ai_rate_limit_resource="output_tokens"} 8000`,
    ]);
  });

  it('messages.stream(): time to first chunk and per chunk from the fixed delays, usage from message_start and message_delta', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = () => ({
      kind: 'sse',
      firstDelayMs: 150,
      gapMs: 40,
      events: [
        messageStart({ input_tokens: 50, cache_read_input_tokens: 20, cache_creation_input_tokens: 0 }),
        [
          'content_block_start',
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        ],
        textDelta('Hel'),
        textDelta('lo'),
        ['content_block_stop', { type: 'content_block_stop', index: 0 }],
        [
          'message_delta',
          {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: 12 },
          },
        ],
        ['message_stop', { type: 'message_stop' }],
      ],
    });
    const client = clientFor(createAnthropicFetch(metrics));
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'Hello' }]);

    const text = await scrape('gen_ai_client_operation_duration_seconds_count');
    const ttfc = valueOf(text, `gen_ai_client_operation_time_to_first_chunk_seconds_sum{${SERIES}}`) ?? 0;
    const duration = valueOf(text, `gen_ai_client_operation_duration_seconds_sum{${SERIES}}`) ?? 0;
    expect(ttfc).toBeGreaterThanOrEqual(0.15);
    expect(valueOf(text, `gen_ai_client_operation_time_per_output_chunk_seconds_count{${SERIES}}`)).toBe(6);
    expect(duration).toBeGreaterThanOrEqual(0.15 + 6 * 0.04);
    expect(linesOf(text, 'gen_ai_client_token_usage_sum')).toEqual([
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="input"} 70`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="output"} 12`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="cache_read"} 20`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="cache_creation"} 0`,
    ]);
  });

  it('classifies 429, 529 overloaded and an aborted stream (with the tokens seen before the abort)', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = (req) => {
      const model = String(req.body['model']);
      if (model === 'm-429' || model === 'm-529') {
        return {
          kind: 'json',
          status: model === 'm-429' ? 429 : 529,
          headers: {
            'anthropic-ratelimit-tokens-remaining': '0',
            'anthropic-ratelimit-tokens-limit': '40000',
          },
          body: {
            type: 'error',
            error: { type: model === 'm-429' ? 'rate_limit_error' : 'overloaded_error', message: 'no' },
          },
        };
      }
      return {
        kind: 'sse',
        events: [messageStart({ input_tokens: 40 }, model), textDelta('a'), textDelta('b'), textDelta('c')],
        stallAfter: 3,
      };
    };
    const client = clientFor(createAnthropicFetch(metrics));
    const ask = (model: string) =>
      client.messages.create({ model, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] });
    await expect(ask('m-429')).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(ask('m-529')).rejects.toBeInstanceOf(Anthropic.InternalServerError);

    const stream = await client.messages.create({
      model: 'm-abort',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    let seen = 0;
    for await (const event of stream) {
      expect(event.type).toBeDefined();
      if (++seen === 3) stream.controller.abort();
    }
    expect(seen).toBe(3);

    const text = await scrape('error_type="cancelled"');
    const count = (model: string, errorType: string, responseModel = '') =>
      valueOf(
        text,
        `gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="${model}",${responseModel}error_type="${errorType}"}`,
      );
    expect(count('m-429', 'rate_limited')).toBe(1);
    expect(count('m-529', 'server_error')).toBe(1);
    expect(count('m-abort', 'cancelled', 'gen_ai_response_model="m-abort",')).toBe(1);
    expect(
      linesOf(
        text,
        'gen_ai_client_token_usage_sum{gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="m-abort"',
      ),
    ).toEqual([
      'gen_ai_client_token_usage_sum{gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="m-abort",gen_ai_response_model="m-abort",gen_ai_token_type="input"} 40',
      'gen_ai_client_token_usage_sum{gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="m-abort",gen_ai_response_model="m-abort",gen_ai_token_type="output"} 1',
    ]);
    expect(
      valueOf(
        text,
        'obskit_gen_ai_rate_limit_remaining{gen_ai_provider_name="anthropic",gen_ai_request_model="m-429",gen_ai_rate_limit_resource="tokens"}',
      ),
    ).toBe(0);
  });
});
