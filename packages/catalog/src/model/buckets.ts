/**
 * Histogram bucket boundaries. GenAI, HTTP and DB boundaries are the explicit-bucket advice of the
 * OpenTelemetry semantic conventions, so that metrics-core and the OTel bridge produce the same
 * series (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/).
 */
export const BUCKETS = {
  /** gen_ai.client.operation.duration and the other GenAI durations, seconds. */
  genAiDuration: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
  /** gen_ai.client.token.usage, tokens. */
  genAiTokens: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
  /** gen_ai.client.operation.time_to_first_chunk / time_to_first_token, seconds. */
  genAiTimeToFirstChunk: [
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
  ],
  /** gen_ai.client.operation.time_per_output_chunk, seconds. */
  genAiTimePerOutputChunk: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5],
  /** mcp.client/server.operation.duration and mcp.client/server.session.duration, seconds. */
  mcpDuration: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
  /** http.server.request.duration and http.client.request.duration, seconds. */
  httpDuration: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  /** HTTP body sizes, bytes. */
  bodySize: [100, 1000, 10000, 100000, 1000000, 10000000],
  /** db.client.operation.duration, seconds. */
  dbDuration: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
  /** Scores and ratios from 0 to 1. */
  score: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1],
  /** Task, job and hand-off durations, seconds: from 10 ms to an hour. */
  longDuration: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
  /** User session length, seconds. */
  sessionDuration: [10, 30, 60, 300, 900, 1800, 3600, 7200, 14400],
  /** prom-client's nodejs_gc_duration_seconds. */
  gcDuration: [0.001, 0.01, 0.1, 1, 2, 5],
} as const;
