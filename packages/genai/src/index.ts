export { createAnthropicFetch } from './anthropic.js';
export type { GenAiAdapterOptions } from './internal/measured-fetch.js';
export type { ModelPrices } from './internal/pricing.js';
export { createOpenAIFetch } from './openai.js';
