import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { startProviderServer, type ProviderServer } from './support/provider-server';

const README = readFileSync(join(__dirname, '../README.md'), 'utf8');

/** The ```ts block under `<!-- example: name -->`, as written in the README. */
function example(name: string): string {
  const match = new RegExp(`<!-- example: ${name} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(README);
  if (!match) throw new Error(`README has no example "${name}"`);
  return match[1];
}

/** Runs a README example verbatim (top-level await included); `@obskit/genai` is this package's source. */
async function runExample(source: string): Promise<string[]> {
  const js = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
  const printed: string[] = [];
  const fakeConsole = { log: (...args: unknown[]) => printed.push(args.map(String).join(' ')) };
  const load = (id: string) => (id === '@obskit/genai' ? require('../src') : require(id));
  const body = `return (async () => {\n${js}\n})();`;
  await (new Function('require', 'exports', 'console', body) as (...a: unknown[]) => Promise<void>)(
    load,
    {},
    fakeConsole,
  );
  return printed;
}

describe('README examples, run verbatim against loopback servers speaking each wire format', () => {
  let server: ProviderServer;
  const saved = { ...process.env };
  beforeEach(async () => {
    server = await startProviderServer();
    // Both SDKs read their base URL and key from the environment, as in an app.
    process.env['OPENAI_BASE_URL'] = `${server.baseURL}/v1`;
    process.env['OPENAI_API_KEY'] = 'test-key';
    process.env['ANTHROPIC_BASE_URL'] = server.baseURL;
    process.env['ANTHROPIC_API_KEY'] = 'test-key';
  });
  afterEach(async () => {
    process.env = { ...saved };
    await server.close();
  });

  it('OpenAI: the chat completion appears on /metrics with its tokens and cost', async () => {
    server.reply = () => ({
      kind: 'json',
      body: {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-2024-08-06',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
      },
    });
    const [text] = await runExample(example('openai'));
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/chat/completions']);
    expect(text).toContain(
      'gen_ai_client_token_usage_sum{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_response_model="gpt-4o-2024-08-06",gen_ai_token_type="input"} 9\n',
    );
    expect(text).toContain(
      'obskit_agent_operations_total{gen_ai_agent_name="planner",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="success"} 1\n',
    );
    expect(text).toMatch(
      /obskit_gen_ai_cost_usd_total\{[^}]*gen_ai_agent_name="planner",gen_ai_token_type="output"\} /,
    );
  });

  it("Vercel AI SDK: the wrapped model's call appears on /metrics", async () => {
    server.reply = () => ({
      kind: 'json',
      body: {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-2024-08-06',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
      },
    });
    const [text] = await runExample(example('ai-sdk'));
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/chat/completions']);
    expect(text).toContain(
      'gen_ai_client_token_usage_sum{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_response_model="gpt-4o-2024-08-06",gen_ai_token_type="input"} 5\n',
    );
  });

  it('Anthropic: the streamed message appears on /metrics with time to first chunk once the stream ended', async () => {
    server.reply = () => ({
      kind: 'sse',
      firstDelayMs: 50,
      events: [
        [
          'message_start',
          {
            type: 'message_start',
            message: {
              id: 'm',
              type: 'message',
              role: 'assistant',
              model: 'claude-sonnet-4-5-20250929',
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: { input_tokens: 7, output_tokens: 1, cache_read_input_tokens: 3 },
            },
          },
        ],
        [
          'content_block_start',
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        ],
        [
          'content_block_delta',
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
        ],
        ['content_block_stop', { type: 'content_block_stop', index: 0 }],
        [
          'message_delta',
          {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: 2 },
          },
        ],
        ['message_stop', { type: 'message_stop' }],
      ],
    });
    const [text] = await runExample(example('anthropic'));
    const series =
      'gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="claude-sonnet-4-5",gen_ai_response_model="claude-sonnet-4-5-20250929"';
    expect(text).toContain(`gen_ai_client_operation_time_to_first_chunk_seconds_count{${series}} 1\n`);
    expect(text).toContain(`gen_ai_client_token_usage_sum{${series},gen_ai_token_type="input"} 10\n`);
    expect(text).toContain(`gen_ai_client_token_usage_sum{${series},gen_ai_token_type="cache_read"} 3\n`);
    expect(text).toContain(
      'obskit_agent_operations_total{gen_ai_agent_name="researcher",gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",status="success"} 1\n',
    );
  });

  it('LangChain.js: the streamed ChatOpenAI call appears on /metrics with its chunks and tokens', async () => {
    const model = 'gpt-4o-2024-08-06';
    const delta = (choice: Record<string, unknown>) => ({
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model,
      choices: [{ index: 0, ...choice }],
    });
    server.reply = () => ({
      kind: 'sse',
      firstDelayMs: 20,
      events: [
        [undefined, delta({ delta: { role: 'assistant', content: 'Hel' }, finish_reason: null })],
        [undefined, delta({ delta: { content: 'lo' }, finish_reason: null })],
        [undefined, delta({ delta: {}, finish_reason: 'stop' })],
        [
          undefined,
          {
            id: 'c',
            object: 'chat.completion.chunk',
            created: 1,
            model,
            choices: [],
            usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
          },
        ],
        [undefined, '[DONE]'],
      ],
    });
    const [text] = await runExample(example('langchain'));
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/chat/completions']);
    const series =
      'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_response_model="gpt-4o-2024-08-06"';
    expect(text).toContain(`gen_ai_client_operation_time_to_first_chunk_seconds_count{${series}} 1\n`);
    // four chunks (two texts, the finish, the usage): three gaps
    expect(text).toContain(`gen_ai_client_operation_time_per_output_chunk_seconds_count{${series}} 3\n`);
    expect(text).toContain(`gen_ai_client_token_usage_sum{${series},gen_ai_token_type="input"} 9\n`);
    expect(text).toContain(`gen_ai_client_token_usage_sum{${series},gen_ai_token_type="output"} 2\n`);
    expect(text).toContain(
      'obskit_agent_operations_total{gen_ai_agent_name="writer",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="success"} 1\n',
    );
  });
});
