export { createAnthropicFetch } from './anthropic.js';
export type { GenAiAdapterOptions } from './internal/measured-fetch.js';
export type { ModelPrices } from './internal/pricing.js';
export { createOpenAIFetch } from './openai.js';
export { createAiSdkMiddleware } from './ai-sdk.js';
export type {
  AiSdkGenerateResult,
  AiSdkMiddleware,
  AiSdkMiddlewareOptions,
  AiSdkModelRef,
  AiSdkResponse,
  AiSdkStreamResult,
  AiSdkUsage,
} from './ai-sdk.js';
export { measureMcpTransport } from './mcp.js';
export type { McpTransportLike, McpTransportOptions } from './mcp.js';
export { createLangChainHandler } from './langchain.js';
export type { LangChainHandler, LangChainHandlerOptions } from './langchain.js';
