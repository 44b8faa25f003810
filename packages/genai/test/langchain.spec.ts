import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { createLangChainHandler } from '../src';
import { linesOf, startProviderServer, valueOf, type ProviderServer } from './support/provider-server';
import { chatCompletion, chunk, SERIES } from './support/openai-wire';
import { freshMetrics } from './support/registry';

describe('LangChain.js: createLangChainHandler on the real @langchain/core with ChatOpenAI against a loopback OpenAI server', () => {
  let server: ProviderServer;
  beforeEach(async () => {
    server = await startProviderServer('/v1');
  });
  afterEach(() => server.close());

  const modelFor = (handler: ReturnType<typeof createLangChainHandler>, model = 'gpt-4o') =>
    new ChatOpenAI({
      model,
      apiKey: 'test-key',
      maxRetries: 0,
      configuration: { baseURL: server.baseURL },
      callbacks: [handler],
    });

  it('invoke: duration, tokens by type from usage_metadata, response model, cost from @pydantic/genai-prices', async () => {
    const { metrics, scrape } = freshMetrics();
    server.reply = () => ({ kind: 'json', body: chatCompletion('gpt-4o-2024-08-06') });
    const answer = await modelFor(createLangChainHandler(metrics, { agent: 'planner' })).invoke('hi');
    expect(answer.content).toBe('hi');

    const text = await scrape();
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
    expect(linesOf(text, 'obskit_agent_operations_total')).toEqual([
      'obskit_agent_operations_total{gen_ai_agent_name="planner",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="success"} 1',
    ]);
  });

  it('stream: time to first chunk and per chunk from the fixed delays, tokens from the usage chunk', async () => {
    const { metrics, scrape } = freshMetrics();
    const model = 'gpt-4o-2024-08-06';
    server.reply = () => ({
      kind: 'sse',
      firstDelayMs: 200,
      gapMs: 60,
      events: [
        [undefined, chunk(model, 'Hel')],
        [undefined, chunk(model, 'lo')],
        [undefined, chunk(model, '!')],
        // OpenAI ends the choices with an empty delta carrying finish_reason (LangChain reads the model there)
        [undefined, { ...chunk(model, null), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }],
        [
          undefined,
          chunk(model, null, {
            usage: {
              prompt_tokens: 30,
              completion_tokens: 3,
              total_tokens: 33,
              prompt_tokens_details: { cached_tokens: 10 },
              completion_tokens_details: { reasoning_tokens: 1 },
            },
          }),
        ],
        [undefined, '[DONE]'],
      ],
    });
    let content = '';
    for await (const part of await modelFor(createLangChainHandler(metrics)).stream('hi')) {
      content += String(part.content);
    }
    expect(content).toBe('Hello!');

    const text = await scrape();
    const ttfc = valueOf(text, `gen_ai_client_operation_time_to_first_chunk_seconds_sum{${SERIES}}`) ?? 0;
    const gaps = valueOf(text, `gen_ai_client_operation_time_per_output_chunk_seconds_sum{${SERIES}}`) ?? 0;
    const duration = valueOf(text, `gen_ai_client_operation_duration_seconds_sum{${SERIES}}`) ?? 0;
    expect(ttfc).toBeGreaterThanOrEqual(0.2);
    // five chunks reach handleLLMNewToken (three texts, the finish and the usage chunk): four gaps of at
    // least 60 ms each
    expect(valueOf(text, `gen_ai_client_operation_time_per_output_chunk_seconds_count{${SERIES}}`)).toBe(4);
    expect(ttfc + gaps).toBeGreaterThanOrEqual(0.2 + 4 * 0.06);
    expect(duration).toBeGreaterThanOrEqual(ttfc + gaps - 1e-9);
    expect(linesOf(text, 'gen_ai_client_token_usage_sum')).toEqual([
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="input"} 30`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="output"} 3`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="cache_read"} 10`,
      `gen_ai_client_token_usage_sum{${SERIES},gen_ai_token_type="reasoning"} 1`,
    ]);
  });

  it('classifies a 429, a 500 and an aborted stream (cancelled)', async () => {
    const { metrics, scrape } = freshMetrics();
    const statusOf: Record<string, number> = { 'm-429': 429, 'm-500': 500 };
    server.reply = (req) => {
      const model = String(req.body['model']);
      if (model in statusOf) {
        return { kind: 'json', status: statusOf[model], body: { error: { message: 'no', type: 'x' } } };
      }
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
    const handler = createLangChainHandler(metrics);
    await expect(modelFor(handler, 'm-429').invoke('x')).rejects.toMatchObject({ status: 429 });
    await expect(modelFor(handler, 'm-500').invoke('x')).rejects.toMatchObject({ status: 500 });

    const abort = new AbortController();
    let seen = 0;
    await expect(
      (async () => {
        for await (const part of await modelFor(handler, 'm-abort').stream('x', { signal: abort.signal })) {
          expect(part.content).toBeDefined();
          if (++seen === 2) abort.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(seen).toBe(2);

    const text = await scrape();
    const count = (model: string, errorType: string) =>
      valueOf(
        text,
        `gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="${model}",error_type="${errorType}"}`,
      );
    expect(count('m-429', 'rate_limited')).toBe(1);
    expect(count('m-500', 'server_error')).toBe(1);
    expect(
      valueOf(
        text,
        'gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="m-abort",error_type="cancelled"}',
      ),
    ).toBe(1);
    // the two chunks seen before the abort were timed
    expect(
      valueOf(
        text,
        'gen_ai_client_operation_time_per_output_chunk_seconds_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="m-abort"}',
      ),
    ).toBe(1);
    expect(linesOf(text, 'obskit_agent_operations_total')).toEqual([
      'obskit_agent_operations_total{gen_ai_agent_name="default",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="error"} 2',
      'obskit_agent_operations_total{gen_ai_agent_name="default",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="cancelled"} 1',
    ]);
  });

  it('tools: runs and failures as gen_ai_execute_tool_duration_seconds', async () => {
    const { metrics, scrape } = freshMetrics();
    const handler = createLangChainHandler(metrics, { agent: 'planner' });
    const add = tool(async ({ a, b }: { a: number; b: number }) => String(a + b), {
      name: 'add',
      description: 'adds',
      schema: z.object({ a: z.number(), b: z.number() }),
    });
    const fail = tool(
      async (): Promise<string> => {
        throw Object.assign(new Error('upstream said 503'), { status: 503 });
      },
      { name: 'lookup', description: 'fails', schema: z.object({}) },
    );
    expect(await add.invoke({ a: 2, b: 3 }, { callbacks: [handler] })).toBe('5');
    await expect(fail.invoke({}, { callbacks: [handler] })).rejects.toThrow('upstream said 503');

    const text = await scrape();
    expect(linesOf(text, 'gen_ai_execute_tool_duration_seconds_count')).toEqual([
      'gen_ai_execute_tool_duration_seconds_count{gen_ai_tool_name="add",gen_ai_agent_name="planner"} 1',
      'gen_ai_execute_tool_duration_seconds_count{gen_ai_tool_name="lookup",gen_ai_agent_name="planner",error_type="server_error"} 1',
    ]);
  });
});
