import Anthropic from '@anthropic-ai/sdk';
import { createAnthropicFetch, createOpenAIFetch } from '@obskit/genai';
import type { ObskitMetrics } from '@obskit/metrics-core';
import OpenAI from 'openai';
import type { SimClock } from './clock.js';
import type { ProviderServer } from './provider-server.js';
import {
  findModel,
  REQUEST_MODEL_NAMES,
  type CompletionResult,
  type ErrorType,
  type ModelProfile,
  type ProviderSimulator,
} from './providers.js';
import { DEMO_CODES } from '../codes.js';
import { DemoError } from '../errors.js';

/** One chat call of an agent. */
export interface LlmChatRequest {
  readonly agent: string;
  readonly model: string;
  readonly prompt: string;
  readonly stream: boolean;
  /** Typical answer length (median tokens); sent as `max_tokens` = twice it. */
  readonly outputTokensMedian: number;
}

/** The demo's LLM calls, made with the real `openai` and `@anthropic-ai/sdk` clients. */
export interface LlmClients {
  /** Whether @obskit/genai's adapters record the GenAI metrics of each call. */
  readonly measured: boolean;
  chat(request: LlmChatRequest): Promise<CompletionResult>;
}

/** Options of {@link createLlmClients}. */
export interface LlmClientsOptions {
  readonly server: ProviderServer;
  readonly clock: SimClock;
  /** Wraps each SDK's fetch with @obskit/genai's adapter recording on these metrics; none: unmeasured. */
  readonly metrics?: Pick<ObskitMetrics, 'agents' | 'reportError'>;
}

/** The HTTP status of an SDK error (`APIError.status`), if any. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function errorTypeOf(error: unknown): ErrorType {
  const status = statusOf(error);
  if (status === 429) return 'rate_limited';
  if (status !== undefined && status >= 500) return 'server_error';
  if (status !== undefined) return 'invalid_request';
  return 'connection_error';
}

/** The SDK clients of the agents, one per agent and provider, created on first use. */
interface SdkClients {
  openAi(agent: string, provider: string): OpenAI;
  anthropic(agent: string): Anthropic;
}

function createSdkClients(options: LlmClientsOptions, now: () => number): SdkClients {
  const { server, metrics } = options;
  const openai = new Map<string, OpenAI>();
  const anthropic = new Map<string, Anthropic>();
  return {
    openAi(agent, provider) {
      const key = `${agent}\u0000${provider}`;
      let client = openai.get(key);
      if (!client) {
        client = new OpenAI({
          apiKey: 'demo',
          baseURL: server.openAiBaseUrl(provider),
          maxRetries: 0,
          fetch: metrics ? createOpenAIFetch(metrics, { agent, provider, now }) : undefined,
        });
        openai.set(key, client);
      }
      return client;
    },
    anthropic(agent) {
      let client = anthropic.get(agent);
      if (!client) {
        client = new Anthropic({
          apiKey: 'demo',
          baseURL: server.anthropicBaseUrl,
          maxRetries: 0,
          fetch: metrics ? createAnthropicFetch(metrics, { agent, now }) : undefined,
        });
        anthropic.set(agent, client);
      }
      return client;
    },
  };
}

/** The request body both SDKs are sent. */
interface ChatBody {
  readonly model: string;
  readonly max_tokens: number;
  readonly messages: { role: 'user'; content: string }[];
}

/** What a chat call read from the provider's answer, whatever the SDK. */
interface ChatAnswer {
  readonly responseModel: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly refused: boolean;
}

/** One Messages call; a stream reports each text chunk to `seen`. Input tokens include the cache parts. */
async function anthropicChat(
  client: Anthropic,
  body: ChatBody,
  stream: boolean,
  seen: () => void,
): Promise<ChatAnswer> {
  let message: Anthropic.Message;
  if (stream) {
    const events = client.messages.stream(body);
    events.on('text', seen);
    message = await events.finalMessage();
  } else {
    message = await client.messages.create(body);
  }
  const u = message.usage;
  return {
    responseModel: message.model,
    inputTokens: u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0),
    outputTokens: u.output_tokens,
    refused: message.stop_reason === 'refusal',
  };
}

