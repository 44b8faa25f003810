import { createOtelBridge, createOtelDomain } from '@obskit/otel-bridge';
import OpenAI from 'openai';
import { Registry } from 'prom-client';
import { createOpenAIFetch } from '../src';
import { linesOf, startProviderServer, valueOf, type ProviderServer } from './support/provider-server';
import { chatCompletion, chunk, SERIES } from './support/openai-wire';
import { freshMetrics } from './support/registry';

const RATE_HEADERS = {
  'x-ratelimit-limit-requests': '500',
  'x-ratelimit-remaining-requests': '499',
  'x-ratelimit-limit-tokens': '30000',
  'x-ratelimit-remaining-tokens': '2500',
};

describe('OpenAI SDK through createOpenAIFetch, against a loopback server speaking the OpenAI wire format', () => {
  let server: ProviderServer;
  beforeEach(async () => {
    server = await startProviderServer('/v1');
  });
  afterEach(() => server.close());

  const clientFor = (fetch: typeof globalThis.fetch, options: Record<string, unknown> = {}) =>
    new OpenAI({ apiKey: 'test-key', baseURL: server.baseURL, fetch, maxRetries: 0, ...options });

  it('a raw JSON response read with text() or arrayBuffer() is measured once, when it is read', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = () => ({ kind: 'json', body: chatCompletion('gpt-4o-2024-08-06'), headers: RATE_HEADERS });
    const client = clientFor(createOpenAIFetch(metrics, { agent: 'planner' }));
    const params = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }] };
    const asText = await client.chat.completions.create(params).asResponse();
    expect(await scrape('gen_ai_client_operation_duration_seconds_count')).not.toContain(SERIES);
    expect(JSON.parse(await asText.text()).usage.prompt_tokens).toBe(1000);
    const asBytes = await client.chat.completions.create(params).asResponse();
    const bytes = await asBytes.arrayBuffer();
    expect(JSON.parse(new TextDecoder().decode(bytes)).model).toBe('gpt-4o-2024-08-06');
    await expect(asBytes.text()).rejects.toThrow('Body is unusable'); // read once, as without the adapter

    const text = await scrape('gen_ai_client_');
    expect(linesOf(text, 'gen_ai_client_operation_duration_seconds_count')).toEqual([
      `gen_ai_client_operation_duration_seconds_count{${SERIES}} 2`,
    ]);
    expect(linesOf(text, 'gen_ai_client_token_usage_sum').slice(0, 2)).toEqual([
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="input"} 2000`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="output"} 400`,
    ]);
  });

  it("the request model is the body's top-level model, wherever it stands and whatever the prompt and tools hold", async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = () => ({ kind: 'json', body: chatCompletion('gpt-4o-2024-08-06'), headers: RATE_HEADERS });
    const client = clientFor(createOpenAIFetch(metrics, { agent: 'planner' }));
    // messages, tools and metadata before model: a prompt quoting a "model" key, a tool whose schema
    // has a `model` property, metadata with a `model` string; an escaped model name is read as JSON reads it.
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'pick',
          parameters: { type: 'object', properties: { model: { type: 'string', enum: ['o1'] } } },
        },
      },
    ];
    await client.chat.completions.create({
      messages: [{ role: 'user', content: 'answer {"model":"o1"} \\" "model": "o3"' }],
      tools,
      metadata: { model: 'o1' },
      model: 'gpt-4o',
    });
    await client.chat.completions.create({
      messages: [{ role: 'user', content: 'hi' }],
      model: 'gpt-4o\u00e9"x',
    });

    const text = await scrape('gen_ai_client_operation_duration_seconds_count');
    expect(linesOf(text, 'gen_ai_client_operation_duration_seconds_count')).toEqual([
      `gen_ai_client_operation_duration_seconds_count{${SERIES}} 1`,
      `gen_ai_client_operation_duration_seconds_count{${SERIES.replace('gpt-4o"', 'gpt-4o\u00e9\\"x"')}} 1`,
    ]);
  });

  it('chat completion: duration, tokens by type, cost from @pydantic/genai-prices, headroom', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = () => ({ kind: 'json', body: chatCompletion('gpt-4o-2024-08-06'), headers: RATE_HEADERS });
    const client = clientFor(createOpenAIFetch(metrics, { agent: 'planner' }));
    const res = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(res.choices[0].message.content).toBe('hi');

    const text = await scrape('gen_ai_client_operation_duration_seconds_count');
    expect(linesOf(text, 'gen_ai_client_operation_duration_seconds_count')).toEqual([
      `gen_ai_client_operation_duration_seconds_count{${SERIES}} 1`,
    ]);
    expect(linesOf(text, 'gen_ai_client_token_usage_sum')).toEqual([
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="input"} 1000`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="output"} 200`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="cache_read"} 400`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="reasoning"} 50`,
    ]);
    // gpt-4o in @pydantic/genai-prices: $2.50 input, $1.25 cached input, $10 output per million tokens.
    const cost =
      'obskit_gen_ai_cost_usd_total{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_agent_name="planner"';
    expect(valueOf(text, `${cost},gen_ai_token_type="input"}`)).toBeCloseTo((600 * 2.5) / 1e6, 12);
    expect(valueOf(text, `${cost},gen_ai_token_type="cache_read"}`)).toBeCloseTo((400 * 1.25) / 1e6, 12);
    expect(valueOf(text, `${cost},gen_ai_token_type="output"}`)).toBeCloseTo((200 * 10) / 1e6, 12);
    expect(linesOf(text, 'obskit_gen_ai_unpriced_tokens_total')).toEqual([]);
    expect(linesOf(text, 'obskit_gen_ai_rate_limit_')).toEqual([
      'obskit_gen_ai_rate_limit_remaining{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource="requests"} 499',
      'obskit_gen_ai_rate_limit_remaining{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource="tokens"} 2500',
      'obskit_gen_ai_rate_limit_quota{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource="requests"} 500',
      'obskit_gen_ai_rate_limit_quota{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource="tokens"} 30000',
    ]);
    expect(linesOf(text, 'obskit_agent_operations_total')).toEqual([
      'obskit_agent_operations_total{gen_ai_agent_name="planner",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="success"} 1',
    ]);
  });

  it('headroom at a scrape is what the calls before it said, in order: a header a later response lacks keeps its last value', async () => {
    const { metrics, scrape } = freshMetrics();
    const replies: Record<string, string>[] = [
      RATE_HEADERS,
      { 'x-ratelimit-remaining-requests': '498', 'x-ratelimit-remaining-tokens': '1800' },
      {},
      { 'x-ratelimit-remaining-requests': '497', 'x-ratelimit-limit-requests': 'unlimited' },
    ];
    let n = 0;
    server.reply = () => ({ kind: 'json', body: chatCompletion('gpt-4o'), headers: replies[n++] });
    const client = clientFor(createOpenAIFetch(metrics, { agent: 'planner' }));
    const call = () =>
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    const rate = 'gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource=';
    await call();
    await call();
    await call();
    expect(linesOf(await scrape(), 'obskit_gen_ai_rate_limit_')).toEqual([
      `obskit_gen_ai_rate_limit_remaining{${rate}"requests"} 498`,
      `obskit_gen_ai_rate_limit_remaining{${rate}"tokens"} 1800`,
      `obskit_gen_ai_rate_limit_quota{${rate}"requests"} 500`,
      `obskit_gen_ai_rate_limit_quota{${rate}"tokens"} 30000`,
    ]);
    await call();
    expect(linesOf(await scrape(), 'obskit_gen_ai_rate_limit_')).toEqual([
      `obskit_gen_ai_rate_limit_remaining{${rate}"requests"} 497`,
      `obskit_gen_ai_rate_limit_remaining{${rate}"tokens"} 1800`,
      `obskit_gen_ai_rate_limit_quota{${rate}"requests"} 500`,
      `obskit_gen_ai_rate_limit_quota{${rate}"tokens"} 30000`,
    ]);
  });

  it("headroom of many calls between two scrapes is the last call's", async () => {
    const { metrics, scrape } = freshMetrics();
    let left = 1000;
    const fetch = async () =>
      new Response(JSON.stringify(chatCompletion('gpt-4o')), {
        headers: {
          'content-type': 'application/json',
          'x-ratelimit-remaining-requests': String(--left),
          'x-ratelimit-limit-requests': '1000',
        },
      });
    const measured = createOpenAIFetch(metrics, { fetch });
    const body = JSON.stringify({ model: 'gpt-4o', messages: [] });
    for (let i = 0; i < 600; i++) {
      const response = await measured('http://localhost/v1/chat/completions', { method: 'POST', body });
      await response.json();
    }
    const rate = 'gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource=';
    expect(linesOf(await scrape(), 'obskit_gen_ai_rate_limit_')).toEqual([
      `obskit_gen_ai_rate_limit_remaining{${rate}"requests"} 400`,
      `obskit_gen_ai_rate_limit_quota{${rate}"requests"} 1000`,
    ]);
  });

  it('headroom through the OTel domain helpers (gauges not read at collection) is recorded at once', async () => {
    const registry = new Registry();
    const bridge = createOtelBridge({ registry, targetInfo: false });
    const { agents } = createOtelDomain(bridge.getMeter('genai'));
    const reported: string[] = [];
    const fetch = async () =>
      new Response(JSON.stringify(chatCompletion('gpt-4o')), {
        headers: { 'content-type': 'application/json', ...RATE_HEADERS },
      });
    const measured = createOpenAIFetch(
      { agents, reportError: (_component, _reason, message) => reported.push(message) },
      { fetch },
    );
    const response = await measured('http://localhost/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o', messages: [] }),
    });
    await response.json();
    expect(reported).toEqual([]);
    expect(linesOf(await registry.metrics(), 'obskit_gen_ai_rate_limit_remaining')).toEqual([
      'obskit_gen_ai_rate_limit_remaining{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource="requests"} 499',
      'obskit_gen_ai_rate_limit_remaining{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_rate_limit_resource="tokens"} 2500',
    ]);
  });

  it('streamed chat: time to first chunk and per chunk from the fixed delays; timing ends when the stream ends', async () => {
    const { metrics, scrape } = freshMetrics();
    const model = 'gpt-4o-2024-08-06';
    server.reply = () => ({
      kind: 'sse',
      firstDelayMs: 200,
      gapMs: 60,
      headers: RATE_HEADERS,
      events: [
        [undefined, chunk(model, 'Hel')],
        [undefined, chunk(model, 'lo')],
        [undefined, chunk(model, '!')],
        [
          undefined,
          chunk(model, null, {
            usage: {
              prompt_tokens: 30,
              completion_tokens: 3,
              total_tokens: 33,
              prompt_tokens_details: { cached_tokens: 0 },
              completion_tokens_details: { reasoning_tokens: 0 },
            },
          }),
        ],
        [undefined, '[DONE]'],
      ],
    });
    const client = clientFor(createOpenAIFetch(metrics));
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    // The SDK returned the stream; nothing is recorded until it ends.
    expect(linesOf(await scrape(), 'gen_ai_client_operation_duration_seconds_count')).toEqual([]);
    let content = '';
    for await (const part of stream) content += part.choices[0]?.delta.content ?? '';
    expect(content).toBe('Hello!');

    const text = await scrape('gen_ai_client_operation_duration_seconds_count');
    const ttfc = valueOf(text, `gen_ai_client_operation_time_to_first_chunk_seconds_sum{${SERIES}}`) ?? 0;
    const duration = valueOf(text, `gen_ai_client_operation_duration_seconds_sum{${SERIES}}`) ?? 0;
    const gaps = valueOf(text, `gen_ai_client_operation_time_per_output_chunk_seconds_sum{${SERIES}}`) ?? 0;
    expect(ttfc).toBeGreaterThanOrEqual(0.2);
    // three chunks after the first, each at least 60 ms after the one before ([DONE] is no chunk)
    expect(valueOf(text, `gen_ai_client_operation_time_per_output_chunk_seconds_count{${SERIES}}`)).toBe(3);
    // ttfc + the gaps is when the last chunk arrived: not before the server sent it (200 + 3 × 60 ms)
    expect(ttfc + gaps).toBeGreaterThanOrEqual(0.2 + 3 * 0.06);
    // the stream ends with [DONE], another 60 ms later
    expect(duration).toBeGreaterThanOrEqual(0.2 + 4 * 0.06);
    expect(duration).toBeGreaterThanOrEqual(ttfc + gaps - 1e-9);
    expect(linesOf(text, 'gen_ai_client_token_usage_sum')).toEqual([
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="input"} 30`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="output"} 3`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="cache_read"} 0`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="reasoning"} 0`,
    ]);
  });

  it('Responses API and embeddings, priced by a per-model override; an unknown model counts as unpriced', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = (req) =>
      req.path.endsWith('/embeddings')
        ? {
            kind: 'json',
            body: {
              object: 'list',
              model: 'my-embedder',
              data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
              usage: { prompt_tokens: 8, total_tokens: 8 },
            },
          }
        : {
            kind: 'json',
            body: {
              id: 'resp_1',
              object: 'response',
              created_at: 1,
              status: 'completed',
              model: 'gpt-4o-mini-2024-07-18',
              output: [],
              usage: {
                input_tokens: 120,
                input_tokens_details: { cached_tokens: 100 },
                output_tokens: 40,
                output_tokens_details: { reasoning_tokens: 10 },
                total_tokens: 160,
              },
            },
          };
    const client = clientFor(
      createOpenAIFetch(metrics, {
        prices: { 'gpt-4o-mini': { inputPer1k: 0.001, outputPer1k: 0.002, cacheReadPer1k: 0.0005 } },
      }),
    );
    await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
    await client.embeddings.create({ model: 'my-embedder', input: 'hi' });
    const text = await scrape('gen_ai_operation_name="embeddings"');
    const resp =
      'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",gen_ai_response_model="gpt-4o-mini-2024-07-18"';
    expect(linesOf(text, `gen_ai_client_token_usage_sum{${resp}`)).toEqual([
      `gen_ai_client_token_usage_sum{${resp},gen_ai_token_type="input"} 120`,
      `gen_ai_client_token_usage_sum{${resp},gen_ai_token_type="output"} 40`,
      `gen_ai_client_token_usage_sum{${resp},gen_ai_token_type="cache_read"} 100`,
      `gen_ai_client_token_usage_sum{${resp},gen_ai_token_type="reasoning"} 10`,
    ]);
    const cost =
      'obskit_gen_ai_cost_usd_total{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",gen_ai_agent_name="default"';
    expect(valueOf(text, `${cost},gen_ai_token_type="input"}`)).toBeCloseTo((20 / 1000) * 0.001, 12);
    expect(valueOf(text, `${cost},gen_ai_token_type="cache_read"}`)).toBeCloseTo((100 / 1000) * 0.0005, 12);
    expect(valueOf(text, `${cost},gen_ai_token_type="output"}`)).toBeCloseTo((40 / 1000) * 0.002, 12);
    expect(linesOf(text, 'gen_ai_client_token_usage_sum{gen_ai_operation_name="embeddings"')).toEqual([
      'gen_ai_client_token_usage_sum{gen_ai_operation_name="embeddings",gen_ai_provider_name="openai",gen_ai_request_model="my-embedder",gen_ai_response_model="my-embedder",gen_ai_token_type="input"} 8',
    ]);
    expect(linesOf(text, 'obskit_gen_ai_unpriced_tokens_total')).toEqual([
      'obskit_gen_ai_unpriced_tokens_total{gen_ai_provider_name="openai",gen_ai_request_model="my-embedder",gen_ai_token_type="input"} 8',
    ]);
  });

  it('classifies 429, 500, a timeout and an aborted stream into error_type', async () => {
    const { metrics, scrape } = freshMetrics();
    const statusOf: Record<string, number> = { 'm-429': 429, 'm-500': 500 };
    server.reply = (req) => {
      const model = String(req.body['model']);
      if (model in statusOf) {
        return {
          kind: 'json',
          status: statusOf[model],
          body: { error: { message: 'no', type: 'x' } },
          headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-limit-requests': '500' },
        };
      }
      if (model === 'm-slow') return { kind: 'json', body: chatCompletion(model), delayMs: 5000 };
      return {
        kind: 'sse',
        events: [
          [undefined, chunk(model, 'a')],
          [undefined, chunk(model, 'b')],
          [undefined, chunk(model, 'c')],
        ],
        stallAfter: 2,
      };
    };
    const client = clientFor(createOpenAIFetch(metrics));
    const ask = (model: string, options?: { timeout: number }) =>
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] }, options);
    await expect(ask('m-429')).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(ask('m-500')).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    // The SDK says APIConnectionTimeoutError in an app; under Jest the AbortError comes from another
    // realm and the SDK reports the parent class. The adapter reads the abort itself (below).
    await expect(ask('m-slow', { timeout: 1000 })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);

    const stream = await client.chat.completions.create({
      model: 'm-abort',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    let seen = 0;
    for await (const part of stream) {
      expect(part.choices[0].delta.content).toBeDefined();
      if (++seen === 2) stream.controller.abort();
    }
    expect(seen).toBe(2);

    const text = await scrape('gen_ai_request_model="m-abort"');
    const count = (model: string, errorType: string) =>
      valueOf(
        text,
        `gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="${model}",error_type="${errorType}"}`,
      );
    expect(count('m-429', 'rate_limited')).toBe(1);
    expect(count('m-500', 'server_error')).toBe(1);
    expect(count('m-slow', 'timeout')).toBe(1);
    expect(
      valueOf(
        text,
        'gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="m-abort",gen_ai_response_model="m-abort",error_type="cancelled"}',
      ),
    ).toBe(1);
    expect(linesOf(text, 'obskit_agent_operations_total')).toEqual([
      'obskit_agent_operations_total{gen_ai_agent_name="default",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="error"} 2',
      'obskit_agent_operations_total{gen_ai_agent_name="default",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="timeout"} 1',
      'obskit_agent_operations_total{gen_ai_agent_name="default",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="cancelled"} 1',
    ]);
    expect(
      valueOf(
        text,
        'obskit_gen_ai_rate_limit_remaining{gen_ai_provider_name="openai",gen_ai_request_model="m-500",gen_ai_rate_limit_resource="requests"}',
      ),
    ).toBe(0);
  });
});
