import type { DemoDatabase } from '../db/database.js';
import type { DemoTelemetry } from '../instrumentation/telemetry.js';
import type { SimClock } from '../sim/clock.js';
import type { LlmClients } from '../sim/llm-clients.js';
import type { McpTools } from '../sim/mcp-tools.js';
import { findModel, type CompletionResult, type ErrorType } from '../sim/providers.js';
import type { Sampler } from '../sim/random.js';
import type { ScenarioState } from '../sim/scenarios.js';

/** The agents of the demo. */
export const AGENT_NAMES = ['planner', 'researcher', 'coder', 'reviewer'] as const;
/** One of {@link AGENT_NAMES}. */
export type AgentName = (typeof AGENT_NAMES)[number];

/** Tools the agents call. */
export const TOOL_NAMES = [
  'web_search',
  'fetch_url',
  'code_interpreter',
  'run_tests',
  'lint',
  'read_file',
] as const;
/** One of {@link TOOL_NAMES}. */
export type ToolName = (typeof TOOL_NAMES)[number];

/** Workflow each entry agent starts. */
export const WORKFLOWS: Readonly<Record<AgentName, string>> = {
  planner: 'feature_delivery',
  researcher: 'research_brief',
  coder: 'code_change',
  reviewer: 'code_review',
};

interface AgentProfile {
  /** Main model. */
  readonly model: string;
  /** Cheaper model for a follow-up summary. */
  readonly summaryModel: string;
  readonly stream: boolean;
  readonly outputTokensMedian: number;
  readonly tools: readonly { name: ToolName; probability: number; medianSeconds: number }[];
  readonly handoffTo: readonly AgentName[];
  readonly handoffProbability: number;
}

const PROFILES: Readonly<Record<AgentName, AgentProfile>> = {
  planner: {
    model: 'gpt-4o',
    summaryModel: 'gpt-4o-mini',
    stream: false,
    outputTokensMedian: 220,
    tools: [{ name: 'read_file', probability: 0.3, medianSeconds: 0.02 }],
    handoffTo: ['researcher', 'coder'],
    handoffProbability: 0.6,
  },
  researcher: {
    model: 'claude-sonnet-4',
    summaryModel: 'claude-3-5-haiku',
    stream: true,
    outputTokensMedian: 260,
    tools: [
      { name: 'web_search', probability: 0.8, medianSeconds: 0.6 },
      { name: 'fetch_url', probability: 0.5, medianSeconds: 0.35 },
    ],
    handoffTo: ['coder'],
    handoffProbability: 0.4,
  },
  coder: {
    model: 'gpt-4o',
    summaryModel: 'mistral-large-latest',
    stream: true,
    outputTokensMedian: 260,
    tools: [
      { name: 'code_interpreter', probability: 0.6, medianSeconds: 0.7 },
      { name: 'run_tests', probability: 0.5, medianSeconds: 1.1 },
    ],
    handoffTo: ['reviewer'],
    handoffProbability: 0.5,
  },
  reviewer: {
    model: 'claude-3-5-haiku',
    summaryModel: 'mistral-large-latest',
    stream: false,
    outputTokensMedian: 180,
    tools: [{ name: 'lint', probability: 0.7, medianSeconds: 0.3 }],
    handoffTo: [],
    handoffProbability: 0,
  },
};

/** Whether `value` names an agent. */
export function isAgentName(value: string): value is AgentName {
  return (AGENT_NAMES as readonly string[]).includes(value);
}

/** One model call within a run. */
export interface AgentStep {
  readonly agent: AgentName;
  readonly provider: string;
  readonly model: string;
  readonly responseModel: string | null;
  readonly ok: boolean;
  readonly errorType: ErrorType | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly durationSeconds: number;
}

/** The result of running an agent (and the agents it handed off to). */
export interface AgentRunResult {
  readonly agent: AgentName;
  readonly workflow: string;
  readonly status: 'success' | 'error';
  readonly errorType: ErrorType | null;
  readonly output: string;
  readonly steps: readonly AgentStep[];
  readonly toolCalls: readonly { agent: AgentName; tool: ToolName; ok: boolean }[];
  readonly handoffs: readonly { from: AgentName; to: AgentName; outcome: 'success' | 'failure' }[];
  readonly decisions: readonly { agent: AgentName; confidence: number }[];
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number; readonly costUsd: number };
  /** Simulated duration of the whole run, seconds. */
  readonly durationSeconds: number;
}

