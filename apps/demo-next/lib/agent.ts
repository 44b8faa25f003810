import { metrics } from './metrics';

/** A deterministic stand-in for an LLM: the demo runs without a provider or an API key. */
export function plannerReply(prompt: string): { text: string; inputTokens: number; outputTokens: number } {
  const words = prompt.trim().split(/\s+/).filter(Boolean);
  const text = `Plan for "${words.slice(0, 8).join(' ')}": 1) look up the order 2) answer the customer`;
  return { text, inputTokens: words.length * 2 + 12, outputTokens: text.split(/\s+/).length * 2 };
}

/** Runs the planner agent once and records the GenAI operation. */
export async function runPlanner(prompt: string): Promise<string> {
  const start = performance.now();
  const reply = plannerReply(prompt);
  await new Promise((resolve) => setTimeout(resolve, 20));
  metrics.agents.recordOperation({
    agent: 'planner',
    operation: 'chat',
    provider: 'openai',
    requestModel: 'gpt-4o-mini',
    status: 'success',
    durationSeconds: (performance.now() - start) / 1000,
    inputTokens: reply.inputTokens,
    outputTokens: reply.outputTokens,
  });
  return reply.text;
}
