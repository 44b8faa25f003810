export { createAnthropicFetch } from './anthropic.js';
export type { GenAiAdapterOptions } from './internal/measured-fetch.js';
export type { ModelPrices } from './internal/pricing.js';
export { createOpenAIFetch } from './openai.js';
export { createAiSdkMiddleware } from './ai-sdk.js';
export type { AiSdkMiddleware, AiSdkMiddlewareOptions } from './ai-sdk.js';
export { measureMcpTransport } from './mcp.js';
export type { McpTransportLike, McpTransportOptions } from './mcp.js';