/** Input of one run. */
export interface AgentRunInput {
  readonly prompt: string;
  /** Overrides the agent's streaming default. */
  readonly stream?: boolean;
  /** Largest number of hand-offs. @defaultValue 3 */
  readonly maxHandoffs?: number;
}

/** Runs agents. */
export interface AgentRuntime {
  run(agent: AgentName, input: AgentRunInput): Promise<AgentRunResult>;
}

/** Options of {@link createAgentRuntime}. */
export interface AgentRuntimeOptions {
  /** The real SDK clients, talking to the loopback provider server. */
  readonly llm: LlmClients;
  readonly telemetry: DemoTelemetry;
  readonly sampler: Sampler;
  readonly clock: SimClock;
  readonly scenarios: ScenarioState;
  readonly db: DemoDatabase;
  /** The MCP tool server the agents call their tools on; none: a tool call is a simulated wait. */
  readonly tools?: Pick<McpTools, 'call'>;
  readonly now?: () => number;
}

interface RunAccumulator {
  steps: AgentStep[];
  toolCalls: { agent: AgentName; tool: ToolName; ok: boolean }[];
  handoffs: { from: AgentName; to: AgentName; outcome: 'success' | 'failure' }[];
  decisions: { agent: AgentName; confidence: number }[];
}

/** What the runtime's functions are given: its options, with the clock that stamps database rows. */
interface RuntimeDeps extends AgentRuntimeOptions {
  readonly now: () => number;
}

/** One run, shared by every agent it reaches through hand-offs: the input and what the run has done. */
interface Run {
  readonly deps: RuntimeDeps;
  readonly input: AgentRunInput;
  readonly acc: RunAccumulator;
}

/** How one agent's part of a run went: its own simulated seconds and error, and the hand-off's. */
interface AgentWork {
  seconds: number;
  errorType: ErrorType | null;
  handedOff: { seconds: number; errorType: ErrorType | null };
}

/** What {@link runOne} answers: the outcome of an agent and the agents it handed off to. */
interface AgentOutcome {
  readonly ok: boolean;
  readonly errorType: ErrorType | null;
  readonly seconds: number;
  readonly output: string;
}

/** The step of a model call, as the run result lists it (no tokens or cost for a failed call). */
function stepOf(agent: AgentName, result: CompletionResult): AgentStep {
  const { model } = result;
  return {
    agent,
    provider: model.provider,
    model: model.model,
    responseModel: result.ok ? result.responseModel : null,
    ok: result.ok,
    errorType: result.ok ? null : result.errorType,
    inputTokens: result.ok ? result.inputTokens : 0,
    outputTokens: result.ok ? result.outputTokens : 0,
    costUsd: result.ok ? result.costUsd : 0,
    durationSeconds: result.durationSeconds,
  };
}

