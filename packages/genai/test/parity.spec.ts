import { createOtelBridge } from '@obskit/otel-bridge';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import * as openaiModule from 'openai';
import OpenAI from 'openai';
import { Registry } from 'prom-client';
import { createOpenAIFetch } from '../src';
import { startProviderServer, type ProviderServer } from './support/provider-server';
import { freshMetrics } from './support/registry';

/**
 * The maintained OTel instrumentation (@opentelemetry/instrumentation-openai) through @obskit/otel-bridge
 * and createOpenAIFetch over metrics-core give the same series for the same calls: names, labels and
 * bucket boundaries, and for token counts the same values. Both see the same loopback server.
 */
const usage = {
  prompt_tokens: 1000,
  completion_tokens: 200,
  total_tokens: 1200,
};
const completion = (model: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
  usage,
});

/** An exposition line with its labels in name order (Prometheus ignores their order; the two paths differ). */
function canonical(line: string): string {
  const open = line.indexOf('{');
  if (open < 0) return line;
  const close = line.lastIndexOf('}');
  const pairs = [...line.slice(open + 1, close).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)]
    .map((m) => `${m[1]}="${m[2]}"`)
    .sort();
  return `${line.slice(0, open)}{${pairs.join(',')}}${line.slice(close + 1)}`;
}

/** Series identity (name and labels) of the GenAI families, and every token-usage line whole. */
function genAiSeries(text: string) {
  const lines = text
    .split('\n')
    .filter((l) => l.startsWith('gen_ai_client_'))
    .map(canonical);
  const identity = lines.map((l) => l.slice(0, l.lastIndexOf(' ')));
  // Durations differ between two runs; token counts do not. Only the semconv token types: the
  // instrumentation records no cache or reasoning parts.
  const tokens = lines.filter(
    (l) =>
      l.startsWith('gen_ai_client_token_usage') &&
      !/gen_ai_token_type="(cache_read|cache_creation|reasoning)"/.test(l),
  );
  return { identity, tokens };
}

async function run(server: ProviderServer, client: OpenAI) {
  server.reply = (req) =>
    req.body['model'] === 'm-429'
      ? { kind: 'json', status: 429, body: { error: { message: 'slow down', type: 'x' } } }
      : req.path.endsWith('/embeddings')
        ? {
            kind: 'json',
            body: {
              object: 'list',
              model: 'text-embedding-3-small',
              data: [{ object: 'embedding', index: 0, embedding: [0.1] }],
              usage: { prompt_tokens: 8, total_tokens: 8 },
            },
          }
        : { kind: 'json', body: completion('gpt-4o-2024-08-06') };
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
  await expect(
    client.chat.completions.create({ model: 'm-429', messages: [{ role: 'user', content: 'hi' }] }),
  ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
}

describe('parity: @opentelemetry/instrumentation-openai via @obskit/otel-bridge = createOpenAIFetch via metrics-core', () => {
  let server: ProviderServer;
  beforeEach(async () => {
    server = await startProviderServer('/v1');
  });
  afterEach(() => server.close());

  it('gives the same GenAI series for chat, embeddings and a 429', async () => {
    // The adapter path.
    const adapter = freshMetrics();
    const adapted = new OpenAI({
      apiKey: 'k',
      baseURL: server.baseURL,
      maxRetries: 0,
      fetch: createOpenAIFetch(adapter.metrics),
    });
    await run(server, adapted);
    const fromAdapter = genAiSeries(await adapter.scrape('gen_ai_request_model="m-429"'));

    // The OTel path: the instrumentation's own patch of the SDK, metrics into the bridge.
    const registry = new Registry();
    const bridge = createOtelBridge({ registry, targetInfo: false });
    const instrumentation = new OpenAIInstrumentation({ enabled: false });
    instrumentation.setMeterProvider(bridge.meterProvider);
    // Jest's module registry bypasses require hooks; patch the module Jest loaded through the
    // instrumentation's own module definition (what its require hook would call).
    const [definition] = instrumentation.getModuleDefinitions();
    definition.patch?.(openaiModule as never, '6.49.0');
    instrumentation.enable();
    try {
      const instrumented = new OpenAI({ apiKey: 'k', baseURL: server.baseURL, maxRetries: 0 });
      await run(server, instrumented);
    } finally {
      definition.unpatch?.(openaiModule as never, '6.49.0');
    }
    const fromOtel = genAiSeries(await registry.metrics());

    expect(fromOtel.tokens.length).toBeGreaterThan(0);
    expect(fromOtel.identity).toContain(
      'gen_ai_client_operation_duration_seconds_count{error_type="rate_limited",gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="m-429"}',
    );
    expect(fromOtel.tokens.sort()).toEqual(fromAdapter.tokens.sort());
    // Same families, same label sets, same bucket boundaries; the adapter adds only the cache and
    // reasoning token parts.
    expect(fromOtel.identity.sort()).toEqual(
      fromAdapter.identity
        .filter((l) => !/gen_ai_token_type="(cache_read|cache_creation|reasoning)"/.test(l))
        .sort(),
    );
  });
});
