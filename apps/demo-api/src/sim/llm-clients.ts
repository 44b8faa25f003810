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

/**
 * The agents' LLM clients: one OpenAI or Anthropic SDK client per agent and provider, pointed at the
 * loopback provider server, each with @obskit/genai's adapter as its `fetch`, so duration, tokens by
 * type, time to first chunk and per chunk, rate-limit headroom and cost are recorded by the adapters.
 * Durations are read from the simulation's clock (wall time ÷ time scale), so they are simulated seconds.
 */
export function createLlmClients(options: LlmClientsOptions): LlmClients {
  const { server, clock, metrics } = options;
  const scale = clock.timeScale > 0 ? clock.timeScale : 1;
  const now = () => performance.now() / scale;
  const openai = new Map<string, OpenAI>();
  const anthropic = new Map<string, Anthropic>();

  const openAiClient = (agent: string, provider: string): OpenAI => {
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
  };
  const anthropicClient = (agent: string): Anthropic => {
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
  };

  return {
    measured: metrics !== undefined,
    async chat(request) {
      const model = findModel(request.model);
      if (!model)
        throw new DemoError(
          DEMO_CODES.unknownModel,
          `Unknown model "${request.model}": expected one of ${REQUEST_MODEL_NAMES.join(', ')}`,
        );
      const maxTokens = request.outputTokensMedian * 2;
      const messages = [{ role: 'user' as const, content: request.prompt }];
      const start = now();
      let first: number | undefined;
      let last = start;
      const gaps: number[] = [];
      /** An output chunk arrived: the first sets the time to first chunk, the others a gap each. */
      const seen = () => {
        const at = now();
        if (first === undefined) first = at;
        else gaps.push((at - last) / 1000);
        last = at;
      };
      const elapsed = () => (now() - start) / 1000;
      try {
        let responseModel: string;
        let inputTokens: number;
        let outputTokens: number;
        let refused: boolean;
        if (model.provider === 'anthropic') {
          const client = anthropicClient(request.agent);
          const body = { model: model.model, max_tokens: maxTokens, messages };
          let message: Anthropic.Message;
          if (request.stream) {
            const stream = client.messages.stream(body);
            stream.on('text', seen);
            message = await stream.finalMessage();
          } else {
            message = await client.messages.create(body);
          }
          const u = message.usage;
          responseModel = message.model;
          inputTokens =
            u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);
          outputTokens = u.output_tokens;
          refused = message.stop_reason === 'refusal';
        } else {
          const client = openAiClient(request.agent, model.provider);
          const body = { model: model.model, max_tokens: maxTokens, messages };
          if (request.stream) {
            const stream = await client.chat.completions.create({
              ...body,
              stream: true,
              stream_options: { include_usage: true },
            });
            responseModel = model.responseModel;
            inputTokens = 0;
            outputTokens = 0;
            refused = false;
            for await (const chunk of stream) {
              if (chunk.choices.length > 0) seen();
              responseModel = chunk.model;
              if (chunk.choices.some((c) => c.finish_reason === 'content_filter')) refused = true;
              if (chunk.usage) {
                inputTokens = chunk.usage.prompt_tokens;
                outputTokens = chunk.usage.completion_tokens;
              }
            }
          } else {
            const completion = await client.chat.completions.create(body);
            responseModel = completion.model;
            inputTokens = completion.usage?.prompt_tokens ?? 0;
            outputTokens = completion.usage?.completion_tokens ?? 0;
            refused = completion.choices.some((c) => c.finish_reason === 'content_filter');
          }
        }
        const durationSeconds = elapsed();
        if (refused) return { ok: false, model, errorType: 'content_filter', durationSeconds };
        return {
          ok: true,
          model,
          responseModel,
          inputTokens,
          outputTokens,
          durationSeconds,
          timeToFirstChunkSeconds: request.stream && first !== undefined ? (first - start) / 1000 : undefined,
          timePerOutputChunkSeconds: request.stream && gaps.length > 0 ? gaps : undefined,
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