/** Records one model call: GenAI telemetry (unless the SDK clients measure it), the run's step, an `agent_runs` row. */
function recordCall(run: Run, agent: AgentName, result: CompletionResult): void {
  const { llm, telemetry, db, now } = run.deps;
  const { model } = result;
  // With @obskit/genai's adapters on the SDK clients, the call is already recorded.
  if (!llm.measured)
    telemetry.genAiCall({
      agent,
      operation: 'chat',
      provider: model.provider,
      requestModel: model.model,
      responseModel: result.ok ? result.responseModel : undefined,
      durationSeconds: result.durationSeconds,
      inputTokens: result.ok ? result.inputTokens : undefined,
      outputTokens: result.ok ? result.outputTokens : undefined,
      timeToFirstChunkSeconds: result.ok ? result.timeToFirstChunkSeconds : undefined,
      timePerOutputChunkSeconds: result.ok ? result.timePerOutputChunkSeconds : undefined,
      errorType: result.ok ? undefined : result.errorType,
    });
  const step = stepOf(agent, result);
  run.acc.steps.push(step);
  db.run(
    { operation: 'INSERT', collection: 'agent_runs' },
    `INSERT INTO agent_runs (agent, status, provider, model, input_tokens, output_tokens, cost_usd, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      agent,
      result.ok ? 'success' : 'error',
      model.provider,
      model.model,
      step.inputTokens,
      step.outputTokens,
      step.costUsd,
      now(),
    ],
  );
}

/** One chat call; a rate-limited call is retried once after a back-off, as SDKs do. */
async function chat(
  run: Run,
  agent: AgentName,
  model: string,
  stream: boolean,
  outputTokensMedian: number,
): Promise<{ result: CompletionResult; seconds: number }> {
  const { llm, sampler, clock } = run.deps;
  let seconds = 0;
  for (let attempt = 1; ; attempt++) {
    const result = await llm.chat({ agent, model, prompt: run.input.prompt, stream, outputTokensMedian });
    recordCall(run, agent, result);
    seconds += result.durationSeconds;
    if (result.ok || result.errorType !== 'rate_limited' || attempt >= 2) return { result, seconds };
    const backoff = sampler.uniform(0.5, 1.5);
    await clock.sleep(backoff);
    seconds += backoff;
  }
}

/**
 * One tool call, if the agent's profile draws it: through MCP when the runtime has tools, else a
 * simulated wait; recorded in telemetry and the run. Answers the tool's simulated seconds (0 if not called).
 */
async function callTool(run: Run, agent: AgentName, tool: AgentProfile['tools'][number]): Promise<number> {
  const { sampler, tools, clock, telemetry } = run.deps;
  if (!sampler.chance(tool.probability)) return 0;
  const toolSeconds = sampler.logNormal(tool.medianSeconds, 0.45);
  const drawnFailure = sampler.chance(0.03);
  let failed = drawnFailure;
  if (tools) {
    // Through MCP the server may fail a tool the draw did not (its upstream is down in error-burst).
    const answer = await tools.call({ tool: tool.name, seconds: toolSeconds, fail: drawnFailure });
    failed = !answer.ok;
  } else {
    await clock.sleep(toolSeconds);
  }
  const toolError: ErrorType | undefined = !failed
    ? undefined
    : drawnFailure
      ? sampler.pick(['timeout', 'connection_error'] as const)
      : 'tool_error';
  telemetry.toolExecuted({
    tool: tool.name,
    agent,
    durationSeconds: toolSeconds,
    errorType: toolError,
  });
  run.acc.toolCalls.push({ agent, tool: tool.name, ok: !failed });
  return toolSeconds;
}

/**
 * After a successful first call: the agent's decision with its confidence, and now and then a
 * follow-up call to the cheaper summary model, whose seconds are added to `work`.
 */
async function decide(run: Run, agent: AgentName, profile: AgentProfile, work: AgentWork): Promise<void> {
  const { sampler, telemetry } = run.deps;
  const confidence = Math.min(1, Math.max(0, sampler.normal(0.78, 0.12)));
  telemetry.agentDecision(agent, confidence);
  run.acc.decisions.push({ agent, confidence });
  if (sampler.chance(0.4)) {
    const summary = await chat(run, agent, profile.summaryModel, false, 120);
    work.seconds += summary.seconds;
    // A failed summary is not fatal: the agent keeps its main answer.
  }
}

/** Hands off to the next agent, if the depth allows and the profile draws it; the hand-off's share goes to `work`. */
async function handOff(
  run: Run,
  agent: AgentName,
  profile: AgentProfile,
  depth: number,
  work: AgentWork,
): Promise<void> {
  const { sampler, clock, telemetry } = run.deps;
  const maxHandoffs = run.input.maxHandoffs ?? 3;
  if (depth < maxHandoffs && profile.handoffTo.length > 0 && sampler.chance(profile.handoffProbability)) {
    const to = sampler.pick(profile.handoffTo);
    const handoffSeconds = sampler.logNormal(0.08, 0.5);
    await clock.sleep(handoffSeconds);
    const next = await runOne(run, to, depth + 1);
    const outcome = next.ok ? 'success' : 'failure';
    telemetry.agentHandoff({ from: agent, to, outcome, durationSeconds: handoffSeconds });
    run.acc.handoffs.push({ from: agent, to, outcome });
    work.handedOff = { seconds: handoffSeconds + next.seconds, errorType: next.errorType };
  }
}

/**
 * One agent's part of a run: the first chat call, its tools, `error-burst`'s unparsable answers, then
 * (without an error) the decision and the hand-off.
 */
async function agentWork(
  run: Run,
  agent: AgentName,
  profile: AgentProfile,
  depth: number,
): Promise<AgentWork> {
  const { input } = run;
  const { sampler, scenarios } = run.deps;
  const work: AgentWork = { seconds: 0, errorType: null, handedOff: { seconds: 0, errorType: null } };
  const first = await chat(
    run,
    agent,
    profile.model,
    input.stream ?? profile.stream,
    profile.outputTokensMedian,
  );
  work.seconds += first.seconds;
  if (!first.result.ok) {
    work.errorType = first.result.errorType;
  } else {
    for (const tool of profile.tools) {
      const toolSeconds = await callTool(run, agent, tool);
      work.seconds += toolSeconds;
    }
    if (scenarios.isActive('error-burst') && sampler.chance(0.5)) {
      // The model's answer does not parse as the tool-call schema the agent expects.
      work.errorType = 'invalid_request';
    }
  }
  if (work.errorType === null) {
    await decide(run, agent, profile, work);
    await handOff(run, agent, profile, depth, work);
  }
  return work;
}

/** Runs one agent (and, through hand-offs, the next ones) while counting it active, and records its invocation. */
async function runOne(run: Run, agent: AgentName, depth: number): Promise<AgentOutcome> {
  const { telemetry } = run.deps;
  const profile = PROFILES[agent];
  const model = findModel(profile.model);
  telemetry.agentActive(agent, 1);
  let work: AgentWork;
  try {
    work = await agentWork(run, agent, profile, depth);
  } finally {
    telemetry.agentActive(agent, -1);
  }
  const { seconds, errorType, handedOff } = work;
  // The invocation is this agent's own work; the agent it handed off to is invoked on its own.
  telemetry.agentInvoked({
    agent,
    provider: model?.provider ?? 'unknown',
    requestModel: profile.model,
    durationSeconds: seconds,
    errorType: errorType ?? undefined,
  });
  const runError = errorType ?? handedOff.errorType;
  const output =
    runError === null
      ? `${agent} finished: ${summarise(run.input.prompt)}`
      : `${agent} failed with ${runError}`;
  return { ok: runError === null, errorType: runError, seconds: seconds + handedOff.seconds, output };
}

/** One run from an entry agent: its workflow recorded, the steps, tools, hand-offs and decisions listed. */
async function runAgent(deps: RuntimeDeps, agent: AgentName, input: AgentRunInput): Promise<AgentRunResult> {
  const run: Run = { deps, input, acc: { steps: [], toolCalls: [], handoffs: [], decisions: [] } };
  const { acc } = run;
  const outcome = await runOne(run, agent, 0);
  const workflow = WORKFLOWS[agent];
  deps.telemetry.workflowFinished({
    workflow,
    durationSeconds: outcome.seconds,
    errorType: outcome.errorType ?? undefined,
  });
  return {
    agent,
    workflow,
    status: outcome.ok ? 'success' : 'error',
    errorType: outcome.errorType,
    output: outcome.output,
    steps: acc.steps,
    toolCalls: acc.toolCalls,
    handoffs: acc.handoffs,
    decisions: acc.decisions,
    usage: {
      inputTokens: acc.steps.reduce((s, x) => s + x.inputTokens, 0),
      outputTokens: acc.steps.reduce((s, x) => s + x.outputTokens, 0),
      costUsd: Number(acc.steps.reduce((s, x) => s + x.costUsd, 0).toFixed(6)),
    },
    durationSeconds: outcome.seconds,
  };
}

/**
 * Creates the agent runtime: an agent makes a chat call to its model (streaming for some), calls
 * tools, reports a decision with a confidence score, may hand off to the next agent, and may make a
 * follow-up call to a cheaper model. Every step is reported through the telemetry seam.
 */
export function createAgentRuntime(options: AgentRuntimeOptions): AgentRuntime {
  const deps: RuntimeDeps = { ...options, now: options.now ?? Date.now };
  return {
    run: (agent, input) => runAgent(deps, agent, input),
  };
}

function summarise(prompt: string): string {
  const words = prompt.trim().split(/\s+/);
  const head = words.slice(0, 8).join(' ');
  return head.length > 0 ? `"${head}${words.length > 8 ? '…' : ''}"` : 'empty prompt';
}
