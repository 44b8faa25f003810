import type { ERROR_TYPES } from '@obskit/catalog';
import { DEMO_CODES } from '../codes.js';
import { DemoError } from '../errors.js';
import type { SimClock } from './clock.js';
import type { Sampler } from './random.js';
import { COST_SPIKE_FACTOR, LATENCY_SPIKE_FACTOR, OUTAGE_PROVIDER, type ScenarioState } from './scenarios.js';

/** Error classes of the catalog's `error_type` label. */
export type ErrorType = (typeof ERROR_TYPES)[number];

/** A model the simulated providers serve, with its price and latency profile. */
export interface ModelProfile {
  readonly provider: string;
  /** Model named in requests (`gen_ai.request.model`). */
  readonly model: string;
  /** Model that answers (`gen_ai.response.model`): a dated snapshot, as real APIs report. */
  readonly responseModel: string;
  /** USD per 1000 input tokens. */
  readonly inputPricePer1k: number;
  /** USD per 1000 output tokens. */
  readonly outputPricePer1k: number;
  /** Median time to first token, seconds. */
  readonly firstTokenMedianSeconds: number;
  /** Output tokens generated per second. */
  readonly tokensPerSecond: number;
  /** Expensive models are the ones `cost-spike` inflates. */
  readonly expensive: boolean;
}

/** The models of the demo: list prices of late 2025, latencies in the range public benchmarks report. */
export const MODELS: readonly ModelProfile[] = [
  {
    provider: 'openai',
    model: 'gpt-4o',
    responseModel: 'gpt-4o-2024-08-06',
    inputPricePer1k: 0.0025,
    outputPricePer1k: 0.01,
    firstTokenMedianSeconds: 0.45,
    tokensPerSecond: 90,
    expensive: true,
  },
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
    responseModel: 'gpt-4o-mini-2024-07-18',
    inputPricePer1k: 0.00015,
    outputPricePer1k: 0.0006,
    firstTokenMedianSeconds: 0.3,
    tokensPerSecond: 140,
    expensive: false,
  },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4',
    responseModel: 'claude-sonnet-4-20250514',
    inputPricePer1k: 0.003,
    outputPricePer1k: 0.015,
    firstTokenMedianSeconds: 0.6,
    tokensPerSecond: 75,
    expensive: true,
  },
  {
    provider: 'anthropic',
    model: 'claude-3-5-haiku',
    responseModel: 'claude-3-5-haiku-20241022',
    inputPricePer1k: 0.0008,
    outputPricePer1k: 0.004,
    firstTokenMedianSeconds: 0.35,
    tokensPerSecond: 120,
    expensive: false,
  },
  {
    provider: 'mistral_ai',
    model: 'mistral-large-latest',
    responseModel: 'mistral-large-2411',
    inputPricePer1k: 0.002,
    outputPricePer1k: 0.006,
    firstTokenMedianSeconds: 0.5,
    tokensPerSecond: 80,
    expensive: false,
  },
];

/** Provider names of {@link MODELS}, for allow-lists. */
export const PROVIDER_NAMES: readonly string[] = [...new Set(MODELS.map((m) => m.provider))];
/** Request model names of {@link MODELS}, for allow-lists. */
export const REQUEST_MODEL_NAMES: readonly string[] = MODELS.map((m) => m.model);
/** Response model names of {@link MODELS}, for allow-lists. */
export const RESPONSE_MODEL_NAMES: readonly string[] = MODELS.map((m) => m.responseModel);

/** USD per 1k tokens of one model, as metrics-core and @obskit/genai take them. */
export interface ModelPrice {
  readonly inputPer1k: number;
  readonly outputPer1k: number;
  readonly cacheReadPer1k: number;
  readonly cacheWritePer1k: number;
}

/**
 * The price table in the shape metrics-core expects: provider → model → USD per 1k tokens. Cache
 * reads cost what the providers charge relative to input (OpenAI 50 %, Anthropic 10 %, Mistral 10 %);
 * cache writes 125 % of input (Anthropic's 5-minute cache; the others do not charge them).
 */
export function modelPriceTable(): Record<string, Record<string, ModelPrice>> {
  const table: Record<string, Record<string, ModelPrice>> = {};
  for (const m of MODELS) {
    table[m.provider] ??= {};
    table[m.provider][m.model] = {
      inputPer1k: m.inputPricePer1k,
      outputPer1k: m.outputPricePer1k,
      cacheReadPer1k: m.inputPricePer1k * (m.provider === 'openai' ? 0.5 : 0.1),
      cacheWritePer1k: m.inputPricePer1k * (m.provider === 'anthropic' ? 1.25 : 1),
    };
  }
  return table;
}