/** One streamed chat completion, with the usage chunk asked for; each content chunk is reported to `seen`. */
async function openAiStreamChat(
  client: OpenAI,
  body: ChatBody,
  model: ModelProfile,
  seen: () => void,
): Promise<ChatAnswer> {
  const stream = await client.chat.completions.create({
    ...body,
    stream: true,
    stream_options: { include_usage: true },
  });
  let responseModel = model.responseModel;
  let inputTokens = 0;
  let outputTokens = 0;
  let refused = false;
  for await (const chunk of stream) {
    if (chunk.choices.length > 0) seen();
    responseModel = chunk.model;
    if (chunk.choices.some((c) => c.finish_reason === 'content_filter')) refused = true;
    if (chunk.usage) {
      inputTokens = chunk.usage.prompt_tokens;
      outputTokens = chunk.usage.completion_tokens;
    }
  }
  return { responseModel, inputTokens, outputTokens, refused };
}

/** One chat completion (OpenAI or an OpenAI-compatible provider), streaming or not. */
async function openAiChat(
  client: OpenAI,
  body: ChatBody,
  stream: boolean,
  model: ModelProfile,
  seen: () => void,
): Promise<ChatAnswer> {
  if (stream) return openAiStreamChat(client, body, model, seen);
  const completion = await client.chat.completions.create(body);
  return {
    responseModel: completion.model,
    inputTokens: completion.usage?.prompt_tokens ?? 0,
    outputTokens: completion.usage?.completion_tokens ?? 0,
    refused: completion.choices.some((c) => c.finish_reason === 'content_filter'),
  };
}

/** Output chunk times of one call: the first sets the time to first chunk, the others a gap each (seconds). */
function createChunkTimes(now: () => number, start: number) {
  const times = {
    first: undefined as number | undefined,
    gaps: [] as number[],
    seen: () => {
      const at = now();
      if (times.first === undefined) times.first = at;
      else times.gaps.push((at - last) / 1000);
      last = at;
    },
  };
  let last = start;
  return times;
}

/** The model a chat request names, or a {@link DemoError} `unknownModel`. */
function modelOf(request: LlmChatRequest): ModelProfile {
  const model = findModel(request.model);
  if (!model)
    throw new DemoError(
      DEMO_CODES.unknownModel,
      `Unknown model "${request.model}": expected one of ${REQUEST_MODEL_NAMES.join(', ')}`,
    );
  return model;
}

/**
 * The agents' LLM clients: one OpenAI or Anthropic SDK client per agent and provider, pointed at the
 * loopback provider server, each with @obskit/genai's adapter as its `fetch`, so duration, tokens by
 * type, time to first chunk and per chunk, rate-limit headroom and cost are recorded by the adapters.
 * Durations are read from the simulation's clock (wall time ÷ time scale), so they are simulated seconds.
 */
export function createLlmClients(options: LlmClientsOptions): LlmClients {
  const scale = options.clock.timeScale > 0 ? options.clock.timeScale : 1;
  const now = () => performance.now() / scale;
  const clients = createSdkClients(options, now);

  return {
    measured: options.metrics !== undefined,
    async chat(request) {
      const model = modelOf(request);
      const body: ChatBody = {
        model: model.model,
        max_tokens: request.outputTokensMedian * 2,
        messages: [{ role: 'user' as const, content: request.prompt }],
      };
      const start = now();
      const chunks = createChunkTimes(now, start);
      const elapsed = () => (now() - start) / 1000;
      try {
        const answer =
          model.provider === 'anthropic'
            ? await anthropicChat(clients.anthropic(request.agent), body, request.stream, chunks.seen)
            : await openAiChat(
                clients.openAi(request.agent, model.provider),
                body,
                request.stream,
                model,
                chunks.seen,
              );
        const durationSeconds = elapsed();
        if (answer.refused) return { ok: false, model, errorType: 'content_filter', durationSeconds };
        const { responseModel, inputTokens, outputTokens } = answer;
        const first = chunks.first;
        return {
          ok: true,
          model,
          responseModel,
          inputTokens,
          outputTokens,
          durationSeconds,
          timeToFirstChunkSeconds: request.stream && first !== undefined ? (first - start) / 1000 : undefined,
          timePerOutputChunkSeconds: request.stream && chunks.gaps.length > 0 ? chunks.gaps : undefined,
          costUsd:
            (inputTokens / 1000) * model.inputPricePer1k + (outputTokens / 1000) * model.outputPricePer1k,
        };
      } catch (error) {
        return { ok: false, model, errorType: errorTypeOf(error), durationSeconds: elapsed() };
      }
    },
  };
}

/** The in-process simulation as {@link LlmClients}: no HTTP, no SDK; the agents record the calls. */
export function simulatedLlmClients(simulator: ProviderSimulator): LlmClients {
  return {
    measured: false,
    chat: (r) =>
      simulator.complete({
        model: r.model,
        promptChars: r.prompt.length,
        stream: r.stream,
        outputTokensMedian: r.outputTokensMedian,
      }),
  };
}