/** Looks a model up by its request name. */
export function findModel(model: string): ModelProfile | undefined {
  return MODELS.find((m) => m.model === model);
}

/** One chat completion request. */
export interface CompletionRequest {
  readonly model: string;
  /** Size of the prompt in characters; input tokens follow from it plus the system prompt and context. */
  readonly promptChars: number;
  /** Streaming requests report time to first chunk. */
  readonly stream: boolean;
  /** Typical answer length of the calling agent, in tokens (median). */
  readonly outputTokensMedian: number;
}

/** What a completion reported, in simulated seconds and tokens. */
export type CompletionResult =
  | {
      readonly ok: true;
      readonly model: ModelProfile;
      readonly responseModel: string;
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly durationSeconds: number;
      readonly timeToFirstChunkSeconds?: number;
      /** Streaming only: time between consecutive output chunks after the first, in seconds. */
      readonly timePerOutputChunkSeconds?: readonly number[];
      readonly costUsd: number;
    }
  | {
      readonly ok: false;
      readonly model: ModelProfile;
      readonly errorType: ErrorType;
      readonly durationSeconds: number;
    };

/** Simulated LLM providers. */
export interface ProviderSimulator {
  /** Draws the outcome of one call (tokens, durations, error) without waiting. */
  plan(request: CompletionRequest): CompletionResult;
  /** {@link ProviderSimulator.plan}, then waits the call's simulated duration. */
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

/** Options of {@link createProviderSimulator}. */
export interface ProviderSimulatorOptions {
  readonly sampler: Sampler;
  readonly clock: SimClock;
  readonly scenarios: ScenarioState;
  /** Probability that a call fails for an ordinary reason. @defaultValue 0.004 */
  readonly baseErrorRate?: number;
}

/**
 * Creates the simulated providers: latency = log-normal time to first token + output tokens at the
 * model's speed; tokens log-normal around the prompt size and the agent's answer length; a small
 * base error rate (rate limits, timeouts, server errors); and the scenario effects.
 */
export function createProviderSimulator(options: ProviderSimulatorOptions): ProviderSimulator {
  const { sampler, clock, scenarios } = options;
  const baseErrorRate = options.baseErrorRate ?? 0.004;
  const plan = (request: CompletionRequest): CompletionResult => {
    const model = findModel(request.model);
    if (!model)
      throw new DemoError(
        DEMO_CODES.unknownModel,
        `Unknown model "${request.model}": expected one of ${REQUEST_MODEL_NAMES.join(', ')}`,
      );
    const latencyFactor = scenarios.isActive('latency-spike') ? LATENCY_SPIKE_FACTOR : 1;

    if (scenarios.isActive('provider-outage') && model.provider === OUTAGE_PROVIDER) {
      const durationSeconds = sampler.logNormal(0.25, 0.4) * latencyFactor;
      return { ok: false, model, errorType: 'server_error', durationSeconds };
    }
    if (sampler.chance(baseErrorRate)) {
      const errorType: ErrorType = sampler.weighted({
        rate_limited: 5,
        server_error: 2,
        timeout: 2,
        content_filter: 1,
      });
      const durationSeconds = (errorType === 'timeout' ? 20 : sampler.logNormal(0.2, 0.5)) * latencyFactor;
      return { ok: false, model, errorType, durationSeconds };
    }

    const tokenFactor = scenarios.isActive('cost-spike') && model.expensive ? COST_SPIKE_FACTOR : 1;
    // ~4 characters per token, plus a system prompt and conversation context.
    const inputTokens = Math.round((request.promptChars / 4 + sampler.logNormal(600, 0.6)) * tokenFactor);
    const outputTokens = Math.max(
      1,
      Math.round(sampler.logNormal(request.outputTokensMedian, 0.4) * tokenFactor),
    );
    const firstChunk = sampler.logNormal(model.firstTokenMedianSeconds, 0.35) * latencyFactor;
    const generation = (outputTokens / tokenFactor / model.tokensPerSecond) * latencyFactor;
    const durationSeconds = firstChunk + generation;
    return {
      ok: true,
      model,
      responseModel: model.responseModel,
      inputTokens,
      outputTokens,
      durationSeconds,
      timeToFirstChunkSeconds: request.stream ? firstChunk : undefined,
      costUsd: (inputTokens / 1000) * model.inputPricePer1k + (outputTokens / 1000) * model.outputPricePer1k,
    };
  };
  return {
    plan,
    async complete(request) {
      const result = plan(request);
      await clock.sleep(result.durationSeconds);
      return result;
    },
  };
}
